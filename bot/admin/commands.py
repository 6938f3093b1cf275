"""Coordinator commands: `python -m bot admin …`.

Each command checks its input and says plainly what it did, or why it refused (exit code 1).
Areas and groups can be named by name, slug or id. Invitation links go on a line of their own.
"""

from __future__ import annotations

import asyncio
import re
import sqlite3
import sys
from contextlib import closing
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import typer

from bot.admin.peers import BIG_GROUP, read_peer_csv
from bot.admin.support import Refused, existing_settings, find_area, find_group, run_with_db
from bot.admin.texts import full_date, link_for, plural, role_words
from bot.concerns.admin import office_admin
from bot.concerns.records import ConcernState
from bot.config import Settings, settings_or_exit
from bot.content.admin import content_app
from bot.csvfiles import write_private_csv
from bot.export.admin import export_admin
from bot.membership import invites
from bot.membership.roster import qr_png
from bot.models import Area, DeliveryState, Group, Invite, Role
from bot.privacy import forget_person
from bot.services import LAST_SWEEP_KEY
from bot.storage import Database, DatabaseProblem, Repos
from bot.storage.lock import AlreadyRunning, DatabaseLock, lock_path
from bot.storage.private_files import private_folder, touch_private, write_private_bytes
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

    async def work(repos: Repos, settings: Settings, now: datetime) -> tuple[str, Invite, str]:
        chosen = Role(role.value)
        if chosen in (Role.PSF, Role.PEER) and group is None:
            raise Refused(f"a {role.value} link needs --group.")
        if chosen is Role.NURSE and area is None:
            raise Refused("a nurse link needs --area.")
        if backup and chosen is not Role.NURSE:
            raise Refused("--backup is only for a nurse link.")
        found_group = await find_group(repos, group) if group and chosen is not Role.NURSE else None
        found_area = await find_area(repos, area) if area and chosen is Role.NURSE else None
        if found_group is not None:
            found_area = await repos.programme.area(found_group.area_id)
        made = await invites.create_invite(
            repos,
            role=chosen,
            group=found_group,
            area=found_area if chosen is Role.NURSE else None,
            backup=backup,
            uses=uses,
            expires_days=expires_days or settings.invite_expiry_days,
            now=now,
        )
        where = (
            f" for {found_group.name}" + (f" ({found_area.name})" if found_area else "")
            if found_group
            else f" for {found_area.name}"
            if found_area
            else ""
        )
        link = invites.invite_link(await bot_username(repos, settings), made.token)
        return link, made, where

    link, made, where = run_with_db(work)
    tz = settings_or_exit().tz
    typer.echo(
        f"Invitation for a {role_words(made.role, backup=made.is_backup)}{where}: "
        f"{plural(made.max_uses, 'use')}, until {full_date(made.expires_at, tz)}."
    )
    typer.echo(link)
    if qr is not None:
        try:
            private_folder(qr.parent)
            write_private_bytes(qr, qr_png(link))  # it carries the link: owner-only
        except OSError as exc:
            typer.echo(f"The QR code could not be saved to {qr} ({exc.strerror}).", err=True)
            raise typer.Exit(1) from None
        typer.echo(f"QR code saved to {qr}.")


@peers_app.command("import")
def peers_import(
    file: Annotated[Path, typer.Argument(help="CSV with a 'name' column, one peer per row.")],
    group: Annotated[str, typer.Option(help="The group they join.")],
    expires_days: Annotated[int | None, typer.Option(help="Days until links expire.")] = None,
    out: Annotated[
        Path | None, typer.Option(help="Printable list (CSV) of names and links.")
    ] = None,
    again: Annotated[
        bool,
        typer.Option(
            "--again", help="Make new links for people who have one; the old ones stop working."
        ),
    ] = False,
) -> None:
    """Make one personal link per peer in a CSV, and a printable list of them."""
    try:
        peers = read_peer_csv(file)
    except Refused as exc:
        typer.echo(f"Refused: {exc}", err=True)
        raise typer.Exit(1) from None
    for note in peers.notes:
        typer.echo(f"Note: {note}")

    async def work(repos: Repos, settings: Settings, now: datetime) -> ImportResult:
        found = await find_group(repos, group)
        username = await bot_username(repos, settings)
        earlier = {
            made.personal_name: made
            for made in await repos.invites.all(group_id=found.id)
            if made.personal_name in peers.names and made.revoked_at is None
        }
        if earlier and not again:
            names = ", ".join(sorted(str(name) for name in earlier))
            raise Refused(
                f"{plural(len(earlier), 'person', 'people')} in this file already "
                f"{'has' if len(earlier) == 1 else 'have'} a personal link for {found.name} "
                f"({names}). To make new links and withdraw the old ones, run it again with "
                "--again."
            )
        for made in earlier.values():
            await repos.invites.revoke(made.token, now)
        links = []
        for name in peers.names:
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
        members = await repos.people.members_of(found.id, role=Role.PEER)
        waiting = {
            made.personal_name
            for made in await repos.invites.all(group_id=found.id)
            if made.personal_name and invites.problem_with(made, now) is None
        }
        return ImportResult(found.name, links, len(earlier), len(members) + len(waiting))

    result = run_with_db(work)
    target = out or file.with_name(f"{file.stem}-links.csv")
    saved = f". Printable list (readable by you only): {target}"
    try:
        write_private_csv(target, [("name", "personal link"), *result.links], replace=True)
    except OSError as exc:
        saved = f". The printable list could not be written to {target} ({exc.strerror})"
    typer.echo(
        f"Made {plural(len(result.links), 'personal link')} for {result.group}"
        + (f" ({plural(result.replaced, 'old link')} withdrawn)" if result.replaced else "")
        + f"{saved}."
    )
    if result.group_size > BIG_GROUP:
        typer.echo(
            f"Note: {result.group} will have {result.group_size} peers. The study found 8–9 "
            "ideal and 15 at most; consider splitting them into more groups."
        )
    for name, link in result.links:
        typer.echo(f"{name}:")
        typer.echo(link)


@dataclass(frozen=True)
class ImportResult:
    group: str
    links: list[tuple[str, str]]
    replaced: int
    group_size: int


@admin.command("list")
def list_things(
    what: Annotated[Listing, typer.Argument(help="What to list.")] = Listing.GROUPS,
    group: Annotated[str | None, typer.Option(help="Only this group (members, invites).")] = None,
    active: Annotated[
        bool, typer.Option("--active", help="Invites: only links that still work.")
    ] = False,
) -> None:
    """List areas, groups, members or invitations."""

    async def work(repos: Repos, settings: Settings, now: datetime) -> list[str]:
        only = await find_group(repos, group) if group else None
        if what is Listing.AREAS:
            return await _list_areas(repos)
        if what is Listing.GROUPS:
            return await _list_groups(repos)
        if what is Listing.MEMBERS:
            return await _list_members(repos, now, only)
        return await _list_invites(repos, settings, now, only, active)

    for line in run_with_db(work):
        typer.echo(line)


async def _list_areas(repos: Repos) -> list[str]:
    lines = []
    for area in await repos.programme.areas():
        nurses = [
            f"{p.display_name}{' (backup nurse)' if r.is_backup else ''}"
            for r, p in await repos.people.nurses_of(area.id)
        ]
        lines.append(
            f"{area.id:>4}  {area.name}  [{area.slug}]  {area.timezone}  "
            f"nurses: {', '.join(nurses) or 'none yet'}"
        )
    return lines or ["No areas yet."]


async def _list_groups(repos: Repos) -> list[str]:
    lines = []
    for group in await repos.programme.groups():
        home = await repos.programme.area(group.area_id)
        members = await repos.people.members_of(group.id)
        psfs = sum(1 for m in members if m.role is Role.PSF)
        lines.append(
            f"{group.id:>4}  {group.name}  ({home.name if home else '?'})  "
            f"{group.status.value}  {plural(psfs, 'PSF')}, {plural(len(members) - psfs, 'peer')}"
        )
    return lines or ["No groups yet."]


async def _list_members(repos: Repos, now: datetime, only: Group | None) -> list[str]:
    lines: list[str] = []
    for group in [only] if only else await repos.programme.groups():
        members = await repos.people.members_of(group.id)
        joined = {m.person.display_name for m in members}
        waiting = [
            made
            for made in await repos.invites.all(group_id=group.id)
            if made.personal_name
            and made.personal_name not in joined
            and invites.problem_with(made, now) is None
        ]
        psfs = sum(1 for m in members if m.role is Role.PSF)
        lines.append(
            f"{group.name}: {plural(psfs, 'facilitator')}, {plural(len(members) - psfs, 'peer')}"
            f", {len(waiting)} not joined yet"
        )
        for member in members:
            telegram = "" if member.person.telegram_id else "  (no Telegram)"
            lines.append(f"  {role_words(member.role):18} {member.person.display_name}{telegram}")
        for made in waiting:
            lines.append(f"  {'not joined yet':18} {made.personal_name}  (personal link sent)")
        if not members and not waiting:
            lines.append("  nobody yet")
    return lines or ["No groups yet."]


async def _list_invites(
    repos: Repos, settings: Settings, now: datetime, only: Group | None, active: bool
) -> list[str]:
    groups = {g.id: g for g in await repos.programme.groups()}
    areas = {a.id: a for a in await repos.programme.areas()}
    rows = []
    for made in await repos.invites.all(group_id=only.id if only else None):
        problem = invites.problem_with(made, now)
        if active and problem is not None:
            continue
        group_of = groups.get(made.group_id) if made.group_id else None
        area_of = areas.get(made.area_id) if made.area_id else None
        rows.append(
            (
                made.token,
                link_for(made, group_of, area_of),
                f"{made.max_uses - made.uses} of {made.max_uses}",
                full_date(made.expires_at, settings.tz),
                problem.value if problem else "open",
                made.personal_name or "",
            )
        )
    if not rows:
        return ["No invitations match." if (only or active) else "No invitations yet."]
    header = ("Token", "For", "Uses left", "Expires", "State", "Name")
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    return [
        "  ".join(f"{cell:<{widths[i]}}" for i, cell in enumerate(row)).rstrip()
        for row in [header, *rows]
    ] + [f"{plural(len(rows), 'invitation')}."]


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
    settings = existing_settings()
    if target.exists():
        typer.echo(f"Refused: {target} already exists.", err=True)
        raise typer.Exit(1)
    try:
        private_folder(target.parent)
        touch_private(target)
        with (
            closing(sqlite3.connect(settings.database_path)) as source,
            closing(sqlite3.connect(target)) as copy,
        ):
            source.backup(copy)
    except (OSError, sqlite3.Error) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        typer.echo(f"Refused: can't write the backup to {target} ({reason}).", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"Backed up {settings.database_path} to {target} ({target.stat().st_size:,} bytes).")


@admin.command()
def init() -> None:
    """Create the database for a new programme here (the only admin command that creates one)."""
    settings = settings_or_exit()

    async def go() -> tuple[bool, int]:
        db = Database(settings.database_path)
        await db.open(check=True)
        try:
            return db.created, await db.schema_version()
        finally:
            await db.close()

    try:
        created, version = asyncio.run(go())
    except DatabaseProblem as exc:
        typer.echo(f"Refused: {exc}", err=True)
        raise typer.Exit(1) from None
    if created:
        typer.echo(
            f"Created a new database at {settings.database_path} (schema {version}; "
            f"{settings.home.describe()})."
        )
    else:
        typer.echo(
            f"There is already a database at {settings.database_path} (schema {version}); "
            "nothing was changed."
        )


@admin.command()
def migrate() -> None:
    """Bring the database up to date (the bot also does this at start)."""

    async def work(repos: Repos, settings: Settings, now: datetime) -> list[str]:
        return await repos.meta.applied_migrations()

    applied = run_with_db(work)
    typer.echo(f"Database is up to date: {plural(len(applied), 'migration')} applied.")


@admin.command()
def status() -> None:
    """What to check first: the database, the running bot's last sweep, what is waiting."""

    async def work(repos: Repos, settings: Settings, now: datetime) -> list[str]:
        last = await repos.meta.get(LAST_SWEEP_KEY)
        applied = await repos.meta.applied_migrations()
        waiting = await repos.deliveries.count(state=DeliveryState.PENDING)
        failed = await repos.deliveries.count(state=DeliveryState.FAILED)
        timeout = timedelta(minutes=settings.ack_timeout_minutes)
        late = [
            concern
            for concern in await repos.concerns.open_concerns()
            if concern.state is ConcernState.DELIVERED
            and concern.delivered_at is not None
            and now - concern.delivered_at > timeout
        ]
        if last:
            ago = now - datetime.fromisoformat(last)
            minutes = max(0, int(ago.total_seconds() // 60))
            swept = f"{plural(minutes, 'minute')} ago ({full_time(last, settings)})"
            if ago.total_seconds() > max(300, 3 * settings.sweep_interval_seconds):
                swept += " — the bot may not be running"
        else:
            swept = "never (the bot has not run with this database)"
        running = "no"
        try:
            probe = DatabaseLock(settings.database_path)
            probe.acquire()
            probe.release()
        except AlreadyRunning:
            running = "yes"
        return [
            f"Database:        {settings.database_path}",
            f"Home folder:     {settings.home.folder} ({settings.home.found_by})",
            f"Schema:          {len(applied)} migrations, newest {applied[-1] if applied else '-'}",
            f"Bot running:     {running} (lock file {lock_path(settings.database_path)})",
            f"Last sweep:      {swept}",
            f"Deliveries:      {waiting} waiting, {failed} failed",
            f"Concerns:        {plural(len(late), 'concern')} delivered to a nurse and not "
            f"acknowledged for over {plural(settings.ack_timeout_minutes, 'minute')}",
        ]

    for line in run_with_db(work):
        typer.echo(line)


def full_time(iso: str, settings: Settings) -> str:
    local = datetime.fromisoformat(iso).astimezone(settings.tz)
    return f"{local:%Y-%m-%d %H:%M} {settings.timezone}"


@admin.command()
def retention(
    study_ended: Annotated[str, typer.Option(help="The day the study ended, e.g. 2027-06-30.")],
    apply: Annotated[
        bool, typer.Option("--apply", help="Delete for real (without it: a dry run).")
    ] = False,
) -> None:
    """End of the study: delete people's data once RETENTION_DAYS have passed (dry run first)."""
    try:
        ended = date.fromisoformat(study_ended.strip())
    except ValueError:
        typer.echo(f"Refused: --study-ended must be a date like 2027-06-30 (got {study_ended!r}).")
        raise typer.Exit(1) from None
    settings = existing_settings()
    if apply:
        try:
            lock = DatabaseLock(settings.database_path)
            lock.acquire()
            lock.release()
        except AlreadyRunning as exc:
            typer.echo(f"Refused: stop the bot first: {exc}", err=True)
            raise typer.Exit(1) from None

    async def work(repos: Repos, settings: Settings, now: datetime) -> list[str]:
        due = ended + timedelta(days=settings.retention_days)
        people = await repos.people.remembered_ids()
        today = now.astimezone(settings.tz).date()
        if today < due:
            return [
                f"Not yet: people's data is kept until {day_date(due)} {due.year} "
                f"(RETENTION_DAYS={settings.retention_days} after the study ended on "
                f"{day_date(ended)} {ended.year}). Nothing was deleted."
            ]
        if not apply:
            return [
                f"Dry run: this would delete the names, Telegram ids and words of "
                f"{plural(len(people), 'person', 'people')} and the names on personal links, "
                "keeping anonymous counts. Back up first, then run it again with --apply."
            ]
        for person_id in people:
            person = await repos.people.get(person_id)
            if person is not None:
                await forget_person(repos, person, now)
        named = await repos.invites.forget_names(now)
        return [
            f"Deleted the data of {plural(len(people), 'person', 'people')} and the names on "
            f"{plural(named, 'personal link')}. Anonymous counts remain. Delete old backups "
            "too: they still hold the data."
        ]

    for line in run_with_db(work):
        typer.echo(line)
    if apply:
        # Rewrite the file so deleted words are not left behind in its free pages.
        with closing(sqlite3.connect(settings.database_path)) as conn:
            conn.execute("VACUUM")
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def main() -> None:  # pragma: no cover - `python -m bot admin` goes through bot.cli
    admin(sys.argv[1:])
