"""Meetings: planning a series, moving, changing the place, cancelling; answers and headcounts.

Everything here takes `repos` (one open transaction) and an explicit `now`; nothing sends.
What members are told is queued as delivery rows in the same transaction as the change, and
rendered when sent (bot/meetings/deliveries.py), so a reminder always shows the meeting as it is
then, and a cancelled or past meeting's reminder is dropped instead of sent late.

Reminders: one delivery row per member, meeting and reminder day (kind "reminder", subject the
meeting, variant "7d", "1d" …), due at `schedule.reminder_due` (whole days on the local
wall clock; quiet hours move it to the morning). Members who join after the dates were planned get
theirs from `schedule_member_reminders` (called by the sweep, and exported for joining).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from bot.auth import Action, Actor, is_allowed
from bot.delivery import schedule_notice
from bot.lifecycle.stages import is_archived
from bot.meetings import texts
from bot.meetings.schedule import (
    QUIET_END,
    QUIET_START,
    DateWarning,
    SeriesSpec,
    check_dates,
    local_to_utc,
    meeting_instants,
    reminder_due,
    series_dates,
    shift_out_of_quiet_hours,
)
from bot.meetings.views import Headcount, PlannedMeeting
from bot.messages import OutMessage
from bot.models import Answer, Group, Meeting, Member, Person, Role, Venue
from bot.storage import Repos
from bot.storage.sweep_work import JOINERS
from bot.storage.times import from_db, to_db

if TYPE_CHECKING:
    from bot.config import Settings

# Delivery kinds of this feature (rendered in bot/meetings/deliveries.py).
REMINDER = "reminder"  # subject: meeting; variant: "7d", "1d", "0d"
NEW_DATES = "mdates"  # subject: plan; the dates a PSF just saved
CHANGED = "mchange"  # subject: meeting; variant "s<sequence>"; payload: the meeting before
NUDGE = "mnudge"  # subject: meeting; variant: the local date of the nudge
JOINED = "mjoined"  # subject: group; variant: when the membership began

MAX_MEETINGS = 12  # one plan, one slip, one message: more is a new plan later
ON_THE_DAY = timedelta(hours=2)  # a "0 days before" reminder goes this long before the start
LAST_MINUTE = timedelta(hours=24)  # a change to "Can't come" this close is told to the PSFs
EARLIEST_START = time(6, 0)
LATEST_START = time(22, 0)


class MeetingError(Exception):
    """A request that can't be done; `reason` is a key of texts.MEETING_PROBLEM."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class ReminderRules:
    """When reminders go: days before (most first), and the quiet hours they avoid."""

    offsets: tuple[int, ...] = (7, 1)
    quiet_start: time = QUIET_START
    quiet_end: time = QUIET_END
    length: timedelta = timedelta(minutes=90)
    holidays_country: str = "GB"
    holidays_subdivision: str | None = "ENG"

    @classmethod
    def from_settings(cls, settings: Settings) -> ReminderRules:
        return cls(
            offsets=tuple(settings.reminder_offsets_days),
            quiet_start=settings.quiet_hours_start,
            quiet_end=settings.quiet_hours_end,
            length=timedelta(minutes=settings.meeting_length_minutes),
            holidays_country=settings.holidays_country,
            holidays_subdivision=settings.holidays_subdivision,
        )

    def with_offsets(self, offsets: Iterable[int]) -> ReminderRules:
        return replace(self, offsets=tuple(sorted(set(offsets), reverse=True)))

    def due(self, starts_at: datetime, days: int, tz: ZoneInfo) -> datetime:
        """When the reminder `days` before a meeting goes (UTC)."""
        return reminder_due(
            starts_at,
            offset_of(days),
            tz,
            quiet_start=self.quiet_start,
            quiet_end=self.quiet_end,
        )

    def out_of_quiet_hours(self, moment: datetime, tz: ZoneInfo) -> datetime:
        return shift_out_of_quiet_hours(
            moment, tz, quiet_start=self.quiet_start, quiet_end=self.quiet_end
        )


def offset_of(days: int) -> timedelta:
    return timedelta(days=days) if days > 0 else ON_THE_DAY


def variant_of(days: int) -> str:
    return f"{days}d"


def days_of(variant: str) -> int | None:
    number = variant.removesuffix("d")
    return int(number) if variant.endswith("d") and number.isdigit() else None


async def rules_for(repos: Repos, group_id: int, base: ReminderRules) -> ReminderRules:
    """The base rules with the group's own reminder days, if its PSFs chose some."""
    offsets = await repos.meetings.reminder_offsets(group_id)
    return base if offsets is None else base.with_offsets(offsets)


async def area_tz(repos: Repos, group_id: int) -> ZoneInfo:
    """The time zone a group's meetings are planned and shown in (its area's)."""
    area = await repos.programme.area_of_group(group_id)
    if area is None:
        raise LookupError(f"group {group_id} has no area")
    return area.tz


def receivers(members: Iterable[Member]) -> list[Member]:
    """Members who can be sent messages at all (reachability is checked when sending)."""
    return [
        m for m in members if m.person.telegram_id is not None and m.person.forgotten_at is None
    ]


async def is_member(repos: Repos, group_id: int, person_id: int) -> bool:
    return await repos.meetings.joined_at(group_id, person_id) is not None


# --- what other features use ---------------------------------------------------------------


async def upcoming_meetings(repos: Repos, group_id: int, now: datetime) -> list[Meeting]:
    """The group's scheduled meetings that have not started yet, soonest first."""
    return await repos.meetings.upcoming(group_id, now)


async def next_meetings_to_answer(
    repos: Repos, actor: Actor, now: datetime
) -> list[tuple[Meeting, Group]]:
    """The soonest upcoming meeting of each group the actor may answer for, soonest first
    (what "when's the next meeting" and "sorry, can't come" are about)."""
    found: list[tuple[Meeting, Group]] = []
    for group_id in actor.group_ids():
        group = await repos.programme.group(group_id)
        if group is None or not is_allowed(actor, Action.RSVP, group=group):
            continue
        upcoming = await upcoming_meetings(repos, group.id, now)
        if upcoming:
            found.append((upcoming[0], group))
    return sorted(found, key=lambda pair: pair[0].starts_at)


async def session_number(repos: Repos, meeting_id: int) -> int:
    """1 + the group's non-cancelled meetings that start earlier: "session k", surviving moves."""
    meeting = await repos.meetings.get(meeting_id)
    if meeting is None:
        raise LookupError(f"no meeting {meeting_id}")
    return 1 + await repos.meetings.count_scheduled_before(meeting.group_id, meeting.starts_at)


# --- reminders ---------------------------------------------------------------------------


async def _arm(
    repos: Repos,
    meeting: Meeting,
    person_ids: Sequence[int],
    *,
    rules: ReminderRules,
    tz: ZoneInfo,
    now: datetime,
    drop_past: bool = False,
) -> None:
    """Reminder rows for these people, due per the rules; reminder days already past are
    skipped (and with `drop_past`, rows still pending for them are dropped: after a move)."""
    for days in rules.offsets:
        due = rules.due(meeting.starts_at, days, tz)
        variant = variant_of(days)
        if due > now:
            for person_id in person_ids:
                await repos.reminders.arm(
                    kind=REMINDER,
                    person_id=person_id,
                    subject_id=meeting.id,
                    variant=variant,
                    due_at=due,
                )
        elif drop_past:
            await repos.reminders.drop(
                kind=REMINDER,
                subject_id=meeting.id,
                variants=[variant],
                outcome="too late after a change",
            )
    if drop_past:
        wanted = [variant_of(days) for days in rules.offsets]
        pending = await repos.reminders.pending_variants(kind=REMINDER, subject_id=meeting.id)
        unwanted = [variant for variant in pending if variant not in wanted]
        if unwanted:
            await repos.reminders.drop(
                kind=REMINDER, subject_id=meeting.id, variants=unwanted, outcome="not wanted"
            )


async def schedule_member_reminders(
    repos: Repos,
    group_id: int,
    person_id: int,
    now: datetime,
    *,
    rules: ReminderRules | None = None,
    welcome: bool = True,
) -> int:
    """Reminders of the group's upcoming meetings for someone who has just joined it.

    Idempotent. With `welcome`, they are also sent the list of upcoming meetings (once per
    membership). Call it in the transaction that creates the membership; the meetings sweep
    also calls it for anyone missed. Returns how many meetings they will be reminded of.
    """
    joined_at = await repos.meetings.joined_at(group_id, person_id)
    if joined_at is None:
        return 0
    person = await repos.people.get(person_id)
    meetings = await repos.meetings.upcoming(group_id, now)
    reachable = person is not None and person.telegram_id is not None
    if reachable and meetings:
        rules = await rules_for(repos, group_id, rules or ReminderRules())
        tz = await area_tz(repos, group_id)
        for meeting in meetings:
            await _arm(repos, meeting, [person_id], rules=rules, tz=tz, now=now)
        if welcome:
            await repos.deliveries.schedule(
                kind=JOINED,
                person_id=person_id,
                subject_id=group_id,
                variant=to_db(joined_at),
                due_at=rules.out_of_quiet_hours(now, tz),
            )
    await repos.meetings.mark_joiner(group_id, person_id, joined_at)
    return len(meetings) if reachable else 0


async def arrange_late_joiners(repos: Repos, now: datetime, rules: ReminderRules) -> int:
    """The sweep's catch-up: reminders for members who joined after their group's dates were
    planned and whom nothing has arranged them for yet. Returns how many were found."""
    found = 0
    # Only memberships a change has marked (sweep_work 'joiners'): nothing to read when idle.
    while ids := await repos.sweep_work.due(JOINERS, now, limit=500):
        unarranged = await repos.meetings.unarranged_members(now, among=ids)
        for group_id, person_id in unarranged:
            await schedule_member_reminders(repos, group_id, person_id, now, rules=rules)
        await repos.sweep_work.done(JOINERS, ids)
        found += len(unarranged)
    return found


async def postpone_quiet_reminders(repos: Repos, now: datetime, rules: ReminderRules) -> int:
    """Reminders due now in a group's quiet hours (the bot was down, say) wait for the morning."""
    if not await repos.reminders.any_due([REMINDER, NUDGE], now):
        return 0  # the usual case: nothing due at all, nothing to look up
    mornings = {
        area.timezone: rules.out_of_quiet_hours(now, area.tz)
        for area in await repos.programme.areas()
    }
    quiet = [zone for zone, morning in mornings.items() if morning > now]
    if not quiet:
        return 0  # the usual case: nowhere is it night, nothing to look up
    rows = await repos.reminders.due_meeting_rows([REMINDER, NUDGE], now, zones=quiet)
    by_zone: dict[str, list[int]] = {}
    for delivery_id, zone in rows:
        by_zone.setdefault(zone, []).append(delivery_id)
    postponed = 0
    for zone, ids in by_zone.items():
        postponed += await repos.reminders.postpone(ids, mornings[zone])
    return postponed


def is_superseded(
    meeting: Meeting, days: int, rules: ReminderRules, tz: ZoneInfo, now: datetime
) -> bool:
    """A reminder is stale when a closer one is already due (downtime caught up): send that."""
    return any(
        other < days and rules.due(meeting.starts_at, other, tz) <= now for other in rules.offsets
    )


async def set_reminder_days(
    repos: Repos, *, group: Group, days: Iterable[int], now: datetime, base: ReminderRules
) -> ReminderRules:
    """A group's own reminder days; the rows of its upcoming meetings follow at once."""
    rules = base.with_offsets(days)
    await repos.meetings.set_reminder_offsets(group.id, rules.offsets, now)
    tz = await area_tz(repos, group.id)
    people = [m.person.id for m in receivers(await repos.people.members_of(group.id))]
    for meeting in await repos.meetings.upcoming(group.id, now):
        await _arm(repos, meeting, people, rules=rules, tz=tz, now=now, drop_past=True)
    return rules


# --- planning ------------------------------------------------------------------------------


def plan_preview(spec: SeriesSpec, tz: ZoneInfo) -> list[PlannedMeeting]:
    """The meetings a spec describes (at most MAX_MEETINGS), as UTC instants."""
    dates = series_dates(spec)[:MAX_MEETINGS]
    return [
        PlannedMeeting(start, end)
        for start, end in meeting_instants(dates, spec.start_time, spec.length, tz)
    ]


async def date_warnings(
    repos: Repos,
    *,
    group_id: int,
    days: Sequence[date],
    tz: ZoneInfo,
    now: datetime,
    rules: ReminderRules,
    ignore_meeting: int | None = None,
) -> list[DateWarning]:
    """Bank holidays, weekends, past days and clashes with the group's other meetings."""
    existing = [
        m.starts_at.astimezone(tz).date()
        for m in await repos.meetings.upcoming(group_id, now)
        if m.id != ignore_meeting
    ]
    return check_dates(
        days,
        existing=existing,
        today=now.astimezone(tz).date(),
        country=rules.holidays_country,
        subdivision=rules.holidays_subdivision,
    )


def check_start_time(start: time) -> None:
    if not EARLIEST_START <= start <= LATEST_START:
        raise MeetingError("odd time")


async def check_plannable(repos: Repos, group: Group) -> None:
    """An archived group is read-only: MeetingError("archived")."""
    if await is_archived(repos, group.id):
        raise MeetingError("archived")


async def plan_meetings(
    repos: Repos,
    *,
    group: Group,
    spec: SeriesSpec,
    venue: Venue,
    planner_id: int | None,
    now: datetime,
    rules: ReminderRules,
) -> list[Meeting]:
    """Save a series (or one meeting), arrange everyone's reminders, and queue the news."""
    await check_plannable(repos, group)
    if venue.group_id != group.id:
        raise MeetingError("wrong venue")
    check_start_time(spec.start_time)
    tz = await area_tz(repos, group.id)
    planned = plan_preview(spec, tz)
    if not planned:
        raise MeetingError("no dates")
    if any(p.starts_at <= now for p in planned):
        raise MeetingError("past")
    plan_id = await repos.meetings.add_plan(group_id=group.id, created_by=planner_id, now=now)
    meetings = [
        await repos.meetings.add(
            group_id=group.id,
            plan_id=plan_id,
            venue_id=venue.id,
            starts_at=p.starts_at,
            ends_at=p.ends_at,
            now=now,
        )
        for p in planned
    ]
    rules = await rules_for(repos, group.id, rules)
    members = receivers(await repos.people.members_of(group.id))
    people = [m.person.id for m in members]
    for meeting in meetings:
        await _arm(repos, meeting, people, rules=rules, tz=tz, now=now)
    news_due = rules.out_of_quiet_hours(now, tz)
    for member in members:
        joined_at = await repos.meetings.joined_at(group.id, member.person.id)
        if joined_at is not None:
            await repos.meetings.mark_joiner(group.id, member.person.id, joined_at)
        if member.person.id != planner_id:
            await repos.deliveries.schedule(
                kind=NEW_DATES,
                person_id=member.person.id,
                subject_id=plan_id,
                due_at=news_due,
            )
    return meetings


async def add_venue(
    repos: Repos,
    *,
    group: Group,
    name: str,
    address: str,
    notes: str,
    created_by: int | None,
    now: datetime,
) -> Venue:
    return await repos.meetings.add_venue(
        group_id=group.id,
        name=clean_text(name, texts.VENUE_NAME_LIMIT),
        address=clean_text(address, texts.VENUE_ADDRESS_LIMIT),
        notes=clean_text(notes, texts.VENUE_NOTES_LIMIT, required=False),
        created_by=created_by,
        now=now,
    )


async def usual_venue(repos: Repos, group: Group, now: datetime) -> Venue | None:
    """The place written on the group when it was set up, saved as a venue on first use."""
    if not group.venue:
        return None
    for venue in await repos.meetings.venues_of(group.id):
        if venue.name == group.venue:
            return venue
    return await repos.meetings.add_venue(
        group_id=group.id, name=group.venue, address="", notes="", created_by=None, now=now
    )


def clean_text(text: str, limit: int, *, required: bool = True) -> str:
    """Typed text tidied for keeping; MeetingError("empty"/"too long"/"command") otherwise."""
    cleaned = " ".join(text.split())
    if required and not cleaned:
        raise MeetingError("empty")
    if len(cleaned) > limit:
        raise MeetingError("too long")
    if cleaned.startswith("/"):
        raise MeetingError("command")
    return cleaned


# --- changes -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Snapshot:
    """A meeting as members last heard of it, kept with a change notice."""

    starts_at: datetime
    ends_at: datetime
    venue_name: str
    venue_address: str

    @classmethod
    def of(cls, meeting: Meeting) -> Snapshot:
        return cls(meeting.starts_at, meeting.ends_at, meeting.venue_name, meeting.venue_address)

    def to_json(self) -> str:
        return json.dumps(
            {
                "starts_at": to_db(self.starts_at),
                "ends_at": to_db(self.ends_at),
                "venue_name": self.venue_name,
                "venue_address": self.venue_address,
            }
        )

    @classmethod
    def from_json(cls, text: str) -> Snapshot:
        raw = json.loads(text)
        return cls(
            from_db(raw["starts_at"]),
            from_db(raw["ends_at"]),
            raw["venue_name"],
            raw["venue_address"],
        )


@dataclass(frozen=True)
class Changed:
    """A meeting after a change, and how many members will be told about it."""

    meeting: Meeting
    told: int


def _check_changeable(meeting: Meeting, now: datetime) -> None:
    if meeting.is_cancelled:
        raise MeetingError("cancelled")
    if meeting.has_started(now):
        raise MeetingError("started")


async def _announce(
    repos: Repos, before: Meeting, after: Meeting, actor_id: int | None, now: datetime
) -> int:
    """Queue "what changed" for every member but the one who changed it; returns how many.

    If an earlier change is still waiting to go out, this one replaces it and members hear
    the difference from what they last knew.
    """
    waiting = await repos.reminders.first_pending_payload(kind=CHANGED, subject_id=after.id)
    snapshot = Snapshot.from_json(waiting) if waiting else Snapshot.of(before)
    await repos.reminders.drop(kind=CHANGED, subject_id=after.id, outcome="superseded")
    told = 0
    for member in receivers(await repos.people.members_of(after.group_id)):
        if member.person.id == actor_id:
            continue
        await repos.deliveries.schedule(
            kind=CHANGED,
            person_id=member.person.id,
            subject_id=after.id,
            variant=f"s{after.sequence}",
            due_at=now,
            priority=1,
            payload=snapshot.to_json(),
        )
        told += 1
    return told


async def move_meeting(
    repos: Repos,
    *,
    meeting: Meeting,
    day: date,
    start_time: time,
    actor_id: int | None,
    now: datetime,
    rules: ReminderRules,
) -> Changed:
    """Move a meeting (same length); reminders follow; a new day asks everyone again."""
    _check_changeable(meeting, now)
    check_start_time(start_time)
    tz = await area_tz(repos, meeting.group_id)
    starts_at = local_to_utc(day, start_time, tz)
    if starts_at <= now:
        raise MeetingError("past")
    if starts_at == meeting.starts_at:
        raise MeetingError("unchanged")
    ends_at = starts_at + (meeting.ends_at - meeting.starts_at)
    await repos.meetings.move(meeting.id, starts_at=starts_at, ends_at=ends_at, now=now)
    if day != meeting.starts_at.astimezone(tz).date():
        await repos.meetings.clear_rsvps(meeting.id)
    moved = await repos.meetings.get(meeting.id)
    if moved is None:
        raise RuntimeError("missing: moved")
    rules = await rules_for(repos, meeting.group_id, rules)
    people = [m.person.id for m in receivers(await repos.people.members_of(meeting.group_id))]
    await _arm(repos, moved, people, rules=rules, tz=tz, now=now, drop_past=True)
    return Changed(moved, await _announce(repos, meeting, moved, actor_id, now))


async def change_venue(
    repos: Repos, *, meeting: Meeting, venue: Venue, actor_id: int | None, now: datetime
) -> Changed:
    """Meet somewhere else; everyone is told, reminders will show the new place."""
    _check_changeable(meeting, now)
    if venue.group_id != meeting.group_id:
        raise MeetingError("wrong venue")
    if venue.id == meeting.venue_id:
        raise MeetingError("unchanged")
    await repos.meetings.set_venue(meeting.id, venue.id, now)
    changed = await repos.meetings.get(meeting.id)
    if changed is None:
        raise RuntimeError("missing: changed")
    return Changed(changed, await _announce(repos, meeting, changed, actor_id, now))


async def cancel_meeting(
    repos: Repos, *, meeting: Meeting, actor_id: int | None, now: datetime
) -> Changed:
    """Cancel a meeting: its reminders are dropped and everyone is told."""
    _check_changeable(meeting, now)
    await repos.meetings.cancel(meeting.id, now)
    await repos.reminders.drop(kind=REMINDER, subject_id=meeting.id, outcome="meeting cancelled")
    await repos.reminders.drop(kind=NUDGE, subject_id=meeting.id, outcome="meeting cancelled")
    cancelled = await repos.meetings.get(meeting.id)
    if cancelled is None:
        raise RuntimeError("missing: cancelled")
    return Changed(cancelled, await _announce(repos, meeting, cancelled, actor_id, now))


# --- answers -------------------------------------------------------------------------------


@dataclass(frozen=True)
class AnswerOutcome:
    meeting: Meeting
    previous: Answer | None
    answer: Answer
    psfs_told: int = 0


async def record_answer(
    repos: Repos,
    *,
    meeting: Meeting,
    person_id: int,
    answer: Answer,
    now: datetime,
) -> AnswerOutcome:
    """Going / Maybe / Can't come, changeable until the meeting starts.

    Someone who said Going or Maybe and changes to Can't come in the last 24 hours: the
    group's other PSFs are told, so they are not counting on them.
    """
    _check_changeable(meeting, now)
    previous = await repos.meetings.rsvp(meeting.id, person_id)
    await repos.meetings.set_rsvp(meeting.id, person_id, answer, now)
    told = 0
    late = meeting.starts_at - now <= LAST_MINUTE
    if answer is Answer.NO and previous in (Answer.YES, Answer.MAYBE) and late:
        person = await repos.people.get(person_id)
        tz = await area_tz(repos, meeting.group_id)
        name = person.display_name if person else ""
        text = texts.cant_come_after_all(name, meeting.starts_at, tz, now)
        for psf in receivers(await repos.people.members_of(meeting.group_id, role=Role.PSF)):
            if psf.person.id == person_id:
                continue
            await schedule_notice(
                repos,
                person_id=psf.person.id,
                message=OutMessage(text),
                due_at=now,
                key=f"cant:{meeting.id}:{person_id}:{to_db(now)}",
                subject_id=meeting.id,
                priority=1,
            )
            told += 1
    return AnswerOutcome(meeting, previous, answer, told)


async def headcount(repos: Repos, meeting: Meeting) -> Headcount:
    """Current members sorted by their answer (people without Telegram under no answer)."""
    answers = await repos.meetings.rsvps(meeting.id)
    count = Headcount(meeting)
    lists = {Answer.YES: count.going, Answer.MAYBE: count.maybe, Answer.NO: count.cant}
    for member in await repos.people.members_of(meeting.group_id):
        if member.person.forgotten_at is not None:
            continue
        answer = answers.get(member.person.id)
        (lists[answer] if answer else count.no_answer).append(member)
    return count


@dataclass(frozen=True)
class NudgeOutcome:
    sent: int
    due_at: datetime
    already_today: bool = False


async def nudge(
    repos: Repos, *, meeting: Meeting, actor_id: int | None, now: datetime, rules: ReminderRules
) -> NudgeOutcome:
    """A gentle "will you come?" to members who have not answered; once a day at most."""
    _check_changeable(meeting, now)
    tz = await area_tz(repos, meeting.group_id)
    variant = now.astimezone(tz).date().isoformat()
    due = rules.out_of_quiet_hours(now, tz)
    if await repos.reminders.variant_used(kind=NUDGE, subject_id=meeting.id, variant=variant):
        return NudgeOutcome(0, due, already_today=True)
    count = await headcount(repos, meeting)
    sent = 0
    for member in count.can_nudge:
        if member.person.id == actor_id:
            continue
        await repos.deliveries.schedule(
            kind=NUDGE,
            person_id=member.person.id,
            subject_id=meeting.id,
            variant=variant,
            due_at=due,
        )
        sent += 1
    return NudgeOutcome(sent, due)


# --- privacy (bot.privacy.PARTS) --------------------------------------------------------------


async def export_answers(repos: Repos, person: Person) -> list[dict[str, str]]:
    """For /mydata: the person's answers to meetings."""
    return [
        {"meeting": to_db(meeting.starts_at), "place": meeting.venue_name, "answer": answer.value}
        for meeting, answer in await repos.meetings.rsvps_of_person(person.id)
    ]


async def erase_drafts(repos: Repos, person: Person, now: datetime) -> None:
    """For /forget: a half-finished plan may hold a venue the person typed. Their answers stay
    as anonymous counts (the person row itself is blanked by bot.privacy)."""
    del now
    await repos.meetings.forget_person(person.id)
