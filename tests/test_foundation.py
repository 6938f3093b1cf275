"""The skeleton: the bot answers, over HTTP too, and survives restarts and flood limits."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.app import build_application, running
from bot.config import SettingsError, load_settings
from bot.delivery import schedule_notice
from bot.devserver import FakeTelegram, Limits
from bot.messages import OutMessage
from bot.storage import Database, available_migrations
from tests.builders import Programme
from tests.fakes.recording_request import RecordingRequest
from tests.harness import BotHarness, make_settings


async def test_stranger_start_is_told_how_to_join(bot: BotHarness) -> None:
    """A stranger who sends /start is told to ask their facilitator for a link."""
    stranger = bot.user(5001, "Sam")
    await bot.send(stranger, "/start")
    assert "invitation link" in stranger.last.text
    assert stranger.keyboard is None


async def test_help_for_stranger(bot: BotHarness) -> None:
    """/help from a stranger explains how to get an invitation."""
    stranger = bot.user(5002)
    await bot.send(stranger, "/help")
    assert "invitation link" in stranger.last.text


async def test_two_users_start_at_once_over_http(bot_http: BotHarness) -> None:
    """Two users sending /start at the same moment each get their own answer over HTTP."""
    alice, bob = bot_http.user(7001, "Alice"), bot_http.user(7002, "Bob")
    alice.send("/start")
    bob.send("/start")
    await asyncio.gather(alice.wait_for(), bob.wait_for())
    assert "invitation link" in alice.last.text
    assert "invitation link" in bob.last.text
    assert bot_http.telegram.count("getUpdates") >= 1


async def test_429_is_retried_and_the_message_arrives(bot_http: BotHarness) -> None:
    """A 429 from the server is waited out and retried; the reply still arrives, once."""
    bot_http.telegram.fail_next("sendMessage", status=429, retry_after=1)
    user = bot_http.user(7003)
    user.send("/start")
    await user.wait_for(timeout=8)
    statuses = [c.status for c in bot_http.telegram.calls if c.method == "sendMessage"]
    assert statuses == [429, 200]
    assert len(user.inbox) == 1


async def test_network_drop_is_retried(bot: BotHarness) -> None:
    """A dropped connection while sending is retried and the reply arrives."""
    bot.telegram.fail_next("sendMessage", status=0)
    user = bot.user(7004)
    await bot.send(user, "/start")
    assert len(user.inbox) == 1


async def test_restart_keeps_database_and_does_not_reapply_migrations(tmp_path: Path) -> None:
    """A restart opens the same database; migrations already applied are not run again."""
    async with BotHarness.fast(tmp_path) as first:
        async with first.services.db.transaction() as repos:
            await repos.meta.put("marker", "kept")
        applied = await first.services.db.applied_migrations()
    assert applied == [migration.name for migration in available_migrations()]
    async with BotHarness.fast(tmp_path) as second:
        async with second.services.db.read() as repos:
            assert await repos.meta.get("marker") == "kept"
        assert await second.services.db.applied_migrations() == applied


async def test_database_file_is_private(tmp_path: Path) -> None:
    """The database file is readable and writable by its owner only."""
    db = Database(tmp_path / "private.sqlite3")
    await db.open()
    await db.close()
    assert (tmp_path / "private.sqlite3").stat().st_mode & 0o777 == 0o600


async def test_flood_limits_on_are_respected(tmp_path: Path) -> None:
    """With Telegram's limits switched on, a burst of replies gets no 429 from the server."""
    async with BotHarness.e2e(tmp_path, limits=Limits(flood=True)) as bot:
        users = [bot.user(8000 + n) for n in range(5)]
        for _ in range(3):
            for user in users:
                user.send("/help")
        await asyncio.gather(*(user.wait_for(3, timeout=10) for user in users))
        assert all(call.status != 429 for call in bot.telegram.calls)


async def test_blocked_peer_is_marked_unreachable_and_psfs_told_once(bot: BotHarness) -> None:
    """A peer who blocked the bot is marked unreachable and each PSF is told, once."""
    world = await Programme.build(bot)
    world.peer.block()
    async with bot.services.db.transaction() as repos:
        for key in ("one", "two"):
            await schedule_notice(
                repos,
                person_id=world.person_id(world.peer),
                message=OutMessage(f"hello {key}"),
                due_at=bot.clock.now(),
                key=key,
            )
    await bot.sweep()
    for psf in world.psfs:
        told = [text for text in psf.texts if "not getting through" in text]
        assert len(told) == 1
    async with bot.services.db.read() as repos:
        person = await repos.people.get(world.person_id(world.peer))
    assert person is not None and person.unreachable_at is not None


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("TIMEZONE", "Europe/Londn", "Setting TIMEZONE: is not a known time zone"),
        ("OFFICE_OPENS", "25:00", "Setting OFFICE_OPENS:"),
        ("OFFICE_DAYS", "Fri-Mon", "Setting OFFICE_DAYS:"),
        ("REMINDER_OFFSETS_DAYS", "7,x", "Setting REMINDER_OFFSETS_DAYS:"),
        ("HOLIDAYS_COUNTRY", "XX", "HOLIDAYS_COUNTRY='XX'"),
        ("TELEGRAM_BOT_TOKEN", "not-a-token", "Setting TELEGRAM_BOT_TOKEN: does not look like"),
    ],
)
def test_a_bad_setting_is_one_clear_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, name: str, value: str, expected: str
) -> None:
    """A malformed setting stops start-up with one line naming it and how to fix it."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as raised:
        load_settings()
    message = str(raised.value)
    assert expected in message and "\n" not in message
    assert ".env.example" in message
    if name == "TELEGRAM_BOT_TOKEN":
        assert value not in message


def test_missing_token_says_how_to_get_one(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Running without a token explains where to put it and suggests the demo."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    with pytest.raises(SettingsError, match=r"@BotFather.*make demo"):
        load_settings().require_token()


def test_empty_lines_in_env_file_mean_defaults(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The example env file, copied as is, loads with every default."""
    monkeypatch.chdir(tmp_path)
    example = Path(__file__).resolve().parent.parent / ".env.example"
    (tmp_path / ".env").write_text(example.read_text())
    settings = load_settings()
    assert settings.telegram_bot_token is None
    assert settings.reminder_offsets_days == [7, 1]
    assert settings.emergency_number == "999"


async def test_scheduling_twice_is_a_no_op_once_sent(bot: BotHarness) -> None:
    """The same delivery scheduled again is refused once it has been sent, never sent twice."""
    world = await Programme.build(bot)
    now = bot.clock.now()
    message = OutMessage("once only")
    async with bot.services.db.transaction() as repos:
        first = await schedule_notice(
            repos, person_id=world.person_id(world.peer), message=message, due_at=now, key="k"
        )
    await bot.sweep()
    async with bot.services.db.transaction() as repos:
        again = await schedule_notice(
            repos, person_id=world.person_id(world.peer), message=message, due_at=now, key="k"
        )
    await bot.sweep()
    assert (first, again) == (True, False)
    assert world.peer.texts.count("once only") == 1


def test_env_example_documents_every_setting() -> None:
    """Every setting the bot reads is in .env.example, in a block that explains it."""
    from bot.config import Settings  # noqa: PLC0415 - the class, not loaded settings

    example = (Path(__file__).resolve().parent.parent / ".env.example").read_text()
    lines = example.splitlines()
    for name in Settings.model_fields:
        key = name.upper()
        found = [i for i, line in enumerate(lines) if line.lstrip("# ").startswith(f"{key}=")]
        assert found, f"{key} is missing from .env.example"
        block = []
        for line in reversed(lines[: found[0]]):  # the lines above, up to a blank one
            if not line.strip():
                break
            block.append(line)
        assert any(line.startswith("# ") for line in block), f"{key} has no comment"


async def test_first_sweep_runs_as_the_bot_starts(tmp_path: Path) -> None:
    """What fell due while the bot was down goes at start, not one sweep interval later."""
    async with BotHarness.fast(tmp_path) as before:
        world = await Programme.build(before)
        async with before.services.db.transaction() as repos:
            await schedule_notice(
                repos,
                person_id=world.person_id(world.peer),
                message=OutMessage("Sent while you were away"),
                due_at=before.clock.now(),
                key="while-down",
            )
        peer_id = world.peer.id
    telegram = FakeTelegram(clock=before.clock.now)
    peer = telegram.user(peer_id)
    peer.has_chat = True  # they wrote to the bot before it stopped
    # The sweep interval is an hour (make_settings): only the first sweep can send it.
    app = build_application(
        make_settings(tmp_path), clock=before.clock, request=RecordingRequest(telegram)
    )
    async with running(app):
        await peer.wait_for(1, timeout=10)
    assert "Sent while you were away" in peer.texts
