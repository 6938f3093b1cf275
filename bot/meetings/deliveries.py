"""How the delivery sweep renders what the meetings feature queued, and the meetings sweep step.

Every renderer reads the meeting as it is at the moment of sending and returns None to drop the
row when it no longer makes sense: the meeting was cancelled or has started, the person left the
group, they answered meanwhile, a closer reminder is already due (downtime caught up).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.delivery import DeliveryKind
from bot.meetings import rules as meetings
from bot.meetings import texts
from bot.meetings.buttons import CalendarFile
from bot.meetings.messages import answer_buttons, calendar_button, dates_message, reminder_message
from bot.meetings.rules import ReminderRules, Snapshot
from bot.messages import Button, OutMessage, buttons
from bot.models import Delivery, Meeting, Person
from bot.services import Services
from bot.storage import Repos


def base_rules(services: Services) -> ReminderRules:
    return ReminderRules.from_settings(services.settings)


async def _live_meeting(
    repos: Repos, meeting_id: int, person: Person, services: Services
) -> Meeting | None:
    """The meeting if it is still on, not started, and the person is still in its group."""
    meeting = await repos.meetings.get(meeting_id)
    now = services.clock.now()
    if meeting is None or meeting.is_cancelled or meeting.has_started(now):
        return None
    if not await meetings.is_member(repos, meeting.group_id, person.id):
        return None
    return meeting


async def _group_name(repos: Repos, group_id: int) -> str:
    group = await repos.programme.group(group_id)
    return group.name if group else ""


async def render_reminder(
    services: Services, repos: Repos, delivery: Delivery, person: Person
) -> OutMessage | None:
    """A reminder N days before: the meeting as it is now, answer buttons, maybe the .ics."""
    meeting = await _live_meeting(repos, delivery.subject_id, person, services)
    days = meetings.days_of(delivery.variant)
    if meeting is None or days is None:
        return None
    now = services.clock.now()
    rules = await meetings.rules_for(repos, meeting.group_id, base_rules(services))
    tz = await meetings.area_tz(repos, meeting.group_id)
    if _superseded(meeting, days, rules, tz, now):
        return None
    answer = await repos.meetings.rsvp(meeting.id, person.id)
    first = not await repos.reminders.was_sent(
        kind=meetings.REMINDER, person_id=person.id, subject_id=meeting.id
    )
    group = await _group_name(repos, meeting.group_id)
    return reminder_message(group, meeting, tz, now, answer, offer_calendar=first)


def _superseded(
    meeting: Meeting, days: int, rules: ReminderRules, tz: ZoneInfo, now: datetime
) -> bool:
    """Not one of the group's reminder days any more, or a closer reminder is already due."""
    return days not in rules.offsets or meetings.is_superseded(meeting, days, rules, tz, now)


async def render_reminders(
    services: Services, repos: Repos, rows: Sequence[tuple[Delivery, Person]]
) -> dict[int, OutMessage | None]:
    """`render_reminder` for a batch: the same messages, from six queries for the whole batch
    (meetings, memberships, groups with their areas, reminder days, answers, earlier
    reminders) instead of about ten per reminder. A row whose group can't be found is left out
    (rendered alone, it fails as it would have)."""
    now = services.clock.now()
    base = base_rules(services)
    found = await repos.meetings.get_many(delivery.subject_id for delivery, _ in rows)
    live = {
        meeting.id: meeting
        for meeting in found.values()
        if not meeting.is_cancelled and not meeting.has_started(now)
    }
    person_ids = {person.id for _, person in rows}
    members = await repos.meetings.current_members(person_ids) if live else set()
    group_ids = {meeting.group_id for meeting in live.values()}
    places = await repos.programme.groups_with_areas(group_ids)
    offsets = await repos.meetings.reminder_offsets_of(group_ids)
    answers = await repos.meetings.rsvps_of(live)
    sent = await repos.reminders.sent_pairs(
        kind=meetings.REMINDER, person_ids=person_ids, subject_ids=live
    )
    rendered: dict[int, OutMessage | None] = {}
    for delivery, person in rows:
        meeting = live.get(delivery.subject_id)
        days = meetings.days_of(delivery.variant)
        if meeting is None or (meeting.group_id, person.id) not in members or days is None:
            rendered[delivery.id] = None
            continue
        place = places.get(meeting.group_id)
        if place is None:
            continue
        group, area = place
        own_days = offsets.get(group.id)
        rules = base if own_days is None else base.with_offsets(own_days)
        if _superseded(meeting, days, rules, area.tz, now):
            rendered[delivery.id] = None
            continue
        rendered[delivery.id] = reminder_message(
            group.name,
            meeting,
            area.tz,
            now,
            answers.get((meeting.id, person.id)),
            offer_calendar=(person.id, meeting.id) not in sent,
        )
    return rendered


async def render_new_dates(
    services: Services, repos: Repos, delivery: Delivery, person: Person
) -> OutMessage | None:
    """The dates a PSF has just planned, as they are now; answer buttons for the first."""
    now = services.clock.now()
    planned = [
        m
        for m in await repos.meetings.of_plan(delivery.subject_id)
        if not m.is_cancelled and not m.has_started(now)
    ]
    if not planned or not await meetings.is_member(repos, planned[0].group_id, person.id):
        return None
    first = planned[0]
    author_id = await repos.meetings.plan_author(delivery.subject_id)
    author = await repos.people.get(author_id) if author_id else None
    planner = author.display_name if author and author.forgotten_at is None else None
    tz = await meetings.area_tz(repos, first.group_id)
    answer = await repos.meetings.rsvp(first.id, person.id)
    group = await _group_name(repos, first.group_id)
    text = texts.new_dates(group, planner, planned, tz=tz, now=now)
    return dates_message(text, first, answer)


async def render_joined(
    services: Services, repos: Repos, delivery: Delivery, person: Person
) -> OutMessage | None:
    """For someone who joined after the dates were planned: the group's next meetings."""
    now = services.clock.now()
    group_id = delivery.subject_id
    if not await meetings.is_member(repos, group_id, person.id):
        return None
    upcoming = await meetings.upcoming_meetings(repos, group_id, now)
    if not upcoming:
        return None
    tz = await meetings.area_tz(repos, group_id)
    answer = await repos.meetings.rsvp(upcoming[0].id, person.id)
    group = await _group_name(repos, group_id)
    text = texts.joined_dates(group, upcoming, tz, now)
    return dates_message(text, upcoming[0], answer)


async def render_change(  # noqa: PLR0911 - one return per reason a change no longer applies
    services: Services, repos: Repos, delivery: Delivery, person: Person
) -> OutMessage | None:
    """What changed about a meeting since the person last heard: moved, new place, cancelled."""
    if delivery.payload is None:
        return None
    before = Snapshot.from_json(delivery.payload)
    meeting = await repos.meetings.get(delivery.subject_id)
    now = services.clock.now()
    if meeting is None or delivery.variant != f"s{meeting.sequence}":
        return None  # a newer change is on its way instead
    if now >= max(before.starts_at, meeting.starts_at):
        return None
    if not await meetings.is_member(repos, meeting.group_id, person.id):
        return None
    tz = await meetings.area_tz(repos, meeting.group_id)
    group = await _group_name(repos, meeting.group_id)
    old_place = texts.where(before.venue_name, before.venue_address)
    if meeting.is_cancelled:
        upcoming = await meetings.upcoming_meetings(repos, meeting.group_id, now)
        next_meeting = upcoming[0] if upcoming else None
        text = texts.cancelled(
            group, before.starts_at, old_place, tz=tz, now=now, next_meeting=next_meeting
        )
        remove = Button(texts.REMOVE_FROM_CALENDAR, data=CalendarFile(meeting.id).pack())
        return OutMessage(text, buttons=buttons([remove]))
    time_changed = before.starts_at != meeting.starts_at or before.ends_at != meeting.ends_at
    place_changed = (before.venue_name, before.venue_address) != (
        meeting.venue_name,
        meeting.venue_address,
    )
    if not time_changed and not place_changed:
        return None
    answer = await repos.meetings.rsvp(meeting.id, person.id)
    day_changed = before.starts_at.astimezone(tz).date() != meeting.starts_at.astimezone(tz).date()
    text = texts.moved_or_changed(
        group,
        before.starts_at,
        old_place,
        meeting,
        tz=tz,
        now=now,
        time_changed=time_changed,
        place_changed=place_changed,
        ask_again=day_changed,
    )
    rows = [*answer_buttons(meeting.id, answer), [calendar_button(meeting.id)]]
    return OutMessage(text, buttons=buttons(*rows))


async def render_nudge(
    services: Services, repos: Repos, delivery: Delivery, person: Person
) -> OutMessage | None:
    """ "Will you come?" — unless they have answered meanwhile."""
    meeting = await _live_meeting(repos, delivery.subject_id, person, services)
    if meeting is None or await repos.meetings.rsvp(meeting.id, person.id) is not None:
        return None
    tz = await meetings.area_tz(repos, meeting.group_id)
    group = await _group_name(repos, meeting.group_id)
    text = texts.nudge(group, meeting, tz, services.clock.now())
    return OutMessage(text, buttons=buttons(*answer_buttons(meeting.id, None)))


MEETING_KINDS: tuple[DeliveryKind, ...] = (
    DeliveryKind(meetings.REMINDER, render_reminder, render_many=render_reminders),
    DeliveryKind(meetings.NEW_DATES, render_new_dates),
    DeliveryKind(meetings.JOINED, render_joined),
    DeliveryKind(meetings.CHANGED, render_change),
    DeliveryKind(meetings.NUDGE, render_nudge),
)


@dataclass(frozen=True)
class MeetingsSweep:
    postponed: int
    late_joiners: int


async def meetings_sweep(services: Services) -> MeetingsSweep:
    """Before the delivery step: reminders falling due in quiet hours wait for the morning, and
    members who joined after their group's dates were planned get their reminders."""
    now = services.clock.now()
    rules = base_rules(services)
    async with services.db.transaction() as repos:
        postponed = await meetings.postpone_quiet_reminders(repos, now, rules)
        joiners = await meetings.arrange_late_joiners(repos, now, rules)
    return MeetingsSweep(postponed=postponed, late_joiners=joiners)
