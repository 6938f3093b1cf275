"""Areas and groups: the shape of the programme."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

import aiosqlite

from bot.models import Area, Group, GroupStatus
from bot.storage.base import Repository
from bot.storage.times import to_db


def _area(row: aiosqlite.Row) -> Area:
    return Area(id=row["id"], name=row["name"], slug=row["slug"], timezone=row["timezone"])


def _group(row: aiosqlite.Row) -> Group:
    return Group(
        id=row["id"],
        area_id=row["area_id"],
        name=row["name"],
        venue=row["venue"],
        start_date=date.fromisoformat(row["start_date"]) if row["start_date"] else None,
        status=GroupStatus(row["status"]),
    )


class ProgrammeRepo(Repository):
    async def add_area(self, *, name: str, slug: str, timezone: str, now: datetime) -> Area:
        area_id = await self._run(
            "INSERT INTO areas (name, slug, timezone, created_at) VALUES (?, ?, ?, ?)",
            (name, slug, timezone, to_db(now)),
        )
        return Area(id=area_id, name=name, slug=slug, timezone=timezone)

    async def area(self, area_id: int) -> Area | None:
        row = await self._one("SELECT * FROM areas WHERE id = ?", (area_id,))
        return None if row is None else _area(row)

    async def area_of_group(self, group_id: int) -> Area | None:
        """The area a group belongs to (None if there is no such group)."""
        row = await self._one(
            "SELECT a.* FROM groups g JOIN areas a ON a.id = g.area_id WHERE g.id = ?", (group_id,)
        )
        return None if row is None else _area(row)

    async def area_named(self, name_or_slug: str) -> Area | None:
        row = await self._one(
            "SELECT * FROM areas WHERE name = ? COLLATE NOCASE OR slug = ?",
            (name_or_slug, name_or_slug.lower()),
        )
        return None if row is None else _area(row)

    async def areas(self) -> list[Area]:
        return [_area(row) for row in await self._all("SELECT * FROM areas ORDER BY name")]

    async def add_group(
        self, *, name: str, area_id: int, venue: str | None, start_date: date | None, now: datetime
    ) -> Group:
        group_id = await self._run(
            "INSERT INTO groups (name, area_id, venue, start_date, created_at) "
            "VALUES (?, ?, ?, ?, ?)",
            (name, area_id, venue, start_date.isoformat() if start_date else None, to_db(now)),
        )
        return Group(
            id=group_id,
            area_id=area_id,
            name=name,
            venue=venue,
            start_date=start_date,
            status=GroupStatus.FORMING,
        )

    async def group(self, group_id: int) -> Group | None:
        row = await self._one("SELECT * FROM groups WHERE id = ?", (group_id,))
        return None if row is None else _group(row)

    async def groups_with_areas(self, group_ids: Iterable[int]) -> dict[int, tuple[Group, Area]]:
        """Each of these groups (those that exist) with its area, by group id: one query."""
        ids = sorted(set(group_ids))
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = await self._all(
            "SELECT g.*, a.name AS area_name, a.slug AS area_slug, a.timezone AS area_timezone "
            f"FROM groups g JOIN areas a ON a.id = g.area_id WHERE g.id IN ({marks})",
            ids,
        )
        return {
            row["id"]: (
                _group(row),
                Area(
                    id=row["area_id"],
                    name=row["area_name"],
                    slug=row["area_slug"],
                    timezone=row["area_timezone"],
                ),
            )
            for row in rows
        }

    async def group_named(self, name: str) -> Group | None:
        row = await self._one("SELECT * FROM groups WHERE name = ? COLLATE NOCASE", (name,))
        return None if row is None else _group(row)

    async def groups(self, *, area_id: int | None = None) -> list[Group]:
        if area_id is None:
            rows = await self._all("SELECT * FROM groups ORDER BY name")
        else:
            rows = await self._all(
                "SELECT * FROM groups WHERE area_id = ? ORDER BY name", (area_id,)
            )
        return [_group(row) for row in rows]

    async def set_group_status(self, group_id: int, status: GroupStatus) -> None:
        await self._run("UPDATE groups SET status = ? WHERE id = ?", (status.value, group_id))
