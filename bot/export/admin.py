"""`python -m bot admin export --out DIR [--since YYYY-MM-DD] [--until YYYY-MM-DD]`.

Writes the research export (bot/export/rules.py) as DIR/<table>.csv plus DIR/README.txt describing
every column. The export is taken from a private copy of the database (SQLite's online
backup), so it is one consistent moment even while the bot runs, and the bot is never held up.
Refuses a folder that already has something in it; every file is readable by its owner only.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
import tempfile
from contextlib import closing
from datetime import date, datetime
from pathlib import Path
from typing import Annotated

import typer

from bot.admin.support import Refused, no_database
from bot.clock import SystemClock
from bot.config import Settings, settings_or_exit
from bot.csvfiles import write_private_csv
from bot.export.rules import TABLES, csv_rows, readme_text, research_export
from bot.storage import Database
from bot.storage.private_files import private_file, private_folder

export_admin = typer.Typer()
README = "README.txt"


def _day(text: str | None, option: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise Refused(f"{option} must be a date written like 2026-11-01 (got {text!r}).") from None


def _check_folder(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise Refused(f"{out} is a file, not a folder.")
    if out.is_dir() and any(out.iterdir()):
        raise Refused(f"{out} is not empty; choose a new folder (nothing was written).")


def _write_private(
    path: Path, text: str | None = None, rows: list[list[str]] | None = None
) -> None:
    """Create a new file readable and writable by its owner only (never an existing one)."""
    if rows is not None:
        write_private_csv(path, rows)  # cells safe for spreadsheets
        return
    with os.fdopen(private_file(path, exclusive=True), "w", encoding="utf-8", newline="") as handle:
        handle.write(text or "")


async def _export_from(
    path: Path, settings: Settings, now: datetime, since: date | None, until: date | None
) -> dict[str, list[dict[str, object]]]:
    db = Database(path)
    await db.open()
    try:
        async with db.read() as repos:
            return await research_export(
                repos, now=now, since=since, until=until, settings=settings
            )
    finally:
        await db.close()


def make_export(
    out: Path, settings: Settings, now: datetime, since: date | None, until: date | None
) -> dict[str, int]:
    """Write the export to `out`; returns each file's row count (Refused if it can't)."""
    if since and until and since > until:
        raise Refused("--since is after --until.")
    _check_folder(out)
    source = settings.database_path
    if not source.is_file():
        raise Refused(no_database(settings))
    with tempfile.TemporaryDirectory(prefix="peer-circle-export-") as work:
        copy = Path(work) / "snapshot.sqlite3"
        copy.touch(mode=0o600)
        with closing(sqlite3.connect(source)) as live, closing(sqlite3.connect(copy)) as snapshot:
            live.backup(snapshot)
        tables = asyncio.run(_export_from(copy, settings, now, since, until))
    try:
        private_folder(out)
        _check_folder(out)  # nobody put anything there meanwhile
        counts = {}
        for table in TABLES:
            rows = tables[table.name]
            _write_private(out / table.file_name, rows=csv_rows(table, rows))
            counts[table.file_name] = len(rows)
        _write_private(
            out / README,
            readme_text(
                exported_at=now,
                since=since,
                until=until,
                counts={table.name: counts[table.file_name] for table in TABLES},
            ),
        )
    except OSError as exc:
        raise Refused(f"can't write to {out} ({exc.strerror or exc}).") from None
    return counts


@export_admin.command("export")
def export_command(
    out: Annotated[Path, typer.Option(help="A new (or empty) folder for the files.")],
    since: Annotated[
        str | None, typer.Option(help="First date to include, e.g. 2026-11-01.")
    ] = None,
    until: Annotated[
        str | None, typer.Option(help="Last date to include, e.g. 2027-04-30.")
    ] = None,
) -> None:
    """Export pseudonymous data for the research: one CSV per table, and README.txt."""
    settings = settings_or_exit()
    try:
        counts = make_export(
            out, settings, SystemClock().now(), _day(since, "--since"), _day(until, "--until")
        )
    except Refused as exc:
        typer.echo(f"Refused: {exc}", err=True)
        raise typer.Exit(1) from None
    span = f"{since or 'the start'} to {until or 'today'}"
    typer.echo(f"Research export ({span}) written to {out}, files readable by you only:")
    width = max(len(name) for name in counts)
    for name, rows in counts.items():
        typer.echo(f"  {name:<{width}}  {rows} row{'' if rows == 1 else 's'}")
    typer.echo(f"  {README:<{width}}  what every column means")
    typer.echo("No names, Telegram ids, addresses or concern texts are in it. Keep it safe.")
