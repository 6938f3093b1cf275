"""Coordinator commands: `python -m bot admin …`."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

import typer

from bot.config import Settings, settings_or_exit
from bot.storage import Database

admin = typer.Typer(
    help="Coordinator commands: areas, groups, invites, exports.", no_args_is_help=True
)

T = TypeVar("T")


def _with_db(work: Callable[[Database, Settings], Awaitable[T]]) -> T:
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

    async def work(db: Database, settings: Settings) -> list[str]:
        return await db.applied_migrations()

    applied = _with_db(work)
    typer.echo(f"Database {'is up to date' if applied else 'is empty'}: {len(applied)} migrations.")
    for name in applied:
        typer.echo(f"  {name}")
