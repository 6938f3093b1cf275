"""Escalation to the nurse: raising a concern, getting it to the right nurse in office hours,
acknowledgement, the reply thread, resolution, and making sure nothing raised is ever dropped.

A concern is a row (bot/concerns/repo.py) that moves draft → queued → delivered →
acknowledged → resolved. Everything the bot sends about it is a delivery row: the concern
itself to the nurse (due at the area's next opening, urgent first), a reminder and the backup
nurse's copy (due after ACK_TIMEOUT_MINUTES of office time, dropped at send time if the concern
was acknowledged meanwhile), and "updates" telling the other side about a step (the nurse saw
it, replied, closed it). Every step is a concern_events row with its time and who did it.

Functions here take `repos` (one transaction, passed down) and an explicit `now`; none sends.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.auth import Action, Actor, NotAllowed, authorize
from bot.concerns import texts
from bot.concerns.records import (
    URGENT_DRAFT_SENDS_AFTER,
    AreaHours,
    Category,
    Concern,
    ConcernEvent,
    ConcernState,
    EventKind,
    FileKind,
)
from bot.config import Settings
from bot.delivery import schedule_notice
from bot.messages import OutMessage
from bot.models import Area, Group, NurseRole, Person, Role
from bot.office_hours import Closure, OfficeHours
from bot.storage import Repos
from bot.storage.times import to_db
from bot.understanding.safety import mentions_emergency

log = logging.getLogger(__name__)
_LONDON = ZoneInfo("Europe/London")

# Delivery kinds (registered in bot/app.py through bot.concerns.messages.CONCERN_KINDS).
CONCERN_KIND = "concern"  # the concern itself, to the nurse it is routed to
NUDGE_KIND = "concern_nudge"  # "still waiting" to that nurse
BACKUP_KIND = "concern_backup"  # a copy to the backup nurse
UPDATE_KIND = "concern_update"  # one step told to the other side; subject = the event

# Awaited input kinds (answered by handlers/concerns.py).
DESCRIBE = "concerns.describe"
REPLY = "concerns.reply"  # nurse → PSF
ANSWER = "concerns.answer"  # PSF → nurse
OUTCOME = "concerns.outcome"
AWAY_FROM = "concerns.away_from"
AWAY_UNTIL = "concerns.away_until"

DESCRIPTION_LIMIT = 2000
MESSAGE_LIMIT = 2000
OUTCOME_LIMIT = 300
# A PSF who said someone needs urgent help and then stopped answering: what they told us goes
# to the nurse anyway after URGENT_DRAFT_SENDS_AFTER (in records.py: the PSF is told it).
# Unfinished ordinary drafts are put aside after this long (kept, never sent).
DRAFT_ABANDONED_AFTER = timedelta(days=7)
RECENTLY_RESOLVED = timedelta(days=14)
# After this many attempts to get one concern to a nurse, coordinators are asked to step in.
MAX_ROUTING_ATTEMPTS = 10
# A concern that waited at least this long is followed by "it has reached Helen".
TELL_WHEN_DELIVERED_AFTER = timedelta(minutes=10)


class ConcernInputError(ValueError):
    """Typed input that can't be used; str() is a key of texts.INPUT_PROBLEM."""


@dataclass(frozen=True)
class Said:
    """What someone sent: words, and perhaps a photo or voice note (a Telegram file id)."""

    text: str
    file_kind: FileKind | None = None
    file_id: str | None = None


def clean_said(
    text: str | None, limit: int, *, file_kind: FileKind | None = None, file_id: str | None = None
) -> Said:
    """Tidy what someone sent; ConcernInputError if there is nothing usable or it's too long."""
    words = (text or "").strip()
    if len(words) > limit:
        raise ConcernInputError("too long")
    if not words and file_id is None:
        raise ConcernInputError("empty")
    return Said(words, file_kind if file_id else None, file_id)


# --- office hours ------------------------------------------------------------------------------


async def office_hours_of(
    repos: Repos, settings: Settings, area: Area, now: datetime
) -> OfficeHours:
    """The area's office hours: its own weekly hours or the defaults, holidays and closures."""
    own = await repos.concerns.area_hours(area.id)
    recent = now.astimezone(area.tz).date() - timedelta(days=31)
    closures = tuple(await repos.concerns.closures_for(area.id, ending_after=recent))
    return _office_hours(settings, area, own, closures)


async def office_hours_of_areas(
    repos: Repos, settings: Settings, areas: Sequence[Area], now: datetime
) -> dict[int, OfficeHours]:
    """office_hours_of for many areas in two statements (a sweep over every area)."""
    own = await repos.concerns.all_area_hours()
    recent = min((now.astimezone(area.tz).date() for area in areas), default=now.date())
    # Closures that ended earlier than an area's own month back change nothing after `now`.
    closures = await repos.concerns.closures_by_area(ending_after=recent - timedelta(days=31))
    everywhere = closures.get(None, [])
    return {
        area.id: _office_hours(
            settings,
            area,
            own.get(area.id),
            tuple(sorted([*everywhere, *closures.get(area.id, [])], key=lambda c: c.start)),
        )
        for area in areas
    }


def _office_hours(
    settings: Settings, area: Area, own: AreaHours | None, closures: tuple[Closure, ...]
) -> OfficeHours:
    subdivision = settings.holidays_subdivision
    return OfficeHours.standard(
        area.tz,
        days=own.days if own else settings.office_days,
        opens=own.opens if own else settings.office_opens,
        closes=own.closes if own else settings.office_closes,
        country=(own.country if own and own.country else settings.holidays_country),
        subdivision=(own.subdivision if own and own.country else subdivision),
        closures=closures,
    )


# --- routing -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    """Who a concern goes to and when, and why (for telling the PSF what happens next)."""

    nurse: Person | None
    due_at: datetime
    open_now: bool
    away: Person | None = None  # the usual nurse, away: it goes to `nurse` or waits for her
    away_until: date | None = None
    closed_because: str | None = None  # a bank holiday or a coordinator's closure


def _can_receive(person: Person) -> bool:
    return (
        person.telegram_id is not None
        and person.unreachable_at is None
        and person.paused_at is None
        and person.forgotten_at is None
    )


async def route_for(repos: Repos, settings: Settings, area: Area, now: datetime) -> Route:
    """The nurse a concern raised now goes to, and when: the area's next opening.

    The usual (primary) nurse, unless she is away on that day: then the backup. If everyone
    is away, it waits for the usual nurse's return.
    """
    hours = await office_hours_of(repos, settings, area, now)
    opening = hours.next_opening(now)
    open_now = opening <= now
    closed_because = None if open_now else hours.closure_reason(now)
    day = opening.astimezone(area.tz).date()
    nurses = [(role, person) for role, person in await repos.people.nurses_of(area.id)]
    reachable = [(role, person) for role, person in nurses if _can_receive(person)]
    if not reachable:
        return Route(None, opening, open_now, closed_because=closed_because)
    usual_role, usual = next(
        ((role, person) for role, person in reachable if not role.is_backup), reachable[0]
    )
    present = [(role, person) for role, person in reachable if not role.is_away_on(day)]
    chosen = next((person for role, person in present if not role.is_backup), None)
    chosen = chosen or (present[0][1] if present else None)
    if chosen is not None:
        away = usual if chosen.id != usual.id and usual_role.is_away_on(day) else None
        return Route(
            chosen,
            opening,
            open_now,
            away=away,
            away_until=usual_role.away_until if away else None,
            closed_because=closed_because,
        )
    back = _day_after(usual_role)
    returns = datetime.combine(back, time(0), tzinfo=area.tz).astimezone(UTC)
    return Route(
        usual,
        hours.next_opening(max(returns, now)),
        False,
        away=usual,
        away_until=usual_role.away_until,
        closed_because=closed_because,
    )


def _day_after(role: NurseRole) -> date:
    if role.away_until is None:
        raise RuntimeError("missing: role.away_until")
    return role.away_until + timedelta(days=1)


async def _backup_for(repos: Repos, area_id: int, nurse_id: int, day: date) -> Person | None:
    """Another nurse of the area who can take a concern on `day`, backups first."""
    candidates = [
        (role, person)
        for role, person in await repos.people.nurses_of(area_id)
        if person.id != nurse_id and _can_receive(person) and not role.is_away_on(day)
    ]
    candidates.sort(key=lambda pair: not pair[0].is_backup)
    return candidates[0][1] if candidates else None


async def _role_in_area(repos: Repos, person_id: int, area_id: int) -> str:
    for role in await repos.people.nurse_roles_of(person_id):
        if role.area_id == area_id:
            return "backup" if role.is_backup else "nurse"
    return "nurse"


async def send_to_nurse(
    repos: Repos,
    settings: Settings,
    concern: Concern,
    area: Area,
    now: datetime,
    *,
    tell_psf: bool = False,
) -> Route:
    """Queue a raised concern for the right nurse at the right time (or tell coordinators)."""
    route = await route_for(repos, settings, area, now)
    attempts = await repos.concerns.concern_deliveries(concern.id)
    if route.nurse is None or attempts >= MAX_ROUTING_ATTEMPTS:
        await repos.concerns.assign(concern.id, None)
        if not await repos.concerns.has_event(concern.id, EventKind.NO_NURSE):
            await repos.concerns.add_event(concern.id, EventKind.NO_NURSE, now)
            await _tell_coordinators(repos, concern, area, now)
            log.warning("Concern %s has no nurse to go to", concern.id)
        return Route(None, route.due_at, route.open_now, closed_because=route.closed_because)
    nurse = route.nurse
    await repos.concerns.assign(concern.id, nurse.id)
    await repos.deliveries.schedule(
        kind=CONCERN_KIND,
        person_id=nurse.id,
        subject_id=concern.id,
        variant=str(attempts),
        due_at=route.due_at,
        priority=1 if concern.urgent else 0,
    )
    event = await repos.concerns.add_event(
        concern.id,
        EventKind.ROUTED,
        now,
        person_id=nurse.id,
        role=await _role_in_area(repos, nurse.id, area.id),
        text="away" if route.away is not None else None,
    )
    if tell_psf:
        await _tell(repos, event, concern.raised_by, now)
    return route


async def _tell_coordinators(repos: Repos, concern: Concern, area: Area, now: datetime) -> None:
    group = await repos.programme.group(concern.group_id)
    message = OutMessage(texts.no_nurse_for_coordinator(group.name if group else "?", area.name))
    for coordinator_id in await repos.concerns.coordinators():
        await schedule_notice(
            repos,
            person_id=coordinator_id,
            message=message,
            due_at=now,
            key=f"concern-no-nurse:{concern.id}",
            subject_id=concern.id,
        )


# --- raising a concern (the PSF) ---------------------------------------------------------------


async def start_draft(
    repos: Repos,
    actor: Actor,
    group: Group | None,
    now: datetime,
    *,
    source: str = "menu",
    description: str | None = None,
) -> Concern:
    """A new draft concern for `group`; earlier unfinished drafts of this PSF are put aside.

    An earlier draft of the same group in which the PSF said someone needs urgent help is
    folded into the new one, so that urgency is never lost.
    """
    authorize(actor, Action.RAISE_CONCERN, group=group)
    if group is None:
        raise RuntimeError("missing: group")
    await _stop_waiting_for_words(repos, actor.person.id)
    urgent_at: datetime | None = None
    for old in await repos.concerns.drafts_of(actor.person.id):
        if old.urgent and old.group_id != group.id:
            continue  # another group's urgent draft: it will still be sent
        if old.urgent:
            urgent_at = old.urgent_at or old.created_at
        await repos.concerns.set_state(old.id, ConcernState.ABANDONED)
    return await repos.concerns.add_draft(
        group_id=group.id,
        area_id=group.area_id,
        raised_by=actor.person.id,
        now=now,
        source=source,
        description=description,
        urgent_at=urgent_at,
    )


async def start_concern_from_checkin(
    repos: Repos, actor: Actor, group: Group | None, description: str, now: datetime
) -> Concern:
    """The entry point for the check-in's "Yes, ask the nurse to get in touch".

    Makes a draft whose description is what the PSF wrote in the check-in; show the PSF
    `bot.concerns.messages.danger_question(concern)` next (the safety question always comes
    first), then the category and the confirmation follow as from the menu.
    """
    text = description.strip()[:DESCRIPTION_LIMIT] or None
    return await start_draft(repos, actor, group, now, source="checkin", description=text)


async def own_concern(repos: Repos, actor: Actor, concern_id: int) -> tuple[Concern, Group]:
    """A concern the actor raised (or is raising), in a group they are still a PSF of."""
    concern = await repos.concerns.get(concern_id)
    if concern is None or concern.raised_by != actor.person.id:
        raise NotAllowed(Action.RAISE_CONCERN, actor.person.id)
    group = await repos.programme.group(concern.group_id)
    authorize(actor, Action.RAISE_CONCERN, group=group)
    if group is None:
        raise RuntimeError("missing: group")
    return concern, group


async def answer_danger(
    repos: Repos, actor: Actor, concern_id: int, urgent: bool, now: datetime
) -> Concern:
    """Record the answer to "Is anyone in danger…?"; Yes marks the concern urgent."""
    concern, _ = await own_concern(repos, actor, concern_id)
    if urgent and concern.state is ConcernState.DRAFT:
        await repos.concerns.mark_urgent(concern.id, now)
        await repos.concerns.add_event(
            concern.id, EventKind.URGENT, now, person_id=actor.person.id, role="psf"
        )
    return await _reload(repos, concern.id)


async def choose_category(
    repos: Repos, actor: Actor, concern_id: int, category: Category, now: datetime
) -> Concern:
    concern, _ = await own_concern(repos, actor, concern_id)
    await repos.concerns.set_category(concern.id, category)
    concern = await _reload(repos, concern.id)
    if concern.state is ConcernState.DRAFT and concern.description is None and not concern.file_id:
        await repos.awaiting.expect(actor.person.id, DESCRIBE, {"concern_id": concern.id}, now)
    return concern


async def ask_description(repos: Repos, actor: Actor, concern_id: int, now: datetime) -> Concern:
    """The PSF wants to change the words: wait for a new description."""
    concern, _ = await own_concern(repos, actor, concern_id)
    if concern.state is ConcernState.DRAFT:
        await repos.awaiting.expect(actor.person.id, DESCRIBE, {"concern_id": concern.id}, now)
    return concern


async def describe(
    repos: Repos,
    settings: Settings,
    actor: Actor,
    *,
    concern_id: int,
    said: Said,
    now: datetime,
) -> Concern:
    """Keep the description (and any photo or voice note); an emergency phrase makes it urgent."""
    concern, _ = await own_concern(repos, actor, concern_id)
    await repos.awaiting.clear(actor.person.id)
    if concern.state is not ConcernState.DRAFT:
        return concern
    await repos.concerns.set_description(
        concern.id, said.text or None, said.file_kind, said.file_id
    )
    if mentions_emergency(said.text, settings.emergency_phrases) and not concern.urgent:
        await repos.concerns.mark_urgent(concern.id, now)
    return await _reload(repos, concern.id)


async def withdraw(repos: Repos, actor: Actor, concern_id: int, now: datetime) -> Concern:
    """The PSF decided not to send it (a draft only; a raised concern stays with the nurse)."""
    concern, _ = await own_concern(repos, actor, concern_id)
    await repos.awaiting.clear(actor.person.id)
    if concern.state is ConcernState.DRAFT:
        await repos.concerns.set_state(concern.id, ConcernState.WITHDRAWN)
        await repos.concerns.add_event(
            concern.id, EventKind.WITHDRAWN, now, person_id=actor.person.id, role="psf"
        )
    return await _reload(repos, concern.id)


async def raise_for_peer(
    repos: Repos,
    settings: Settings,
    actor: Actor,
    group: Group,
    *,
    words: str | None,
    now: datetime,
) -> Submitted:
    """A peer said yes to "would you like your facilitator or the nurse to get in touch?" after
    an emergency answer: an urgent concern with their words, raised at once."""
    authorize(actor, Action.ASK_FOR_CONTACT, group=group)
    concern = await repos.concerns.add_draft(
        group_id=group.id,
        area_id=group.area_id,
        raised_by=actor.person.id,
        now=now,
        # The concerns table knows two sources and four roles (CHECK constraints); the peer's
        # request is told apart by its contact_offers row, which points at this concern.
        source="menu",
        description=(words or "").strip()[:DESCRIPTION_LIMIT] or None,
        urgent_at=now,
    )
    await repos.concerns.add_event(concern.id, EventKind.URGENT, now, role="system")
    return await _raise(repos, settings, concern, now, person_id=None)


@dataclass(frozen=True)
class Submitted:
    concern: Concern
    route: Route | None  # None: it had already been sent (a second tap)
    nurse_first_name: str = ""
    away_first_name: str = ""
    tz: ZoneInfo = _LONDON


async def submit(
    repos: Repos, settings: Settings, actor: Actor, concern_id: int, now: datetime
) -> Submitted:
    """Raise the concern: queue it for the nurse and say what happens next."""
    concern, _ = await own_concern(repos, actor, concern_id)
    if concern.state is not ConcernState.DRAFT:
        return Submitted(concern, None)
    return await _raise(repos, settings, concern, now, person_id=actor.person.id)


async def _raise(
    repos: Repos, settings: Settings, concern: Concern, now: datetime, *, person_id: int | None
) -> Submitted:
    await _stop_waiting_for_words(repos, concern.raised_by, concern.id)
    if concern.category is None:
        await repos.concerns.set_category(concern.id, Category.OTHER)  # while still a draft
    await repos.concerns.mark_raised(concern.id, now)
    await repos.concerns.add_event(
        concern.id,
        EventKind.RAISED,
        now,
        person_id=person_id,
        role="psf" if person_id is not None else "system",
    )
    area = await repos.programme.area(concern.area_id)
    if area is None:
        raise RuntimeError("missing: area")
    route = await send_to_nurse(repos, settings, await _reload(repos, concern.id), area, now)
    return Submitted(
        await _reload(repos, concern.id),
        route,
        nurse_first_name=first_name(route.nurse.display_name) if route.nurse else "",
        away_first_name=first_name(route.away.display_name) if route.away else "",
        tz=area.tz,
    )


async def _stop_waiting_for_words(
    repos: Repos, person_id: int, concern_id: int | None = None
) -> None:
    """Stop waiting for a draft's description (this draft's, or any), and nothing else."""
    awaiting = await repos.awaiting.get(person_id)
    if awaiting is None or awaiting.kind != DESCRIBE:
        return
    if concern_id is None or str(awaiting.payload.get("concern_id")) == str(concern_id):
        await repos.awaiting.clear(person_id)


async def _reload(repos: Repos, concern_id: int) -> Concern:
    concern = await repos.concerns.get(concern_id)
    if concern is None:
        raise RuntimeError("missing: concern")
    return concern


def first_name(display_name: str) -> str:
    return display_name.split(maxsplit=1)[0] if display_name.strip() else display_name


# --- the nurse's side --------------------------------------------------------------------------


async def for_nurse(repos: Repos, actor: Actor, concern_id: int) -> tuple[Concern, Group, Area]:
    """A raised concern of one of the nurse's areas (drafts are nobody's business but the PSF's)."""
    concern = await repos.concerns.get(concern_id)
    area_id = concern.area_id if concern is not None else None
    authorize(actor, Action.HANDLE_CONCERN, area_id=area_id)
    if concern is None:
        raise RuntimeError("missing: concern")
    if concern.raised_at is None:
        raise NotAllowed(Action.HANDLE_CONCERN, actor.person.id)
    group = await repos.programme.group(concern.group_id)
    area = await repos.programme.area(concern.area_id)
    if group is None or area is None:
        raise RuntimeError("missing: group, area")
    return concern, group, area


def _nurse_role(actor: Actor, area_id: int) -> str:
    return "backup" if actor.nurse_areas.get(area_id) else "nurse"


async def _tell(repos: Repos, event: ConcernEvent, person_id: int | None, due_at: datetime) -> None:
    """Tell someone about a step of a concern (a delivery that renders the event)."""
    if person_id is None:
        return
    await repos.deliveries.schedule(
        kind=UPDATE_KIND, person_id=person_id, subject_id=event.id, due_at=due_at, priority=1
    )


async def _stop_chasing(repos: Repos, concern_id: int) -> None:
    for kind in (NUDGE_KIND, BACKUP_KIND):
        await repos.deliveries.cancel(kind=kind, subject_id=concern_id, outcome="acknowledged")


async def acknowledge(repos: Repos, actor: Actor, concern_id: int, now: datetime) -> Concern:
    """The nurse has seen it: the PSF is told, reminders and the backup's copy are called off."""
    concern, _, _ = await for_nurse(repos, actor, concern_id)
    await _acknowledge(repos, actor, concern, now, tell_psf=True)
    return await _reload(repos, concern.id)


async def _acknowledge(
    repos: Repos, actor: Actor, concern: Concern, now: datetime, *, tell_psf: bool
) -> bool:
    if not await repos.concerns.mark_acknowledged(concern.id, actor.person.id, now):
        return False
    event = await repos.concerns.add_event(
        concern.id,
        EventKind.ACKNOWLEDGED,
        now,
        person_id=actor.person.id,
        role=_nurse_role(actor, concern.area_id),
    )
    await _stop_chasing(repos, concern.id)
    await repos.deliveries.cancel(kind=CONCERN_KIND, subject_id=concern.id, outcome="seen")
    if tell_psf:
        await _tell(repos, event, concern.raised_by, now)
    return True


async def begin_nurse_step(
    repos: Repos, actor: Actor, concern_id: int, kind: str, now: datetime
) -> Concern:
    """Wait for the nurse's reply (REPLY) or one-line outcome (OUTCOME), if still open."""
    concern, _, _ = await for_nurse(repos, actor, concern_id)
    if concern.state.is_open:
        await repos.awaiting.expect(actor.person.id, kind, {"concern_id": concern.id}, now)
    return concern


async def nurse_reply(
    repos: Repos, actor: Actor, concern_id: int, said: Said, now: datetime
) -> Concern:
    """The nurse's message goes to the PSF (replying also counts as having seen it)."""
    concern, _, _ = await for_nurse(repos, actor, concern_id)
    await repos.awaiting.clear(actor.person.id)
    if not concern.state.is_open:
        return concern
    await _acknowledge(repos, actor, concern, now, tell_psf=False)
    await repos.concerns.assign(concern.id, actor.person.id)
    event = await repos.concerns.add_event(
        concern.id,
        EventKind.REPLIED,
        now,
        person_id=actor.person.id,
        role=_nurse_role(actor, concern.area_id),
        text=said.text or None,
        file_kind=said.file_kind,
        file_id=said.file_id,
    )
    await _tell(repos, event, concern.raised_by, now)
    return await _reload(repos, concern.id)


async def resolve(
    repos: Repos, actor: Actor, concern_id: int, outcome: str, now: datetime
) -> tuple[Concern, bool]:
    """Close the concern with a one-line outcome, which the PSF is told; False if it was
    already closed."""
    concern, _, _ = await for_nurse(repos, actor, concern_id)
    await repos.awaiting.clear(actor.person.id)
    if not await repos.concerns.mark_resolved(concern.id, actor.person.id, outcome, now):
        return concern, False
    event = await repos.concerns.add_event(
        concern.id,
        EventKind.RESOLVED,
        now,
        person_id=actor.person.id,
        role=_nurse_role(actor, concern.area_id),
        text=outcome,
    )
    await _stop_chasing(repos, concern.id)
    await repos.deliveries.cancel(kind=CONCERN_KIND, subject_id=concern.id, outcome="resolved")
    await _tell(repos, event, concern.raised_by, now)
    return await _reload(repos, concern.id), True


async def nurse_view(
    repos: Repos, actor: Actor, now: datetime
) -> list[tuple[Concern, Group, Person | None, Person | None]]:
    """/concerns: open and recently resolved concerns of the nurse's areas, oldest first.

    Each comes with its group, the PSF who raised it and the nurse it is with.
    """
    found = await repos.concerns.for_areas(
        sorted(actor.nurse_areas), resolved_since=now - RECENTLY_RESOLVED
    )
    return [await _with_people(repos, concern) for concern in found]


async def psf_view(
    repos: Repos, actor: Actor, now: datetime
) -> list[tuple[Concern, Group, Person | None, Person | None]]:
    """A PSF's own open and recently resolved concerns."""
    found = await repos.concerns.raised_by(actor.person.id, resolved_since=now - RECENTLY_RESOLVED)
    return [await _with_people(repos, concern) for concern in found]


async def _with_people(
    repos: Repos, concern: Concern
) -> tuple[Concern, Group, Person | None, Person | None]:
    group = await repos.programme.group(concern.group_id)
    if group is None:
        raise RuntimeError("missing: group")
    psf = await repos.people.get(concern.raised_by)
    nurse = await repos.people.get(concern.nurse_id) if concern.nurse_id else None
    return concern, group, psf, nurse


async def psf_first_name(repos: Repos, concern: Concern) -> str:
    person = await repos.people.get(concern.raised_by)
    return first_name(person.display_name) if person else ""


async def nurse_first_name(repos: Repos, concern: Concern) -> str:
    person = await repos.people.get(concern.nurse_id) if concern.nurse_id else None
    return first_name(person.display_name) if person else "the nurse"


async def facilitator_names(repos: Repos, actor: Actor) -> list[str]:
    """First names of the PSFs of the actor's groups (for a peer looking for the nurse)."""
    names: list[str] = []
    for group_id in actor.group_ids():
        for member in await repos.people.members_of(group_id, role=Role.PSF):
            name = first_name(member.person.display_name)
            if name not in names:
                names.append(name)
    return names


async def away_of(repos: Repos, actor: Actor, now: datetime) -> tuple[date, date] | None:
    """The nurse's current or next time away, if she has marked one that isn't over."""
    for role in await repos.people.nurse_roles_of(actor.person.id):
        area = await repos.programme.area(role.area_id)
        today = now.astimezone(area.tz if area else _LONDON).date()
        if role.away_from and role.away_until and role.away_until >= today:
            return role.away_from, role.away_until
    return None


# --- the PSF answering in the thread -----------------------------------------------------------


async def begin_answer(repos: Repos, actor: Actor, concern_id: int, now: datetime) -> Concern:
    concern, _ = await own_concern(repos, actor, concern_id)
    if concern.state.is_open:
        await repos.awaiting.expect(actor.person.id, ANSWER, {"concern_id": concern.id}, now)
    return concern


@dataclass(frozen=True)
class Answered:
    concern: Concern
    nurse_first_name: str | None  # None: the concern was closed meanwhile
    due_at: datetime
    open_now: bool
    tz: ZoneInfo = _LONDON


async def psf_answer(
    repos: Repos, settings: Settings, actor: Actor, *, concern_id: int, said: Said, now: datetime
) -> Answered:
    """The PSF's answer goes to the nurse the concern is with, in office hours."""
    concern, _ = await own_concern(repos, actor, concern_id)
    await repos.awaiting.clear(actor.person.id)
    area = await repos.programme.area(concern.area_id)
    if area is None:
        raise RuntimeError("missing: area")
    if not concern.state.is_open:
        return Answered(concern, None, now, True, area.tz)
    event = await repos.concerns.add_event(
        concern.id,
        EventKind.ANSWERED,
        now,
        person_id=actor.person.id,
        role="psf",
        text=said.text or None,
        file_kind=said.file_kind,
        file_id=said.file_id,
    )
    hours = await office_hours_of(repos, settings, area, now)
    due = hours.next_opening(now)
    nurse = await repos.people.get(concern.nurse_id) if concern.nurse_id else None
    await _tell(repos, event, nurse.id if nurse else None, due)
    name = first_name(nurse.display_name) if nurse else ""
    return Answered(concern, name, due, due <= now, area.tz)


# --- deliveries: what happens once the concern reaches a nurse ---------------------------------


async def after_delivered(
    repos: Repos, settings: Settings, concern_id: int, nurse_id: int, now: datetime
) -> None:
    """Record the delivery, and set up the reminder and the backup nurse's copy."""
    concern = await repos.concerns.get(concern_id)
    if concern is None:
        return
    area = await repos.programme.area(concern.area_id)
    if area is None:
        raise RuntimeError("missing: area")
    first = await repos.concerns.mark_delivered(concern.id, now)
    event = await repos.concerns.add_event(
        concern.id,
        EventKind.DELIVERED,
        now,
        person_id=nurse_id,
        role=await _role_in_area(repos, nurse_id, area.id),
    )
    waited = concern.raised_at is not None and now - concern.raised_at >= TELL_WHEN_DELIVERED_AFTER
    if first and waited:
        await _tell(repos, event, concern.raised_by, now)
    await schedule_chasers(repos, settings, concern, area, nurse_id=nurse_id, now=now)


async def schedule_chasers(
    repos: Repos, settings: Settings, concern: Concern, area: Area, *, nurse_id: int, now: datetime
) -> None:
    """A reminder after one timeout of office time; the backup nurse's copy after two."""
    hours = await office_hours_of(repos, settings, area, now)
    timeout = timedelta(minutes=settings.ack_timeout_minutes)
    remind_at = hours.add_open_time(now, timeout)
    escalate_at = hours.add_open_time(now, 2 * timeout)
    priority = 1 if concern.urgent else 0
    await repos.deliveries.schedule(
        kind=NUDGE_KIND,
        person_id=nurse_id,
        subject_id=concern.id,
        variant="1",
        due_at=remind_at,
        priority=priority,
    )
    backup = await _backup_for(repos, area.id, nurse_id, escalate_at.astimezone(area.tz).date())
    if backup is None:
        # Nobody else to ask: a second reminder to the same nurse instead.
        await repos.deliveries.schedule(
            kind=NUDGE_KIND,
            person_id=nurse_id,
            subject_id=concern.id,
            variant="2",
            due_at=escalate_at,
            priority=priority,
        )
        return
    await repos.deliveries.schedule(
        kind=BACKUP_KIND,
        person_id=backup.id,
        subject_id=concern.id,
        due_at=escalate_at,
        priority=priority,
    )


async def after_reminded(repos: Repos, concern_id: int, nurse_id: int, now: datetime) -> None:
    concern = await repos.concerns.get(concern_id)
    if concern is not None:
        await repos.concerns.add_event(
            concern.id,
            EventKind.REMINDED,
            now,
            person_id=nurse_id,
            role=await _role_in_area(repos, nurse_id, concern.area_id),
        )


async def after_escalated(repos: Repos, concern_id: int, backup_id: int, now: datetime) -> None:
    """The backup nurse has it too: record it and tell the PSF."""
    concern = await repos.concerns.get(concern_id)
    if concern is None:
        return
    event = await repos.concerns.add_event(
        concern.id,
        EventKind.ESCALATED,
        now,
        person_id=backup_id,
        role=await _role_in_area(repos, backup_id, concern.area_id),
    )
    await _tell(repos, event, concern.raised_by, now)


# --- nurses away -------------------------------------------------------------------------------


async def set_away(
    repos: Repos,
    settings: Settings,
    nurse_id: int,
    *,
    away_from: date | None,
    away_until: date | None,
    now: datetime,
) -> int:
    """Mark a nurse away (or back, with None) in all her areas; her waiting concerns are
    routed again (to the backup). Returns how many concerns were routed again."""
    roles = await repos.people.nurse_roles_of(nurse_id)
    for role in roles:
        await repos.people.set_away(
            area_id=role.area_id, person_id=nurse_id, away_from=away_from, away_until=away_until
        )
    if away_from is None or away_until is None:
        return 0

    def away_on(when: datetime, area: Area) -> bool:
        if away_from is None or away_until is None:
            raise RuntimeError("missing: away_from, away_until")
        return away_from <= when.astimezone(area.tz).date() <= away_until

    moved = 0
    for concern in await repos.concerns.queued_with_nurse(nurse_id):
        area = await repos.programme.area(concern.area_id)
        if area is None:
            raise RuntimeError("missing: area")
        if concern.state is ConcernState.QUEUED:
            pending = await repos.deliveries.pending_for(kind=CONCERN_KIND, subject_id=concern.id)
            if not any(away_on(delivery.due_at, area) for delivery in pending):
                continue
            await repos.deliveries.cancel(kind=CONCERN_KIND, subject_id=concern.id, outcome="away")
            moved_to = (await route_for(repos, settings, area, now)).nurse
            changes = moved_to is not None and moved_to.id != nurse_id
            await send_to_nurse(repos, settings, concern, area, now, tell_psf=changes)
            moved += int(changes)
            continue
        # Delivered but not seen, and she is away from the next opening: the backup gets a copy.
        hours = await office_hours_of(repos, settings, area, now)
        due = hours.next_opening(now)
        if not away_on(due, area):
            continue
        backup = await _backup_for(repos, area.id, nurse_id, due.astimezone(area.tz).date())
        if backup is not None:
            await repos.deliveries.schedule(
                kind=BACKUP_KIND,
                person_id=backup.id,
                subject_id=concern.id,
                due_at=due,
                priority=1 if concern.urgent else 0,
            )
            moved += 1
    return moved


async def nurse_roles(repos: Repos, actor: Actor) -> list[NurseRole]:
    return await repos.people.nurse_roles_of(actor.person.id)


# --- the sweep ---------------------------------------------------------------------------------


@dataclass
class SweepReport:
    urgent_sent: int = 0
    abandoned: int = 0
    rerouted: int = 0


async def sweep_concerns(repos: Repos, settings: Settings, now: datetime) -> SweepReport:
    """Time-based steps: send urgent drafts the PSF didn't finish, put old drafts aside, and
    find a nurse for raised concerns that no delivery will bring to one."""
    report = SweepReport()
    for draft in await repos.concerns.stale_drafts(
        urgent=True, before=now - URGENT_DRAFT_SENDS_AFTER
    ):
        submitted = await _raise(repos, settings, draft, now, person_id=None)
        await schedule_notice(
            repos,
            person_id=draft.raised_by,
            message=OutMessage(texts.unfinished_urgent_sent(submitted.nurse_first_name)),
            due_at=now,
            key=f"concern-urgent-sent:{draft.id}",
            subject_id=draft.id,
        )
        report.urgent_sent += 1
    for draft in await repos.concerns.stale_drafts(
        urgent=False, before=now - DRAFT_ABANDONED_AFTER
    ):
        await repos.concerns.set_state(draft.id, ConcernState.ABANDONED)
        report.abandoned += 1
    for concern in await repos.concerns.stranded():
        if await repos.concerns.has_event(concern.id, EventKind.NO_NURSE) and (
            await _nobody_can_receive(repos, concern.area_id)
        ):
            continue  # coordinators were told; try again once a nurse can receive it
        area = await repos.programme.area(concern.area_id)
        if area is None:
            raise RuntimeError("missing: area")
        await send_to_nurse(repos, settings, concern, area, now)
        report.rerouted += 1
    return report


async def _nobody_can_receive(repos: Repos, area_id: int) -> bool:
    return not any(_can_receive(person) for _, person in await repos.people.nurses_of(area_id))


# --- privacy (/mydata and /forget) -------------------------------------------------------------


async def export_concerns(repos: Repos, person: Person) -> dict[str, Any]:
    """The concerns a person raised and what they wrote in any concern's thread."""
    raised = [
        {
            "raised": to_db(c.raised_at) if c.raised_at else None,
            "state": c.state.value,
            "about": texts.CATEGORY_LABELS[c.category] if c.category else None,
            "urgent": c.urgent,
            "what_you_wrote": c.description,
            "outcome": c.outcome,
        }
        for c in await repos.concerns.all_raised_by(person.id)
    ]
    written = [
        {"at": to_db(e.at), "step": e.kind.value, "text": e.text}
        for e in await repos.concerns.events_by(person.id)
        if e.text
    ]
    return {"raised": raised, "messages": written}


async def erase_concerns(repos: Repos, person: Person, now: datetime) -> None:
    """Remove what the person wrote; the steps (times, anonymous) stay for the research."""
    for draft in await repos.concerns.drafts_of(person.id):
        await repos.concerns.set_state(draft.id, ConcernState.ABANDONED)
    await repos.concerns.erase_text_of(person.id)
    # A nurse leaving: her open concerns are queued again and the sweep finds them a nurse.
    await repos.concerns.release_from_nurse(person.id)
