"""What the sweep steps still have to look at (migration 0011): written by triggers in the
transaction that makes the work, read by the steps with one indexed question."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from bot.storage.base import Repository
from bot.storage.times import to_db

CHECKINS, RECAPS, SUGGESTIONS, JOINERS = "checkins", "recaps", "suggestions", "joiners"


class SweepWorkRepo(Repository):
    async def due(self, step: str, until: datetime, *, limit: int = 5000) -> list[int]:
        """Subjects (meetings, or memberships for 'joiners') the step must look at by `until`."""
        rows = await self._all(
            "SELECT subject_id FROM sweep_work WHERE step = ? AND look_at <= ? "
            "ORDER BY look_at, subject_id LIMIT ?",
            (step, to_db(until), limit),
        )
        return [int(row[0]) for row in rows]

    async def done(self, step: str, subject_ids: Iterable[int]) -> None:
        """Nothing more to do about these until a change writes them again."""
        await self._conn.executemany(
            "DELETE FROM sweep_work WHERE step = ? AND subject_id = ?",
            [(step, subject_id) for subject_id in subject_ids],
        )

    async def look_again(self, step: str, later: Sequence[tuple[int, datetime]]) -> None:
        """Look at each subject again at its time (a change in between asks sooner)."""
        await self._conn.executemany(
            "UPDATE sweep_work SET look_at = ? WHERE step = ? AND subject_id = ?",
            [(to_db(at), step, subject_id) for subject_id, at in later],
        )
