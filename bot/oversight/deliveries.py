"""The oversight sweep (early warnings, the Monday digest) and how their messages render.

A warning reaches the nurse once: a row in `warnings` is made when a rule starts firing and
stays until the rule stops (then a later return is a new warning). Its delivery goes to the
nurse the concerns feature would route to, at the area's next office opening.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from bot.checkins.rules import CheckinTimes, attendance_history
from bot.concerns.rules import office_hours_of_areas, route_for
from bot.delivery import DeliveryKind
from bot.lifecycle.stages import is_archived
from bot.meetings import rules as meetings
from bot.messages import Attachment, OutMessage
from bot.models import Area, Delivery, Person
from bot.office_hours import OfficeHours
from bot.oversight import texts
from bot.oversight.chart import Series, attendance_chart
from bot.oversight.messages import warning_message
from bot.oversight.records import Rule, Thresholds
from bot.oversight.rules import evaluate
from bot.oversight.status import CheckinMark, GroupStatus, group_status
from bot.services import Services
from bot.storage import Repos

log = logging.getLogger(__name__)

WARNING = "warning"
DIGEST = "digest"
DIGEST_CHART = "digestchart"
CHART_WEEKS = 12
# A digest the bot could not send on its Monday (it was down) still goes until then.
DIGEST_LATE_BY = timedelta(days=2)
_URGENT_RULES = frozenset({Rule.NO_PSF_AT_MEETING, Rule.URGENT})
CHECK_BATCH = 50  # groups looked at in one transaction
LOOK_AT_LEAST_EVERY = timedelta(days=1)
_SPREAD_MINUTES = 360
_MARGIN = timedelta(seconds=1)


@dataclass(frozen=True)
class OversightSweep:
    raised: int
    cleared: int
    digests: int


async def check_groups(
    repos: Repos, services: Services, now: datetime, group_ids: Sequence[int] | None = None
) -> tuple[int, int]:
    """Raise warnings for rules that started firing and clear those that stopped, for the
    groups given (by default those due: changed since the last look, or at a moment when time
    alone changes what the rules see); each is then set to be looked at again when it must."""
    settings = services.settings
    t = Thresholds.from_settings(settings)
    times = CheckinTimes.from_settings(settings)
    if group_ids is None:
        group_ids = await repos.warnings.groups_due(now, limit=CHECK_BATCH)
    raised = cleared = 0
    for group_id in group_ids:
        group = await repos.programme.group(group_id)
        if group is None or await is_archived(repos, group_id):
            await repos.warnings.look_again(group_id, None)  # until the group changes
            continue
        status = await group_status(repos, group, now, times)
        await repos.warnings.look_again(group.id, await _next_look(repos, status, t, times, now))
        flags = {flag.rule.value: flag for flag in evaluate(status.facts(), t)}
        active = {w.rule: w for w in status.warnings}
        for rule, warning in active.items():
            if rule not in flags:
                await repos.warnings.clear(warning.id, now)
                cleared += 1
            elif flags[rule].detail != warning.detail:
                await repos.warnings.set_detail(warning.id, flags[rule].detail)
        for rule, flag in flags.items():
            if rule in active:
                continue
            warning = await repos.warnings.add(
                group_id=group.id, area_id=group.area_id, rule=rule, detail=flag.detail, now=now
            )
            raised += 1
            area = await repos.programme.area(group.area_id)
            if area is None:
                raise RuntimeError("missing: area")
            route = await route_for(repos, settings, area, now)
            if route.nurse is None:
                log.info("Warning %s about group %s has no nurse to go to", warning.id, group.id)
                continue
            await repos.deliveries.schedule(
                kind=WARNING,
                person_id=route.nurse.id,
                subject_id=warning.id,
                due_at=route.due_at,
                priority=1 if flag.rule in _URGENT_RULES else 0,
            )
    return raised, cleared


async def _next_look(
    repos: Repos, status: GroupStatus, t: Thresholds, times: CheckinTimes, now: datetime
) -> datetime:
    """The first moment time alone can change what the rules see about the group: its next
    meeting starts (or comes within the planning horizon), the last meeting's check-in turns
    missing, an urgent concern grows old. Changes ask sooner themselves (oversight_work's
    triggers); and every group is looked at again at least about once a day, whatever happens
    (spread over a few hours by group)."""
    moments = [now + LOOK_AT_LEAST_EVERY + timedelta(minutes=status.group.id % _SPREAD_MINUTES)]
    upcoming = status.next_meeting
    if upcoming is not None:
        moments += [upcoming.starts_at, upcoming.starts_at - t.plan_ahead]
    if status.checkin == CheckinMark.WAITING and status.last_meeting_id is not None:
        last = await repos.meetings.get(status.last_meeting_id)
        if last is not None:
            tz = await meetings.area_tz(repos, last.group_id)
            moments.append(times.reminder_due(last, tz))
    if status.urgent_at is not None:
        moments.append(status.urgent_at + t.urgent_within)
    # A second after each moment: the rules compare with >= and <=, either side of it.
    return min(moment for moment in moments if moment > now) + _MARGIN


async def render_warning(
    services: Services, repos: Repos, delivery: Delivery, person: Person
) -> OutMessage | None:
    """The warning, unless it was dismissed or stopped firing meanwhile."""
    warning = await repos.warnings.get(delivery.subject_id)
    if warning is None or not warning.is_open:
        return None
    return await warning_message(repos, warning, Thresholds.from_settings(services.settings))


# --- the Monday digest ---------------------------------------------------------------------------


def week_start(now: datetime, area: Area) -> date:
    """The Monday of the local week `now` falls in."""
    today = now.astimezone(area.tz).date()
    return today - timedelta(days=today.weekday())


def digest_due(hours: OfficeHours, area: Area, monday: date) -> datetime:
    """The area's office opening on (or first after) that Monday."""
    return hours.next_opening(datetime.combine(monday, time(0), tzinfo=area.tz))


def next_week_start(now: datetime, area: Area) -> datetime:
    """Midnight starting the area's next local week (Monday), in UTC."""
    monday = week_start(now, area) + timedelta(days=7)
    return datetime.combine(monday, time(0), tzinfo=area.tz).astimezone(UTC)


async def arrange_digests(repos: Repos, services: Services, now: datetime) -> int:
    """Each area's nurses get this week's digest at Monday's office opening (once).

    Only areas whose look is due: added, their hours, closures or nurses changed, or a new
    week begun (digest_work). Nothing due: one index probe, however many areas there are."""
    due_ids = await repos.warnings.digest_areas_due(now)
    if not due_ids:
        return 0
    arranged = 0
    areas = [area for area in await repos.programme.areas() if area.id in due_ids]
    # Every area's hours in two statements, with the closures from before the earliest Monday.
    earliest = min((week_start(now, area) for area in areas), default=now.date())
    since = datetime.combine(earliest, time(0), tzinfo=UTC)
    hours_of = await office_hours_of_areas(repos, services.settings, areas, since)
    for area in areas:
        monday = week_start(now, area)
        due = digest_due(hours_of[area.id], area, monday)
        if now > due + DIGEST_LATE_BY:
            continue
        nurses = await repos.people.nurses_of(area.id)
        chosen = [person for role, person in nurses if not role.is_backup] or [
            person for _, person in nurses
        ]
        for person in chosen:
            for kind in (DIGEST, DIGEST_CHART):  # in this order: same priority, rising ids
                if await repos.deliveries.schedule(
                    kind=kind,
                    person_id=person.id,
                    subject_id=area.id,
                    variant=monday.isoformat(),
                    due_at=due,
                    priority=1,
                ):
                    arranged += 1
    await repos.warnings.digest_look_again([(a.id, next_week_start(now, a)) for a in areas])
    return arranged


def _monday_of(delivery: Delivery) -> date:
    return date.fromisoformat(delivery.variant)


async def digest_text(repos: Repos, services: Services, area: Area, monday: date) -> str:
    """Last week in an area: new warnings, those still open, meetings held and attendance."""
    t = Thresholds.from_settings(services.settings)
    start = datetime.combine(monday - timedelta(days=7), time(0), tzinfo=area.tz)
    end = datetime.combine(monday, time(0), tzinfo=area.tz)
    groups = {g.id: g for g in await repos.programme.groups(area_id=area.id)}
    lines = [texts.digest_heading(area.name, start.date(), (end - timedelta(days=1)).date()), ""]
    new = await repos.warnings.raised_between([area.id], start, end)
    lines.append(texts.DIGEST_FLAGS)
    for warning in new:
        why = texts.reason(Rule(warning.rule), warning.detail, t)
        lines.append(texts.digest_flag(groups[warning.group_id].name, why))
    if not new:
        lines.append(texts.DIGEST_NO_FLAGS)
    new_ids = {w.id for w in new}
    still = [
        w
        for gid in groups
        for w in await repos.warnings.active(gid)
        if w.is_open and w.id not in new_ids
    ]
    if still:
        lines += ["", texts.DIGEST_STILL_OPEN]
        for warning in still:
            why = texts.reason(Rule(warning.rule), warning.detail, t)
            lines.append(texts.digest_flag(groups[warning.group_id].name, why))
    lines += ["", texts.DIGEST_MEETINGS]
    held = 0
    times = CheckinTimes.from_settings(services.settings)
    for group in groups.values():
        status = await group_status(repos, group, end.astimezone(UTC), times)
        for record in status.history:
            if start <= record.starts_at < end:
                total = None if not record.recorded else record.total if record.met else -1
                lines.append(texts.digest_meeting(group.name, record.day, total))
                held += 1
    if not held:
        lines.append(texts.DIGEST_NO_MEETINGS)
    lines += ["", texts.DIGEST_FOOTER]
    return "\n".join(lines)


async def chart_series(repos: Repos, area: Area, start: datetime, end: datetime) -> list[Series]:
    """Peers at each recorded meeting of each group of the area, between start and end."""
    series = []
    for group in await repos.programme.groups(area_id=area.id):
        points = tuple(
            (record.day, record.total)
            for record in await attendance_history(repos, group.id, now=end)
            if record.recorded and record.met and start <= record.starts_at < end
        )
        series.append(Series(group.name, points))
    return series


async def digest_chart(repos: Repos, area: Area, monday: date) -> bytes:
    end = datetime.combine(monday, time(0), tzinfo=area.tz)
    start = end - timedelta(weeks=CHART_WEEKS)
    series = await chart_series(repos, area, start, end)
    return attendance_chart(
        series,
        start=start.date(),
        end=end.date(),
        title=texts.CHART_TITLE,
        empty=texts.CHART_EMPTY,
    )


async def _digest_area(repos: Repos, delivery: Delivery, person: Person) -> Area | None:
    area = await repos.programme.area(delivery.subject_id)
    roles = await repos.people.nurse_roles_of(person.id)
    if area is None or all(role.area_id != area.id for role in roles):
        return None  # no longer this area's nurse
    return area


async def render_digest(
    services: Services, repos: Repos, delivery: Delivery, person: Person
) -> OutMessage | None:
    area = await _digest_area(repos, delivery, person)
    if area is None:
        return None
    return OutMessage(await digest_text(repos, services, area, _monday_of(delivery)))


async def render_digest_chart(
    services: Services, repos: Repos, delivery: Delivery, person: Person
) -> OutMessage | None:
    area = await _digest_area(repos, delivery, person)
    if area is None:
        return None
    png = await digest_chart(repos, area, _monday_of(delivery))
    caption = texts.CHART_CAPTION.format(area=area.name)
    return OutMessage(
        caption,
        attachment=Attachment("attendance.png", kind="photo", data=png),
    )


OVERSIGHT_KINDS: tuple[DeliveryKind, ...] = (
    DeliveryKind(WARNING, render_warning),
    DeliveryKind(DIGEST, render_digest),
    DeliveryKind(DIGEST_CHART, render_digest_chart),
)


async def oversight_sweep(services: Services) -> OversightSweep:
    """The groups due, CHECK_BATCH to a transaction (a tap waits for one batch at most); then
    the week's digests."""
    now = services.clock.now()
    raised = cleared = 0
    while True:
        async with services.db.transaction() as repos:
            due = await repos.warnings.groups_due(now, limit=CHECK_BATCH)
            more_raised, more_cleared = await check_groups(repos, services, now, due)
        raised, cleared = raised + more_raised, cleared + more_cleared
        if len(due) < CHECK_BATCH:
            break
    async with services.db.transaction() as repos:
        digests = await arrange_digests(repos, services, now)
    return OversightSweep(raised=raised, cleared=cleared, digests=digests)
