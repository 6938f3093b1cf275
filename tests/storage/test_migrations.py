"""Migrations: a database upgraded one step at a time equals a fresh one; edited old ones are
noticed at start."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bot.storage import Database, available_migrations
from bot.storage import database as database_module
from bot.storage.database import Migration, MigrationEdited


def _schema(path: Path) -> list[tuple[str, str, str]]:
    """Every table, index and trigger with its SQL, whitespace-normalised, in a stable order."""
    with sqlite3.connect(path) as conn:
        rows = conn.execute(
            "SELECT type, name, sql FROM sqlite_master "
            "WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY type, name"
        ).fetchall()
    return [(kind, name, " ".join(sql.split())) for kind, name, sql in rows]


async def _open_with(
    path: Path, migrations: list[Migration], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(database_module, "available_migrations", lambda: migrations)
    db = Database(path)
    await db.open()
    await db.close()


async def test_upgrading_step_by_step_gives_the_fresh_schema(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A database that met each release's migrations in turn has the same schema as a new one."""
    everything = available_migrations()
    fresh, stepped = tmp_path / "fresh.sqlite3", tmp_path / "stepped.sqlite3"
    await _open_with(fresh, everything, monkeypatch)
    for count in range(1, len(everything) + 1):
        await _open_with(stepped, everything[:count], monkeypatch)
    assert _schema(stepped) == _schema(fresh)
    assert len(_schema(fresh)) > len(everything)  # tables and indexes, not an empty file


async def test_an_edited_applied_migration_stops_the_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Changing a migration after a database applied it is refused, naming the file."""
    path = tmp_path / "db.sqlite3"
    everything = available_migrations()
    await _open_with(path, everything, monkeypatch)
    first = everything[0]
    edited = [Migration(first.number, first.name, first.sql + "\n-- tidied"), *everything[1:]]
    with pytest.raises(MigrationEdited, match=first.name):
        await _open_with(path, edited, monkeypatch)


async def test_databases_from_before_checksums_are_accepted_and_then_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A database whose migrations table has no checksums gets them on its next start."""
    path = tmp_path / "old.sqlite3"
    everything = available_migrations()
    await _open_with(path, everything, monkeypatch)
    with sqlite3.connect(path) as conn:
        conn.execute("ALTER TABLE schema_migrations DROP COLUMN checksum")
    await _open_with(path, everything, monkeypatch)
    with sqlite3.connect(path) as conn:
        sums = [row[0] for row in conn.execute("SELECT checksum FROM schema_migrations")]
    assert sums == [migration.checksum for migration in everything]
