"""Coordinator commands: `python -m bot admin …`."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

import typer

from bot.config import Settings
from bot.storage import Database

admin = typer.Typer(help="Coordinator commands: areas, groups, invites, exports.", no_args_is_help=True)

T = TypeVar("T")


def _with_db(work: Callable[[Database, Settings], Awaitable[T]]) -> T:
    from bot.cli import settings_or_exit

    settings = settings_or_exit()

    async def go() -> T:
        db = Database(settings.database_path)
        await db.open()
        try:
            return await work(db, settings)
        finally:
            await db.close()

    return asyncio.run(go())


@admin.command()
def migrate() -> None:
    """Create the database or bring it up to date (the bot also does this at start)."""

    async def work(db: Database, settings: Settings) -> int:
        return await db.schema_version()

    version = _with_db(work)
    typer.echo(f"Database is at schema version {version}.")
