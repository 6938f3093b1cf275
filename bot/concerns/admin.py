"""Coordinator commands for the nurses' office: `python -m bot admin closure|hours|nurse|concerns`.

    closure add --area "South Suffolk" --from 2026-12-24 --to 2027-01-01 --reason "Christmas"
    closure list            closure remove 3
    hours set --area "South Suffolk" --days Mon-Thu --opens 09:30 --closes 16:00
    hours default --area "South Suffolk"          hours show
    nurse away --nurse "Helen Ward" --from 2026-12-21 --to 2026-12-31      nurse back --nurse Helen
    concerns                (open concerns and how long they have waited; no names, no text)

Dates may be written 2026-12-24, 24/12/2026 or 24 December 2026.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Annotated

import typer

from bot.admin.support import Refused, find_area, run_with_db
from bot.concerns import rules as concerns
from bot.config import Settings
from bot.meetings.schedule import parse_typed_date, parse_typed_time
from bot.models import Person
from bot.office_hours import parse_days
from bot.storage import Repos
from bot.texts.dates import day_date, when_opens

office_admin = typer.Typer(help="The nurses' office: closures, hours, nurses away, concerns.")
closure_app = typer.Typer(help="Days the nurses' office is closed.", no_args_is_help=True)
hours_app = typer.Typer(help="An area's weekly office hours.", no_args_is_help=True)
nurse_app = typer.Typer(help="Nurses away (their concerns go to the backup).")
office_admin.add_typer(closure_app, name="closure")
office_admin.add_typer(hours_app, name="hours")
office_admin.add_typer(nurse_app, name="nurse")

ALL_AREAS = "all"
MAX_REASON = 80


def _date(text: str, what: str, today: date) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        pass
    found = parse_typed_date(text, today=today)
    if found is None:
        raise Refused(f"can't read the {what} date {text!r} (write it like 2026-12-24).")
    return found


def _time(text: str, what: str) -> time:
    found = parse_typed_time(text)
    if found is None:
        raise Refused(f"can't read the {what} time {text!r} (write it like 09:00).")
    return found


async def _nurse(repos: Repos, name: str) -> Person:
    wanted = " ".join(name.split()).lower()
    found: dict[int, Person] = {}
    everyone: list[str] = []
    for area in await repos.programme.areas():
        for _, person in await repos.people.nurses_of(area.id):
            everyone.append(person.display_name)
            full = person.display_name.lower()
            if wanted in (full, full.split(maxsplit=1)[0] if full else full):
                found[person.id] = person
    if not found:
        known = ", ".join(sorted(set(everyone))) or "none yet"
        raise Refused(f"there is no nurse called {name!r} (nurses: {known}).")
    if len(found) > 1:
        names = ", ".join(p.display_name for p in found.values())
        raise Refused(f"{name!r} could be {names}: give the full name.")
    return next(iter(found.values()))


# --- closures ----------------------------------------------------------------------------------


@closure_app.command("add")
def closure_add(
    area: Annotated[str, typer.Option(help=f"The area's name or id, or '{ALL_AREAS}'.")],
    start: Annotated[str, typer.Option("--from", help="First closed day.")],
    end: Annotated[str, typer.Option("--to", help="Last closed day (inclusive).")],
    reason: Annotated[str, typer.Option(help="e.g. 'Training day' (facilitators see it).")],
) -> None:
    """Close the nurses' office for some days: concerns wait for the next open day."""

    async def work(repos: Repos, settings: Settings, now: datetime) -> str:
        today = now.astimezone(settings.tz).date()
        first, last = _date(start, "first", today), _date(end, "last", today)
        if last < first:
            raise Refused("the last day is before the first day.")
        words = " ".join(reason.split())
        if not words or len(words) > MAX_REASON:
            raise Refused(f"the reason must be 1 to {MAX_REASON} characters.")
        where = None if area.lower() == ALL_AREAS else await find_area(repos, area)
        row = await repos.concerns.add_closure(
            area_id=where.id if where else None, start=first, end=last, reason=words, now=now
        )
        span = (
            day_date(first, today=today)
            if first == last
            else f"{day_date(first, today=today)} to {day_date(last, today=today)}"
        )
        return f"Closure {row.id}: {where.name if where else 'every area'} closed {span} ({words})."

    typer.echo(run_with_db(work))


@closure_app.command("list")
def closure_list(
    area: Annotated[
        str | None, typer.Option(help="Only this area (and all-area closures).")
    ] = None,
) -> None:
    """List closures."""

    async def work(repos: Repos, settings: Settings, now: datetime) -> list[str]:
        where = await find_area(repos, area) if area else None
        names = {a.id: a.name for a in await repos.programme.areas()}
        lines = []
        for row in await repos.concerns.closures(area_id=where.id if where else None):
            closure = row.closure
            place = names.get(row.area_id, "?") if row.area_id else "every area"
            lines.append(
                f"{row.id:>4}  {closure.start.isoformat()} to {closure.end.isoformat()}  "
                f"{place}  {closure.reason}"
            )
        return lines or ["No closures."]

    for line in run_with_db(work):
        typer.echo(line)


@closure_app.command("remove")
def closure_remove(closure_id: Annotated[int, typer.Argument(help="From `closure list`.")]) -> None:
    """Remove a closure (concerns already queued keep their time)."""

    async def work(repos: Repos, settings: Settings, now: datetime) -> None:
        if not await repos.concerns.remove_closure(closure_id):
            raise Refused(f"there is no closure {closure_id}.")

    run_with_db(work)
    typer.echo(f"Removed closure {closure_id}.")


# --- weekly hours ------------------------------------------------------------------------------


@hours_app.command("set")
def hours_set(
    area: Annotated[str, typer.Option(help="The area's name or id.")],
    days: Annotated[str | None, typer.Option(help="e.g. Mon-Fri or Mon,Wed,Fri.")] = None,
    opens: Annotated[str | None, typer.Option(help="e.g. 09:00")] = None,
    closes: Annotated[str | None, typer.Option(help="e.g. 17:00")] = None,
    country: Annotated[str | None, typer.Option(help="Public holidays, e.g. GB.")] = None,
    subdivision: Annotated[str | None, typer.Option(help="e.g. ENG, WLS, SCT, NIR.")] = None,
) -> None:
    """Give an area its own weekly hours (what isn't given stays as the settings say)."""

    async def work(repos: Repos, settings: Settings, now: datetime) -> str:
        found = await find_area(repos, area)
        own = await repos.concerns.area_hours(found.id)
        chosen_days = days or (own.days if own else settings.office_days)
        try:
            parse_days(chosen_days)
        except ValueError as exc:
            raise Refused(str(exc)) from None
        open_at = (
            _time(opens, "opening") if opens else (own.opens if own else settings.office_opens)
        )
        close_at = (
            _time(closes, "closing") if closes else (own.closes if own else settings.office_closes)
        )
        if not open_at < close_at:
            raise Refused("the office must open before it closes.")
        await repos.concerns.set_area_hours(
            area_id=found.id,
            days=chosen_days,
            opens=open_at,
            closes=close_at,
            country=country or (own.country if own else None),
            subdivision=subdivision or (own.subdivision if own else None),
            now=now,
        )
        try:
            hours = await concerns.office_hours_of(repos, settings, found, now)
        except ValueError as exc:
            raise Refused(str(exc)) from None
        state = (
            "Open now"
            if hours.is_open(now)
            else f"Next open {when_opens(hours.next_opening(now), found.tz, now)}"
        )
        return f"{found.name}: {chosen_days} {open_at:%H:%M}–{close_at:%H:%M}. {state}."

    typer.echo(run_with_db(work))


@hours_app.command("default")
def hours_default(area: Annotated[str, typer.Option(help="The area's name or id.")]) -> None:
    """Go back to the hours in the settings (OFFICE_DAYS, OFFICE_OPENS, OFFICE_CLOSES)."""

    async def work(repos: Repos, settings: Settings, now: datetime) -> str:
        found = await find_area(repos, area)
        await repos.concerns.clear_area_hours(found.id)
        return f"{found.name} uses the usual hours again."

    typer.echo(run_with_db(work))


@hours_app.command("show")
def hours_show() -> None:
    """Each area's hours, whether it is open now, and closures to come."""

    async def work(repos: Repos, settings: Settings, now: datetime) -> list[str]:
        lines = []
        for area in await repos.programme.areas():
            own = await repos.concerns.area_hours(area.id)
            days = own.days if own else settings.office_days
            opens = own.opens if own else settings.office_opens
            closes = own.closes if own else settings.office_closes
            hours = await concerns.office_hours_of(repos, settings, area, now)
            state = (
                "open now"
                if hours.is_open(now)
                else f"next open {when_opens(hours.next_opening(now), area.tz, now)}"
            )
            kind = "own hours" if own else "usual hours"
            lines.append(f"{area.name}: {days} {opens:%H:%M}–{closes:%H:%M} ({kind}); {state}")
            today = now.astimezone(area.tz).date()
            for closure in await repos.concerns.closures_for(area.id, ending_after=today):
                lines.append(
                    f"    closed {closure.start.isoformat()} to {closure.end.isoformat()}: "
                    f"{closure.reason}"
                )
        return lines or ["No areas yet."]

    for line in run_with_db(work):
        typer.echo(line)


# --- nurses away -------------------------------------------------------------------------------


@nurse_app.command("away")
def nurse_away(
    nurse: Annotated[str, typer.Option(help="The nurse's name as in `list areas`.")],
    start: Annotated[str, typer.Option("--from", help="First day away.")],
    end: Annotated[str, typer.Option("--to", help="Last day away (inclusive).")],
) -> None:
    """Mark a nurse away: her concerns go to the area's backup nurse meanwhile."""

    async def work(repos: Repos, settings: Settings, now: datetime) -> str:
        today = now.astimezone(settings.tz).date()
        first, last = _date(start, "first", today), _date(end, "last", today)
        if last < first:
            raise Refused("the last day is before the first day.")
        person = await _nurse(repos, nurse)
        moved = await concerns.set_away(
            repos, settings, person.id, away_from=first, away_until=last, now=now
        )
        return (
            f"{person.display_name} is away {day_date(first, today=today)} to "
            f"{day_date(last, today=today)}; "
            f"{moved} waiting concern(s) sent to another nurse."
        )

    typer.echo(run_with_db(work))


@nurse_app.command("back")
def nurse_back(
    nurse: Annotated[str, typer.Option(help="The nurse's name as in `list areas`.")],
) -> None:
    """Clear a nurse's time away."""

    async def work(repos: Repos, settings: Settings, now: datetime) -> str:
        person = await _nurse(repos, nurse)
        await concerns.set_away(
            repos, settings, person.id, away_from=None, away_until=None, now=now
        )
        return f"{person.display_name} is no longer marked away."

    typer.echo(run_with_db(work))


# --- open concerns -----------------------------------------------------------------------------


@office_admin.command("concerns")
def open_concerns() -> None:
    """Open concerns: area, group, state and how long since raised (nothing personal)."""

    async def work(repos: Repos, settings: Settings, now: datetime) -> list[str]:
        lines = []
        for concern in await repos.concerns.open_concerns():
            area = await repos.programme.area(concern.area_id)
            group = await repos.programme.group(concern.group_id)
            waited = now - (concern.raised_when or concern.created_at)
            hours = int(waited.total_seconds() // 3600)
            flag = " URGENT" if concern.urgent else ""
            nurse = "no nurse yet" if concern.nurse_id is None else "with a nurse"
            lines.append(
                f"{concern.id:>5}  {area.name if area else '?'} / {group.name if group else '?'}"
                f"  {concern.state.value}{flag}  {nurse}  raised {hours} h ago"
            )
        return lines or ["No open concerns."]

    for line in run_with_db(work):
        typer.echo(line)
