"""Coordinator commands: `python -m bot admin …`.

Each command checks its input and says plainly what it did, or why it refused (exit code 1).
Areas and groups can be named by name, slug or id. Invitation links go on a line of their own.
"""

from __future__ import annotations

import csv
import os
import re
import sqlite3
import sys
from contextlib import closing
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import typer

from bot.admin.support import Refused, find_area, find_group, run_with_db
from bot.concerns.admin import office_admin
from bot.config import Settings, settings_or_exit
from bot.content.admin import content_app
from bot.export.admin import export_admin
from bot.membership import invites
from bot.membership.roster import qr_png
from bot.models import Area, Group, Invite, Role
from bot.storage import Repos
from bot.storage.private_files import (
    private_file,
    private_folder,
    touch_private,
    write_private_bytes,
)
from bot.texts.dates import day_date

admin = typer.Typer(
    help="Coordinator commands: areas, groups, invitations, peers, lists, backups.",
    no_args_is_help=True,
)
area_app = typer.Typer(help="Areas: a cluster of villages with one nurse.", no_args_is_help=True)
group_app = typer.Typer(help="Groups: 8–15 peers and their facilitators.", no_args_is_help=True)
peers_app = typer.Typer(help="Peers: import a list of names.", no_args_is_help=True)
admin.add_typer(area_app, name="area")
admin.add_typer(group_app, name="group")
admin.add_typer(peers_app, name="peers")
admin.add_typer(content_app, name="content")
admin.add_typer(office_admin)  # closure, hours, nurse, concerns (bot/concerns/admin.py)
admin.add_typer(export_admin)  # export: the research export (bot/export/admin.py)

MAX_NAME = 80


class InviteRole(StrEnum):
    PSF = "psf"
    PEER = "peer"
    NURSE = "nurse"
    COORDINATOR = "coordinator"


class Listing(StrEnum):
    AREAS = "areas"
    GROUPS = "groups"
    MEMBERS = "members"
    INVITES = "invites"


def _name(value: str, what: str) -> str:
    name = " ".join(value.split())
    if not name or len(name) > MAX_NAME:
        raise Refused(f"a {what} name must be 1 to {MAX_NAME} characters.")
    return name


def slugify(name: str) -> str:
    """A short name usable as `area:` in content files: a-z, 0-9 and dashes, 24 at most."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower())[:24].strip("-") or "area"


async def bot_username(repos: Repos, settings: Settings) -> str:
    name = settings.bot_username or await repos.meta.get("bot_username")
    if not name:
        raise Refused(
            "I don't know the bot's @username yet: start the bot once (make run), "
            "or set BOT_USERNAME in .env."
        )
    return name.lstrip("@")


@area_app.command("add")
def area_add(
    name: Annotated[str, typer.Argument(help="e.g. 'South Suffolk'")],
    timezone: Annotated[str, typer.Option(help="The area's time zone.")] = "Europe/London",
    slug: Annotated[str | None, typer.Option(help="Short name used by content files.")] = None,
) -> None:
    """Add an area."""

    async def work(repos: Repos, settings: Settings, now: datetime) -> Area:
        clean = _name(name, "area")
        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise Refused(f"{timezone!r} is not a time zone (try Europe/London).") from None
        if await repos.programme.area_named(clean):
            raise Refused(f"there is already an area called {clean!r}.")
        area_slug = slugify(slug or clean)
        if await repos.programme.area_named(area_slug):
            raise Refused(f"the short name {area_slug!r} is taken; choose one with --slug.")
        return await repos.programme.add_area(
            name=clean, slug=area_slug, timezone=timezone, now=now
        )

    area = run_with_db(work)
    typer.echo(f"Added area {area.name!r} (id {area.id}, short name {area.slug}).")


@group_app.command("add")
def group_add(
    name: Annotated[str, typer.Argument(help="e.g. 'Lavenham Circle'")],
    area: Annotated[str, typer.Option(help="The area's name, short name or id.")],
    venue: Annotated[str | None, typer.Option(help="The usual venue.")] = None,
) -> None:
    """Add a group to an area."""

    async def work(repos: Repos, settings: Settings, now: datetime) -> tuple[Group, Area]:
        clean = _name(name, "group")
        found = await find_area(repos, area)
        if await repos.programme.group_named(clean):
            raise Refused(f"there is already a group called {clean!r}.")
        group = await repos.programme.add_group(
            name=clean,
            area_id=found.id,
            venue=" ".join(venue.split()) if venue else None,
            start_date=None,
            now=now,
        )
        return group, found

    group, found = run_with_db(work)
    typer.echo(f"Added group {group.name!r} (id {group.id}) in {found.name}.")


@admin.command()
def invite(
    role: Annotated[InviteRole, typer.Option(help="Who the link is for.")],
    group: Annotated[str | None, typer.Option(help="For psf or peer: the group.")] = None,
    area: Annotated[str | None, typer.Option(help="For nurse: the area.")] = None,
    backup: Annotated[bool, typer.Option(help="For nurse: the backup nurse.")] = False,
    uses: Annotated[int | None, typer.Option(help="How many people may use it.")] = None,
    expires_days: Annotated[int | None, typer.Option(help="Days until it expires.")] = None,
    qr: Annotated[Path | None, typer.Option(help="Also save a QR code PNG here.")] = None,
) -> None:
    """Make an invitation link."""

    async def work(repos: Repos, settings: Settings, now: datetime) -> tuple[str, Invite]:
        chosen = Role(role.value)
        if chosen in (Role.PSF, Role.PEER) and group is None:
            raise Refused(f"a {role.value} link needs --group.")
        if chosen is Role.NURSE and area is None:
            raise Refused("a nurse link needs --area.")
        made = await invites.create_invite(
            repos,
            role=chosen,
            group=await find_group(repos, group) if group and chosen is not Role.NURSE else None,
            area=await find_area(repos, area) if area and chosen is Role.NURSE else None,
            backup=backup,
            uses=uses,
            expires_days=expires_days or settings.invite_expiry_days,
            now=now,
        )
        return invites.invite_link(await bot_username(repos, settings), made.token), made

    link, made = run_with_db(work)
    typer.echo(
        f"Invitation for a {role.value}: {made.max_uses} use(s), "
        f"until {day_date(made.expires_at.date())} {made.expires_at.year}."
    )
    typer.echo(link)
    if qr is not None:
        private_folder(qr.parent)
        write_private_bytes(qr, qr_png(link))  # it carries the link: owner-only
        typer.echo(f"QR code saved to {qr}.")


@peers_app.command("import")
def peers_import(
    file: Annotated[Path, typer.Argument(help="CSV with a 'name' column, one peer per row.")],
    group: Annotated[str, typer.Option(help="The group they join.")],
    expires_days: Annotated[int | None, typer.Option(help="Days until links expire.")] = None,
    out: Annotated[
        Path | None, typer.Option(help="Printable list (CSV) of names and links.")
    ] = None,
) -> None:
    """Make one personal link per peer in a CSV, and a printable list of them."""
    rows = _read_peer_csv(file)

    async def work(
        repos: Repos, settings: Settings, now: datetime
    ) -> tuple[str, list[tuple[str, str]]]:
        found = await find_group(repos, group)
        username = await bot_username(repos, settings)
        links = []
        for name in rows:
            made = await invites.create_invite(
                repos,
                role=Role.PEER,
                group=found,
                uses=1,
                personal_name=name,
                expires_days=expires_days or settings.invite_expiry_days,
                now=now,
            )
            links.append((name, invites.invite_link(username, made.token)))
        return found.name, links

    group_name, links = run_with_db(work)
    target = out or file.with_name(f"{file.stem}-links.csv")
    # Names and personal links: readable by the coordinator only.
    private_folder(target.parent)
    with os.fdopen(private_file(target), "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["name", "personal link"])
        writer.writerows(links)
    typer.echo(f"Made {len(links)} personal links for {group_name}. Printable list: {target}")
    for name, link in links:
        typer.echo(f"{name}:")
        typer.echo(link)


def _read_peer_csv(file: Path) -> list[str]:
    if not file.is_file():
        typer.echo(f"Refused: there is no file {file}.", err=True)
        raise typer.Exit(1)
    problems: list[str] = []
    names: list[str] = []
    try:
        with file.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            fields = [f.strip().lower() for f in reader.fieldnames or []]
            if "name" not in fields:
                typer.echo("Refused: the CSV needs a header row with a 'name' column.", err=True)
                raise typer.Exit(1)
            for row in reader:
                line = reader.line_num  # the file's own line number, blank lines counted
                raw = {k.strip().lower(): (v or "") for k, v in row.items() if k}
                name = " ".join(raw.get("name", "").split())
                if not name:
                    problems.append(f"line {line}: the name is empty")
                elif len(name) > MAX_NAME:
                    problems.append(f"line {line}: the name is longer than {MAX_NAME} characters")
                elif name in names:
                    problems.append(f"line {line}: {name!r} appears twice")
                else:
                    names.append(name)
    except UnicodeDecodeError:
        typer.echo(
            "Refused: the file is not text in UTF-8. From a spreadsheet, save it as "
            "'CSV UTF-8 (comma delimited)'.",
            err=True,
        )
        raise typer.Exit(1) from None
    except csv.Error as error:
        typer.echo(f"Refused: the CSV can't be read ({error}); nothing was imported.", err=True)
        raise typer.Exit(1) from None
    if problems:
        typer.echo("Refused: nothing was imported. Please fix:", err=True)
        for problem in problems:
            typer.echo(f"  {problem}", err=True)
        raise typer.Exit(1)
    if not names:
        typer.echo("Refused: the CSV has no names.", err=True)
        raise typer.Exit(1)
    return names


@admin.command("list")
def list_things(
    what: Annotated[Listing, typer.Argument(help="What to list.")] = Listing.GROUPS,
) -> None:
    """List areas, groups, members or invitations."""

    async def work(repos: Repos, settings: Settings, now: datetime) -> list[str]:
        lines: list[str] = []
        if what is Listing.AREAS:
            for area in await repos.programme.areas():
                nurses = [
                    f"{p.display_name}{' (backup)' if r.is_backup else ''}"
                    for r, p in await repos.people.nurses_of(area.id)
                ]
                lines.append(
                    f"{area.id:>4}  {area.name}  [{area.slug}]  {area.timezone}  "
                    f"nurses: {', '.join(nurses) or 'none yet'}"
                )
        elif what is Listing.GROUPS:
            for group in await repos.programme.groups():
                home = await repos.programme.area(group.area_id)
                members = await repos.people.members_of(group.id)
                psfs = sum(1 for m in members if m.role is Role.PSF)
                lines.append(
                    f"{group.id:>4}  {group.name}  ({home.name if home else '?'})  "
                    f"{group.status.value}  {psfs} PSFs, {len(members) - psfs} peers"
                )
        elif what is Listing.MEMBERS:
            for group in await repos.programme.groups():
                lines.append(f"{group.name}:")
                for member in await repos.people.members_of(group.id):
                    telegram = "" if member.person.telegram_id else "  (no Telegram)"
                    lines.append(f"  {member.role.value:5} {member.person.display_name}{telegram}")
        else:
            for made in await repos.invites.all():
                state = invites.problem_with(made, now)
                where = made.group_id or made.area_id or "-"
                lines.append(
                    f"{made.token}  {made.role.value:11} {where!s:>4}  "
                    f"{made.uses}/{made.max_uses} used  "
                    f"{state.value if state else 'open'}  {made.personal_name or ''}".rstrip()
                )
        return lines or [f"No {what.value} yet."]

    for line in run_with_db(work):
        typer.echo(line)


@admin.command()
def revoke(token: Annotated[str, typer.Argument(help="The token at the end of the link.")]) -> None:
    """Withdraw an invitation link so it can't be used."""
    token = token.rsplit("start=", 1)[-1]

    async def work(repos: Repos, settings: Settings, now: datetime) -> None:
        if await repos.invites.get(token) is None:
            raise Refused("there is no invitation with that token.")
        if not await repos.invites.revoke(token, now):
            raise Refused("that invitation was already withdrawn.")

    run_with_db(work)
    typer.echo("Withdrawn: that link no longer works.")


@admin.command()
def backup(
    target: Annotated[Path, typer.Argument(help="Where to write the copy (.sqlite3).")],
) -> None:
    """Copy the database safely while the bot runs (SQLite's online backup)."""
    settings = settings_or_exit()
    if not settings.database_path.exists():
        typer.echo(f"Refused: there is no database at {settings.database_path}.", err=True)
        raise typer.Exit(1)
    if target.exists():
        typer.echo(f"Refused: {target} already exists.", err=True)
        raise typer.Exit(1)
    private_folder(target.parent)
    touch_private(target)
    # One step (pages=-1) under one read lock: a single consistent moment, and in WAL mode the
    # running bot keeps writing meanwhile.
    with (
        closing(sqlite3.connect(settings.database_path)) as source,
        closing(sqlite3.connect(target)) as copy,
    ):
        source.backup(copy)
    typer.echo(f"Backed up to {target} ({target.stat().st_size:,} bytes).")


@admin.command()
def migrate() -> None:
    """Create the database or bring it up to date (the bot also does this at start)."""

    async def work(repos: Repos, settings: Settings, now: datetime) -> list[str]:
        return await repos.meta.applied_migrations()

    applied = run_with_db(work)
    typer.echo(f"Database is up to date: {len(applied)} migrations applied.")


def main() -> None:  # pragma: no cover - `python -m bot admin` goes through bot.cli
    admin(sys.argv[1:])
