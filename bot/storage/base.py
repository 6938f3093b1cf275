"""What every repository shares: the connection it runs SQL on."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import aiosqlite


class Repository:
    """A set of SQL statements about one thing. Only repositories see SQL."""

    def __init__(self, conn: aiosqlite.Connection, notes: TransactionNotes | None = None) -> None:
        self._conn = conn
        self._notes = notes or TransactionNotes()

    def _wake_sweeper(self) -> None:
        """Something a sweep acts on was written: once committed, the sweeper runs soon."""
        self._notes.sweep_wanted = True

    # Each helper is one round trip to aiosqlite's thread: the statement runs and its rows come
    # back together (a cursor opened, fetched from and closed would be three).

    async def _one(self, sql: str, params: Iterable[Any] = ()) -> aiosqlite.Row | None:
        """The first row (the helpers' queries look up by key, so there is at most one)."""
        rows = await self._conn.execute_fetchall(sql, tuple(params))
        return next(iter(rows), None)

    async def _all(self, sql: str, params: Iterable[Any] = ()) -> list[aiosqlite.Row]:
        return list(await self._conn.execute_fetchall(sql, tuple(params)))

    async def _run_many(self, sql: str, rows: Iterable[Iterable[Any]]) -> None:
        """One statement for many rows, in one trip to the connection's thread."""
        await self._conn.executemany(sql, [tuple(row) for row in rows])

    async def _run(self, sql: str, params: Iterable[Any] = ()) -> int:
        """Execute a statement; returns the new row id for an INSERT, else the rows changed."""
        # A statement that returns no rows is finished (and reset by sqlite3) once executed:
        # its cursor needs no closing, which would cost another trip.
        cursor = await self._conn.execute(sql, tuple(params))
        if sql.lstrip().upper().startswith("INSERT"):
            return int(cursor.lastrowid or 0)
        return cursor.rowcount

    async def _changed(self, sql: str, params: Iterable[Any] = ()) -> int:
        """Execute any statement (an upsert included); how many rows it inserted or changed."""
        cursor = await self._conn.execute(sql, tuple(params))
        return cursor.rowcount

    async def _scalar(self, sql: str, params: Iterable[Any] = ()) -> Any:
        row = await self._one(sql, params)
        return None if row is None else row[0]


class TransactionNotes:
    """What a transaction did that someone must hear about once it commits."""

    def __init__(self) -> None:
        self.sweep_wanted = False  # a delivery was queued or moved, or work for a sweep step
        self.people_changed = False  # a person, their groups or their nurse places were written
