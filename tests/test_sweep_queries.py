"""Every statement a sweep runs uses an index: none reads a whole table that grows with the
programme (people, memberships, meetings, deliveries …), idle or with reminders due. So does
every statement of the everyday updates (bench/updates.py): a question typed, a menu button,
an RSVP tap, a check-in tap."""

from __future__ import annotations

import re
import sqlite3
from contextlib import closing
from datetime import timedelta
from pathlib import Path

from bot.app import build_application, start_services, stop_services
from bot.checkins.buttons import CheckinAct, CheckinButton
from bot.checkins.texts import MENU_LABEL as CHECKIN_LABEL
from bot.clock import ManualClock
from bot.meetings.texts import ANSWER_LABELS, PEER_MENU_LABEL
from bot.membership.invites import PRIVACY_NOTICE_VERSION
from bot.models import Answer
from bot.ratelimit import FloodLimiter
from bot.services import Services
from tests.fakes.programme import NOW, EveryoneHasAChat, build_async, db_time
from tests.fakes.recording_request import RecordingRequest, process_pending_updates
from tests.harness import make_settings

# Query plans do not depend on how many rows there are (the bot never runs ANALYZE), so a
# small programme shows the same plans as a national one.
GROUPS = 15
# Tables that stay small however many groups there are: reading them whole is fine.
SMALL_TABLES = frozenset(
    {"areas", "meta", "schema_migrations", "area_office_hours", "office_closures"}
)
# Scans known and not yet removed, each with the step it comes from. Keep this list short.
KNOWN_SCANS: dict[str, str] = {}
# Searches by a state that rows only pass through: the share read stays small however large
# the programme grows. Each with why.
PASSING_STATES: dict[str, str] = {
    "SELECT * FROM concerns c WHERE c.state = 'queued' AND NOT EXISTS (SELECT 1 FROM deliveries "
    "d WHERE d.kind = 'concern' AND d.subject_id = c.id AND d.state IN ('pending', 'sending')) "
    "ORDER BY c.raised_at, c.id": "a concern is queued only until its nurse's office opens",
}
# A full scan; or a "search" that uses no index at all (SQLite's words for a MIN/MAX read that
# still visits every row).
_SCAN = re.compile(r"\bSCAN (?:TABLE )?(\w+)|\bSEARCH (\w+)$")
# A search narrowed only by columns most rows share (a kind, a state …) reads a share of the
# table that grows with it: as bad as a scan. (SQLite may prefer such a covering index to a
# selective one, as it did for the life-cycle step's answers question.)
_FEW_VALUES = "(?:kind|state|status|role|step)=\\?"
_COARSE = re.compile(
    rf"\bSEARCH (\w+) USING (?:COVERING )?INDEX \w+ \({_FEW_VALUES}(?: AND {_FEW_VALUES})*\)"
)
_NAMED = re.compile(r"\b(?:FROM|JOIN|UPDATE|INTO)\s+(\w+)(?:\s+(?:AS\s+)?(\w+))?", re.IGNORECASE)


def _table_of(name: str, sql: str, tables: set[str]) -> str | None:
    """The table a plan's name stands for (itself, or the table it is an alias of)."""
    if name in tables:
        return name
    for table, alias in _NAMED.findall(sql):
        if alias == name and table in tables:
            return str(table)
    return None  # a subquery or a view of one: its own steps are in the plan too


def _full_scans(path: Path, statements: list[str]) -> dict[str, list[str]]:
    """Statement -> the growing tables its query plan reads whole (or a share as large)."""
    found: dict[str, list[str]] = {}
    with closing(sqlite3.connect(path)) as conn:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        for sql in statements:
            plan = conn.execute(f"EXPLAIN QUERY PLAN {sql}").fetchall()
            scanned = [
                _table_of(match[1] or match[2], sql, tables)
                for _, _, _, detail in plan
                if (match := _SCAN.search(detail) or _COARSE.search(detail))
            ]
            growing = [t for t in scanned if t is not None and t not in SMALL_TABLES]
            if growing and sql not in KNOWN_SCANS and " ".join(sql.split()) not in PASSING_STATES:
                found[sql] = growing
    return found


def _statements_of_interest(traced: list[str]) -> list[str]:
    skip = ("BEGIN", "COMMIT", "ROLLBACK", "PRAGMA", "SAVEPOINT", "RELEASE")
    unique = dict.fromkeys(sql.strip() for sql in traced)
    return [sql for sql in unique if not sql.upper().startswith(skip)]


async def _make_due(services: Services, meetings: int) -> None:
    """The next meeting of the first groups moves to tomorrow: day-before reminders are due."""
    tomorrow = NOW + timedelta(hours=26)
    async with services.db.transaction() as repos:
        conn = repos.meetings._conn
        async with conn.execute(
            "SELECT id FROM meetings WHERE starts_at > ? ORDER BY group_id LIMIT ?",
            (db_time(NOW), meetings),
        ) as cursor:
            ids = [row[0] for row in await cursor.fetchall()]
        await conn.executemany(
            "UPDATE meetings SET starts_at = ?, ends_at = ? WHERE id = ?",
            [(db_time(tomorrow), db_time(tomorrow + timedelta(minutes=90)), m) for m in ids],
        )
        await conn.executemany(
            "UPDATE deliveries SET due_at = ?, state = 'pending' WHERE kind = 'reminder' "
            "AND subject_id = ? AND variant = '1d'",
            [(db_time(NOW - timedelta(seconds=1)), m) for m in ids],
        )


async def test_no_sweep_statement_reads_a_growing_table_whole(tmp_path: Path) -> None:
    """Idle, catching up and sending reminders, each statement's query plan is indexed."""
    path = tmp_path / "programme.sqlite3"
    await build_async(path, GROUPS)
    clock = ManualClock(NOW)
    telegram = EveryoneHasAChat(clock=clock.now)
    app = build_application(
        make_settings(tmp_path, database_path=path),
        clock=clock,
        request=RecordingRequest(telegram),
        rate_limiter=FloodLimiter(overall_per_second=1e9, chat_burst=10**9),  # no pacing
    )
    traced: list[str] = []
    async with app:
        await start_services(app)
        services: Services = app.bot_data["services"]
        try:
            conn = services.db._require()
            await conn.set_trace_callback(traced.append)
            await services.sweep()  # catching up: the meetings to come
            await services.sweep()  # idle
            await conn.set_trace_callback(None)
            await _make_due(services, 10)
            await conn.set_trace_callback(traced.append)
            await services.sweep()  # reminders due
            clock.advance(timedelta(days=3))
            await services.sweep()  # meetings start, check-ins and recaps fall due
            await conn.set_trace_callback(None)
        finally:
            await stop_services(app)
    statements = _statements_of_interest(traced)
    assert len(statements) > 20
    assert _full_scans(path, statements) == {}


async def test_no_everyday_update_reads_a_growing_table_whole(tmp_path: Path) -> None:
    """A peer's question, menu button and RSVP tap, and a PSF's check-in: all indexed."""
    path = tmp_path / "programme.sqlite3"
    await build_async(path, GROUPS)
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("UPDATE people SET consent_version = ?", (PRIVACY_NOTICE_VERSION,))
    clock = ManualClock(NOW)
    telegram = EveryoneHasAChat(clock=clock.now)
    app = build_application(
        make_settings(tmp_path, database_path=path),
        clock=clock,
        request=RecordingRequest(telegram),
        rate_limiter=FloodLimiter(chat_burst=1000),
    )
    # Seeded members: person n is Telegram user 1,000,000 + n; each group's first two are PSFs.
    peer = telegram.user(1_000_000 + 13, "Person 13")
    psf = telegram.user(1_000_000 + 11, "Person 11")
    traced: list[str] = []
    async with app:
        await start_services(app)
        services: Services = app.bot_data["services"]
        try:
            await services.db._require().set_trace_callback(traced.append)
            peer.send("when is the next meeting")
            await process_pending_updates(app, telegram)
            peer.press(ANSWER_LABELS[Answer.MAYBE])
            peer.send(PEER_MENU_LABEL)
            psf.send(CHECKIN_LABEL)
            await process_pending_updates(app, telegram)
            shown = CheckinButton.parse(psf.last.inline_keyboard[0][0]["callback_data"])
            psf.press_data(CheckinButton(shown.meeting_id, CheckinAct.MOOD, 4).pack())
            await process_pending_updates(app, telegram)
            await services.db._require().set_trace_callback(None)
        finally:
            await stop_services(app)
    assert "Will you come?" in peer.inbox[0].text
    assert "How it went" in psf.last.text
    statements = _statements_of_interest(traced)
    assert len(statements) > 10
    assert _full_scans(path, statements) == {}


async def _idle_statements(tmp_path: Path, groups: int) -> int:
    """Statements an idle sweep runs on a programme of `groups` groups, once caught up."""
    path = tmp_path / f"programme-{groups}.sqlite3"
    await build_async(path, groups)
    clock = ManualClock(NOW)
    app = build_application(
        make_settings(tmp_path, database_path=path),
        clock=clock,
        request=RecordingRequest(EveryoneHasAChat(clock=clock.now)),
        rate_limiter=FloodLimiter(overall_per_second=1e9, chat_burst=10**9),
    )
    traced: list[str] = []
    async with app:
        await start_services(app)
        services: Services = app.bot_data["services"]
        try:
            await services.sweep()  # catching up
            await services.sweep()  # what the catch-up queued
            conn = services.db._require()
            await conn.set_trace_callback(traced.append)
            await services.sweep()
            await conn.set_trace_callback(None)
        finally:
            await stop_services(app)
    return len(traced)


async def test_an_idle_sweep_runs_as_many_statements_whatever_the_size(tmp_path: Path) -> None:
    """Flat, not just indexed: with nothing due, 4 groups and 3 areas' worth of them cost the
    same number of statements (no step looks at each group, meeting or area)."""
    small = await _idle_statements(tmp_path, 4)
    large = await _idle_statements(tmp_path, 3 * 100)  # 3 areas of 100 groups
    assert small == large, (small, large)
