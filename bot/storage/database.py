"""The one aiosqlite connection: opening, migrations, and transactions.

All access goes through `Database.transaction()` (writes) or `Database.read()` (reads). Both
hold one asyncio lock, because a single SQLite connection shared by concurrent coroutines would
otherwise interleave their statements inside each other's transactions.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import os
import re
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path

import aiosqlite

from bot.storage.base import TransactionNotes
from bot.storage.repos import Repos

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 5000
_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


class Migration:
    """One numbered SQL file from bot/storage/migrations."""

    def __init__(self, number: int, name: str, sql: str) -> None:
        self.number = number
        self.name = name
        self.sql = sql
        self.checksum = hashlib.sha256(sql.encode("utf-8")).hexdigest()


class MigrationEdited(RuntimeError):
    """A migration already applied to this database has been changed since."""

    def __init__(self, name: str) -> None:
        super().__init__(
            f"Migration {name} was changed after it was applied to this database. "
            "Applied migrations must never be edited: put the change in a new migration."
        )


def available_migrations() -> list[Migration]:
    """The migrations shipped with the code, in order of their numbers (unique)."""
    found = []
    for entry in resources.files("bot.storage").joinpath("migrations").iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            found.append(Migration(int(match.group(1)), entry.name, entry.read_text("utf-8")))
    found.sort(key=lambda migration: migration.number)
    numbers = [migration.number for migration in found]
    if len(set(numbers)) != len(numbers):
        raise RuntimeError(f"two migrations share a number: {numbers}")
    return found


class Database:
    """The SQLite database: the one source of truth."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._conn: aiosqlite.Connection | None = None
        self._lock = asyncio.Lock()
        self._holder: asyncio.Task[object] | None = None
        # Called after a commit that queued deliveries, so nobody has to wake the sweeper.
        self.on_sweep_wanted: Callable[[], None] = lambda: None

    async def open(self) -> None:
        """Open the file (readable by its owner only), set pragmas, apply new migrations."""
        if str(self.path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            os.close(fd)
            self.path.chmod(0o600)
        conn = await aiosqlite.connect(self.path, isolation_level=None)
        conn.row_factory = aiosqlite.Row
        await conn.execute("PRAGMA journal_mode = WAL")
        await conn.execute("PRAGMA foreign_keys = ON")
        await conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        await conn.execute("PRAGMA synchronous = NORMAL")
        self._conn = conn
        try:
            await self._migrate()
        except BaseException:
            await self.close()  # a connection left open keeps its thread, and the process, alive
            raise

    async def close(self) -> None:
        """Close the connection; safe to call twice."""
        if self._conn is not None:
            await self._conn.close()
            self._conn = None

    @property
    def is_open(self) -> bool:
        return self._conn is not None

    async def applied_migrations(self) -> list[str]:
        """Names of the migrations applied to this database, in the order they were applied."""
        async with self.read() as repos:
            return await repos.meta.applied_migrations()

    async def _migrate(self) -> None:
        # Applied migrations are recorded by number in a table (not PRAGMA user_version), so
        # branches that each add one can be merged in any order without skipping any; each
        # keeps the checksum of its file, so an edited old migration is noticed at start.
        conn = self._require()
        await conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (number INTEGER PRIMARY KEY, "
            "name TEXT NOT NULL, applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)"
        )
        async with conn.execute("PRAGMA table_info(schema_migrations)") as cursor:
            columns = {row[1] for row in await cursor.fetchall()}
        if "checksum" not in columns:  # databases made before checksums were kept
            await conn.execute("ALTER TABLE schema_migrations ADD COLUMN checksum TEXT")
        async with conn.execute("SELECT number, checksum FROM schema_migrations") as cursor:
            applied = {int(row[0]): row[1] for row in await cursor.fetchall()}
        for migration in available_migrations():
            if migration.number in applied:
                recorded = applied[migration.number]
                if recorded is None:
                    await conn.execute(
                        "UPDATE schema_migrations SET checksum = ? WHERE number = ?",
                        (migration.checksum, migration.number),
                    )
                elif recorded != migration.checksum:
                    raise MigrationEdited(migration.name)
                continue
            log.info("Applying migration %s", migration.name)
            try:
                await conn.executescript(
                    f"BEGIN IMMEDIATE;\n{migration.sql}\n"
                    "INSERT INTO schema_migrations (number, name, checksum) "
                    f"VALUES ({migration.number}, '{migration.name}', '{migration.checksum}');"
                    "\nCOMMIT;"
                )
            except Exception:
                if conn.in_transaction:
                    await conn.execute("ROLLBACK")
                raise

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Repos]:
        """Repositories inside one write transaction: all of it commits, or none of it."""
        async with self._exclusive() as conn:
            await conn.execute("BEGIN IMMEDIATE")
            notes = TransactionNotes()
            try:
                yield Repos(conn, notes)
            except BaseException:
                await conn.execute("ROLLBACK")
                raise
            await conn.execute("COMMIT")
        if notes.sweep_wanted:
            self.on_sweep_wanted()

    @asynccontextmanager
    async def read(self) -> AsyncIterator[Repos]:
        """Repositories for reading (a consistent view: nobody else writes meanwhile)."""
        async with self._exclusive() as conn:
            yield Repos(conn)

    @asynccontextmanager
    async def _exclusive(self) -> AsyncIterator[aiosqlite.Connection]:
        task = asyncio.current_task()
        if task is not None and task is self._holder:
            # The lock is not re-entrant: fail loudly instead of deadlocking.
            raise RuntimeError("nested database access: pass the repos down instead")
        conn = self._require()
        async with self._lock:
            self._holder = task
            try:
                yield conn
            finally:
                self._holder = None

    def _require(self) -> aiosqlite.Connection:
        if self._conn is None:
            raise RuntimeError("the database is not open")
        return self._conn
