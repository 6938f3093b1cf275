"""The life-cycle sweep step, and how its messages render at the moment of sending (a message
that is no longer true — the PSFs already decided, the last meeting moved — is dropped)."""

from __future__ import annotations

import time
from datetime import datetime

from bot.config import Settings
from bot.content.library import content_of
from bot.delivery import DeliveryKind
from bot.lifecycle import messages, rules, texts
from bot.lifecycle.stages import LIVE_STAGES, Stage, stage_of
from bot.meetings import rules as meetings
from bot.messages import OutMessage
from bot.models import Delivery, Group, Person, Role
from bot.services import Services
from bot.storage import Database, Repos
from bot.texts.dates import meeting_when


async def _membership(repos: Repos, group_id: int, person: Person) -> tuple[Group, Role] | None:
    group = await repos.programme.group(group_id)
    if group is None:
        return None
    for member in await repos.people.members_of(group_id):
        if member.person.id == person.id:
            return group, member.role
    return None


async def render_decide(
    services: Services, repos: Repos, delivery: Delivery, person: Person
) -> OutMessage | None:
    found = await _membership(repos, delivery.subject_id, person)
    if found is None or found[1] is not Role.PSF:
        return None
    view = await rules.future_of(repos, found[0], services.clock.now())
    if delivery.variant == rules.EXTENSION_VARIANT:
        if view.stage is not Stage.EXTENDED or view.decided_at is None:
            return None
        tz = await meetings.area_tz(repos, found[0].id)
        ends = (view.decided_at + rules.EXTENSION).astimezone(tz).date()
        return messages.extension_ending(view, ends)
    return messages.future_screen(view) if view.can_decide else None


async def render_come(
    services: Services, repos: Repos, delivery: Delivery, person: Person
) -> OutMessage | None:
    found = await _membership(repos, delivery.subject_id, person)
    if found is None:
        return None
    row = await repos.lifecycle.stage(found[0].id)
    if row is not None and (row.decision is not None or row.archived_at is not None):
        return None
    return messages.ask_peer(found[0].id, found[0].name)


async def render_decided(
    services: Services, repos: Repos, delivery: Delivery, person: Person
) -> OutMessage | None:
    """To the nurse: the decision, unless the PSFs changed it since."""
    event = await repos.lifecycle.event(delivery.subject_id)
    if event is None:
        return None
    latest = await repos.lifecycle.last_event(event.group_id, rules.EV_DECISION)
    group = await repos.programme.group(event.group_id)
    area = await repos.programme.area(group.area_id) if group else None
    if latest is None or latest.id != event.id or group is None or area is None:
        return None
    decider = await repos.people.get(event.person_id) if event.person_id else None
    by = decider.display_name if decider and decider.forgotten_at is None else "a facilitator"
    view = await rules.future_of(repos, group, services.clock.now())
    counts = {key: len(names) for key, names in view.answers.items()}
    return OutMessage(texts.decided_for_nurse(group.name, area.name, event.value, by, counts))


async def render_ending(
    services: Services, repos: Repos, delivery: Delivery, person: Person
) -> OutMessage | None:
    found = await _membership(repos, delivery.subject_id, person)
    now = services.clock.now()
    if found is None or found[1] is not Role.PSF:
        return None
    group = found[0]
    last = await rules.last_planned(repos, group.id, now)
    if await stage_of(repos, group) is not Stage.ENDING or last is None:
        return None
    if str(last.id) != delivery.variant:
        return None  # the last meeting changed: its own row goes
    tz = await meetings.area_tz(repos, group.id)
    when = meeting_when(last.starts_at, last.ends_at, tz, today=now.astimezone(tz).date())
    return messages.ending_soon(content_of(services).current, group.id, group.name, when)


async def render_farewell(
    services: Services, repos: Repos, delivery: Delivery, person: Person
) -> OutMessage | None:
    found = await _membership(repos, delivery.subject_id, person)
    if found is None or await stage_of(repos, found[0]) is not Stage.ENDED:
        return None
    group, role = found
    return messages.farewell(group.id, group.name, psf=role is Role.PSF)


async def render_stay(
    services: Services, repos: Repos, delivery: Delivery, person: Person
) -> OutMessage | None:
    found = await _membership(repos, delivery.subject_id, person)
    if found is None or found[1] is not Role.PEER:
        return None
    group = found[0]
    if await stage_of(repos, group) not in LIVE_STAGES:
        return None
    if await repos.lifecycle.latest_answer(group.id, rules.EV_STAY, person.id) is not None:
        return None
    return messages.ask_stay(group.id, group.name)


LIFECYCLE_KINDS: tuple[DeliveryKind, ...] = (
    DeliveryKind(rules.DECIDE, render_decide),
    DeliveryKind(rules.COME, render_come),
    DeliveryKind(rules.DECIDED, render_decided),
    DeliveryKind(rules.ENDING, render_ending),
    DeliveryKind(rules.FAREWELL, render_farewell),
    DeliveryKind(rules.STAY, render_stay),
)


async def lifecycle_sweep(services: Services) -> int:
    """The sweep step: the groups whose moment has come or that something changed."""
    return await arrange_due_groups(services.db, services.settings, services.clock.now())


async def arrange_due_groups(
    db: Database, settings: Settings, now: datetime, *, took: list[float] | None = None
) -> int:
    """Each group due a look in its own short transaction (a whole programme at once would keep
    the database from everyone's taps); returns rows queued. `took`: each transaction's
    seconds, for the benchmark."""
    async with db.read() as repos:
        group_ids = await repos.lifecycle.groups_to_look_at(now)
    queued = 0
    for group_id in group_ids:
        started = time.perf_counter()
        async with db.transaction() as repos:
            group = await repos.programme.group(group_id)
            if group is not None:
                queued += await rules.arrange_group(repos, group, settings, now)
            later = None if group is None else await rules.next_look(repos, group, now)
            await repos.lifecycle.look_again(group_id, later)
        if took is not None:
            took.append(time.perf_counter() - started)
    return queued
