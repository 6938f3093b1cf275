"""Everything the bot writes is its owner's alone, whatever the umask: the database (and
SQLite's -wal and -shm beside it), backups, the research export, the printable list of
personal links and the QR code — 0600 files in 0700 folders (the folders it makes)."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import stat
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import cli
from tests.builders import Programme
from tests.faults.machine import integrity
from tests.harness import CONTENT_DIR, BotHarness


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(params=[0o022, 0o000], ids=["umask 022", "umask 000"])
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    """A usual umask, and the loosest one: the modes must not depend on it."""
    previous = os.umask(request.param)
    try:
        yield request.param
    finally:
        os.umask(previous)


async def _bot_writes(tmp_path: Path, database: Path) -> tuple[str, dict[str, int]]:
    """Run the bot on `database` (in folders it must make); the modes of its files while it
    runs (SQLite removes -wal and -shm when the last connection closes)."""
    async with BotHarness.fast(tmp_path, database_path=database) as bot:
        world = await Programme.build(bot, peers=2)
        await bot.send(world.peer, "/start")  # a write: SQLite has made its -wal and -shm
        files = [database, *database.parent.glob(f"{database.name}-*")]
        return world.group.name, {path.name: mode(path) for path in files}


def _sqlite_files_while_open(path: Path) -> dict[str, int]:
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        return {p.name: mode(p) for p in [path, *path.parent.glob(f"{path.name}-*")]}


def test_everything_the_bot_writes_is_owner_only(
    tmp_path: Path, umask: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    database = home / "data" / "live" / "peer-circle.sqlite3"
    group, live_files = asyncio.run(_bot_writes(tmp_path, database))
    assert set(live_files) == {database.name, f"{database.name}-wal", f"{database.name}-shm"}

    # The coordinator's commands.
    monkeypatch.chdir(home)
    monkeypatch.setenv("DATABASE_PATH", str(database))
    monkeypatch.setenv("CONTENT_DIR", str(CONTENT_DIR))
    monkeypatch.setenv("BOT_USERNAME", "PeerCircleBot")
    runner = CliRunner()

    def admin(*words: str) -> None:
        result = runner.invoke(cli, ["admin", *words])
        assert result.exit_code == 0, result.output

    (home / "peers.csv").write_text("name\nAnn Clarke\nBob Harris\n", encoding="utf-8")
    admin("peers", "import", "peers.csv", "--group", group)
    admin("invite", "--role", "peer", "--group", group, "--qr", "qr/link.png")
    admin("backup", "backups/2026/copy.sqlite3")
    admin("export", "--out", "research/2026-11")
    copy = home / "backups" / "2026" / "copy.sqlite3"
    assert integrity(copy) == "ok"
    copy_files = _sqlite_files_while_open(copy)  # a restored copy at work: its -wal and -shm
    assert len(copy_files) == 3

    files = {
        **live_files,
        **copy_files,
        **{p.name: mode(p) for p in [home / "peers-links.csv", home / "qr" / "link.png"]},
        **{p.name: mode(p) for p in (home / "research" / "2026-11").iterdir()},
    }
    assert {"groups.csv", "README.txt", "peers-links.csv", "link.png"} <= set(files)
    folders = [
        home / "data",
        database.parent,
        home / "qr",
        home / "backups",
        copy.parent,
        home / "research",
        home / "research" / "2026-11",
    ]
    wrong = {name: oct(found) for name, found in files.items() if found != 0o600}
    wrong |= {
        str(path.relative_to(home)): oct(mode(path)) for path in folders if mode(path) != 0o700
    }
    assert wrong == {}
