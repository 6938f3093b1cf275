"""Where each group stands in its life, and every life-cycle and task step (group_events)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.storage.base import Repository
from bot.storage.times import from_db, maybe_from_db, to_db


@dataclass(frozen=True)
class StageRow:
    group_id: int
    stage: str
    decision: str | None
    decided_by: int | None
    decided_at: datetime | None
    archived_at: datetime | None


@dataclass(frozen=True)
class GroupEvent:
    id: int
    group_id: int
    meeting_id: int | None
    person_id: int | None
    role: str
    kind: str
    value: str
    at: datetime


class LifecycleRepo(Repository):
    async def stage(self, group_id: int) -> StageRow | None:
        row = await self._one("SELECT * FROM group_stages WHERE group_id = ?", (group_id,))
        if row is None:
            return None
        return StageRow(
            group_id=row["group_id"],
            stage=row["stage"],
            decision=row["decision"],
            decided_by=row["decided_by"],
            decided_at=maybe_from_db(row["decided_at"]),
            archived_at=maybe_from_db(row["archived_at"]),
        )

    async def set_stage(self, group_id: int, stage: str, now: datetime) -> None:
        await self._run(
            "INSERT INTO group_stages (group_id, stage, updated_at) VALUES (?, ?, ?) "
            "ON CONFLICT (group_id) DO UPDATE SET stage = excluded.stage, "
            "updated_at = excluded.updated_at",
            (group_id, stage, to_db(now)),
        )

    async def set_decision(
        self, group_id: int, decision: str, person_id: int, now: datetime
    ) -> None:
        await self._run(
            "UPDATE group_stages SET decision = ?, decided_by = ?, decided_at = ?, "
            "updated_at = ? WHERE group_id = ?",
            (decision, person_id, to_db(now), to_db(now), group_id),
        )

    async def archive(self, group_id: int, now: datetime) -> None:
        await self._run(
            "UPDATE group_stages SET archived_at = ?, updated_at = ? WHERE group_id = ?",
            (to_db(now), to_db(now), group_id),
        )

    async def add_event(
        self,
        *,
        group_id: int,
        kind: str,
        now: datetime,
        value: str = "",
        meeting_id: int | None = None,
        person_id: int | None = None,
        role: str = "system",
    ) -> int:
        return await self._run(
            "INSERT INTO group_events (group_id, meeting_id, person_id, role, kind, value, at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (group_id, meeting_id, person_id, role, kind, value, to_db(now)),
        )

    async def events(
        self, group_id: int | None = None, *, kind: str | None = None
    ) -> list[GroupEvent]:
        where: list[str] = []
        params: list[object] = []
        if group_id is not None:
            where.append("group_id = ?")
            params.append(group_id)
        if kind is not None:
            where.append("kind = ?")
            params.append(kind)
        clause = f"WHERE {' AND '.join(where)} " if where else ""
        rows = await self._all(f"SELECT * FROM group_events {clause}ORDER BY at, id", params)
        return [_event(row) for row in rows]

    async def event(self, event_id: int) -> GroupEvent | None:
        found = await self.events_where("id = ?", (event_id,))
        return found[0] if found else None

    async def last_event(
        self, group_id: int, kind: str, value: str | None = None
    ) -> GroupEvent | None:
        """The group's latest event of a kind (and value, if given)."""
        if value is None:
            found = await self.events_where("group_id = ? AND kind = ?", (group_id, kind))
        else:
            found = await self.events_where(
                "group_id = ? AND kind = ? AND value = ?", (group_id, kind, value)
            )
        return found[-1] if found else None

    async def answers(self, group_id: int, kind: str) -> dict[int, str]:
        """Each person's latest answer of a kind in a group (person id -> value)."""
        return {
            e.person_id: e.value
            for e in await self.events_where("group_id = ? AND kind = ?", (group_id, kind))
            if e.person_id is not None
        }

    async def events_where(self, clause: str, params: tuple[object, ...]) -> list[GroupEvent]:
        rows = await self._all(f"SELECT * FROM group_events WHERE {clause} ORDER BY at, id", params)
        return [_event(row) for row in rows]

    async def asked(self, kind: str, group_id: int, variant: str = "") -> set[int]:
        """People who already have a life-cycle message of this kind about the group (sent,
        waiting or dropped): the sweep leaves them alone."""
        rows = await self._all(
            "SELECT person_id FROM deliveries WHERE kind = ? AND subject_id = ? AND variant = ?",
            (kind, group_id, variant),
        )
        return {row["person_id"] for row in rows}

    async def joined(self, group_id: int) -> dict[int, datetime]:
        """When each current member joined the group."""
        rows = await self._all(
            "SELECT person_id, joined_at FROM memberships WHERE group_id = ? AND left_at IS NULL",
            (group_id,),
        )
        return {row["person_id"]: from_db(row["joined_at"]) for row in rows}

    async def latest_answer(self, group_id: int, kind: str, person_id: int) -> str | None:
        value = await self._scalar(
            "SELECT value FROM group_events WHERE group_id = ? AND kind = ? AND person_id = ? "
            "ORDER BY at DESC, id DESC LIMIT 1",
            (group_id, kind, person_id),
        )
        return None if value is None else str(value)

    async def events_of_person(self, person_id: int) -> list[GroupEvent]:
        return [e for e in await self.events() if e.person_id == person_id]

    async def forget_person(self, person_id: int) -> None:
        await self._run(
            "UPDATE group_events SET person_id = NULL WHERE person_id = ?", (person_id,)
        )

    # What the sweep must look at (migration 0013: triggers mark a changed group at once).

    async def groups_to_look_at(self, now: datetime, *, limit: int = 5000) -> list[int]:
        rows = await self._all(
            "SELECT group_id FROM lifecycle_work WHERE look_at <= ? ORDER BY look_at LIMIT ?",
            (to_db(now), limit),
        )
        return [int(row[0]) for row in rows]

    async def look_again(self, group_id: int, at: datetime | None) -> None:
        """Next look at `at`; None: not until a change marks the group."""
        if at is None:
            await self._run("DELETE FROM lifecycle_work WHERE group_id = ?", (group_id,))
        else:
            await self._run(
                "UPDATE lifecycle_work SET look_at = ? WHERE group_id = ?", (to_db(at), group_id)
            )


def _event(row: Any) -> GroupEvent:
    return GroupEvent(
        id=row["id"],
        group_id=row["group_id"],
        meeting_id=row["meeting_id"],
        person_id=row["person_id"],
        role=row["role"],
        kind=row["kind"],
        value=row["value"],
        at=from_db(row["at"]),
    )
