"""The rows behind everything the bot sends unprompted, and their lifecycle.

pending --claim--> sending --> sent | dropped | failed
A claim older than the lease (a crash mid-send) is claimed again: at most one duplicate.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

import aiosqlite

from bot.models import Delivery, DeliveryState
from bot.storage.base import Repository
from bot.storage.times import from_db, to_db

# The states as SQL writes them (kept in step with DeliveryState by these names).
PENDING, SENDING, SENT, DROPPED, FAILED = (state.value for state in DeliveryState)


def _delivery(row: aiosqlite.Row) -> Delivery:
    return Delivery(
        id=row["id"],
        kind=row["kind"],
        person_id=row["person_id"],
        subject_id=row["subject_id"],
        variant=row["variant"],
        priority=row["priority"],
        due_at=from_db(row["due_at"]),
        payload=row["payload"],
        attempts=row["attempts"],
    )


class DeliveryRepo(Repository):
    async def schedule(
        self,
        *,
        kind: str,
        person_id: int,
        due_at: datetime,
        subject_id: int = 0,
        variant: str = "",
        priority: int = 0,
        payload: str | None = None,
    ) -> bool:
        """Add a delivery unless the same one exists; a pending one takes the new due time.

        True if a row was added or a pending one updated; False if it was already sent.
        """
        changed = await self._changed(
            "INSERT INTO deliveries (kind, person_id, subject_id, variant, priority, due_at, "
            "payload) VALUES (?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (kind, person_id, subject_id, variant) DO UPDATE SET "
            "due_at = excluded.due_at, priority = excluded.priority, payload = excluded.payload "
            f"WHERE state = '{PENDING}'",
            (kind, person_id, subject_id, variant, priority, to_db(due_at), payload),
        )
        if changed:
            self._wake_sweeper()
        return changed > 0

    async def claim_due(
        self, now: datetime, *, limit: int, lease: timedelta = timedelta(minutes=5)
    ) -> list[Delivery]:
        """Take up to `limit` due rows (urgent first, then oldest) for sending."""
        rows = await self._all(
            f"UPDATE deliveries SET state = '{SENDING}', claimed_at = ?, attempts = attempts + 1 "
            "WHERE id IN (SELECT id FROM deliveries WHERE due_at <= ? AND "
            f"(state = '{PENDING}' OR (state = '{SENDING}' AND claimed_at <= ?)) "
            "ORDER BY priority DESC, due_at, id LIMIT ?) RETURNING *",
            (to_db(now), to_db(now), to_db(now - lease), limit),
        )
        # RETURNING gives no order guarantee: sort as the sweep should send.
        return sorted((_delivery(row) for row in rows), key=lambda d: (-d.priority, d.due_at, d.id))

    async def finish(
        self,
        delivery_id: int,
        state: DeliveryState,
        now: datetime,
        *,
        message_id: int | None = None,
        outcome: str | None = None,
    ) -> None:
        """Record how a claimed delivery ended; a ready-made text is not kept after that."""
        await self._run(
            "UPDATE deliveries SET state = ?, sent_at = ?, message_id = ?, outcome = ?, "
            "payload = NULL WHERE id = ?",
            (state, to_db(now), message_id, outcome, delivery_id),
        )

    async def finish_many(
        self, finished: Sequence[tuple[int, DeliveryState, datetime, int | None, str | None]]
    ) -> None:
        """`finish` for many rows in one statement: (id, state, at, message_id, outcome)."""
        await self._run_many(
            "UPDATE deliveries SET state = ?, sent_at = ?, message_id = ?, outcome = ?, "
            "payload = NULL WHERE id = ?",
            (
                (state, to_db(at), message_id, outcome, delivery_id)
                for delivery_id, state, at, message_id, outcome in finished
            ),
        )

    async def retry_later(self, delivery_id: int, due_at: datetime, outcome: str) -> None:
        await self._run(
            f"UPDATE deliveries SET state = '{PENDING}', due_at = ?, claimed_at = NULL, "
            "outcome = ? WHERE id = ?",
            (to_db(due_at), outcome, delivery_id),
        )

    async def put_back(self, delivery_id: int) -> None:
        """A claimed row not sent because Telegram is down: pending again, as if never claimed
        (the attempt is not counted; an outage is not the message's fault)."""
        await self._run(
            "UPDATE deliveries SET state = 'pending', claimed_at = NULL, "
            "attempts = MAX(attempts - 1, 0) WHERE id = ? AND state = 'sending'",
            (delivery_id,),
        )

    async def release_claims(self) -> int:
        """At start-up: rows left 'sending' by a crash go back to pending (sent at most twice)."""
        return await self._run(
            f"UPDATE deliveries SET state = '{PENDING}', claimed_at = NULL "
            f"WHERE state = '{SENDING}'"
        )

    async def reschedule(
        self, *, kind: str, subject_id: int, variant: str, due_at: datetime
    ) -> int:
        moved = await self._run(
            "UPDATE deliveries SET due_at = ? "
            f"WHERE kind = ? AND subject_id = ? AND variant = ? AND state = '{PENDING}'",
            (to_db(due_at), kind, subject_id, variant),
        )
        if moved:
            self._wake_sweeper()
        return moved

    async def cancel(
        self, *, kind: str, subject_id: int, person_id: int | None = None, outcome: str
    ) -> int:
        """Drop pending deliveries about a subject (for everyone, or one person)."""
        return await self._run(
            f"UPDATE deliveries SET state = '{DROPPED}', outcome = ? "
            f"WHERE kind = ? AND subject_id = ? AND state = '{PENDING}' "
            "AND (? IS NULL OR person_id = ?)",
            (outcome, kind, subject_id, person_id, person_id),
        )

    async def cancel_for_person(self, person_id: int, outcome: str) -> int:
        return await self._run(
            f"UPDATE deliveries SET state = '{DROPPED}', outcome = ? "
            f"WHERE person_id = ? AND state = '{PENDING}'",
            (outcome, person_id),
        )

    async def forget_person(self, person_id: int) -> None:
        """Drop what was still to be sent to a person who asked to be forgotten."""
        await self._run(
            f"UPDATE deliveries SET state = '{DROPPED}', outcome = 'forgotten', payload = NULL "
            f"WHERE person_id = ? AND state IN ('{PENDING}', '{SENDING}')",
            (person_id,),
        )

    async def drop_due_before(self, at: datetime, outcome: str) -> int:
        """Drop what is still waiting with a due time before `at` (the demo's first start)."""
        return await self._run(
            f"UPDATE deliveries SET state = '{DROPPED}', outcome = ? "
            f"WHERE state = '{PENDING}' AND due_at < ?",
            (outcome, to_db(at)),
        )

    async def next_due(self) -> datetime | None:
        value = await self._scalar(
            f"SELECT MIN(due_at) FROM deliveries WHERE state IN ('{PENDING}', '{SENDING}')"
        )
        return None if value is None else from_db(str(value))

    async def count(self, *, state: DeliveryState | None = None, kind: str | None = None) -> int:
        return int(
            await self._scalar(
                "SELECT COUNT(*) FROM deliveries WHERE (? IS NULL OR state = ?) "
                "AND (? IS NULL OR kind = ?)",
                (state, state, kind, kind),
            )
        )

    async def pending_for(self, *, kind: str, subject_id: int) -> list[Delivery]:
        rows = await self._all(
            f"SELECT * FROM deliveries WHERE kind = ? AND subject_id = ? AND state = '{PENDING}' "
            "ORDER BY due_at, id",
            (kind, subject_id),
        )
        return [_delivery(row) for row in rows]
