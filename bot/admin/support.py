"""What every coordinator command shares: a database for one transaction, plain refusals, and
finding areas and groups by name, short name or id."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import TypeVar

import typer

from bot.clock import SystemClock
from bot.config import Settings, settings_or_exit
from bot.membership.invites import InviteError
from bot.models import Area, Group
from bot.storage import Database, DatabaseProblem, Repos

T = TypeVar("T")


class Refused(Exception):
    """The command can't be done; the message says why."""


def no_database(settings: Settings) -> str:
    """Why a coordinator command won't go on without a database, and how to point it at one."""
    return (
        f"there is no database at {settings.database_path} ({settings.home.describe()}). "
        "Run this in the programme's folder, or set PEER_CIRCLE_HOME=/path/to/programme, or "
        "pass --env-file /path/to/.env before `admin`; to start a new programme here, run "
        "`peer-circle admin init`."
    )


def existing_settings() -> Settings:
    """Settings whose database exists; otherwise refuse (admin commands never create one)."""
    settings = settings_or_exit()
    if not settings.database_path.is_file():
        typer.echo(f"Refused: {no_database(settings)}", err=True)
        raise typer.Exit(1)
    return settings


def run_with_db(work: Callable[[Repos, Settings, datetime], Awaitable[T]]) -> T:
    """Open the existing database, run `work` in one transaction, report a refusal on one line."""
    settings = existing_settings()

    async def go() -> T:
        db = Database(settings.database_path)
        await db.open()
        try:
            async with db.transaction() as repos:
                return await work(repos, settings, SystemClock().now())
        finally:
            await db.close()

    try:
        return asyncio.run(go())
    except (Refused, InviteError, DatabaseProblem) as exc:
        typer.echo(f"Refused: {exc}", err=True)
        raise typer.Exit(1) from None


async def find_area(repos: Repos, ref: str) -> Area:
    """An area by id, name or short name; Refused (listing the areas) if there is none."""
    area = await repos.programme.area(int(ref)) if ref.isdigit() else None
    area = area or await repos.programme.area_named(ref)
    if area is None:
        known = ", ".join(a.name for a in await repos.programme.areas()) or "none yet"
        raise Refused(f"there is no area called {ref!r} (areas: {known}).")
    return area


async def find_group(repos: Repos, ref: str) -> Group:
    """A group by id or name; Refused (listing the groups) if there is none."""
    group = await repos.programme.group(int(ref)) if ref.isdigit() else None
    group = group or await repos.programme.group_named(ref)
    if group is None:
        known = ", ".join(g.name for g in await repos.programme.groups()) or "none yet"
        raise Refused(f"there is no group called {ref!r} (groups: {known}).")
    return group
