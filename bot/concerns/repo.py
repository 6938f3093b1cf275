"""Concerns for the nurse, their steps, and the office hours and closures of each area."""

from __future__ import annotations

from datetime import date, datetime, time

import aiosqlite

from bot.concerns.records import (
    AreaHours,
    Category,
    ClosureRow,
    Concern,
    ConcernEvent,
    ConcernState,
    EventKind,
    FileKind,
)
from bot.office_hours import Closure
from bot.storage.base import Repository
from bot.storage.times import from_db, maybe_from_db, to_db


def _concern(row: aiosqlite.Row) -> Concern:
    return Concern(
        id=row["id"],
        group_id=row["group_id"],
        area_id=row["area_id"],
        raised_by=row["raised_by"],
        source=row["source"],
        urgent=bool(row["urgent"]),
        category=Category(row["category"]) if row["category"] else None,
        description=row["description"],
        file_kind=FileKind(row["file_kind"]) if row["file_kind"] else None,
        file_id=row["file_id"],
        state=ConcernState(row["state"]),
        nurse_id=row["nurse_id"],
        outcome=row["outcome"],
        created_at=from_db(row["created_at"]),
        urgent_at=maybe_from_db(row["urgent_at"]),
        raised_at=maybe_from_db(row["raised_at"]),
        delivered_at=maybe_from_db(row["delivered_at"]),
        acknowledged_at=maybe_from_db(row["acknowledged_at"]),
        acknowledged_by=row["acknowledged_by"],
        resolved_at=maybe_from_db(row["resolved_at"]),
        resolved_by=row["resolved_by"],
    )


def _event(row: aiosqlite.Row) -> ConcernEvent:
    return ConcernEvent(
        id=row["id"],
        concern_id=row["concern_id"],
        at=from_db(row["at"]),
        kind=EventKind(row["kind"]),
        person_id=row["person_id"],
        role=row["role"],
        text=row["text"],
        file_kind=FileKind(row["file_kind"]) if row["file_kind"] else None,
        file_id=row["file_id"],
    )


def _closure(row: aiosqlite.Row) -> ClosureRow:
    return ClosureRow(
        id=row["id"],
        area_id=row["area_id"],
        closure=Closure(
            start=date.fromisoformat(row["start_date"]),
            end=date.fromisoformat(row["end_date"]),
            reason=row["reason"],
        ),
    )


_OPEN_STATES = "('queued', 'delivered', 'acknowledged')"


class ConcernRepo(Repository):
    # concerns

    async def add_draft(
        self,
        *,
        group_id: int,
        area_id: int,
        raised_by: int,
        now: datetime,
        source: str = "menu",
        description: str | None = None,
        urgent_at: datetime | None = None,
    ) -> Concern:
        concern_id = await self._run(
            "INSERT INTO concerns (group_id, area_id, raised_by, source, description, urgent, "
            "urgent_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                group_id,
                area_id,
                raised_by,
                source,
                description,
                int(urgent_at is not None),
                to_db(urgent_at) if urgent_at else None,
                to_db(now),
            ),
        )
        concern = await self.get(concern_id)
        if concern is None:
            raise RuntimeError("missing: concern")
        return concern

    async def get(self, concern_id: int) -> Concern | None:
        row = await self._one("SELECT * FROM concerns WHERE id = ?", (concern_id,))
        return None if row is None else _concern(row)

    async def drafts_of(self, person_id: int) -> list[Concern]:
        rows = await self._all(
            "SELECT * FROM concerns WHERE raised_by = ? AND state = 'draft' ORDER BY id",
            (person_id,),
        )
        return [_concern(row) for row in rows]

    async def mark_urgent(self, concern_id: int, now: datetime) -> None:
        await self._run(
            "UPDATE concerns SET urgent = 1, urgent_at = COALESCE(urgent_at, ?) WHERE id = ?",
            (to_db(now), concern_id),
        )

    async def set_category(self, concern_id: int, category: Category) -> None:
        await self._run(
            "UPDATE concerns SET category = ? WHERE id = ? AND state = 'draft'",
            (category.value, concern_id),
        )

    async def set_description(
        self,
        concern_id: int,
        text: str | None,
        file_kind: FileKind | None,
        file_id: str | None,
    ) -> None:
        await self._run(
            "UPDATE concerns SET description = ?, file_kind = ?, file_id = ? "
            "WHERE id = ? AND state = 'draft'",
            (text, file_kind.value if file_kind else None, file_id, concern_id),
        )

    async def set_state(self, concern_id: int, state: ConcernState) -> None:
        await self._run("UPDATE concerns SET state = ? WHERE id = ?", (state.value, concern_id))

    async def mark_raised(self, concern_id: int, now: datetime) -> None:
        await self._run(
            "UPDATE concerns SET state = 'queued', raised_at = ? WHERE id = ? AND state = 'draft'",
            (to_db(now), concern_id),
        )

    async def assign(self, concern_id: int, nurse_id: int | None) -> None:
        await self._run("UPDATE concerns SET nurse_id = ? WHERE id = ?", (nurse_id, concern_id))

    async def mark_delivered(self, concern_id: int, now: datetime) -> bool:
        """It reached a nurse (queued → delivered); True if it never had before."""
        first = await self._scalar(
            "SELECT delivered_at IS NULL FROM concerns WHERE id = ?", (concern_id,)
        )
        await self._run(
            "UPDATE concerns SET delivered_at = COALESCE(delivered_at, ?), "
            "state = CASE WHEN state = 'queued' THEN 'delivered' ELSE state END WHERE id = ?",
            (to_db(now), concern_id),
        )
        return bool(first)

    async def mark_acknowledged(self, concern_id: int, nurse_id: int, now: datetime) -> bool:
        changed = await self._run(
            "UPDATE concerns SET state = 'acknowledged', acknowledged_at = ?, "
            "acknowledged_by = ?, nurse_id = ? "
            "WHERE id = ? AND state IN ('queued', 'delivered')",
            (to_db(now), nurse_id, nurse_id, concern_id),
        )
        return changed > 0

    async def mark_resolved(
        self, concern_id: int, nurse_id: int, outcome: str, now: datetime
    ) -> bool:
        changed = await self._run(
            f"UPDATE concerns SET state = 'resolved', resolved_at = ?, resolved_by = ?, "
            f"outcome = ? WHERE id = ? AND state IN {_OPEN_STATES}",
            (to_db(now), nurse_id, outcome, concern_id),
        )
        return changed > 0

    async def for_areas(
        self, area_ids: list[int], *, resolved_since: datetime, limit: int = 50
    ) -> list[Concern]:
        """Open concerns of these areas and those resolved since a time, oldest first."""
        if not area_ids:
            return []
        marks = ", ".join("?" for _ in area_ids)
        rows = await self._all(
            f"SELECT * FROM concerns WHERE area_id IN ({marks}) AND (state IN {_OPEN_STATES} "
            "OR (state = 'resolved' AND resolved_at >= ?)) ORDER BY raised_at, id LIMIT ?",
            (*area_ids, to_db(resolved_since), limit),
        )
        return [_concern(row) for row in rows]

    async def raised_by(
        self, person_id: int, *, resolved_since: datetime, limit: int = 20
    ) -> list[Concern]:
        rows = await self._all(
            f"SELECT * FROM concerns WHERE raised_by = ? AND (state IN {_OPEN_STATES} "
            "OR (state = 'resolved' AND resolved_at >= ?)) ORDER BY raised_at, id LIMIT ?",
            (person_id, to_db(resolved_since), limit),
        )
        return [_concern(row) for row in rows]

    async def all_raised_by(self, person_id: int) -> list[Concern]:
        rows = await self._all(
            "SELECT * FROM concerns WHERE raised_by = ? AND state != 'abandoned' ORDER BY id",
            (person_id,),
        )
        return [_concern(row) for row in rows]

    async def open_concerns(self) -> list[Concern]:
        rows = await self._all(
            f"SELECT * FROM concerns WHERE state IN {_OPEN_STATES} ORDER BY raised_at, id"
        )
        return [_concern(row) for row in rows]

    async def queued_with_nurse(self, nurse_id: int) -> list[Concern]:
        """Concerns with this nurse that she has not acknowledged yet."""
        rows = await self._all(
            "SELECT * FROM concerns WHERE nurse_id = ? AND state IN ('queued', 'delivered') "
            "ORDER BY raised_at, id",
            (nurse_id,),
        )
        return [_concern(row) for row in rows]

    async def stranded(self) -> list[Concern]:
        """Queued concerns that no pending delivery will bring to a nurse."""
        rows = await self._all(
            "SELECT * FROM concerns c WHERE c.state = 'queued' AND NOT EXISTS ("
            "SELECT 1 FROM deliveries d WHERE d.kind = 'concern' AND d.subject_id = c.id "
            "AND d.state IN ('pending', 'sending')) ORDER BY c.raised_at, c.id"
        )
        return [_concern(row) for row in rows]

    async def stale_drafts(self, *, urgent: bool, before: datetime) -> list[Concern]:
        rows = await self._all(
            "SELECT * FROM concerns WHERE state = 'draft' AND urgent = ? AND "
            "COALESCE(urgent_at, created_at) <= ? ORDER BY id",
            (int(urgent), to_db(before)),
        )
        return [_concern(row) for row in rows]

    async def concern_deliveries(self, concern_id: int) -> int:
        return int(
            await self._scalar(
                "SELECT COUNT(*) FROM deliveries WHERE kind = 'concern' AND subject_id = ?",
                (concern_id,),
            )
        )

    async def release_from_nurse(self, nurse_id: int) -> int:
        """Her open concerns go back to the queue (she is leaving the programme)."""
        return await self._run(
            f"UPDATE concerns SET nurse_id = NULL, state = 'queued' "
            f"WHERE nurse_id = ? AND state IN {_OPEN_STATES}",
            (nurse_id,),
        )

    async def erase_text_of(self, person_id: int) -> None:
        """For /forget: what the person wrote in concerns they raised, and in any thread."""
        await self._run(
            "UPDATE concerns SET description = NULL, file_kind = NULL, file_id = NULL "
            "WHERE raised_by = ?",
            (person_id,),
        )
        await self._run(
            "UPDATE concerns SET outcome = NULL WHERE resolved_by = ?",
            (person_id,),
        )
        await self._run(
            "UPDATE concern_events SET text = NULL, file_kind = NULL, file_id = NULL "
            "WHERE person_id = ?",
            (person_id,),
        )

    # events

    async def add_event(
        self,
        concern_id: int,
        kind: EventKind,
        now: datetime,
        *,
        person_id: int | None = None,
        role: str = "system",
        text: str | None = None,
        file_kind: FileKind | None = None,
        file_id: str | None = None,
    ) -> ConcernEvent:
        event_id = await self._run(
            "INSERT INTO concern_events (concern_id, at, kind, person_id, role, text, "
            "file_kind, file_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                concern_id,
                to_db(now),
                kind.value,
                person_id,
                role,
                text,
                file_kind.value if file_kind else None,
                file_id,
            ),
        )
        event = await self.event(event_id)
        if event is None:
            raise RuntimeError("missing: event")
        return event

    async def event(self, event_id: int) -> ConcernEvent | None:
        row = await self._one("SELECT * FROM concern_events WHERE id = ?", (event_id,))
        return None if row is None else _event(row)

    async def events_of(self, concern_id: int) -> list[ConcernEvent]:
        rows = await self._all(
            "SELECT * FROM concern_events WHERE concern_id = ? ORDER BY at, id", (concern_id,)
        )
        return [_event(row) for row in rows]

    async def events_by(self, person_id: int) -> list[ConcernEvent]:
        rows = await self._all(
            "SELECT * FROM concern_events WHERE person_id = ? ORDER BY at, id", (person_id,)
        )
        return [_event(row) for row in rows]

    async def has_event(self, concern_id: int, kind: EventKind) -> bool:
        found = await self._scalar(
            "SELECT 1 FROM concern_events WHERE concern_id = ? AND kind = ? LIMIT 1",
            (concern_id, kind.value),
        )
        return found is not None

    # office hours

    async def area_hours(self, area_id: int) -> AreaHours | None:
        row = await self._one("SELECT * FROM area_office_hours WHERE area_id = ?", (area_id,))
        return None if row is None else _area_hours(row)

    async def all_area_hours(self) -> dict[int, AreaHours]:
        """Every area's own weekly hours, by area (areas without any use the defaults)."""
        rows = await self._all("SELECT * FROM area_office_hours")
        return {row["area_id"]: _area_hours(row) for row in rows}

    async def set_area_hours(
        self,
        *,
        area_id: int,
        days: str,
        opens: time,
        closes: time,
        country: str | None,
        subdivision: str | None,
        now: datetime,
    ) -> None:
        await self._run(
            "INSERT INTO area_office_hours (area_id, days, opens, closes, country, subdivision, "
            "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (area_id) DO UPDATE SET "
            "days = excluded.days, opens = excluded.opens, closes = excluded.closes, "
            "country = excluded.country, subdivision = excluded.subdivision, "
            "updated_at = excluded.updated_at",
            (
                area_id,
                days,
                opens.strftime("%H:%M"),
                closes.strftime("%H:%M"),
                country,
                subdivision,
                to_db(now),
            ),
        )

    async def clear_area_hours(self, area_id: int) -> bool:
        return await self._run("DELETE FROM area_office_hours WHERE area_id = ?", (area_id,)) > 0

    async def add_closure(
        self, *, area_id: int | None, start: date, end: date, reason: str, now: datetime
    ) -> ClosureRow:
        closure_id = await self._run(
            "INSERT INTO office_closures (area_id, start_date, end_date, reason, created_at) "
            "VALUES (?, ?, ?, ?, ?)",
            (area_id, start.isoformat(), end.isoformat(), reason, to_db(now)),
        )
        return ClosureRow(closure_id, area_id, Closure(start=start, end=end, reason=reason))

    async def closures_for(
        self, area_id: int, *, ending_after: date | None = None
    ) -> list[Closure]:
        """Closures of this area and of every area (optionally only those not yet over)."""
        rows = await self._all(
            "SELECT * FROM office_closures WHERE (area_id = ? OR area_id IS NULL) "
            "AND (? IS NULL OR end_date >= ?) ORDER BY start_date, id",
            (area_id, *(2 * [ending_after.isoformat() if ending_after else None])),
        )
        return [_closure(row).closure for row in rows]

    async def closures_by_area(self, *, ending_after: date) -> dict[int | None, list[Closure]]:
        """Closures not over by `ending_after`, by area (None: closures of every area)."""
        rows = await self._all(
            "SELECT * FROM office_closures WHERE end_date >= ? ORDER BY start_date, id",
            (ending_after.isoformat(),),
        )
        found: dict[int | None, list[Closure]] = {}
        for row in rows:
            found.setdefault(row["area_id"], []).append(_closure(row).closure)
        return found

    async def closures(self, *, area_id: int | None = None) -> list[ClosureRow]:
        rows = await self._all(
            "SELECT * FROM office_closures WHERE (? IS NULL OR area_id = ? OR area_id IS NULL) "
            "ORDER BY start_date, id",
            (area_id, area_id),
        )
        return [_closure(row) for row in rows]

    async def remove_closure(self, closure_id: int) -> bool:
        return await self._run("DELETE FROM office_closures WHERE id = ?", (closure_id,)) > 0

    async def coordinators(self) -> list[int]:
        """Ids of the programme's coordinators, who are told when a concern has no nurse."""
        rows = await self._all(
            "SELECT id FROM people WHERE is_coordinator = 1 AND forgotten_at IS NULL "
            "AND telegram_id IS NOT NULL ORDER BY id"
        )
        return [int(row["id"]) for row in rows]


def _area_hours(row: aiosqlite.Row) -> AreaHours:
    return AreaHours(
        area_id=row["area_id"],
        days=row["days"],
        opens=time.fromisoformat(row["opens"]),
        closes=time.fromisoformat(row["closes"]),
        country=row["country"],
        subdivision=row["subdivision"],
    )
