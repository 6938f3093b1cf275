"""The one aiosqlite connection: opening, migrations, and transactions.

All access goes through `Database.transaction()` (writes) or `Database.read()` (reads). Both
hold one asyncio lock, because a single SQLite connection shared by concurrent coroutines would
otherwise interleave their statements inside each other's transactions.

When the machine misbehaves, a transaction raises StorageUnavailable and changes nothing:
- StorageBusy: another program (an sqlite3 shell, a copy being taken) holds the write lock.
  A write waits for it up to WRITE_ATTEMPTS × BUSY_TIMEOUT_MS (15 s) before giving up.
- StorageFull: the disk is full (SQLite's "database or disk is full").
Each is logged once per period (bot.health), when it starts and when it is over. While the
disk is full, `has_room()` tells the delivery sweep whether there is room again.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import re
import sqlite3
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path

import aiosqlite

from bot.health import TroublePeriods
from bot.storage.base import TransactionNotes
from bot.storage.private_files import private_folder, touch_private
from bot.storage.repos import Repos

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 5000  # how long SQLite waits for another program's write lock, per try
WRITE_ATTEMPTS = 3  # tries at taking the write lock before a write gives up (StorageBusy)
_BUSY_CODES = frozenset({sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED})
_ROOM_PROBE_BYTES = 64 * 1024  # "is there room?": can this much be written (then undone)


class StorageUnavailable(Exception):
    """The database can't be written just now; nothing was changed. Try again later."""


class StorageBusy(StorageUnavailable):
    """Another program holds the database's write lock."""


class StorageFull(StorageUnavailable):
    """The disk is full: the database can't grow."""


def _unavailable(error: BaseException) -> StorageUnavailable | None:
    """The StorageUnavailable an SQLite error amounts to, if it is the machine misbehaving."""
    if not isinstance(error, sqlite3.OperationalError):
        return None
    code = getattr(error, "sqlite_errorcode", None)
    if code == sqlite3.SQLITE_FULL or "database or disk is full" in str(error):
        return StorageFull(str(error))
    if code in _BUSY_CODES or "database is locked" in str(error):
        return StorageBusy(str(error))
    return None


_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


class DatabaseProblem(Exception):
    """The database can't be opened or used; the message is one line for the operator."""


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
        self.created = False  # True once open() has made a new file
        # Called after a commit that queued deliveries, so nobody has to wake the sweeper.
        self.on_sweep_wanted: Callable[[], None] = lambda: None
        # Goes up with every commit that wrote people, memberships or nurse places (through
        # PeopleRepo): whoever read an actor before it reads them again.
        self.people_version = 0
        self.busy = TroublePeriods(
            log,
            opening=(
                "The database is locked by another program ({cause}); writes wait for it, "
                "then people are asked to try again and the sweep retries"
            ),
            closing="The database can be written again after {seconds:.0f} s "
            "({failures} writes gave up waiting)",
        )
        self.full = TroublePeriods(
            log,
            level=logging.ERROR,
            opening=(
                "The database can't be written: the disk is full ({cause}). People are asked "
                "to try again later and nothing is sent until there is room again; free some "
                "space on the disk that holds the database"
            ),
            closing="There is room in the database again after {seconds:.0f} s "
            "({failures} writes refused); carrying on",
        )

    async def open(self, *, check: bool = False) -> None:
        """Open the file (readable by its owner only), set pragmas, apply new migrations.

        With `check`, also verify the file (SQLite's quick check) and that no migration is newer
        than this code. Any problem is a DatabaseProblem with one line naming the file.
        """
        try:
            await self._open(check=check)
        except DatabaseProblem:
            await self.close()
            raise
        except (OSError, sqlite3.Error) as exc:
            await self.close()
            raise DatabaseProblem(
                f"cannot use the database {self.path}: {_reason(exc)}. Check DATABASE_PATH "
                "and that this user may write to that folder."
            ) from None
        except BaseException:
            await self.close()  # a connection left open keeps its thread, and the process, alive
            raise

    async def _open(self, *, check: bool) -> None:
        if str(self.path) != ":memory:":
            self.created = not self.path.exists()
            # SQLite gives its -wal and -shm files the database's own mode.
            private_folder(self.path.parent)
            touch_private(self.path)
        conn = await aiosqlite.connect(self.path, isolation_level=None)
        conn.row_factory = aiosqlite.Row
        self._conn = conn
        await conn.execute("PRAGMA journal_mode = WAL")
        await conn.execute("PRAGMA foreign_keys = ON")
        await conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_MS)}")
        await conn.execute("PRAGMA synchronous = NORMAL")
        if check:
            async with conn.execute("PRAGMA quick_check") as cursor:
                verdict = [str(row[0]) for row in await cursor.fetchall()]
            if verdict != ["ok"]:
                raise DatabaseProblem(
                    f"the database {self.path} is damaged ({verdict[0]}): restore it from a "
                    "backup (see 'Restoring a backup' in README.md)."
                )
        await self._migrate()
        if check:
            known = {migration.number for migration in available_migrations()}
            async with conn.execute("SELECT number, name FROM schema_migrations") as cursor:
                newer = [str(row[1]) for row in await cursor.fetchall() if row[0] not in known]
            if newer:
                raise DatabaseProblem(
                    f"the database {self.path} was updated by a newer Peer Circle "
                    f"({', '.join(newer)}): install that version, or restore a backup."
                )

    async def schema_version(self) -> int:
        """The highest migration number applied (0 for an empty database)."""
        async with (
            self._exclusive() as conn,
            conn.execute("SELECT COALESCE(MAX(number), 0) FROM schema_migrations") as cursor,
        ):
            row = await cursor.fetchone()
        return int(row[0]) if row else 0

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
        """Repositories inside one write transaction: all of it commits, or none of it.

        Raises StorageBusy or StorageFull (changing nothing) when the machine misbehaves."""
        async with self._exclusive() as conn:
            await self._begin(conn)
            notes = TransactionNotes()
            try:
                yield Repos(conn, notes)
                await conn.execute("COMMIT")
                if notes.people_changed:
                    self.people_version += 1
            except BaseException as error:
                if conn.in_transaction:  # SQLite undoes some failures (a full disk) itself
                    await conn.execute("ROLLBACK")
                unavailable = _unavailable(error)
                if unavailable is None:
                    raise
                if isinstance(unavailable, StorageFull):
                    self.full.failed(str(error))
                raise unavailable from error
        if notes.sweep_wanted:
            self.on_sweep_wanted()

    async def _begin(self, conn: aiosqlite.Connection) -> None:
        """Take the write lock, waiting for another program that holds it (up to 15 s)."""
        for attempt in range(1, WRITE_ATTEMPTS + 1):
            try:
                await conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as error:
                if not isinstance(_unavailable(error), StorageBusy):
                    raise
                self.busy.failed(f"still locked after {attempt * BUSY_TIMEOUT_MS / 1000:g} s")
                if attempt == WRITE_ATTEMPTS:
                    raise StorageBusy(str(error)) from error
            else:
                self.busy.succeeded()
                return

    @asynccontextmanager
    async def read(self) -> AsyncIterator[Repos]:
        """Repositories for reading (a consistent view: nobody else writes meanwhile)."""
        async with self._exclusive() as conn:
            try:
                yield Repos(conn)
            except sqlite3.OperationalError as error:
                unavailable = _unavailable(error)
                if unavailable is None:
                    raise
                raise unavailable from error

    async def has_room(self) -> bool:
        """Whether the database can grow now: True unless the disk was found full and still is.

        Tried by writing a little and taking it away again (a full disk refuses the commit);
        a success ends the "disk full" period."""
        if not self.full.active:
            return True
        try:
            async with self.transaction() as repos:
                await repos.meta.probe_room(_ROOM_PROBE_BYTES)
        except StorageFull:
            return False
        async with self.transaction() as repos:
            await repos.meta.probe_room(None)
        self.full.succeeded()
        return True

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


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.lower() + (f" ({exc.filename})" if exc.filename else "")
    return str(exc) or type(exc).__name__
