"""The machine misbehaving under the bot: its database locked by another program, the disk full.

- `locked_by_another_program`: a separate Python process opens the database with the standard
  sqlite3 module and holds its write lock (BEGIN IMMEDIATE) for a while, as an sqlite3 shell
  left open in a transaction would.
- `disk_full`: every COMMIT on the bot's connection fails with SQLite's own error for a full
  disk (SQLITE_FULL, "database or disk is full"), which is what a full disk does to a database
  in WAL mode: pages are written to the WAL file at commit. (SQLite's `PRAGMA max_page_count`
  makes the same error for real, but only for writes that need a new page; small writes that
  fit into existing pages still succeed, so it can't stand for a full disk. It is used for the
  one test of SQLite's own handling: test_machine_faults.py::test_sqlite_full_is_undone.)
"""

from __future__ import annotations

import asyncio
import sqlite3
import sys
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, closing, contextmanager
from pathlib import Path
from typing import Any

from bot.storage import Database

_HOLD_THE_LOCK = """
import sqlite3, sys, time
connection = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
connection.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
if sys.argv[2] == "until-told":
    sys.stdin.readline()
else:
    time.sleep(float(sys.argv[2]))
connection.execute("COMMIT")
print("released", flush=True)
"""


@asynccontextmanager
async def locked_by_another_program(
    path: Path, seconds: float | None = None
) -> AsyncIterator[None]:
    """The database's write lock is held by another process from entry: for `seconds`, or
    (None) until the block ends. On exit, wait until it has let go."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        _HOLD_THE_LOCK,
        str(path),
        "until-told" if seconds is None else str(seconds),
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
    )
    assert process.stdin is not None
    assert process.stdout is not None
    try:
        assert await process.stdout.readline() == b"locked\n"
        yield
        if seconds is None:
            process.stdin.write(b"let go\n")
            await process.stdin.drain()
        assert await process.stdout.readline() == b"released\n"
        assert await process.wait() == 0
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()


def _full() -> sqlite3.OperationalError:
    error = sqlite3.OperationalError("database or disk is full")
    error.sqlite_errorcode = sqlite3.SQLITE_FULL  # as SQLite's own error carries it
    return error


@contextmanager
def disk_full(db: Database) -> Iterator[None]:
    """Until exit, the disk is full: the bot's connection can't commit anything."""
    connection = db._require()
    real = connection.execute

    def execute(sql: str, parameters: Any = None) -> Any:
        if sql.strip().upper() == "COMMIT":

            async def refused() -> None:
                raise _full()

            return refused()
        return real(sql, parameters)

    connection.execute = execute  # type: ignore[method-assign]
    try:
        yield
    finally:
        del connection.execute


def integrity(path: Path) -> str:
    """`PRAGMA integrity_check` from a connection of its own: "ok" if the file is sound."""
    with closing(sqlite3.connect(path)) as connection:
        return str(connection.execute("PRAGMA integrity_check").fetchone()[0])


def count(path: Path, sql: str) -> int:
    with closing(sqlite3.connect(path)) as connection:
        return int(connection.execute(sql).fetchone()[0])
