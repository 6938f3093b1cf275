"""The research export: the right numbers from a programme run through the real flows, nothing
that identifies anyone (in any value of any file), date limits, and the coordinator command."""

from __future__ import annotations

import asyncio
import csv
import json
import shutil
import stat
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.checkins import rules as checkins
from bot.checkins import texts as checkin_texts
from bot.checkins.rules import CheckinTimes
from bot.clock import ManualClock
from bot.concerns import texts as concern_texts
from bot.export.rules import TABLES, Redactor, csv_cell, research_export
from bot.meetings import rules as meetings
from bot.meetings.rules import ReminderRules
from bot.membership import account_texts
from bot.models import Answer, Role
from bot.privacy import export_person
from bot.sessions import texts as suggestion_texts
from bot.sessions.ideas import add_suggestion
from tests.builders import Programme
from tests.checkins.helpers import MeetingDay, meeting_day, to_prompt, walk_checkin
from tests.concerns.steps import WORRY, raise_concern, utc
from tests.harness import BotHarness

EXPORT_AT = utc(2026, 11, 20, 12)
DB_NAME = "peer-circle.sqlite3"  # where BotHarness keeps its database
RAISED = utc(2026, 11, 17, 16, 30)  # a Tuesday, half an hour before the office closes
NURSE_REPLY = "Could you ask her whether I may ring her at home?"
PSF_ANSWER = "Yes please, she is in all afternoon."
OUTCOME = "Rang her; GP appointment booked for Friday."
WELL_WORDS = "Peer1, peer2 and Winifred talked about walking at the Village Hall; ring 07700 900123"
FORGOTTEN_WORDS = "Words of a facilitator who asked to be forgotten"
FORGOTTEN_TOPIC = "A topic idea from someone who asked to be forgotten"


@dataclass
class Seeded:
    day: MeetingDay
    names: list[str]
    telegram_ids: list[int]
    secrets: list[str]  # words that must never be in an export

    @property
    def world(self) -> Programme:
        return self.day.world

    def ref(self, user_index: int) -> str:
        return f"P{self.world.person_id(self.world.psfs[user_index])}"


async def forget(bot: BotHarness, user: object) -> None:
    await bot.send(user, "/forget")  # type: ignore[arg-type]
    await bot.press(user, account_texts.YES_FORGET)  # type: ignore[arg-type]


async def seed(bot: BotHarness) -> Seeded:
    """Three PSFs, four peers and one without Telegram; three monthly meetings, the third
    cancelled; answers, a check-in done, one missing, one by a PSF who then asks to be
    forgotten; peers' feedback (one of them then forgotten); topic ideas; and a concern
    that waits overnight, is acknowledged, answered both ways and resolved."""
    day = await meeting_day(
        bot, psfs=3, peers=4, answers=(Answer.YES, Answer.YES, Answer.NO, Answer.YES)
    )
    world = day.world
    psf1, _, psf3 = world.psfs  # the second PSF never checks in
    peer1, peer2, _, _ = world.peers
    now = bot.clock.now()
    async with bot.services.db.transaction() as repos:
        offline = await repos.people.add(display_name="Winifred", now=now)
        await repos.people.join_group(
            group_id=world.group.id, person_id=offline.id, role=Role.PEER, now=now
        )
        await add_suggestion(
            repos, group_id=world.group.id, person_id=world.person_id(peer1),
            text="Looking after our feet", now=now,
        )  # fmt: skip
        await add_suggestion(
            repos, group_id=world.group.id, person_id=world.person_id(peer2),
            text=FORGOTTEN_TOPIC, now=now + timedelta(days=1),
        )  # fmt: skip
        await meetings.cancel_meeting(
            repos, meeting=day.meetings[2], actor_id=world.person_id(psf1), now=now
        )
    # Reminders a week and a day before; the topic suggestion, which PSF1 takes; a nudge.
    await bot.sweep(at=utc(2026, 11, 10, 11))
    await bot.sweep(at=utc(2026, 11, 14, 10, 30))
    await bot.press(psf1, suggestion_texts.USE_THIS)
    async with bot.services.db.transaction() as repos:
        await meetings.nudge(
            repos, meeting=day.meeting, actor_id=world.person_id(psf1), now=bot.clock.now(),
            rules=ReminderRules(),
        )  # fmt: skip
    await bot.sweep(at=utc(2026, 11, 16, 11))
    await to_prompt(bot)
    # PSF1: Winifred came too, and someone without Telegram; Peer4 said Going but didn't come.
    await bot.press(psf1, checkin_texts.mark_label("Winifred", False, False))
    await bot.press(psf1, checkin_texts.mark_label("Peer4", True, True))
    await bot.press(psf1, checkin_texts.PLUS)
    await walk_checkin(bot, psf1, well=WELL_WORDS)
    await bot.press(peer1, checkin_texts.RATING_LABELS["ok"])
    await bot.press(peer2, checkin_texts.RATING_LABELS["helpful"])
    # PSF3 checks in too, then asks to be forgotten; PSF2 never checks in.
    await walk_checkin(bot, psf3, well=FORGOTTEN_WORDS)
    await forget(bot, psf3)
    await forget(bot, peer2)
    # A concern raised late on Tuesday reaches the nurse at once; she is reminded next morning.
    nurse = world.nurse
    assert nurse is not None
    bot.clock.set(RAISED)
    await raise_concern(bot, psf1)
    await bot.sweep(at=utc(2026, 11, 18, 9, 30))
    await bot.sweep(at=utc(2026, 11, 18, 9, 45))
    await bot.press(nurse, concern_texts.ACKNOWLEDGE)
    await bot.sweep(at=utc(2026, 11, 18, 10))
    await bot.press(nurse, concern_texts.REPLY)
    await bot.send(nurse, NURSE_REPLY)
    await bot.press(psf1, concern_texts.reply_to("Nurse"))
    await bot.send(psf1, PSF_ANSWER)
    await bot.sweep(at=utc(2026, 11, 18, 10, 30))
    await bot.press(nurse, concern_texts.RESOLVE)
    await bot.send(nurse, OUTCOME)
    await bot.sweep(at=EXPORT_AT)
    users = [*world.psfs, *world.peers, nurse]
    return Seeded(
        day=day,
        names=["Psf1", "Psf2", "Psf3", "Peer1", "Peer2", "Peer3", "Peer4", "Winifred", "Nurse"],
        telegram_ids=[user.id for user in users],
        secrets=[
            WORRY, NURSE_REPLY, PSF_ANSWER, OUTCOME, FORGOTTEN_WORDS, FORGOTTEN_TOPIC,
            "Looking after our feet", "Church Street", "Village Hall", "Lavenham", "Babergh",
            "07700 900123",
        ],
    )  # fmt: skip


async def export(
    bot: BotHarness, *, since: date | None = None, until: date | None = None
) -> dict[str, list[dict[str, object]]]:
    async with bot.services.db.read() as repos:
        return await research_export(
            repos, now=EXPORT_AT, since=since, until=until, settings=bot.services.settings
        )


@pytest.fixture(scope="module")
def seeded_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Seeded]:
    """The seeded programme, made once for this module (through the real flows, ~3 s)."""
    folder = tmp_path_factory.mktemp("seeded")

    async def build() -> Seeded:
        async with BotHarness.fast(folder) as bot:
            return await seed(bot)

    return folder / DB_NAME, asyncio.run(build())


@pytest.fixture
async def seeded(
    seeded_db: tuple[Path, Seeded], tmp_path: Path
) -> AsyncIterator[tuple[BotHarness, Seeded]]:
    """A bot on a copy of the seeded programme's database, its clock at the export time."""
    path, made = seeded_db
    shutil.copy(path, tmp_path / DB_NAME)
    async with BotHarness.fast(tmp_path, start=EXPORT_AT) as bot:
        yield bot, made


def leaks(seeded: Seeded, values: list[str]) -> list[str]:
    """Values that carry a name, a Telegram id or words that must stay private."""
    found = []
    for value in values:
        words = value.casefold()
        if (
            any(name in value for name in seeded.names)
            or any(str(tid) in value.split() for tid in seeded.telegram_ids)
            or any(secret.casefold() in words for secret in seeded.secrets)
        ):
            found.append(value)
    return found


def all_values(tables: dict[str, list[dict[str, object]]]) -> list[str]:
    return [csv_cell(v) for rows in tables.values() for row in rows for v in row.values()]


async def test_the_export_has_the_right_numbers(bot: BotHarness) -> None:
    """Groups, meetings, attendance, check-ins, feedback, concerns and suggestions are counted
    as the programme ran (the group running since its first meeting), with people who were
    forgotten only in the counts."""
    seeded = await seed(bot)
    world, [m1, _, m3] = seeded.world, seeded.day.meetings
    tables = await export(bot)
    g, a = f"G{world.group.id}", f"A{world.area.id}"

    [group] = tables["groups"]
    assert group == {
        "group": g, "area": a, "status": "running", "decision": None, "archived": None,
        "peers": 4, "psfs": 2,
        "peers_without_telegram": 1, "peers_left": 1, "meetings_planned": 2,
        "meetings_cancelled": 1, "first_meeting": "2026-11-17", "last_meeting": "2026-12-15",
    }  # fmt: skip

    first, second, third = tables["meetings"]
    assert first["meeting"] == f"M{m1.id}" and first["group"] == g
    assert (first["session"], first["date"], first["weekday"], first["start"]) == (
        1, "2026-11-17", "Tuesday", "10:30",
    )  # fmt: skip
    assert (first["minutes"], first["status"]) == (90, "past")
    # Peer1, Peer2 (since forgotten, still counted), Peer4 going; Peer3 not; Winifred silent.
    assert [first[k] for k in ("going", "maybe", "cant", "no_answer")] == [3, 0, 1, 1]
    # A week and a day before, to the 4 peers and 3 PSFs with Telegram; 2 nudged (PSFs).
    assert (first["reminders_sent"], first["nudges_sent"]) == (14, 2)
    assert first["topic_suggested"] == first["topic_chosen"] == "session:getting-to-know"
    assert str(first["topic_title"]).startswith("Getting to know each other")
    assert first["icebreaker"]
    assert (second["session"], second["status"], second["no_answer"]) == (2, "upcoming", 4)
    assert second["reminders_sent"] == 0
    assert (third["meeting"], third["session"], third["status"]) == (f"M{m3.id}", None, "cancelled")

    [attendance] = tables["attendance"]
    assert attendance == {
        "meeting": f"M{m1.id}", "group": g, "date": "2026-11-17", "recorded": True, "met": True,
        "not_met_reason": None, "present_peers": 3, "present_without_telegram": 1,
        "extra_without_telegram": 1, "newcomers": 0, "total": 4, "going_absent": 1,
    }  # fmt: skip

    rows = tables["checkins"]
    assert [(r["psf"], r["state"]) for r in rows] == [
        (seeded.ref(0), "complete"), (seeded.ref(1), "missing"), ("", "complete"),
    ]  # fmt: skip
    done, missing, anonymous = rows
    assert done["completed"] == "2026-11-17 14:00" and done["minutes_after_end"] == 120
    assert (done["face"], done["obstacles"], done["asked_nurse"]) == (4, "none", False)
    assert done["went_well"] == (
        "[name], [name] and [name] talked about walking at the [place]; ring [number]"
    )
    assert done["less_well"] is None  # skipped
    blank = ("completed", "face", "obstacles", "went_well")
    assert [missing[k] for k in blank] == [None] * len(blank)
    assert (anonymous["face"], anonymous["went_well"], anonymous["less_well"]) == (4, None, None)

    [feedback] = tables["peer_feedback"]
    assert {k: feedback[k] for k in ("asked", "helpful", "ok", "not_for_me")} == {
        "asked": 2, "helpful": 1, "ok": 1, "not_for_me": 0,
    }  # fmt: skip

    [concern] = tables["concerns"]
    assert concern == {
        "concern": "C1", "group": g, "area": a, "category": "peer", "urgent": False,
        "from_checkin": False, "state": "resolved", "raised": "2026-11-17 16:30",
        "raised_in_office_hours": True,
        "delivered_office_minutes": 0, "delivered_clock_minutes": 0,
        "acknowledged_office_minutes": 30 + 45, "acknowledged_clock_minutes": 17 * 60 + 15,
        "resolved_office_minutes": 30 + 90, "resolved_clock_minutes": 18 * 60,
        "reminders": 1, "escalated": False, "replies": 1, "answers": 1,
    }  # fmt: skip

    assert tables["suggestions"] == [
        {"group": g, "month": "2026-11", "suggestions": 2, "after_meeting": 0}
    ]
    assert leaks(seeded, all_values(tables)) == []


async def test_a_meeting_nobody_recorded_has_blanks_not_zeros(bot: BotHarness) -> None:
    """A meeting held without any check-in: attendance unknown (blank), both PSFs missing."""
    day = await meeting_day(bot)
    tables = await export(bot, until=date(2026, 11, 30))
    [attendance] = tables["attendance"]
    assert (attendance["recorded"], attendance["met"], attendance["going_absent"]) == (
        False, None, None,
    )  # fmt: skip
    assert attendance["present_peers"] is None and attendance["total"] is None
    psfs = [f"P{day.world.person_id(psf)}" for psf in day.world.psfs]
    assert [(r["psf"], r["state"]) for r in tables["checkins"]] == [
        (psf, "missing") for psf in psfs
    ]
    assert tables["peer_feedback"][0]["asked"] == 0
    assert [r["going"] for r in tables["meetings"]] == [2]


async def test_every_row_has_the_documented_columns(
    seeded: tuple[BotHarness, Seeded],
) -> None:
    """Each table's rows have exactly the columns README.txt describes, in that order."""
    bot, _ = seeded
    tables = await export(bot)
    assert list(tables) == [table.name for table in TABLES]
    for table in TABLES:
        assert tables[table.name], table.name
        for row in tables[table.name]:
            assert tuple(row) == table.names, table.name
        for column in table.columns:
            assert column.meaning.strip(), column.name


async def test_check_in_states_agree_with_the_check_in_feature(
    seeded: tuple[BotHarness, Seeded],
) -> None:
    """The states exported are those bot.checkins.rules gives for every PSF not forgotten."""
    bot, made = seeded
    meeting = made.day.meeting
    times = CheckinTimes.from_settings(bot.services.settings)
    async with bot.services.db.read() as repos:
        states = await checkins.checkin_states(repos, meeting, EXPORT_AT, times)
    exported = {r["psf"]: r["state"] for r in (await export(bot))["checkins"] if r["psf"]}
    assert exported == {f"P{pid}": state.value for pid, state in states.items()}


async def test_date_limits_choose_meetings_concerns_and_suggestions(
    seeded: tuple[BotHarness, Seeded],
) -> None:
    """--since / --until keep what falls on those local dates; groups are always all there."""
    bot, made = seeded
    m1, m2, _ = made.day.meetings
    december = await export(bot, since=date(2026, 12, 1), until=date(2026, 12, 31))
    assert [r["meeting"] for r in december["meetings"]] == [f"M{m2.id}"]
    assert december["attendance"] == december["checkins"] == december["peer_feedback"] == []
    assert december["concerns"] == december["suggestions"] == []
    assert len(december["groups"]) == 1
    day = await export(bot, since=date(2026, 11, 17), until=date(2026, 11, 17))
    assert [r["meeting"] for r in day["meetings"]] == [f"M{m1.id}"]
    assert len(day["attendance"]) == 1 and len(day["concerns"]) == 1
    assert day["suggestions"] == []
    later = await export(bot, since=date(2026, 11, 18))
    assert later["concerns"] == [] and later["attendance"] == []
    assert len(later["meetings"]) == 2  # December's, and January's (cancelled)
    before = await export(bot, until=date(2026, 11, 4))
    assert before["suggestions"][0]["suggestions"] == 1
    everything = await export(bot)
    async with bot.services.db.read() as repos:  # without settings: the programme's defaults
        assert await research_export(repos, now=EXPORT_AT) == everything


async def test_forget_takes_the_name_out_of_facilitators_words(
    seeded: tuple[BotHarness, Seeded],
) -> None:
    """A peer who asks to be forgotten is no longer named in what a PSF wrote (in the database
    itself, so no export can find the name the bot no longer knows); other words stay."""
    bot, made = seeded
    psf_id = made.world.person_id(made.world.psf)
    async with bot.services.db.read() as repos:
        checkin = await repos.checkins.get(made.day.meeting.id, psf_id)
        assert checkin is not None
        assert checkin.went_well == WELL_WORDS.replace("peer2", "[name]")
        assert checkin.less_well == ""  # skipped stays skipped
        person = await repos.people.get(psf_id)
        assert person is not None
        data = json.loads(await export_person(repos, person, EXPORT_AT))
    assert "What goes to the researchers never has your name on it" in data["research_exports"]


def test_names_places_numbers_and_addresses_are_taken_out_of_words() -> None:
    """Known names (any case), places and contact details become [name], [place], [number],
    [email]; everyday words that are also names only when written with a capital."""
    redact = Redactor(["Ann Clarke", "Will", "jo"], ["Village Hall", "Church Street"])
    assert (
        redact("ann was quiet; Clarke too. JO came") == "[name] was quiet; [name] too. [name] came"
    )
    assert redact("Will said we will meet at the village hall") == (
        "[name] said we will meet at the [place]"
    )
    assert redact("Mail ann@example.org or ring +44 7700 900123") == (
        "Mail [email] or ring [number]"
    )
    assert redact("On 17-11-2026 at 10:30, 12 came") == "On 17-11-2026 at 10:30, 12 came"
    assert redact("Annette came") == "Annette came"


def test_cells_are_plain_and_never_spreadsheet_formulas() -> None:
    """Flags are yes/no, nothing is blank, and text starting like a formula is made inert."""
    assert [csv_cell(v) for v in (True, False, None, 0, 12, "ok")] == [
        "yes", "no", "", "0", "12", "ok",
    ]  # fmt: skip
    assert csv_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert csv_cell("- the tea was cold") == "'- the tea was cold"


def test_the_command_writes_private_files_and_refuses_a_folder_in_use(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seeded_db: tuple[Path, Seeded]
) -> None:
    """`admin export --out DIR` writes one CSV per table and README.txt (0600), says what it
    wrote, and refuses a non-empty folder, bad dates, or a missing database."""
    from bot.cli import cli  # noqa: PLC0415 - the CLI imports the whole admin

    path, seeded = seeded_db
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_PATH", str(path))
    monkeypatch.setattr("bot.export.admin.SystemClock", lambda: ManualClock(EXPORT_AT))
    runner = CliRunner()

    def run(*args: str) -> tuple[int, str]:
        result = runner.invoke(cli, ["admin", "export", *args])
        return result.exit_code, result.output

    out = tmp_path / "research" / "2026-11"
    code, said = run("--out", str(out))
    assert code == 0, said
    assert said.startswith(f"Research export (the start to today) written to {out}")
    lines = [" ".join(line.split()) for line in said.splitlines()]
    assert "meetings.csv 3 rows" in lines and "concerns.csv 1 row" in lines, said
    assert "README.txt what every column means" in lines
    written = sorted(p.name for p in out.iterdir())
    assert written == sorted([*(t.file_name for t in TABLES), "README.txt"])
    for path in out.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    values: list[str] = []
    for table in TABLES:
        with (out / table.file_name).open(encoding="utf-8", newline="") as handle:
            header, *rows = list(csv.reader(handle))
        assert tuple(header) == table.names
        values += [cell for row in rows for cell in row]
    readme = (out / "README.txt").read_text(encoding="utf-8")
    for table in TABLES:
        assert table.file_name in readme
        assert all(f"- {column.name}: " in readme for column in table.columns)
    assert leaks(seeded, values) == [] and leaks(seeded, readme.split("\n")) == []

    code, said = run("--out", str(out))
    assert code == 1 and "is not empty" in said
    assert sorted(p.name for p in out.iterdir()) == written
    code, said = run("--out", str(tmp_path / "new"), "--since", "17/11/2026")
    assert code == 1 and "--since must be a date" in said
    code, said = run(
        "--out", str(tmp_path / "new"), "--since", "2026-12-01", "--until", "2026-11-01"
    )
    assert code == 1 and "after --until" in said
    assert not (tmp_path / "new").exists()
    code, said = run("--out", str(tmp_path / "dec"), "--since", "2026-12-01")
    assert code == 0 and "attendance.csv 0 rows" in " ".join(said.split())
    code, said = run("--out", str(out / "README.txt" / "inside"))
    assert code == 1 and "can't write to" in said and "Traceback" not in said
    monkeypatch.setenv("DATABASE_PATH", str(tmp_path / "nothing-here.sqlite3"))
    code, said = run("--out", str(tmp_path / "none"))
    assert code == 1 and "no database" in said
    assert not (tmp_path / "nothing-here.sqlite3").exists()
