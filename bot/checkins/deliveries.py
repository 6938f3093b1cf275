"""How the delivery sweep renders what the check-ins feature queued, and its sweep step.

Every renderer reads the state at the moment of sending and returns None to drop the row when
it no longer makes sense: the meeting was cancelled, the check-in is complete, the group has met
again since, the peer was unticked, the group switched "we missed you" off.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.checkins import rules as checkins
from bot.checkins import texts
from bot.checkins.messages import feedback_message, missed_message, prompt_message, recap_message
from bot.checkins.rules import CheckinTimes
from bot.checkins.views import CheckinView
from bot.delivery import DeliveryKind
from bot.meetings import rules as meetings
from bot.messages import OutMessage
from bot.models import Answer, Delivery, DeliveryState, Group, Meeting, Person, Role
from bot.outbound import SendResult
from bot.services import Services
from bot.storage import Repos


def times_of(services: Services) -> CheckinTimes:
    return CheckinTimes.from_settings(services.settings)


async def _role_in(repos: Repos, group_id: int, person_id: int) -> Role | None:
    for member in await repos.people.members_of(group_id):
        if member.person.id == person_id:
            return member.role
    return None


async def _open(
    services: Services, repos: Repos, delivery: Delivery, person: Person, role: Role
) -> tuple[Meeting, Group] | None:
    """The delivery's meeting and group, if its check-in window is open and the person still
    has that role in the group."""
    meeting = await repos.meetings.get(delivery.subject_id)
    now = services.clock.now()
    if meeting is None or not await checkins.is_window_open(repos, meeting, now):
        return None
    group = await repos.programme.group(meeting.group_id)
    if group is None or await _role_in(repos, group.id, person.id) is not role:
        return None
    return meeting, group


async def _checkin_view(
    services: Services, repos: Repos, delivery: Delivery, person: Person
) -> CheckinView | None:
    found = await _open(services, repos, delivery, person, Role.PSF)
    if found is None:
        return None
    meeting, group = found
    view = await checkins.build_view(
        repos, meeting=meeting, group=group, person_id=person.id, now=services.clock.now()
    )
    return None if view.checkin.is_complete else view


async def render_prompt(
    services: Services, repos: Repos, delivery: Delivery, person: Person
) -> OutMessage | None:
    """The check-in, a while after the meeting: at the step it stands at (often the first)."""
    view = await _checkin_view(services, repos, delivery, person)
    if view is None:
        return None
    intro = texts.prompt_intro(view.meeting, view.tz, view.now)
    return prompt_message(view, intro)


async def render_reminder(
    services: Services, repos: Repos, delivery: Delivery, person: Person
) -> OutMessage | None:
    """The one gentle reminder next morning, unless the check-in is done."""
    view = await _checkin_view(services, repos, delivery, person)
    if view is None:
        return None
    intro = texts.reminder_intro(view.meeting, view.tz, view.now)
    return prompt_message(view, intro)


async def after_prompt(
    services: Services, repos: Repos, delivery: Delivery, result: SendResult
) -> None:
    """A prompt that opens on a free-text step waits for the words, unless the PSF is in the
    middle of something else that waits for typing."""
    person = await repos.people.get(delivery.person_id)
    if person is None or await repos.awaiting.get(person.id) is not None:
        return
    view = await _checkin_view(services, repos, delivery, person)
    if view is not None and view.step in checkins.TEXT_STEPS:
        await checkins.sync_awaiting(repos, person.id, view, services.clock.now())


async def render_feedback(
    services: Services, repos: Repos, delivery: Delivery, person: Person
) -> OutMessage | None:
    """ "How was today?" to a peer still ticked as present, who hasn't answered yet."""
    found = await _open(services, repos, delivery, person, Role.PEER)
    if found is None:
        return None
    meeting, group = found
    attendance = await repos.checkins.attendance(meeting.id)
    marks = await repos.checkins.marks(meeting.id)
    if attendance is None or not attendance.met or not marks.get(person.id, False):
        return None
    if await repos.checkins.feedback(meeting.id, person.id) is not None:
        return None
    view = await checkins.feedback_view(repos, meeting, group, person.id, services.clock.now())
    return feedback_message(view)


async def render_missed(
    services: Services, repos: Repos, delivery: Delivery, person: Person
) -> OutMessage | None:
    """ "We missed you" with the next date: still unticked, still wanted, not twice in a row."""
    found = await _open(services, repos, delivery, person, Role.PEER)
    if found is None:
        return None
    meeting, group = found
    attendance = await repos.checkins.attendance(meeting.id)
    marks = await repos.checkins.marks(meeting.id)
    if attendance is None or not attendance.met or marks.get(person.id, False):
        return None
    if await repos.meetings.rsvp(meeting.id, person.id) is not Answer.YES:
        return None
    if not await repos.checkins.missed_you(group.id):
        return None
    previous = await repos.checkins.previous(group.id, meeting.starts_at)
    if previous is not None:
        before = await repos.checkins.delivery_state(
            kind=checkins.MISSED, person_id=person.id, subject_id=previous
        )
        if before == DeliveryState.SENT:
            return None
    now = services.clock.now()
    tz = await meetings.area_tz(repos, group.id)
    upcoming = await meetings.upcoming_meetings(repos, group.id, now)
    next_meeting = upcoming[0] if upcoming else None
    answer = await repos.meetings.rsvp(next_meeting.id, person.id) if next_meeting else None
    text = texts.missed_you(group.name, meeting, next_meeting, tz, now)
    return missed_message(text, next_meeting, answer)


async def render_recap(
    services: Services, repos: Repos, delivery: Delivery, person: Person
) -> OutMessage | None:
    """ "Last time", before the next meeting, for a PSF of the group."""
    meeting = await repos.meetings.get(delivery.subject_id)
    now = services.clock.now()
    if meeting is None or meeting.is_cancelled or meeting.has_started(now):
        return None
    if delivery.variant != checkins.recap_variant(meeting):
        return None  # the meeting moved: a recap for its new time is on its way
    if await _role_in(repos, meeting.group_id, person.id) is not Role.PSF:
        return None
    recap = await checkins.recap_for(repos, person.id, meeting, now)
    return None if recap is None else recap_message(recap)


CHECKIN_KINDS: tuple[DeliveryKind, ...] = (
    DeliveryKind(checkins.PROMPT, render_prompt, after_send=after_prompt),
    DeliveryKind(checkins.REMIND, render_reminder, after_send=after_prompt),
    DeliveryKind(checkins.FEEDBACK, render_feedback),
    DeliveryKind(checkins.MISSED, render_missed),
    DeliveryKind(checkins.RECAP, render_recap),
)


@dataclass(frozen=True)
class CheckinsSweep:
    arranged: int
    recaps: int


async def checkins_sweep(services: Services) -> CheckinsSweep:
    """Before the delivery step: prompts for meetings that have started, recaps for the next."""
    now = services.clock.now()
    times = times_of(services)
    async with services.db.transaction() as repos:
        arranged = await checkins.arrange_checkins(repos, times, now)
        recaps = await checkins.arrange_recaps(repos, times, now)
    return CheckinsSweep(arranged=arranged, recaps=recaps)
