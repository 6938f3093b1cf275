"""Starting the real bot as an operator would: settings from the home folder, one line per
problem, Telegram retried until it answers, and one copy per database."""

from __future__ import annotations

import asyncio
import logging
import os
import re
import signal
import socket
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from bot.config import SettingsError, load_settings
from bot.devserver import FakeTelegram, LocalBotApiServer
from bot.startup import connect
from bot.storage.lock import AlreadyRunning, DatabaseLock
from tests.harness import CONTENT_DIR, make_settings

ROOT = CONTENT_DIR.parent
PEER_CIRCLE = Path(sys.executable).parent / "peer-circle"  # the installed console command
TOKEN = "123456:TEST"


def clean_env(**extra: str) -> dict[str, str]:
    """The environment without any Peer Circle setting, plus `extra`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PEER_CIRCLE", "TELEGRAM"))}
    env.pop("DATABASE_PATH", None)
    env.pop("CONTENT_DIR", None)
    return {**env, "PYTHONPATH": str(ROOT), **extra}


async def run_command(
    args: Sequence[str], *, cwd: Path, env: dict[str, str]
) -> tuple[int, str, str]:
    process = await asyncio.create_subprocess_exec(
        *args,
        cwd=cwd,
        env=env,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), timeout=60)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


async def read_until(stream: asyncio.StreamReader, pattern: str, seen: list[str]) -> str:
    """Lines from the process until one matches `pattern` (all of them kept in `seen`)."""
    while True:
        raw = await asyncio.wait_for(stream.readline(), timeout=60)
        if not raw:
            raise AssertionError("the process ended; it said:\n" + "".join(seen))
        line = raw.decode()
        seen.append(line)
        if re.search(pattern, line):
            return line


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_settings_are_found_from_the_home_folder_whatever_the_current_folder(
    tmp_path: Path,
) -> None:
    """From another folder an admin command refuses (creating nothing); PEER_CIRCLE_HOME and
    --env-file find the programme's .env, and its relative paths are taken from there."""
    home = tmp_path / "programme"
    elsewhere = tmp_path / "elsewhere"
    home.mkdir()
    elsewhere.mkdir()
    (home / ".env").write_text("DATABASE_PATH=db/pc.sqlite3\nBOT_USERNAME=PeerCircleBot\n")
    (refused, _, said), (created, out, _) = await asyncio.gather(
        run_command([str(PEER_CIRCLE), "admin", "area", "add", "Babergh"], cwd=elsewhere,
                    env=clean_env()),
        run_command([str(PEER_CIRCLE), "admin", "init"], cwd=elsewhere,
                    env=clean_env(PEER_CIRCLE_HOME=str(home))),
    )  # fmt: skip
    assert refused == 1
    assert f"there is no database at {elsewhere}/data/peer-circle.sqlite3" in said
    assert "PEER_CIRCLE_HOME" in said and "--env-file" in said and "admin init" in said
    assert list(elsewhere.iterdir()) == []
    assert created == 0 and f"Created a new database at {home}/db/pc.sqlite3" in out
    code, out, _ = await run_command(
        [str(PEER_CIRCLE), "--env-file", str(home / ".env"), "admin", "area", "add", "Babergh"],
        cwd=elsewhere,
        env=clean_env(),
    )
    assert code == 0 and "Added area 'Babergh'" in out
    assert list(elsewhere.iterdir()) == []


def test_relative_paths_are_taken_from_the_home_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DATABASE_PATH and CONTENT_DIR in the home's .env are relative to the home, not the cwd."""
    monkeypatch.chdir(tmp_path)
    home = tmp_path / "home"
    home.mkdir()
    (home / ".env").write_text("DATABASE_PATH=data/x.sqlite3\nCONTENT_DIR=words\n")
    monkeypatch.setenv("PEER_CIRCLE_HOME", str(home))
    settings = load_settings()
    assert settings.database_path == home / "data" / "x.sqlite3"
    assert settings.content_dir == home / "words"
    assert "PEER_CIRCLE_HOME" in settings.home.describe()


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        ({"LOG_LEVEL": "LOUD"}, "Setting LOG_LEVEL: must be one of DEBUG, INFO"),
        (
            {"OFFICE_OPENS": "17:00", "OFFICE_CLOSES": "09:00"},
            "OFFICE_CLOSES (09:00) must be later than OFFICE_OPENS (17:00)",
        ),
        ({"REMINDER_OFFSETS_DAYS": ""}, "Setting REMINDER_OFFSETS_DAYS: is empty"),
        ({"REMINDER_OFFSETS_DAYS": "7,,1"}, "has an empty item between commas"),
        ({"REMINDER_OFFSETS_DAYS": "7,7"}, "7 is given more than once"),
    ],
)
def test_impossible_settings_are_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settings: dict[str, str], expected: str
) -> None:
    """Log level, office hours the wrong way round, empty or repeated reminder days: one line."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text("".join(f"{k}={v}\n" for k, v in settings.items()))
    with pytest.raises(SettingsError) as raised:
        load_settings()
    assert expected in str(raised.value) and "\n" not in str(raised.value)


async def test_each_start_up_problem_is_one_line_without_a_traceback(tmp_path: Path) -> None:
    """`peer-circle run` with a bad log level, no content folder or an unusable database folder:
    one line, exit code 2, and nothing created."""
    (tmp_path / "a-file").write_text("")
    cases = {
        "LOG_LEVEL": ({"LOG_LEVEL": "LOUD"}, "Setting LOG_LEVEL: must be one of DEBUG"),
        "content": ({"CONTENT_DIR": "nowhere"}, f"there is no folder {tmp_path}/nowhere"),
        "database": (
            {"DATABASE_PATH": "a-file/db.sqlite3"},
            f"Setting DATABASE_PATH: cannot create or write the folder {tmp_path}/a-file",
        ),
    }
    base = {"TELEGRAM_BOT_TOKEN": TOKEN, "CONTENT_DIR": str(CONTENT_DIR)}
    results = await asyncio.gather(
        *(
            run_command(
                [str(PEER_CIRCLE), "run"], cwd=tmp_path, env=clean_env(**{**base, **settings})
            )
            for settings, _ in cases.values()
        )
    )
    for (name, (_, expected)), (code, _out, err) in zip(cases.items(), results, strict=True):
        assert code == 2, name
        assert err.count("\n") == 1 and "Traceback" not in err, (name, err)
        assert expected in err, (name, err)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]  # noqa: ASYNC240


async def test_unreachable_telegram_is_retried_until_it_answers_then_one_copy_per_database(
    tmp_path: Path,
) -> None:
    """The database opens first; each failed try is one line; the bot serves once Telegram
    answers; a second copy on the same database refuses naming the first; Ctrl-C stops it."""
    port = free_port()
    env = clean_env(
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_API_URL=f"http://127.0.0.1:{port}/bot",
        CONTENT_DIR=str(CONTENT_DIR),
    )
    process = await asyncio.create_subprocess_exec(
        str(PEER_CIRCLE),
        "run",
        cwd=tmp_path,
        env=env,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    assert process.stderr is not None
    seen: list[str] = []
    try:
        await read_until(process.stderr, "Created a new database at", seen)
        await read_until(process.stderr, r"not reachable .*\(try 2: ", seen)
        failures = [line for line in seen if "not reachable" in line]
        assert all("trying again in" in line and TOKEN not in line for line in failures)
        telegram = FakeTelegram(token=TOKEN, bot_username="PeerCircleBot")
        async with LocalBotApiServer(telegram, port=port):
            await read_until(process.stderr, "Connected to Telegram as @PeerCircleBot", seen)
            await read_until(process.stderr, "Peer Circle is running", seen)
            stranger = telegram.user(4242, "Ann")
            stranger.send("/start")
            reply = await stranger.wait_for(timeout=30)
            assert "invitation link" in reply.text
            await read_until(process.stderr, r"update \d+ command handled in \d+ ms", seen)
            code, _, said = await run_command([str(PEER_CIRCLE), "run"], cwd=tmp_path, env=env)
            assert code == 2 and "Traceback" not in said
            assert "another Peer Circle is already running on the database" in said
            assert f"process {process.pid} on" in said
            process.send_signal(signal.SIGINT)
            await read_until(process.stderr, "Stopped", seen)
            assert await asyncio.wait_for(process.wait(), timeout=30) == 0
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    assert "Traceback" not in "".join(seen)
    assert seen[0].split(": ", 1)[1].startswith("Applying migration")  # database before network


async def test_connect_backs_off_and_keeps_trying(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Each failed try waits longer, up to the cap, for as long as it takes."""
    from bot.app import build_application  # noqa: PLC0415

    settings = make_settings(tmp_path, telegram_api_url=f"http://127.0.0.1:{free_port()}/bot")
    app = build_application(settings)
    waits: list[float] = []
    stop = asyncio.Event()

    async def wait(event: asyncio.Event, seconds: float) -> bool:
        waits.append(seconds)
        if len(waits) == 6:
            event.set()
        return event.is_set()

    caplog.set_level(logging.WARNING)
    assert await connect(app, settings, stop, first_delay=1, max_delay=8, wait=wait) is False
    assert waits == [1, 2, 4, 8, 8, 8]
    lines = [r.getMessage() for r in caplog.records if "not reachable" in r.getMessage()]
    assert len(lines) == 6 and "(try 6: " in lines[-1]


def test_the_database_lock_is_held_once_and_released(tmp_path: Path) -> None:
    """A second lock on the same database is refused naming the holder; released, it's free."""
    first = DatabaseLock(tmp_path / "pc.sqlite3")
    first.acquire()
    with pytest.raises(AlreadyRunning, match=rf"process {os.getpid()} on "):
        DatabaseLock(tmp_path / "pc.sqlite3").acquire()
    first.release()
    again = DatabaseLock(tmp_path / "pc.sqlite3")
    again.acquire()
    again.release()


async def test_each_handled_update_is_one_info_line_without_words(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A silent bot can be told from an idle one: id, kind and time, never what was written."""
    from tests.harness import BotHarness  # noqa: PLC0415

    caplog.set_level(logging.INFO, logger="bot.app")
    async with BotHarness.fast(tmp_path) as bot:
        stranger = bot.user(31337, "Ann")
        await bot.send(stranger, "my secret words")
        await bot.send(stranger, "/start")
    lines = [r.getMessage() for r in caplog.records if r.getMessage().startswith("update ")]
    assert len(lines) == 2
    assert re.fullmatch(r"update \d+ text handled in \d+ ms", lines[0])
    assert re.fullmatch(r"update \d+ command handled in \d+ ms", lines[1])
    assert "secret" not in caplog.text and "31337" not in caplog.text
