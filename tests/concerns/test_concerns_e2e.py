"""Concerns end to end: over HTTP against the local Bot API server, across restarts, and the
coordinators' commands."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path

import pytest

from bot.concerns import texts
from bot.concerns.records import Category, ConcernState
from bot.devserver import SimUser
from bot.storage import Database
from tests.builders import Programme
from tests.concerns.steps import (
    MONDAY_9,
    PEER_HEALTH,
    SATURDAY,
    WORRY,
    cards,
    raise_concern,
    utc,
)
from tests.harness import BotHarness

pytestmark = pytest.mark.usefixtures("unthrottled")


async def test_weekend_concern_journey_over_http(tmp_path: Path) -> None:
    """Over HTTP: raised on Saturday, with the nurse on Monday at 9:00, seen, answered, resolved."""
    async with BotHarness.e2e(tmp_path, start=SATURDAY) as bot:
        world = await Programme.build(bot)
        nurse, psf = world.nurse, world.psf
        assert nurse is not None
        backup = await world.add_nurse(1900, "Backup", backup=True)
        told = await raise_concern(bot, psf)
        assert told == (
            texts.queued("Nurse", "on Monday 9 November at 9:00", "NHS 111", None)
            + "\n\n"
            + texts.danger_reminder("999")
        )
        await bot.sweep(at=MONDAY_9)
        [card] = cards(nurse)
        assert "missed her tablets" in card.text
        await bot.press(nurse, texts.ACKNOWLEDGE)
        assert psf.last.text == texts.acknowledged("Nurse", Category.PEER)
        await bot.press(nurse, texts.REPLY)
        await bot.send(nurse, "Would she like me to ring her?")
        assert "Would she like me to ring her?" in psf.last.text
        await bot.press(psf, texts.reply_to("Nurse"))
        await bot.send(psf, "Yes, after lunch.")
        assert "Yes, after lunch." in nurse.last.text
        await bot.press(nurse, texts.RESOLVE)
        await bot.send(nurse, "Rang her; all sorted.")
        assert "Rang her; all sorted." in psf.last.text
        await bot.advance(timedelta(hours=3))
        assert cards(backup) == []  # it was acknowledged: no copy for the backup


async def test_urgent_answer_comes_first_over_http(tmp_path: Path) -> None:
    """Over HTTP, the emergency numbers are the first thing the PSF gets after tapping Yes."""
    async with BotHarness.e2e(tmp_path) as bot:
        world = await Programme.build(bot)
        psf = world.psf
        await bot.send(psf, texts.MENU_LABEL)
        before = len(psf.inbox)
        await bot.press(psf, texts.DANGER_YES)
        assert psf.inbox[before].text.startswith("⚠️ <b>If someone is in danger")
        assert psf.inbox[before + 1].text == texts.URGENT_NOTED


def _again(bot: BotHarness, *users: SimUser) -> list[SimUser]:
    """The same people on the fresh local Telegram of a restarted bot."""
    fresh = []
    for user in users:
        twin = bot.user(user.id, user.first_name)
        twin.has_chat = True
        fresh.append(twin)
    return fresh


async def test_a_restart_at_any_point_loses_no_concern(tmp_path: Path) -> None:
    """Restarts mid-question, while queued, and mid-send: the concern still reaches the nurse."""
    async with BotHarness.fast(tmp_path, start=SATURDAY) as bot:
        world = await Programme.build(bot)
        assert world.nurse is not None
        psf_user, nurse_user = world.psf, world.nurse
        await bot.send(psf_user, texts.MENU_LABEL)
        await bot.press(psf_user, texts.DANGER_NO)
        await bot.press(psf_user, PEER_HEALTH)
    # 1. Restarted while the bot waited for the description: it still waits for it.
    async with BotHarness.fast(tmp_path, start=SATURDAY + timedelta(hours=1)) as bot:
        [psf] = _again(bot, psf_user)
        await bot.send(psf, WORRY)
        assert "This is what the nurse will get" in psf.last.text
        await bot.press(psf, texts.SEND)
        assert "on Monday 9 November at 9:00" in psf.last.text
    # 2. Restarted while queued over the weekend; 3. stopped mid-send on Monday morning.
    async with BotHarness.fast(tmp_path, start=SATURDAY + timedelta(hours=2)) as bot:
        bot.clock.set(MONDAY_9)
        async with bot.services.db.transaction() as repos:
            claimed = await repos.deliveries.claim_due(MONDAY_9, limit=10)
        assert [d.kind for d in claimed] == ["concern"]
    async with BotHarness.fast(tmp_path, start=MONDAY_9 + timedelta(minutes=1)) as bot:
        [psf, nurse] = _again(bot, psf_user, nurse_user)
        await bot.sweep()
        assert len(cards(nurse)) == 1
        async with bot.services.db.read() as repos:
            [found] = await repos.concerns.open_concerns()
        assert found.state is ConcernState.DELIVERED
        assert found.delivered_at == MONDAY_9 + timedelta(minutes=1)
        assert psf.last.text == texts.delivered("Nurse", Category.PEER)


async def test_restart_keeps_the_reply_thread_waiting(tmp_path: Path) -> None:
    """A nurse who tapped Reply before a restart can still send her reply after it."""
    async with BotHarness.fast(tmp_path) as bot:
        world = await Programme.build(bot)
        assert world.nurse is not None
        psf_user, nurse_user = world.psf, world.nurse
        await raise_concern(bot, psf_user)
        await bot.press(nurse_user, texts.REPLY)
    async with BotHarness.fast(tmp_path, start=utc(2026, 11, 4, 11)) as bot:
        [psf, nurse] = _again(bot, psf_user, nurse_user)
        await bot.send(nurse, "Still here after the restart.")
        assert nurse.last.text == texts.reply_sent("Psf1")
        assert "Still here after the restart." in psf.last.text


def test_coordinator_commands_for_the_office(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Closures, area hours and nurses away are managed from the command line, refusing nonsense."""
    from typer.testing import CliRunner  # noqa: PLC0415 - only this test needs it

    from bot.cli import cli  # noqa: PLC0415

    db_path = tmp_path / "office.sqlite3"
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_PATH", str(db_path))
    runner = CliRunner()

    def run(*args: str) -> tuple[int, str]:
        result = runner.invoke(cli, ["admin", *args])
        return result.exit_code, result.output

    assert run("init")[0] == 0  # admin commands never create a database themselves
    assert run("area", "add", "South Suffolk")[0] == 0

    async def add_nurses() -> None:
        db = Database(db_path)
        await db.open()
        try:
            async with db.transaction() as repos:
                now = utc(2026, 11, 4, 10)
                for name, backup in (("Helen Ward", False), ("Sam Okafor", True)):
                    person = await repos.people.add(display_name=name, telegram_id=None, now=now)
                    await repos.people.add_nurse(
                        area_id=1, person_id=person.id, is_backup=backup, now=now
                    )
        finally:
            await db.close()

    asyncio.run(add_nurses())
    code, out = run(
        "closure", "add", "--area", "all", "--from", "2030-12-24", "--to", "1 January 2031",
        "--reason", "Christmas",
    )  # fmt: skip
    assert code == 0 and "every area closed" in out, out
    code, out = run(
        "closure", "add", "--area", "South Suffolk", "--from", "2030-03-02", "--to", "2030-03-01",
        "--reason", "Training",
    )  # fmt: skip
    assert code == 1 and "before the first day" in out
    code, out = run(
        "closure", "add", "--area", "Nowhere", "--from", "2030-03-02", "--to", "2030-03-02",
        "--reason", "Training",
    )  # fmt: skip
    assert code == 1 and "no area called 'Nowhere'" in out
    code, out = run("closure", "list")
    assert "2030-12-24 to 2031-01-01  every area  Christmas" in out
    code, out = run("hours", "set", "--area", "1", "--days", "Mon-Thu", "--opens", "9:30")
    assert code == 0 and "Mon-Thu 09:30–17:00" in out, out
    code, out = run("hours", "set", "--area", "1", "--days", "Funday")
    assert code == 1 and "Funday" in out
    code, out = run("hours", "set", "--area", "1", "--opens", "18:00")
    assert code == 1 and "open before it closes" in out
    code, out = run("hours", "show")
    assert "South Suffolk: Mon-Thu 09:30–17:00 (own hours)" in out
    assert "closed 2030-12-24 to 2031-01-01: Christmas" in out
    assert run("hours", "default", "--area", "1")[0] == 0
    assert "(usual hours)" in run("hours", "show")[1]
    code, out = run(
        "nurse", "away", "--nurse", "helen", "--from", "2030-01-07", "--to", "2030-01-11"
    )
    assert code == 0 and "Helen Ward is away" in out, out
    code, out = run(
        "nurse", "away", "--nurse", "Nobody", "--from", "2030-01-07", "--to", "2030-01-11"
    )
    assert code == 1 and "Helen Ward" in out and "Sam Okafor" in out
    code, out = run("nurse", "away", "--nurse", "Sam", "--from", "someday", "--to", "2030-01-11")
    assert code == 1 and "can't read the first date" in out
    assert run("nurse", "back", "--nurse", "Helen Ward")[0] == 0
    code, out = run("concerns")
    assert code == 0 and "No open concerns." in out
    assert run("closure", "remove", "1")[0] == 0
    code, out = run("closure", "remove", "1")
    assert code == 1 and "no closure 1" in out
