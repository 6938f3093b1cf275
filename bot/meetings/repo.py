"""Meetings, their venues and answers, the planning drafts; and the reminder rows about them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, time
from typing import Any

import aiosqlite

from bot.models import Answer, Meeting, MeetingDraft, MeetingStatus, Venue
from bot.storage.base import Repository
from bot.storage.times import from_db, to_db

_MEETING_SELECT = (
    "SELECT m.*, v.name AS venue_name, v.address AS venue_address, v.notes AS venue_notes "
    "FROM meetings m JOIN venues v ON v.id = m.venue_id "
)
_DRAFT_FIELDS = frozenset(
    {
        "pattern",
        "first_date",
        "start_time",
        "venue_id",
        "count",
        "picked",
        "month",
        "new_venue_name",
        "new_venue_address",
    }
)


def _meeting(row: aiosqlite.Row) -> Meeting:
    return Meeting(
        id=row["id"],
        group_id=row["group_id"],
        starts_at=from_db(row["starts_at"]),
        ends_at=from_db(row["ends_at"]),
        venue_id=row["venue_id"],
        venue_name=row["venue_name"],
        venue_address=row["venue_address"],
        venue_notes=row["venue_notes"],
        status=MeetingStatus(row["status"]),
        sequence=row["sequence"],
        topic_title=row["topic_title"],
        topic_key=row["topic_key"],
        plan_id=row["plan_id"],
    )


def _venue(row: aiosqlite.Row) -> Venue:
    return Venue(
        id=row["id"],
        group_id=row["group_id"],
        name=row["name"],
        address=row["address"],
        notes=row["notes"],
    )


def _draft(row: aiosqlite.Row) -> MeetingDraft:
    picked = tuple(date.fromisoformat(d) for d in row["picked"].split(",") if d)
    return MeetingDraft(
        id=row["id"],
        person_id=row["person_id"],
        purpose=row["purpose"],
        group_id=row["group_id"],
        meeting_id=row["meeting_id"],
        pattern=row["pattern"],
        first_date=date.fromisoformat(row["first_date"]) if row["first_date"] else None,
        start_time=time.fromisoformat(row["start_time"]) if row["start_time"] else None,
        venue_id=row["venue_id"],
        count=row["count"],
        picked=picked,
        month=row["month"],
        new_venue_name=row["new_venue_name"],
        new_venue_address=row["new_venue_address"],
    )


def _draft_value(value: Any) -> Any:
    if isinstance(value, tuple):
        return ",".join(d.isoformat() for d in sorted(value))
    if isinstance(value, date | time):
        return value.isoformat()
    return value


def offsets_text(offsets: Iterable[int]) -> str:
    return ",".join(str(days) for days in sorted(set(offsets), reverse=True))


class MeetingRepo(Repository):
    # venues

    async def add_venue(
        self,
        *,
        group_id: int,
        name: str,
        address: str,
        notes: str,
        created_by: int | None,
        now: datetime,
    ) -> Venue:
        venue_id = await self._run(
            "INSERT INTO venues (group_id, name, address, notes, created_by, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (group_id, name, address, notes, created_by, to_db(now)),
        )
        return Venue(id=venue_id, group_id=group_id, name=name, address=address, notes=notes)

    async def venue(self, venue_id: int) -> Venue | None:
        row = await self._one("SELECT * FROM venues WHERE id = ?", (venue_id,))
        return None if row is None else _venue(row)

    async def venues_of(self, group_id: int) -> list[Venue]:
        """The group's saved venues, most recently used first."""
        rows = await self._all(
            "SELECT v.*, (SELECT MAX(m.starts_at) FROM meetings m WHERE m.venue_id = v.id) "
            "AS last_used FROM venues v WHERE v.group_id = ? "
            "ORDER BY last_used IS NULL, last_used DESC, v.id DESC",
            (group_id,),
        )
        return [_venue(row) for row in rows]

    # plans and meetings

    async def add_plan(self, *, group_id: int, created_by: int | None, now: datetime) -> int:
        return await self._run(
            "INSERT INTO meeting_plans (group_id, created_by, created_at) VALUES (?, ?, ?)",
            (group_id, created_by, to_db(now)),
        )

    async def plan_author(self, plan_id: int) -> int | None:
        value = await self._scalar("SELECT created_by FROM meeting_plans WHERE id = ?", (plan_id,))
        return None if value is None else int(value)

    async def add(
        self,
        *,
        group_id: int,
        plan_id: int | None,
        venue_id: int,
        starts_at: datetime,
        ends_at: datetime,
        now: datetime,
    ) -> Meeting:
        meeting_id = await self._run(
            "INSERT INTO meetings (group_id, plan_id, venue_id, starts_at, ends_at, created_at, "
            "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (group_id, plan_id, venue_id, to_db(starts_at), to_db(ends_at), to_db(now), to_db(now)),
        )
        meeting = await self.get(meeting_id)
        if meeting is None:
            raise RuntimeError("missing: meeting")
        return meeting

    async def get(self, meeting_id: int) -> Meeting | None:
        row = await self._one(_MEETING_SELECT + "WHERE m.id = ?", (meeting_id,))
        return None if row is None else _meeting(row)

    async def get_many(self, meeting_ids: Iterable[int]) -> dict[int, Meeting]:
        """The meetings with these ids (those that exist), by id: one query for a batch."""
        ids = sorted(set(meeting_ids))
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = await self._all(_MEETING_SELECT + f"WHERE m.id IN ({marks})", ids)
        return {row["id"]: _meeting(row) for row in rows}

    async def starts(self, meeting_ids: Sequence[int]) -> dict[int, tuple[datetime, bool]]:
        """Each meeting's start and whether it is still on (scheduled), by id."""
        if not meeting_ids:
            return {}
        marks = ",".join("?" for _ in meeting_ids)
        rows = await self._all(
            f"SELECT id, starts_at, status FROM meetings WHERE id IN ({marks})", tuple(meeting_ids)
        )
        return {
            row["id"]: (from_db(row["starts_at"]), row["status"] == MeetingStatus.SCHEDULED)
            for row in rows
        }

    async def of_plan(self, plan_id: int) -> list[Meeting]:
        rows = await self._all(
            _MEETING_SELECT + "WHERE m.plan_id = ? ORDER BY m.starts_at, m.id", (plan_id,)
        )
        return [_meeting(row) for row in rows]

    async def upcoming(self, group_id: int, now: datetime, *, limit: int = 100) -> list[Meeting]:
        """Scheduled meetings of a group that have not started yet, soonest first."""
        rows = await self._all(
            _MEETING_SELECT + "WHERE m.group_id = ? AND m.status = 'scheduled' "
            "AND m.starts_at > ? ORDER BY m.starts_at, m.id LIMIT ?",
            (group_id, to_db(now), limit),
        )
        return [_meeting(row) for row in rows]

    async def next_start_after(self, now: datetime) -> datetime | None:
        """When the next scheduled meeting of any group starts (the demo stops there)."""
        value = await self._scalar(
            "SELECT MIN(starts_at) FROM meetings WHERE status = 'scheduled' AND starts_at > ?",
            (to_db(now),),
        )
        return None if value is None else from_db(str(value))

    async def count_scheduled_before(self, group_id: int, starts_at: datetime) -> int:
        return int(
            await self._scalar(
                "SELECT COUNT(*) FROM meetings WHERE group_id = ? AND status = 'scheduled' "
                "AND starts_at < ?",
                (group_id, to_db(starts_at)),
            )
        )

    async def move(
        self, meeting_id: int, *, starts_at: datetime, ends_at: datetime, now: datetime
    ) -> None:
        await self._run(
            "UPDATE meetings SET starts_at = ?, ends_at = ?, sequence = sequence + 1, "
            "updated_at = ? WHERE id = ?",
            (to_db(starts_at), to_db(ends_at), to_db(now), meeting_id),
        )

    async def set_venue(self, meeting_id: int, venue_id: int, now: datetime) -> None:
        await self._run(
            "UPDATE meetings SET venue_id = ?, sequence = sequence + 1, updated_at = ? "
            "WHERE id = ?",
            (venue_id, to_db(now), meeting_id),
        )

    async def cancel(self, meeting_id: int, now: datetime) -> bool:
        changed = await self._run(
            "UPDATE meetings SET status = 'cancelled', sequence = sequence + 1, updated_at = ? "
            "WHERE id = ? AND status = 'scheduled'",
            (to_db(now), meeting_id),
        )
        return changed > 0

    async def set_topic(self, meeting_id: int, key: str | None, title: str | None) -> None:
        """The session's topic (chosen by the content feature); reminders show the title."""
        await self._run(
            "UPDATE meetings SET topic_key = ?, topic_title = ? WHERE id = ?",
            (key, title, meeting_id),
        )

    # answers

    async def set_rsvp(
        self, meeting_id: int, person_id: int, answer: Answer, now: datetime
    ) -> None:
        await self._run(
            "INSERT INTO rsvps (meeting_id, person_id, answer, answered_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (meeting_id, person_id) DO UPDATE SET answer = excluded.answer, "
            "answered_at = excluded.answered_at",
            (meeting_id, person_id, answer.value, to_db(now)),
        )

    async def rsvp(self, meeting_id: int, person_id: int) -> Answer | None:
        value = await self._scalar(
            "SELECT answer FROM rsvps WHERE meeting_id = ? AND person_id = ?",
            (meeting_id, person_id),
        )
        return None if value is None else Answer(value)

    async def rsvps_of(self, meeting_ids: Iterable[int]) -> dict[tuple[int, int], Answer]:
        """Every answer to these meetings: (meeting id, person id) -> answer, in one query."""
        ids = sorted(set(meeting_ids))
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = await self._all(
            f"SELECT meeting_id, person_id, answer FROM rsvps WHERE meeting_id IN ({marks})", ids
        )
        return {(row[0], row[1]): Answer(row[2]) for row in rows}

    async def rsvps(self, meeting_id: int) -> dict[int, Answer]:
        """Every answer to a meeting: person id -> answer."""
        rows = await self._all(
            "SELECT person_id, answer FROM rsvps WHERE meeting_id = ?", (meeting_id,)
        )
        return {row["person_id"]: Answer(row["answer"]) for row in rows}

    async def answer_counts(self, meeting_ids: Sequence[int]) -> dict[int, dict[Answer, int]]:
        """How many of each answer, per meeting (only current members' answers count)."""
        if not meeting_ids:
            return {}
        marks = ",".join("?" for _ in meeting_ids)
        rows = await self._all(
            "SELECT r.meeting_id, r.answer, COUNT(*) AS n FROM rsvps r "
            "JOIN meetings m ON m.id = r.meeting_id "
            "JOIN memberships mb ON mb.group_id = m.group_id AND mb.person_id = r.person_id "
            f"AND mb.left_at IS NULL WHERE r.meeting_id IN ({marks}) "
            "GROUP BY r.meeting_id, r.answer",
            tuple(meeting_ids),
        )
        counts: dict[int, dict[Answer, int]] = {}
        for row in rows:
            counts.setdefault(row["meeting_id"], {})[Answer(row["answer"])] = row["n"]
        return counts

    async def clear_rsvps(self, meeting_id: int) -> None:
        await self._run("DELETE FROM rsvps WHERE meeting_id = ?", (meeting_id,))

    async def rsvps_of_person(self, person_id: int) -> list[tuple[Meeting, Answer]]:
        rows = await self._all(
            _MEETING_SELECT.replace("SELECT m.*", "SELECT m.*, r.answer AS rsvp_answer")
            + "JOIN rsvps r ON r.meeting_id = m.id WHERE r.person_id = ? ORDER BY m.starts_at",
            (person_id,),
        )
        return [(_meeting(row), Answer(row["rsvp_answer"])) for row in rows]

    # each group's reminder days

    async def reminder_offsets(self, group_id: int) -> list[int] | None:
        """The group's own reminder days (most days first), or None for the programme's."""
        value = await self._scalar(
            "SELECT reminder_offsets FROM meeting_settings WHERE group_id = ?", (group_id,)
        )
        if value is None:
            return None
        return [int(part) for part in str(value).split(",") if part]

    async def reminder_offsets_of(self, group_ids: Iterable[int]) -> dict[int, list[int]]:
        """`reminder_offsets` for many groups in one query (groups using the programme's days
        are left out)."""
        ids = sorted(set(group_ids))
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = await self._all(
            "SELECT group_id, reminder_offsets FROM meeting_settings "
            f"WHERE group_id IN ({marks}) AND reminder_offsets IS NOT NULL",
            ids,
        )
        return {row[0]: [int(part) for part in str(row[1]).split(",") if part] for row in rows}

    async def set_reminder_offsets(
        self, group_id: int, offsets: Iterable[int], now: datetime
    ) -> None:
        await self._run(
            "INSERT INTO meeting_settings (group_id, reminder_offsets, updated_at) "
            "VALUES (?, ?, ?) ON CONFLICT (group_id) DO UPDATE SET "
            "reminder_offsets = excluded.reminder_offsets, updated_at = excluded.updated_at",
            (group_id, offsets_text(offsets), to_db(now)),
        )

    # the planning wizard's drafts

    async def start_draft(
        self,
        *,
        person_id: int,
        purpose: str,
        group_id: int,
        now: datetime,
        meeting_id: int | None = None,
        **fields: Any,
    ) -> MeetingDraft:
        """A fresh draft for the person (any earlier one is thrown away)."""
        await self._run("DELETE FROM meeting_drafts WHERE person_id = ?", (person_id,))
        await self._run(
            "INSERT INTO meeting_drafts (person_id, purpose, group_id, meeting_id, created_at) "
            "VALUES (?, ?, ?, ?, ?)",
            (person_id, purpose, group_id, meeting_id, to_db(now)),
        )
        draft = await self.draft(person_id)
        if draft is None:
            raise RuntimeError("missing: draft")
        if fields:
            draft = await self.update_draft(draft, **fields)
        return draft

    async def draft(self, person_id: int) -> MeetingDraft | None:
        row = await self._one("SELECT * FROM meeting_drafts WHERE person_id = ?", (person_id,))
        return None if row is None else _draft(row)

    async def update_draft(self, draft: MeetingDraft, **fields: Any) -> MeetingDraft:
        unknown = set(fields) - _DRAFT_FIELDS
        if unknown:
            raise ValueError(f"not draft fields: {sorted(unknown)}")
        if fields:
            names = sorted(fields)
            assignments = ", ".join(f"{name} = ?" for name in names)
            values = [_draft_value(fields[name]) for name in names]
            await self._run(
                f"UPDATE meeting_drafts SET {assignments} WHERE id = ?", (*values, draft.id)
            )
        updated = await self.draft(draft.person_id)
        if updated is None:
            raise RuntimeError("missing: updated")
        return updated

    async def drop_draft(self, person_id: int) -> None:
        await self._run("DELETE FROM meeting_drafts WHERE person_id = ?", (person_id,))

    # memberships whose reminders have been arranged

    async def mark_joiner(self, group_id: int, person_id: int, joined_at: datetime) -> None:
        await self._run(
            "INSERT INTO meeting_joiners (group_id, person_id, joined_at) VALUES (?, ?, ?) "
            "ON CONFLICT DO NOTHING",
            (group_id, person_id, to_db(joined_at)),
        )

    async def unarranged_members(
        self, now: datetime, *, among: Sequence[int]
    ) -> list[tuple[int, int]]:
        """(group id, person id) of reachable members of groups with upcoming meetings whose
        reminders were never arranged (they joined after the dates were planned), among these
        memberships (ids)."""
        if not among:
            return []
        marks = ",".join("?" for _ in among)
        rows = await self._all(
            "SELECT mb.group_id, mb.person_id FROM memberships mb "
            "JOIN people p ON p.id = mb.person_id "
            f"WHERE mb.id IN ({marks}) "
            "AND mb.left_at IS NULL AND p.telegram_id IS NOT NULL AND p.forgotten_at IS NULL "
            "AND EXISTS (SELECT 1 FROM meetings m WHERE m.group_id = mb.group_id "
            "AND m.status = 'scheduled' AND m.starts_at > ?) "
            "AND NOT EXISTS (SELECT 1 FROM meeting_joiners j WHERE j.group_id = mb.group_id "
            "AND j.person_id = mb.person_id AND j.joined_at = mb.joined_at) "
            "ORDER BY mb.id",
            (*among, to_db(now)),
        )
        return [(row["group_id"], row["person_id"]) for row in rows]

    async def current_members(self, person_ids: Iterable[int]) -> set[tuple[int, int]]:
        """(group id, person id) for each group these people are in now: one query."""
        ids = sorted(set(person_ids))
        if not ids:
            return set()
        marks = ",".join("?" * len(ids))
        rows = await self._all(
            "SELECT group_id, person_id FROM memberships "
            f"WHERE person_id IN ({marks}) AND left_at IS NULL",
            ids,
        )
        return {(row[0], row[1]) for row in rows}

    async def joined_at(self, group_id: int, person_id: int) -> datetime | None:
        value = await self._scalar(
            "SELECT joined_at FROM memberships WHERE group_id = ? AND person_id = ? "
            "AND left_at IS NULL",
            (group_id, person_id),
        )
        return None if value is None else from_db(str(value))

    # privacy

    async def forget_person(self, person_id: int) -> None:
        """Drop what the person was typing into a plan (a venue's name may be in it)."""
        await self.drop_draft(person_id)


class ReminderRepo(Repository):
    """Delivery rows about meetings that need more than DeliveryRepo's generic statements."""

    async def arm(
        self, *, kind: str, person_id: int, subject_id: int, variant: str, due_at: datetime
    ) -> None:
        """Make sure this delivery will go at `due_at`, even if an earlier one was sent."""
        await self._run(
            "INSERT INTO deliveries (kind, person_id, subject_id, variant, due_at) "
            "VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (kind, person_id, subject_id, variant) DO UPDATE SET "
            "due_at = excluded.due_at, state = 'pending', attempts = 0, claimed_at = NULL, "
            "sent_at = NULL, message_id = NULL, outcome = NULL WHERE state != 'sending'",
            (kind, person_id, subject_id, variant, to_db(due_at)),
        )

    async def drop(
        self,
        *,
        kind: str,
        subject_id: int,
        outcome: str,
        variants: Sequence[str] | None = None,
        person_id: int | None = None,
    ) -> int:
        """Drop pending rows about a subject: all, or only these variants / this person."""
        sql = (
            "UPDATE deliveries SET state = 'dropped', outcome = ? "
            "WHERE kind = ? AND subject_id = ? AND state = 'pending'"
        )
        params: list[Any] = [outcome, kind, subject_id]
        if variants is not None:
            sql += f" AND variant IN ({','.join('?' for _ in variants) or 'NULL'})"
            params += list(variants)
        if person_id is not None:
            sql += " AND person_id = ?"
            params.append(person_id)
        return await self._run(sql, params)

    async def pending_variants(self, *, kind: str, subject_id: int) -> dict[str, list[int]]:
        """Pending rows about a subject: variant -> person ids."""
        rows = await self._all(
            "SELECT variant, person_id FROM deliveries WHERE kind = ? AND subject_id = ? "
            "AND state = 'pending'",
            (kind, subject_id),
        )
        found: dict[str, list[int]] = {}
        for row in rows:
            found.setdefault(row["variant"], []).append(row["person_id"])
        return found

    async def was_sent(self, *, kind: str, person_id: int, subject_id: int) -> bool:
        value = await self._scalar(
            "SELECT 1 FROM deliveries WHERE kind = ? AND person_id = ? AND subject_id = ? "
            "AND state = 'sent' LIMIT 1",
            (kind, person_id, subject_id),
        )
        return value is not None

    async def sent_pairs(
        self, *, kind: str, person_ids: Iterable[int], subject_ids: Iterable[int]
    ) -> set[tuple[int, int]]:
        """`was_sent` for a batch: the (person id, subject id) pairs among these people and
        subjects that have a sent row of this kind, in one query."""
        people, subjects = sorted(set(person_ids)), sorted(set(subject_ids))
        if not people or not subjects:
            return set()
        rows = await self._all(
            "SELECT DISTINCT person_id, subject_id FROM deliveries WHERE kind = ? "
            f"AND person_id IN ({','.join('?' * len(people))}) "
            f"AND subject_id IN ({','.join('?' * len(subjects))}) AND state = 'sent'",
            [kind, *people, *subjects],
        )
        return {(row[0], row[1]) for row in rows}

    async def exists(self, *, kind: str, person_id: int, subject_id: int, variant: str) -> bool:
        value = await self._scalar(
            "SELECT 1 FROM deliveries WHERE kind = ? AND person_id = ? AND subject_id = ? "
            "AND variant = ?",
            (kind, person_id, subject_id, variant),
        )
        return value is not None

    async def variant_used(self, *, kind: str, subject_id: int, variant: str) -> bool:
        value = await self._scalar(
            "SELECT 1 FROM deliveries WHERE kind = ? AND subject_id = ? AND variant = ? LIMIT 1",
            (kind, subject_id, variant),
        )
        return value is not None

    async def any_due(self, kinds: Sequence[str], now: datetime) -> bool:
        """Whether a pending row of one of these kinds is due."""
        for kind in kinds:
            value = await self._scalar(
                "SELECT 1 FROM deliveries WHERE kind = ? AND state = 'pending' AND due_at <= ? "
                "LIMIT 1",
                (kind, to_db(now)),
            )
            if value is not None:
                return True
        return False

    async def due_meeting_rows(
        self, kinds: Sequence[str], now: datetime, *, zones: Sequence[str]
    ) -> list[tuple[int, str]]:
        """Pending due rows of these kinds (subject = a meeting) in groups of areas in these
        time zones: (row id, area time zone)."""
        kind_marks = ",".join("?" for _ in kinds)
        zone_marks = ",".join("?" for _ in zones) or "NULL"
        rows = await self._all(
            "SELECT d.id, a.timezone FROM deliveries d "
            "JOIN meetings m ON m.id = d.subject_id JOIN groups g ON g.id = m.group_id "
            f"JOIN areas a ON a.id = g.area_id WHERE d.kind IN ({kind_marks}) "
            f"AND d.state = 'pending' AND d.due_at <= ? AND a.timezone IN ({zone_marks})",
            (*kinds, to_db(now), *zones),
        )
        return [(row["id"], row["timezone"]) for row in rows]

    async def postpone(self, delivery_ids: Sequence[int], due_at: datetime) -> int:
        if not delivery_ids:
            return 0
        marks = ",".join("?" for _ in delivery_ids)
        return await self._run(
            f"UPDATE deliveries SET due_at = ? WHERE id IN ({marks}) AND state = 'pending'",
            (to_db(due_at), *delivery_ids),
        )

    async def first_pending_payload(self, *, kind: str, subject_id: int) -> str | None:
        value = await self._scalar(
            "SELECT payload FROM deliveries WHERE kind = ? AND subject_id = ? "
            "AND state = 'pending' AND payload IS NOT NULL ORDER BY id LIMIT 1",
            (kind, subject_id),
        )
        return None if value is None else str(value)
