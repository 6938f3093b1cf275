"""A national programme written straight into SQLite: fast to build at any size.

The schema comes from the project's own migrations (the bot opens the file first); the rows go
in with executemany in one transaction, so 10,000 groups take seconds. Each group has 10 members
(2 PSFs, 8 peers), 100 groups an area with a nurse, 6 meetings (5 held over the past year, one
to come within the month) and the year's history: every reminder, check-in prompt, feedback
question, recap and suggestion as a sent delivery row, each peer's answers, attendance, each
PSF's check-in, peers' feedback, a concern with its steps and a topic idea. It is the state a
running bot leaves: what the sweeps had to look at has been looked at.

Used by bench/scale.py and by the query-plan test (tests/test_sweep_queries.py).
"""

from __future__ import annotations

import asyncio
import functools
import sqlite3
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bot.devserver import FakeTelegram
from bot.storage import Database
from bot.storage.times import to_db

# A Wednesday at 10:00 (outside quiet hours), as in the tests.
NOW = datetime(2026, 11, 4, 10, 0, tzinfo=UTC)
GROUPS_PER_AREA = 100
PSFS, PEERS = 2, 8
PAST_MEETINGS = 5


@functools.lru_cache(maxsize=65536)
def db_time(at: datetime) -> str:
    return to_db(at)


_t = db_time


class Rows:
    """Rows of every table, generated group by group."""

    def __init__(self) -> None:
        self.tables: dict[str, list[tuple[Any, ...]]] = {}

    def add(self, table: str, row: tuple[Any, ...]) -> None:
        self.tables.setdefault(table, []).append(row)


COLUMNS = {
    "areas": "id, name, slug, timezone, created_at",
    "groups": "id, area_id, name, venue, start_date, status, created_at",
    "people": "id, telegram_id, display_name, consent_version, consent_at, created_at",
    "memberships": "id, group_id, person_id, role, joined_at",
    "area_nurses": "area_id, person_id, is_backup, joined_at",
    "venues": "id, group_id, name, address, notes, created_at",
    "meeting_plans": "id, group_id, created_by, created_at",
    "meetings": "id, group_id, plan_id, venue_id, starts_at, ends_at, topic_key, topic_title, "
    "created_at, updated_at",
    "meeting_joiners": "group_id, person_id, joined_at",
    "rsvps": "meeting_id, person_id, answer, answered_at",
    "checkin_rounds": "meeting_id, arranged_at",
    "meeting_attendance": "meeting_id, met, newcomers, confirmed_by, confirmed_at, updated_by, "
    "updated_at",
    "attendance_marks": "meeting_id, person_id, present, marked_by, marked_at",
    "checkins": "meeting_id, group_id, person_id, attendance_at, mood, went_well, less_well, "
    "obstacles, obstacles_at, wants_nurse, completed_at, created_at, updated_at",
    "peer_feedback": "meeting_id, person_id, rating, answered_at",
    "session_plans": "meeting_id, group_id, session_number, suggested_kind, suggested_key, "
    "icebreaker_key, sent_at, sent_for, created_at, updated_at",
    "topic_suggestions": "group_id, person_id, meeting_id, text, created_at",
    "concerns": "id, group_id, area_id, raised_by, category, description, state, nurse_id, "
    "outcome, created_at, raised_at, delivered_at, acknowledged_at, acknowledged_by, "
    "resolved_at, resolved_by",
    "concern_events": "concern_id, at, kind, person_id, role, text",
    "deliveries": "kind, person_id, subject_id, variant, due_at, state, attempts, sent_at, "
    "message_id",
}


def future_start(group_id: int) -> datetime:
    """Each group's next meeting: spread over the coming month, 10:30 local-ish."""
    return NOW + timedelta(days=2 + group_id % 28, minutes=30)


def generate(groups: int) -> Iterator[Rows]:  # noqa: PLR0912 - table by table
    """The programme in chunks of up to 1,000 groups (memory stays small at 100,000)."""
    areas = max(1, groups // GROUPS_PER_AREA)
    made = NOW - timedelta(days=400)
    first = Rows()
    for a in range(1, areas + 1):
        first.add("areas", (a, f"Area {a}", f"area-{a}", "Europe/London", _t(made)))
        nurse = groups * (PSFS + PEERS) + a
        first.add("people", (nurse, 5_000_000 + nurse, f"Nurse {a}", 1, _t(made), _t(made)))
        first.add("area_nurses", (a, nurse, 0, _t(made)))
    yield first
    meeting_id = 0
    concern_id = 0
    chunk = Rows()
    for g in range(1, groups + 1):
        area = 1 + (g - 1) % areas
        chunk.add("groups", (g, area, f"Group {g}", None, None, "running", _t(made)))
        chunk.add("venues", (g, g, "Village hall", "High Street", "", _t(made)))
        chunk.add("meeting_plans", (g, g, (g - 1) * 10 + 1, _t(made)))
        members = [(g - 1) * 10 + k + 1 for k in range(PSFS + PEERS)]
        psfs, peers = members[:PSFS], members[PSFS:]
        joined = _t(made)
        for k, person in enumerate(members):
            role = "psf" if k < PSFS else "peer"
            chunk.add("people", (person, 1_000_000 + person, f"Person {person}", 1, joined, joined))
            chunk.add("memberships", (person, g, person, role, joined))
            chunk.add("meeting_joiners", (g, person, joined))
        hour = timedelta(minutes=30 + 60 * (g % 5))
        starts = [
            NOW - timedelta(days=60 * (PAST_MEETINGS - k) + g % 28) + hour
            for k in range(PAST_MEETINGS)
        ]
        starts.append(future_start(g))
        for k, start in enumerate(starts):
            meeting_id += 1
            m = meeting_id
            end = start + timedelta(minutes=90)
            past = k < PAST_MEETINGS
            chunk.add(
                "meetings",
                (m, g, g, g, _t(start), _t(end), "feet", "Looking after your feet",
                 _t(made), _t(made)),
            )  # fmt: skip
            chunk.add(
                "session_plans",
                (m, g, k + 1, "session", f"s{k + 1}", "two-truths",
                 _t(start - timedelta(days=3)) if past else None,
                 _t(start) if past else None, _t(made), _t(made)),
            )  # fmt: skip
            for i, peer in enumerate(peers):
                chunk.add("rsvps", (m, peer, ("yes", "yes", "maybe", "no")[(i + k) % 4], joined))
            for person in members:
                for days in (7, 1):
                    due = start - timedelta(days=days)
                    if due <= NOW:
                        row = (
                            "reminder",
                            person,
                            m,
                            f"{days}d",
                            _t(due),
                            "sent",
                            1,
                            _t(due),
                            m,
                        )
                    else:
                        row = (
                            "reminder",
                            person,
                            m,
                            f"{days}d",
                            _t(due),
                            "pending",
                            0,
                            None,
                            None,
                        )
                    chunk.add("deliveries", row)
            if not past:
                continue
            after = end + timedelta(hours=2)
            chunk.add("checkin_rounds", (m, _t(start)))
            chunk.add(
                "meeting_attendance",
                (m, 1, k % 2, psfs[0], _t(after), psfs[0], _t(after)),
            )
            for i, peer in enumerate(peers):
                came = i % 3 != 0
                chunk.add("attendance_marks", (m, peer, int(came), psfs[0], _t(after)))
                chunk.add("deliveries", ("kfeedback", peer, m, "", _t(after), "sent", 1,
                                         _t(after), m))  # fmt: skip
                if came:
                    rating = ("helpful", "ok", "not_for_me")[i % 3]
                    chunk.add("peer_feedback", (m, peer, rating, _t(after)))
            for psf in psfs:
                chunk.add(
                    "checkins",
                    (m, g, psf, _t(after), 1 + (psf + k) % 5, "Good chat about walking", "",
                     "wandered" if k % 3 == 0 else "", _t(after), 0, _t(after), _t(after),
                     _t(after)),
                )  # fmt: skip
                for kind, due in (
                    ("kprompt", end + timedelta(hours=1)),
                    ("krecap", start - timedelta(days=2)),
                    ("topicidea", start - timedelta(days=3)),
                ):
                    chunk.add("deliveries", (kind, psf, m, "" if kind != "krecap" else _t(start),
                                             _t(due), "sent", 1, _t(due), m))  # fmt: skip
        # The life-cycle questions of the year: carrying on after session 5 (everyone), and
        # "we have missed you" to the peers who never came.
        asked_at = _t(starts[PAST_MEETINGS - 1] + timedelta(days=1))
        for k, person in enumerate(members):
            for kind in ("lcdecide" if k < PSFS else "lccome",) + (
                ("lcstay",) if k >= PSFS and (k - PSFS) % 3 == 0 else ()
            ):
                chunk.add("deliveries", (kind, person, g, "", asked_at, "sent", 1, asked_at, None))
        chunk.add("topic_suggestions", (g, peers[0], meeting_id - 1, "Feet", _t(NOW)))
        concern_id += 1
        raised = NOW - timedelta(days=g % 300 + 1)
        nurse = groups * (PSFS + PEERS) + area
        chunk.add(
            "concerns",
            (concern_id, g, area, psfs[0], "peer", "Private words", "resolved", nurse, "done",
             _t(raised), _t(raised), _t(raised), _t(raised), nurse, _t(raised), nurse),
        )  # fmt: skip
        for kind, who, role in (("raised", psfs[0], "psf"), ("acknowledged", nurse, "nurse"),
                                ("resolved", nurse, "nurse")):  # fmt: skip
            chunk.add("concern_events", (concern_id, _t(raised), kind, who, role, None))
        if g % 1_000 == 0:
            yield chunk
            chunk = Rows()
    yield chunk


def build(path: Path, groups: int) -> float:
    """The programme's database at `path`; returns seconds taken."""
    return asyncio.run(build_async(path, groups))


async def build_async(path: Path, groups: int) -> float:
    """The same, inside a running event loop (the rows go in synchronously)."""
    started = time.perf_counter()
    db = Database(path)
    await db.open()
    await db.close()
    _fill(path, groups)
    return time.perf_counter() - started


def _fill(path: Path, groups: int) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("PRAGMA cache_size = -200000")
        conn.execute("BEGIN")
        # Indexes and triggers are made again after the rows: much faster than keeping them up.
        later = conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') "
            "AND sql IS NOT NULL"
        ).fetchall()
        for name, sql in later:
            kind = "TRIGGER" if sql.upper().startswith("CREATE TRIGGER") else "INDEX"
            conn.execute(f"DROP {kind} {name}")
        for rows in generate(groups):
            for table, values in rows.tables.items():
                columns = COLUMNS[table]
                marks = ", ".join("?" for _ in columns.split(","))
                conn.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", values)
        for _, sql in later:
            conn.execute(sql)
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        if "sweep_work" in tables:
            # A running bot has looked at the past: only meetings to come are left to look at.
            conn.execute(
                "INSERT INTO sweep_work (step, subject_id, look_at) "
                "SELECT s.step, m.id, '' FROM meetings m, (SELECT 'checkins' AS step "
                "UNION ALL SELECT 'recaps' UNION ALL SELECT 'suggestions') s "
                "WHERE m.starts_at > ?",
                (_t(NOW),),
            )
        if "lifecycle_work" in tables:
            # Each group is next looked at when its next meeting starts.
            conn.execute(
                "INSERT INTO lifecycle_work (group_id, look_at) "
                "SELECT group_id, MIN(starts_at) FROM meetings WHERE starts_at > ? "
                "GROUP BY group_id",
                (_t(NOW),),
            )
        if "oversight_work" in tables:
            # Every group to be looked at by the first sweep, as after the migration.
            conn.execute("INSERT INTO oversight_work (group_id, look_at) SELECT id, '' FROM groups")
        if "task_work" in tables:
            # The meetings to come, to be looked at by the first sweep, as after the migration.
            conn.execute(
                "INSERT INTO task_work (meeting_id, look_at) "
                "SELECT id, '' FROM meetings WHERE starts_at > ?",
                (_t(NOW),),
            )
        if "digest_work" in tables:
            # Every area's digest to be arranged by the first sweep, as after the migration.
            conn.execute("INSERT INTO digest_work (area_id, look_at) SELECT id, '' FROM areas")
        conn.execute("COMMIT")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


class EveryoneHasAChat(FakeTelegram):
    """The programme's members have all written to the bot (each made when first sent to)."""

    def _chat(self, request: Any, key: str = "chat_id") -> Any:
        chat_id = request.get(key)
        if isinstance(chat_id, int) and chat_id > 0:
            self.user(chat_id).has_chat = True
        return super()._chat(request, key)
