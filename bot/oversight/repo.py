"""Early warnings, and the few numbers about groups that the nurse's views need."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.storage.base import Repository
from bot.storage.times import from_db, maybe_from_db, to_db


@dataclass(frozen=True)
class Warning:
    id: int
    group_id: int
    area_id: int
    rule: str
    detail: str
    raised_at: datetime
    dismissed_at: datetime | None
    dismissed_by: int | None
    dismiss_reason: str | None
    cleared_at: datetime | None

    @property
    def is_open(self) -> bool:
        """Still firing and not dismissed: shown with ⚠️."""
        return self.cleared_at is None and self.dismissed_at is None


def _warning(row: aiosqlite.Row) -> Warning:
    return Warning(
        id=row["id"],
        group_id=row["group_id"],
        area_id=row["area_id"],
        rule=row["rule"],
        detail=row["detail"],
        raised_at=from_db(row["raised_at"]),
        dismissed_at=maybe_from_db(row["dismissed_at"]),
        dismissed_by=row["dismissed_by"],
        dismiss_reason=row["dismiss_reason"],
        cleared_at=maybe_from_db(row["cleared_at"]),
    )


class WarningRepo(Repository):
    async def active(self, group_id: int) -> list[Warning]:
        """The group's warnings whose rule still fires (open or dismissed)."""
        rows = await self._all(
            "SELECT * FROM warnings WHERE group_id = ? AND cleared_at IS NULL ORDER BY id",
            (group_id,),
        )
        return [_warning(row) for row in rows]

    async def add(
        self, *, group_id: int, area_id: int, rule: str, detail: str, now: datetime
    ) -> Warning:
        warning_id = await self._run(
            "INSERT INTO warnings (group_id, area_id, rule, detail, raised_at) "
            "VALUES (?, ?, ?, ?, ?)",
            (group_id, area_id, rule, detail, to_db(now)),
        )
        found = await self.get(warning_id)
        if found is None:
            raise RuntimeError("missing: found")
        return found

    async def get(self, warning_id: int) -> Warning | None:
        row = await self._one("SELECT * FROM warnings WHERE id = ?", (warning_id,))
        return None if row is None else _warning(row)

    async def set_detail(self, warning_id: int, detail: str) -> None:
        await self._run("UPDATE warnings SET detail = ? WHERE id = ?", (detail, warning_id))

    async def clear(self, warning_id: int, now: datetime) -> None:
        await self._run(
            "UPDATE warnings SET cleared_at = ? WHERE id = ? AND cleared_at IS NULL",
            (to_db(now), warning_id),
        )

    async def dismiss(self, warning_id: int, person_id: int, reason: str, now: datetime) -> bool:
        return (
            await self._run(
                "UPDATE warnings SET dismissed_at = ?, dismissed_by = ?, dismiss_reason = ? "
                "WHERE id = ? AND dismissed_at IS NULL",
                (to_db(now), person_id, reason, warning_id),
            )
            > 0
        )

    async def raised_between(
        self, area_ids: list[int], start: datetime, end: datetime
    ) -> list[Warning]:
        if not area_ids:
            return []
        marks = ",".join("?" for _ in area_ids)
        rows = await self._all(
            f"SELECT * FROM warnings WHERE area_id IN ({marks}) AND raised_at >= ? "
            "AND raised_at < ? ORDER BY raised_at, id",
            [*area_ids, to_db(start), to_db(end)],
        )
        return [_warning(row) for row in rows]

    async def all_warnings(self) -> list[Warning]:
        rows = await self._all("SELECT * FROM warnings ORDER BY raised_at, id")
        return [_warning(row) for row in rows]

    async def forget_person(self, person_id: int) -> None:
        await self._run(
            "UPDATE warnings SET dismissed_by = NULL WHERE dismissed_by = ?", (person_id,)
        )

    # which groups to look at (migration 0012: triggers write oversight_work)

    async def groups_due(self, now: datetime, *, limit: int) -> list[int]:
        """Groups whose warnings must be worked out again by `now`, those waiting longest
        first (those changed since the last look come before all others)."""
        rows = await self._all(
            "SELECT group_id FROM oversight_work WHERE look_at <= ? "
            "ORDER BY look_at, group_id LIMIT ?",
            (to_db(now), limit),
        )
        return [int(row[0]) for row in rows]

    async def look_again(self, group_id: int, at: datetime | None) -> None:
        """Look at the group again at `at` (a change in between asks sooner); None: only when
        something changes."""
        if at is None:
            await self._run("DELETE FROM oversight_work WHERE group_id = ?", (group_id,))
            return
        await self._run(
            "INSERT INTO oversight_work (group_id, look_at) VALUES (?, ?) "
            "ON CONFLICT (group_id) DO UPDATE SET look_at = excluded.look_at",
            (group_id, to_db(at)),
        )

    # which areas' digests to arrange (migration 0014: triggers write digest_work)

    async def digest_areas_due(self, now: datetime) -> set[int]:
        """Areas whose week's digest may need arranging: added or changed since the last
        look, or a new local week begun."""
        rows = await self._all("SELECT area_id FROM digest_work WHERE look_at <= ?", (to_db(now),))
        return {int(row[0]) for row in rows}

    async def digest_look_again(self, looks: Sequence[tuple[int, datetime]]) -> None:
        """Each (area, when) to be looked at again then (a change in between asks sooner)."""
        await self._run_many(
            "INSERT INTO digest_work (area_id, look_at) VALUES (?, ?) "
            "ON CONFLICT (area_id) DO UPDATE SET look_at = excluded.look_at",
            [(area_id, to_db(at)) for area_id, at in looks],
        )

    # numbers from other features' tables, read-only

    async def latest_urgent_concern(self, group_id: int) -> datetime | None:
        value = await self._scalar(
            "SELECT MAX(COALESCE(urgent_at, raised_at)) FROM concerns WHERE group_id = ? "
            "AND urgent = 1 AND raised_at IS NOT NULL",
            (group_id,),
        )
        return maybe_from_db(value)

    async def open_concerns(self, group_id: int) -> int:
        return int(
            await self._scalar(
                "SELECT COUNT(*) FROM concerns WHERE group_id = ? "
                "AND state IN ('queued', 'delivered', 'acknowledged')",
                (group_id,),
            )
        )
