"""The tasks sweep step and how task reminders render (at the moment of sending)."""

from __future__ import annotations

from datetime import timedelta

from bot.delivery import DeliveryKind
from bot.meetings import rules as meetings
from bot.messages import Button, OutMessage, buttons
from bot.models import Delivery, Person
from bot.services import Services
from bot.storage import Repos
from bot.tasks import rules, texts
from bot.tasks.buttons import TaskAct, TaskButton
from bot.texts.dates import meeting_when


async def _context(
    services: Services, repos: Repos, delivery: Delivery, person: Person
) -> tuple[str, str, list[str], list[str]] | None:
    """Group name, when, the person's tasks and the free ones; None if no longer relevant."""
    meeting = await repos.meetings.get(delivery.subject_id)
    now = services.clock.now()
    if meeting is None or meeting.is_cancelled or meeting.has_started(now):
        return None
    if delivery.variant != meeting.starts_at.isoformat():
        return None  # the meeting moved
    group = await repos.programme.group(meeting.group_id)
    psfs = {m.person.id for m in await repos.people.members_of(meeting.group_id)}
    if group is None or person.id not in psfs or person.id in await repos.tasks.absent(meeting.id):
        return None
    tasks = await repos.tasks.of_meeting(meeting.id)
    tz = await meetings.area_tz(repos, group.id)
    when = meeting_when(meeting.starts_at, meeting.ends_at, tz)
    mine = [t.label for t in tasks if t.person_id == person.id]
    free = [t.label for t in tasks if t.person_id is None]
    return group.name, when, mine, free


def _see(meeting_id: int) -> tuple[tuple[Button, ...], ...]:
    return buttons([Button(texts.SEE_TASKS, data=TaskButton(meeting_id, TaskAct.OPEN).pack())])


async def render_remind(
    services: Services, repos: Repos, delivery: Delivery, person: Person
) -> OutMessage | None:
    found = await _context(services, repos, delivery, person)
    if found is None or not found[2]:
        return None
    group, when, mine, _ = found
    return OutMessage(texts.remind(group, when, mine), buttons=_see(delivery.subject_id))


async def render_unclaimed(
    services: Services, repos: Repos, delivery: Delivery, person: Person
) -> OutMessage | None:
    found = await _context(services, repos, delivery, person)
    if found is None or not found[3]:
        return None
    group, when, _, free = found
    return OutMessage(texts.unclaimed(group, when, free), buttons=_see(delivery.subject_id))


TASK_KINDS: tuple[DeliveryKind, ...] = (
    DeliveryKind(rules.REMIND, render_remind),
    DeliveryKind(rules.UNCLAIMED, render_unclaimed),
)


async def tasks_sweep(services: Services) -> int:
    now = services.clock.now()
    before = timedelta(days=services.settings.unclaimed_task_days_before)
    arranged, more = 0, True
    while more:
        async with services.db.transaction() as repos:
            arranged_now, more = await rules.arrange(repos, now, before)
        arranged += arranged_now
    return arranged
