"""`python -m bot admin content check | reload`: check the content files, reload them live.

`check` reads every file and lists every problem, one line each (file, entry, what is wrong).
`reload` checks too, then asks the running bot to reload through the database (the bot is
another process) and waits for its answer. A broken file never reaches the bot: it keeps the
content it had.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated

import typer

from bot.config import Settings, settings_or_exit
from bot.content import NATIONAL, Content, ContentError, ContentProblem, load_content
from bot.content import reload as content_reload
from bot.content.reload import ReloadResult
from bot.storage import Database

content_app = typer.Typer(
    help="Content: check the files in content/, and reload them in the running bot.",
    no_args_is_help=True,
)

POLL_SECONDS = 0.25
CHECK_COMMAND = "python -m bot admin content check"


def problems_report(directory: Path, problems: Sequence[ContentProblem | str]) -> list[str]:
    """Every problem on its own line, under a heading that says where they are."""
    count = len(problems)
    heading = f"Found {count} problem{'s' if count != 1 else ''} in {directory}:"
    return [heading, *(f"  {problem}" for problem in problems)]


def startup_refused(error: ContentError) -> str:
    """What `run` and `demo` print when the content is broken at start (no traceback)."""
    lines = ["Peer Circle can't start: its content files need fixing first."]
    lines += problems_report(error.directory or Path("content"), error.problems)
    lines.append(f"Fix them (check again with: {CHECK_COMMAND}), then start the bot again.")
    return "\n".join(lines)


def _summary(content: Content) -> str:
    areas = []
    for area in content.areas:
        count = sum(1 for resource in content.resources if resource.area == area.slug)
        sample = " — a sample to replace" if area.sample else ""
        areas.append(f"{area.slug} ({count}{sample})")
    return (
        f"Content is fine: {len(content.curriculum)} sessions, {len(content.topics)} topics, "
        f"{len(content.icebreakers)} icebreakers, {len(content.tips)} tips, "
        f"{len(content.categories)} categories, {len(content.resources)} resources "
        f"({', '.join(areas)})."
    )


async def _area_notes(settings: Settings, content: Content) -> list[str]:
    """Mismatches between the areas in the database and the resource files, if any."""
    if not settings.database_path.exists():
        return []
    db = Database(settings.database_path)
    await db.open()
    try:
        async with db.read() as repos:
            areas = await repos.programme.areas()
    finally:
        await db.close()
    files = {area.slug: area for area in content.areas if area.slug != NATIONAL}
    notes = [
        f"area {area.name!r} ({area.slug}) has no resources file: people there see national "
        "resources only (see 'Adding an area' in content/README.md)."
        for area in areas
        if area.slug not in files
    ]
    known = {area.slug for area in areas}
    notes += [
        f"the resources for area '{slug}' are shown to nobody: no area has that short name "
        f"(areas: {', '.join(sorted(known)) or 'none yet'}). Check the `area:` line."
        for slug, area in files.items()
        if slug not in known and not area.sample
    ]
    return notes


def _load_or_exit(directory: Path, *, after: str) -> Content:
    try:
        return load_content(directory)
    except ContentError as error:
        for line in problems_report(directory, error.problems):
            typer.echo(line, err=True)
        typer.echo(after, err=True)
        raise typer.Exit(1) from None


@content_app.command()
def check(
    directory: Annotated[
        Path | None, typer.Option("--dir", help="Check this folder instead of CONTENT_DIR.")
    ] = None,
) -> None:
    """Check every content file and list every problem (exit code 1 if there are any)."""
    settings = settings_or_exit()
    folder = directory or settings.content_dir
    content = _load_or_exit(
        folder, after="Fix these, then check again. The running bot is not affected."
    )
    typer.echo(_summary(content))
    if directory is None:
        for note in asyncio.run(_area_notes(settings, content)):
            typer.echo(f"Note: {note}")


@content_app.command()
def reload(
    wait: Annotated[
        float, typer.Option(help="How many seconds to wait for the running bot to answer.")
    ] = 60.0,
) -> None:
    """Check the files, then tell the running bot to use them (no restart needed)."""
    settings = settings_or_exit()
    _load_or_exit(
        settings.content_dir,
        after="Nothing was reloaded: the bot carries on with the content it has.",
    )
    if not settings.database_path.exists():
        typer.echo(
            f"The bot has not run with the database {settings.database_path} yet. "
            "The files are fine: the bot reads them when it starts."
        )
        raise typer.Exit(1)
    typer.echo(f"The files are fine. Asking the bot to reload (waiting up to {wait:g} seconds)…")
    result = asyncio.run(_request_and_wait(settings, wait))
    if result is None:
        typer.echo(
            f"The bot has not picked it up within {wait:g} seconds: it is probably not running. "
            "It will reload when it next checks, and it always reads the files when it starts.",
            err=True,
        )
        raise typer.Exit(1)
    if not result.ok:
        typer.echo("The bot found problems, so it carries on with the content it had:", err=True)
        for line in result.problems:
            typer.echo(f"  {line}", err=True)
        raise typer.Exit(1)
    typer.echo(
        f"Done: the bot is now using the new content ({result.topics} topics, "
        f"{result.resources} resources)."
    )


async def _request_and_wait(settings: Settings, wait: float) -> ReloadResult | None:
    db = Database(settings.database_path)
    await db.open()
    try:
        async with db.transaction() as repos:
            number = await content_reload.request_reload(repos)
        deadline = time.monotonic() + wait
        while True:
            async with db.read() as repos:
                result = await content_reload.result_for(repos, number)
            if result is not None or time.monotonic() >= deadline:
                return result
            await asyncio.sleep(POLL_SECONDS)
    finally:
        await db.close()
