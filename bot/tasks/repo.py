"""Co-facilitation: each group's task list, each meeting's tasks and who has them, and PSFs
who can't make a meeting."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.storage.base import Repository
from bot.storage.times import maybe_from_db, to_db


@dataclass(frozen=True)
class MeetingTask:
    meeting_id: int
    position: int
    label: str
    person_id: int | None
    claimed_at: datetime | None


class TaskRepo(Repository):
    async def group_list(self, group_id: int) -> list[str] | None:
        """The group's own task list, or None if it uses the default one."""
        rows = await self._all(
            "SELECT label FROM group_tasks WHERE group_id = ? ORDER BY position", (group_id,)
        )
        return [row["label"] for row in rows] or None

    async def set_group_list(self, group_id: int, labels: list[str]) -> None:
        await self._run("DELETE FROM group_tasks WHERE group_id = ?", (group_id,))
        for position, label in enumerate(labels):
            await self._run(
                "INSERT INTO group_tasks (group_id, position, label) VALUES (?, ?, ?)",
                (group_id, position, label),
            )

    async def of_meeting(self, meeting_id: int) -> list[MeetingTask]:
        rows = await self._all(
            "SELECT * FROM meeting_tasks WHERE meeting_id = ? ORDER BY position", (meeting_id,)
        )
        return [
            MeetingTask(
                meeting_id=row["meeting_id"],
                position=row["position"],
                label=row["label"],
                person_id=row["person_id"],
                claimed_at=maybe_from_db(row["claimed_at"]),
            )
            for row in rows
        ]

    async def create_for_meeting(self, meeting_id: int, labels: list[str]) -> None:
        for position, label in enumerate(labels):
            await self._run(
                "INSERT OR IGNORE INTO meeting_tasks (meeting_id, position, label) "
                "VALUES (?, ?, ?)",
                (meeting_id, position, label),
            )

    async def add_to_meeting(self, meeting_id: int, label: str) -> None:
        position = await self._scalar(
            "SELECT COALESCE(MAX(position) + 1, 0) FROM meeting_tasks WHERE meeting_id = ?",
            (meeting_id,),
        )
        await self._run(
            "INSERT INTO meeting_tasks (meeting_id, position, label) VALUES (?, ?, ?)",
            (meeting_id, int(position), label),
        )

    async def remove_from_meeting(self, meeting_id: int, position: int) -> None:
        await self._run(
            "DELETE FROM meeting_tasks WHERE meeting_id = ? AND position = ?",
            (meeting_id, position),
        )

    async def set_owner(
        self, meeting_id: int, position: int, person_id: int | None, now: datetime
    ) -> None:
        await self._run(
            "UPDATE meeting_tasks SET person_id = ?, claimed_at = ? "
            "WHERE meeting_id = ? AND position = ?",
            (person_id, to_db(now) if person_id else None, meeting_id, position),
        )

    async def release_all(self, meeting_id: int, person_id: int) -> int:
        return await self._run(
            "UPDATE meeting_tasks SET person_id = NULL, claimed_at = NULL "
            "WHERE meeting_id = ? AND person_id = ?",
            (meeting_id, person_id),
        )

    async def mark_absent(self, meeting_id: int, person_id: int, now: datetime) -> bool:
        return (
            await self._changed(
                "INSERT OR IGNORE INTO psf_absences (meeting_id, person_id, at) VALUES (?, ?, ?)",
                (meeting_id, person_id, to_db(now)),
            )
            > 0
        )

    async def unmark_absent(self, meeting_id: int, person_id: int) -> bool:
        return (
            await self._run(
                "DELETE FROM psf_absences WHERE meeting_id = ? AND person_id = ?",
                (meeting_id, person_id),
            )
            > 0
        )

    async def absent(self, meeting_id: int) -> set[int]:
        rows = await self._all(
            "SELECT person_id FROM psf_absences WHERE meeting_id = ?", (meeting_id,)
        )
        return {row["person_id"] for row in rows}

    # which meetings to look at (migration 0015: triggers write task_work)

    async def meetings_due(self, now: datetime, *, limit: int) -> list[int]:
        """Meetings whose task messages may need arranging by `now`, longest waiting first."""
        rows = await self._all(
            "SELECT meeting_id FROM task_work WHERE look_at <= ? "
            "ORDER BY look_at, meeting_id LIMIT ?",
            (to_db(now), limit),
        )
        return [int(row[0]) for row in rows]

    async def look_again(self, meeting_id: int, at: datetime | None) -> None:
        """Look at the meeting again at `at` (a change in between asks sooner); None: only when
        something changes."""
        if at is None:
            await self._run("DELETE FROM task_work WHERE meeting_id = ?", (meeting_id,))
            return
        await self._run(
            "INSERT INTO task_work (meeting_id, look_at) VALUES (?, ?) "
            "ON CONFLICT (meeting_id) DO UPDATE SET look_at = excluded.look_at",
            (meeting_id, to_db(at)),
        )

    async def group_uses_tasks(self, group_id: int) -> bool:
        """Whether the group's PSFs have ever taken a task (or edited the list)."""
        found = await self._scalar(
            "SELECT EXISTS (SELECT 1 FROM group_events WHERE group_id = ? AND kind = 'claim') "
            "OR EXISTS (SELECT 1 FROM group_tasks WHERE group_id = ?)",
            (group_id, group_id),
        )
        return bool(found)

    async def forget_person(self, person_id: int) -> None:
        await self._run(
            "UPDATE meeting_tasks SET person_id = NULL WHERE person_id = ?", (person_id,)
        )
        await self._run("DELETE FROM psf_absences WHERE person_id = ?", (person_id,))
