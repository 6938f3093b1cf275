"""Check-ins after meetings: each PSF's answers, the shared attendance, peers' feedback."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

import aiosqlite

from bot.checkins.records import Attendance, AttendanceRow, Checkin
from bot.storage.base import Repository
from bot.storage.times import from_db, maybe_from_db, to_db

_CHECKIN_FIELDS = frozenset(
    {
        "attendance_at",
        "mood",
        "went_well",
        "less_well",
        "obstacles",
        "obstacles_at",
        "wants_nurse",
        "concern_id",
        "completed_at",
    }
)
_ATTENDANCE_FIELDS = frozenset(
    {"met", "not_met_reason", "without_telegram", "newcomers", "confirmed_by", "confirmed_at"}
)


def _flag(value: Any) -> bool | None:
    return None if value is None else bool(value)


def _checkin(row: aiosqlite.Row) -> Checkin:
    return Checkin(
        id=row["id"],
        meeting_id=row["meeting_id"],
        group_id=row["group_id"],
        person_id=row["person_id"],
        attendance_at=maybe_from_db(row["attendance_at"]),
        mood=row["mood"],
        went_well=row["went_well"],
        less_well=row["less_well"],
        obstacles=frozenset(part for part in row["obstacles"].split(",") if part),
        obstacles_at=maybe_from_db(row["obstacles_at"]),
        wants_nurse=_flag(row["wants_nurse"]),
        concern_id=row["concern_id"],
        completed_at=maybe_from_db(row["completed_at"]),
        created_at=from_db(row["created_at"]),
        updated_at=from_db(row["updated_at"]),
    )


def _attendance(row: aiosqlite.Row) -> Attendance:
    return Attendance(
        meeting_id=row["meeting_id"],
        met=bool(row["met"]),
        not_met_reason=row["not_met_reason"],
        without_telegram=row["without_telegram"],
        newcomers=row["newcomers"],
        confirmed_by=row["confirmed_by"],
        confirmed_at=maybe_from_db(row["confirmed_at"]),
    )


def _db_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return to_db(value)
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, frozenset | set):
        return ",".join(sorted(value))
    return value


class CheckinRepo(Repository):
    # each PSF's check-in

    async def get(self, meeting_id: int, person_id: int) -> Checkin | None:
        row = await self._one(
            "SELECT * FROM checkins WHERE meeting_id = ? AND person_id = ?",
            (meeting_id, person_id),
        )
        return None if row is None else _checkin(row)

    async def get_or_create(
        self, *, meeting_id: int, group_id: int, person_id: int, now: datetime
    ) -> Checkin:
        found = await self.get(meeting_id, person_id)
        if found is not None:
            return found
        await self._run(
            "INSERT INTO checkins (meeting_id, group_id, person_id, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (meeting_id, person_id) DO NOTHING",
            (meeting_id, group_id, person_id, to_db(now), to_db(now)),
        )
        found = await self.get(meeting_id, person_id)
        if found is None:
            raise RuntimeError("missing: found")
        return found

    async def update(self, checkin: Checkin, now: datetime, **fields: Any) -> Checkin:
        unknown = set(fields) - _CHECKIN_FIELDS
        if unknown:
            raise ValueError(f"not check-in fields: {sorted(unknown)}")
        names = sorted(fields)
        assignments = "".join(f"{name} = ?, " for name in names)
        values = [_db_value(fields[name]) for name in names]
        row = await self._one(
            f"UPDATE checkins SET {assignments}updated_at = ? WHERE id = ? RETURNING *",
            (*values, to_db(now), checkin.id),
        )
        if row is None:
            raise RuntimeError("missing: row")
        return _checkin(row)

    async def for_meeting(self, meeting_id: int) -> list[Checkin]:
        rows = await self._all(
            "SELECT * FROM checkins WHERE meeting_id = ? ORDER BY id", (meeting_id,)
        )
        return [_checkin(row) for row in rows]

    async def by_person(self, person_id: int) -> list[Checkin]:
        rows = await self._all(
            "SELECT * FROM checkins WHERE person_id = ? ORDER BY meeting_id", (person_id,)
        )
        return [_checkin(row) for row in rows]

    async def erase_person(self, person_id: int, now: datetime) -> None:
        """Blank what the person wrote and who they were; the faces and chips stay, nameless."""
        await self._run(
            "UPDATE checkins SET went_well = CASE WHEN went_well IS NULL THEN NULL ELSE '' END, "
            "less_well = CASE WHEN less_well IS NULL THEN NULL ELSE '' END, person_id = NULL, "
            "updated_at = ? WHERE person_id = ?",
            (to_db(now), person_id),
        )

    # the attendance the PSFs share

    async def attendance(self, meeting_id: int) -> Attendance | None:
        row = await self._one(
            "SELECT * FROM meeting_attendance WHERE meeting_id = ?", (meeting_id,)
        )
        return None if row is None else _attendance(row)

    async def save_attendance(
        self, meeting_id: int, *, by: int | None, now: datetime, **fields: Any
    ) -> Attendance:
        unknown = set(fields) - _ATTENDANCE_FIELDS
        if unknown:
            raise ValueError(f"not attendance fields: {sorted(unknown)}")
        await self._run(
            "INSERT INTO meeting_attendance (meeting_id, updated_by, updated_at) VALUES (?, ?, ?) "
            "ON CONFLICT (meeting_id) DO NOTHING",
            (meeting_id, by, to_db(now)),
        )
        names = sorted(fields)
        assignments = "".join(f"{name} = ?, " for name in names)
        values = [_db_value(fields[name]) for name in names]
        await self._run(
            f"UPDATE meeting_attendance SET {assignments}updated_by = ?, updated_at = ? "
            "WHERE meeting_id = ?",
            (*values, by, to_db(now), meeting_id),
        )
        saved = await self.attendance(meeting_id)
        if saved is None:
            raise RuntimeError("missing: saved")
        return saved

    async def peer_marks(
        self, meeting_id: int, group_id: int
    ) -> list[tuple[int, str, bool, bool | None, bool]]:
        """The group's current peers (not forgotten), by name: (person id, name, has Telegram,
        ticked as present or not (None: not marked), said Going) in one statement."""
        rows = await self._all(
            "SELECT p.id, p.display_name, p.telegram_id IS NOT NULL AS has_telegram, "
            "am.present, r.answer = 'yes' AS going FROM memberships m "
            "JOIN people p ON p.id = m.person_id "
            "LEFT JOIN attendance_marks am ON am.meeting_id = ? AND am.person_id = p.id "
            "LEFT JOIN rsvps r ON r.meeting_id = ? AND r.person_id = p.id "
            "WHERE m.group_id = ? AND m.left_at IS NULL AND m.role = 'peer' "
            "AND p.forgotten_at IS NULL ORDER BY p.display_name COLLATE NOCASE, p.id",
            (meeting_id, meeting_id, group_id),
        )
        return [
            (
                row["id"],
                row["display_name"],
                bool(row["has_telegram"]),
                None if row["present"] is None else bool(row["present"]),
                bool(row["going"]),
            )
            for row in rows
        ]

    async def marks(self, meeting_id: int) -> dict[int, bool]:
        """Who was ticked as present or not: person id -> present."""
        rows = await self._all(
            "SELECT person_id, present FROM attendance_marks WHERE meeting_id = ?", (meeting_id,)
        )
        return {row["person_id"]: bool(row["present"]) for row in rows}

    async def set_marks(
        self, meeting_id: int, marks: Mapping[int, bool], *, by: int | None, now: datetime
    ) -> None:
        for person_id, present in marks.items():
            await self._run(
                "INSERT INTO attendance_marks (meeting_id, person_id, present, marked_by, "
                "marked_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (meeting_id, person_id) DO UPDATE "
                "SET present = excluded.present, marked_by = excluded.marked_by, "
                "marked_at = excluded.marked_at",
                (meeting_id, person_id, int(present), by, to_db(now)),
            )

    async def marks_of_person(self, person_id: int) -> list[tuple[int, bool]]:
        rows = await self._all(
            "SELECT meeting_id, present FROM attendance_marks WHERE person_id = ? "
            "ORDER BY meeting_id",
            (person_id,),
        )
        return [(row["meeting_id"], bool(row["present"])) for row in rows]

    async def history(self, group_id: int, now: datetime) -> list[AttendanceRow]:
        """Every meeting of the group that has started (not cancelled), oldest first."""
        rows = await self._all(
            "SELECT m.id, m.starts_at, a.meeting_id AS recorded, a.met, a.not_met_reason, "
            "a.without_telegram, a.newcomers, a.confirmed_at FROM meetings m "
            "LEFT JOIN meeting_attendance a ON a.meeting_id = m.id "
            "WHERE m.group_id = ? AND m.status = 'scheduled' AND m.starts_at <= ? "
            "ORDER BY m.starts_at, m.id",
            (group_id, to_db(now)),
        )
        ids = [row["id"] for row in rows]
        present: dict[int, list[tuple[int, bool]]] = {}
        if ids:
            marks = ",".join("?" for _ in ids)
            for mark in await self._all(
                # A peer who used /forget had Telegram: they lost their id, not their phone.
                "SELECT am.meeting_id, am.person_id, "
                "(p.telegram_id IS NULL AND p.forgotten_at IS NULL) AS offline "
                "FROM attendance_marks am JOIN people p ON p.id = am.person_id "
                f"WHERE am.present = 1 AND am.meeting_id IN ({marks}) "
                "ORDER BY am.meeting_id, am.person_id",
                ids,
            ):
                present.setdefault(mark["meeting_id"], []).append(
                    (mark["person_id"], bool(mark["offline"]))
                )
        history = []
        for row in rows:
            recorded = row["confirmed_at"] is not None
            came = present.get(row["id"], []) if recorded and row["met"] else []
            history.append(
                AttendanceRow(
                    meeting_id=row["id"],
                    starts_at=from_db(row["starts_at"]),
                    recorded=recorded,
                    met=bool(row["met"]) if recorded else None,
                    not_met_reason=row["not_met_reason"] if recorded else None,
                    present_ids=tuple(person_id for person_id, _ in came),
                    present_without_telegram=sum(1 for _, offline in came if offline),
                    extra_without_telegram=(
                        row["without_telegram"] if recorded and row["met"] else 0
                    ),
                    newcomers=row["newcomers"] if recorded and row["met"] else 0,
                )
            )
        return history

    # which meetings have had their check-ins arranged

    async def unarranged_started(
        self, now: datetime, *, ended_after: datetime, among: Sequence[int]
    ) -> list[int]:
        """Those of these meetings that have started (and ended after `ended_after`) with no
        prompts yet."""
        if not among:
            return []
        marks = ",".join("?" for _ in among)
        rows = await self._all(
            f"SELECT m.id FROM meetings m WHERE m.id IN ({marks}) "
            "AND m.status = 'scheduled' AND m.starts_at <= ? "
            "AND m.ends_at > ? AND NOT EXISTS "
            "(SELECT 1 FROM checkin_rounds r WHERE r.meeting_id = m.id) ORDER BY m.starts_at",
            (*among, to_db(now), to_db(ended_after)),
        )
        return [row["id"] for row in rows]

    async def mark_arranged(self, meeting_id: int, now: datetime) -> None:
        await self._run(
            "INSERT INTO checkin_rounds (meeting_id, arranged_at) VALUES (?, ?) "
            "ON CONFLICT DO NOTHING",
            (meeting_id, to_db(now)),
        )

    async def starting_between(self, start: datetime, end: datetime) -> list[int]:
        """Scheduled meetings (any group) that start after `start`, up to `end`."""
        rows = await self._all(
            "SELECT id FROM meetings WHERE status = 'scheduled' AND starts_at > ? "
            "AND starts_at <= ? ORDER BY starts_at, id",
            (to_db(start), to_db(end)),
        )
        return [row["id"] for row in rows]

    # meetings around a meeting

    async def latest_started(self, group_id: int, now: datetime) -> int | None:
        value = await self._scalar(
            "SELECT id FROM meetings WHERE group_id = ? AND status = 'scheduled' "
            "AND starts_at <= ? ORDER BY starts_at DESC, id DESC LIMIT 1",
            (group_id, to_db(now)),
        )
        return None if value is None else int(value)

    async def previous(self, group_id: int, before: datetime) -> int | None:
        value = await self._scalar(
            "SELECT id FROM meetings WHERE group_id = ? AND status = 'scheduled' "
            "AND starts_at < ? ORDER BY starts_at DESC, id DESC LIMIT 1",
            (group_id, to_db(before)),
        )
        return None if value is None else int(value)

    async def next_after(self, group_id: int, after: datetime) -> int | None:
        value = await self._scalar(
            "SELECT id FROM meetings WHERE group_id = ? AND status = 'scheduled' "
            "AND starts_at > ? ORDER BY starts_at, id LIMIT 1",
            (group_id, to_db(after)),
        )
        return None if value is None else int(value)

    # peers' feedback

    async def set_feedback(
        self, meeting_id: int, person_id: int, rating: str, now: datetime
    ) -> None:
        await self._run(
            "INSERT INTO peer_feedback (meeting_id, person_id, rating, answered_at) "
            "VALUES (?, ?, ?, ?) ON CONFLICT (meeting_id, person_id) DO UPDATE SET "
            "rating = excluded.rating, answered_at = excluded.answered_at",
            (meeting_id, person_id, rating, to_db(now)),
        )

    async def feedback(self, meeting_id: int, person_id: int) -> str | None:
        value = await self._scalar(
            "SELECT rating FROM peer_feedback WHERE meeting_id = ? AND person_id = ?",
            (meeting_id, person_id),
        )
        return None if value is None else str(value)

    async def feedback_counts(self, meeting_id: int) -> dict[str, int]:
        rows = await self._all(
            "SELECT rating, COUNT(*) AS n FROM peer_feedback WHERE meeting_id = ? GROUP BY rating",
            (meeting_id,),
        )
        return {row["rating"]: row["n"] for row in rows}

    async def feedback_of_person(self, person_id: int) -> list[tuple[int, str, datetime]]:
        rows = await self._all(
            "SELECT meeting_id, rating, answered_at FROM peer_feedback WHERE person_id = ? "
            "ORDER BY meeting_id",
            (person_id,),
        )
        return [(row["meeting_id"], row["rating"], from_db(row["answered_at"])) for row in rows]

    async def erase_feedback(self, person_id: int) -> None:
        await self._run(
            "UPDATE peer_feedback SET person_id = NULL WHERE person_id = ?", (person_id,)
        )

    # each group's choices

    async def missed_you(self, group_id: int) -> bool:
        value = await self._scalar(
            "SELECT missed_you FROM checkin_settings WHERE group_id = ?", (group_id,)
        )
        return True if value is None else bool(value)

    async def set_missed_you(
        self, group_id: int, on: bool, *, by: int | None, now: datetime
    ) -> None:
        await self._run(
            "INSERT INTO checkin_settings (group_id, missed_you, updated_by, updated_at) "
            "VALUES (?, ?, ?, ?) ON CONFLICT (group_id) DO UPDATE SET "
            "missed_you = excluded.missed_you, updated_by = excluded.updated_by, "
            "updated_at = excluded.updated_at",
            (group_id, int(on), by, to_db(now)),
        )

    # deliveries about meetings, by state

    async def delivery_state(
        self, *, kind: str, person_id: int, subject_id: int, variant: str = ""
    ) -> str | None:
        value = await self._scalar(
            "SELECT state FROM deliveries WHERE kind = ? AND person_id = ? AND subject_id = ? "
            "AND variant = ?",
            (kind, person_id, subject_id, variant),
        )
        return None if value is None else str(value)

    async def deliveries_about(self, *, kind: str, subject_id: int) -> dict[int, tuple[str, str]]:
        """Rows of a kind about a meeting, whatever their state: person id -> (state, due)."""
        rows = await self._all(
            "SELECT person_id, state, due_at FROM deliveries WHERE kind = ? AND subject_id = ?",
            (kind, subject_id),
        )
        return {row["person_id"]: (row["state"], row["due_at"]) for row in rows}
