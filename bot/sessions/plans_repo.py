"""What was suggested for each meeting and what its PSFs chose (migration 0007)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import aiosqlite

from bot.sessions.records import ArrangeRow, PlanRecord
from bot.storage.base import Repository
from bot.storage.times import from_db, to_db


def _time(value: str | None) -> datetime | None:
    return None if value is None else from_db(value)


def _plan(row: aiosqlite.Row) -> PlanRecord:
    return PlanRecord(
        meeting_id=row["meeting_id"],
        group_id=row["group_id"],
        session_number=row["session_number"],
        suggested_kind=row["suggested_kind"],
        suggested_key=row["suggested_key"],
        icebreaker_key=row["icebreaker_key"],
        icebreaker_by=row["icebreaker_by"],
        chosen_kind=row["chosen_kind"],
        chosen_key=row["chosen_key"],
        chosen_by=row["chosen_by"],
        chosen_at=_time(row["chosen_at"]),
        sent_at=_time(row["sent_at"]),
        sent_for=_time(row["sent_for"]),
    )


class SessionPlanRepo(Repository):
    async def get(self, meeting_id: int) -> PlanRecord | None:
        row = await self._one("SELECT * FROM session_plans WHERE meeting_id = ?", (meeting_id,))
        return None if row is None else _plan(row)

    async def add(
        self,
        *,
        meeting_id: int,
        group_id: int,
        session_number: int,
        suggested_kind: str,
        suggested_key: str,
        icebreaker_key: str,
        now: datetime,
    ) -> PlanRecord:
        """Keep the suggestion made for a meeting (a plan already kept stays as it is)."""
        await self._run(
            "INSERT INTO session_plans (meeting_id, group_id, session_number, suggested_kind, "
            "suggested_key, icebreaker_key, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (meeting_id) DO NOTHING",
            (
                meeting_id,
                group_id,
                session_number,
                suggested_kind,
                suggested_key,
                icebreaker_key,
                to_db(now),
                to_db(now),
            ),
        )
        plan = await self.get(meeting_id)
        if plan is None:
            raise RuntimeError("missing: plan")
        return plan

    async def delete(self, meeting_id: int) -> None:
        await self._run("DELETE FROM session_plans WHERE meeting_id = ?", (meeting_id,))

    async def set_icebreaker(
        self, meeting_id: int, key: str, person_id: int | None, now: datetime
    ) -> None:
        await self._run(
            "UPDATE session_plans SET icebreaker_key = ?, icebreaker_by = ?, updated_at = ? "
            "WHERE meeting_id = ?",
            (key, person_id, to_db(now), meeting_id),
        )

    async def choose(
        self, meeting_id: int, *, kind: str, key: str, person_id: int | None, now: datetime
    ) -> None:
        await self._run(
            "UPDATE session_plans SET chosen_kind = ?, chosen_key = ?, chosen_by = ?, "
            "chosen_at = ?, updated_at = ? WHERE meeting_id = ?",
            (kind, key, person_id, to_db(now), to_db(now), meeting_id),
        )

    async def mark_sent(self, meeting_id: int, *, now: datetime, starts_at: datetime) -> None:
        """The suggestion reached a PSF now, for the meeting starting at `starts_at`."""
        await self._run(
            "UPDATE session_plans SET sent_at = ?, sent_for = ?, updated_at = ? "
            "WHERE meeting_id = ?",
            (to_db(now), to_db(starts_at), to_db(now), meeting_id),
        )

    async def forget_sent_for(self, meeting_id: int) -> None:
        """The suggestion will go again (its meeting moved far): no longer sent for a date."""
        await self._run(
            "UPDATE session_plans SET sent_for = NULL WHERE meeting_id = ?", (meeting_id,)
        )

    async def others_in_group(self, group_id: int, meeting_id: int) -> list[PlanRecord]:
        """Plans of the group's other meetings that are still on (held, or still to come)."""
        rows = await self._all(
            "SELECT sp.* FROM session_plans sp JOIN meetings m ON m.id = sp.meeting_id "
            "WHERE sp.group_id = ? AND sp.meeting_id != ? AND m.status = 'scheduled' "
            "ORDER BY m.starts_at, m.id",
            (group_id, meeting_id),
        )
        return [_plan(row) for row in rows]

    async def last_sent(
        self, group_id: int, *, other_than: int, before: datetime
    ) -> datetime | None:
        """When the PSFs last got a suggestion for another meeting (cancelled ones too)."""
        value = await self._scalar(
            "SELECT MAX(sent_at) FROM session_plans WHERE group_id = ? AND meeting_id != ? "
            "AND sent_at IS NOT NULL AND sent_at < ?",
            (group_id, other_than, to_db(before)),
        )
        return None if value is None else from_db(str(value))

    async def to_arrange(
        self, *, kind: str, now: datetime, among: Sequence[int]
    ) -> list[ArrangeRow]:
        """What the suggestions step needs, in one query: each of the meetings `among`, and
        each with a row of `kind` due and still waiting; for each of its reachable PSFs
        (none: a row with person_id None), their row of `kind` if any, and the meeting's plan."""
        # The meetings: those given, and those with a row of `kind` due (partial index).
        wanted = (
            "SELECT subject_id FROM deliveries WHERE kind = ? AND state = 'pending' AND due_at <= ?"
        )
        if among:
            marks = ",".join("?" for _ in among)
            wanted = f"SELECT id FROM meetings WHERE id IN ({marks}) UNION {wanted}"
        rows = await self._all(
            "SELECT m.id, m.group_id, m.starts_at, m.status, a.timezone, mb.person_id, "
            "d.state, d.due_at, d.attempts, sp.meeting_id AS planned, sp.sent_for, "
            "(sp.chosen_key IS NOT NULL OR sp.icebreaker_by IS NOT NULL) AS touched "
            "FROM meetings m JOIN groups g ON g.id = m.group_id "
            "JOIN areas a ON a.id = g.area_id "
            # Each reachable PSF of the group (by the group's memberships index), or none.
            "LEFT JOIN memberships mb ON mb.group_id = m.group_id AND mb.role = 'psf' "
            "AND mb.left_at IS NULL AND EXISTS (SELECT 1 FROM people p WHERE p.id = mb.person_id "
            "AND p.telegram_id IS NOT NULL AND p.forgotten_at IS NULL) "
            "LEFT JOIN deliveries d ON d.kind = ? AND d.subject_id = m.id "
            "AND d.person_id = mb.person_id AND d.variant = '' "
            "LEFT JOIN session_plans sp ON sp.meeting_id = m.id "
            f"WHERE m.id IN ({wanted}) ORDER BY m.id, mb.person_id",
            (kind, *among, kind, to_db(now)),
        )
        return [
            ArrangeRow(
                meeting_id=row["id"],
                group_id=row["group_id"],
                starts_at=from_db(row["starts_at"]),
                on=row["status"] == "scheduled",
                timezone=row["timezone"],
                person_id=row["person_id"],
                state=row["state"],
                due_at=_time(row["due_at"]),
                attempts=row["attempts"] or 0,
                planned=row["planned"] is not None,
                sent_for=_time(row["sent_for"]),
                touched=bool(row["touched"]),
            )
            for row in rows
        ]

    # privacy

    async def chosen_by_person(self, person_id: int) -> list[tuple[datetime, str]]:
        """(meeting start, chosen key) of the topics this person chose."""
        rows = await self._all(
            "SELECT m.starts_at, sp.chosen_key FROM session_plans sp "
            "JOIN meetings m ON m.id = sp.meeting_id "
            "WHERE sp.chosen_by = ? AND sp.chosen_key IS NOT NULL ORDER BY m.starts_at",
            (person_id,),
        )
        return [(from_db(row["starts_at"]), row["chosen_key"]) for row in rows]

    async def forget_person(self, person_id: int) -> None:
        """The choices stay (they are the group's), without who made them."""
        await self._run(
            "UPDATE session_plans SET chosen_by = NULL WHERE chosen_by = ?", (person_id,)
        )
        await self._run(
            "UPDATE session_plans SET icebreaker_by = NULL WHERE icebreaker_by = ?", (person_id,)
        )
