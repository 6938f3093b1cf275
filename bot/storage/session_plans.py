"""What was suggested for each meeting and what its PSFs chose (migration 0007)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.storage.base import Repository
from bot.storage.times import from_db, to_db


@dataclass(frozen=True)
class PlanRecord:
    """One meeting's plan: the suggestion as made, and the PSFs' choices since."""

    meeting_id: int
    group_id: int
    session_number: int
    suggested_kind: str  # "session" or "topic"
    suggested_key: str
    icebreaker_key: str
    icebreaker_by: int | None
    chosen_kind: str | None
    chosen_key: str | None
    chosen_by: int | None
    chosen_at: datetime | None
    sent_at: datetime | None
    sent_for: datetime | None

    @property
    def touched(self) -> bool:
        """Whether a PSF has chosen anything on it (a topic or another icebreaker)."""
        return self.chosen_key is not None or self.icebreaker_by is not None


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
        assert plan is not None
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

    async def meetings_to_arrange(
        self, *, kind: str, now: datetime, horizon: datetime
    ) -> list[int]:
        """Meetings whose suggestions need looking at: on and starting before `horizon`, or
        with a suggestion still waiting to go (whatever has happened to the meeting since)."""
        rows = await self._all(
            "SELECT id FROM meetings WHERE status = 'scheduled' AND starts_at > ? "
            "AND starts_at <= ? "
            "UNION SELECT DISTINCT subject_id FROM deliveries WHERE kind = ? "
            "AND state = 'pending' ORDER BY 1",
            (to_db(now), to_db(horizon), kind),
        )
        return [int(row[0]) for row in rows]

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
