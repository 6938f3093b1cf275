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

    async def _one(self, sql: str, params: Iterable[Any] = ()) -> aiosqlite.Row | None:
        async with self._conn.execute(sql, tuple(params)) as cursor:
            return await cursor.fetchone()

    async def _all(self, sql: str, params: Iterable[Any] = ()) -> list[aiosqlite.Row]:
        # One trip to the connection's thread (execute, fetch and close there), not three.
        return list(await self._conn.execute_fetchall(sql, tuple(params)))

    async def _run_many(self, sql: str, rows: Iterable[Iterable[Any]]) -> None:
        """One statement for many rows, in one trip to the connection's thread."""
        await self._conn.executemany(sql, [tuple(row) for row in rows])

    async def _run(self, sql: str, params: Iterable[Any] = ()) -> int:
        """Execute a statement; returns the new row id for an INSERT, else the rows changed."""
        async with self._conn.execute(sql, tuple(params)) as cursor:
            if sql.lstrip().upper().startswith("INSERT"):
                return int(cursor.lastrowid or 0)
            return cursor.rowcount

    async def _changed(self, sql: str, params: Iterable[Any] = ()) -> int:
        """Execute any statement (an upsert included); how many rows it inserted or changed."""
        async with self._conn.execute(sql, tuple(params)) as cursor:
            return cursor.rowcount

    async def _scalar(self, sql: str, params: Iterable[Any] = ()) -> Any:
        row = await self._one(sql, params)
        return None if row is None else row[0]


class TransactionNotes:
    """What a transaction did that someone must hear about once it commits."""

    def __init__(self) -> None:
        self.sweep_wanted = False  # a delivery was queued or moved, or work for a sweep step
