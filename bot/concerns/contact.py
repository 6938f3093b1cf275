"""After the emergency numbers: would a peer like their facilitator or the nurse to get in touch?

A peer whose message sounded like an emergency about themselves is asked once, with two
buttons. Yes raises an urgent concern through the ordinary concern path (the nurse in office
hours, urgent first, chased and backed up like any other) and tells the group's facilitators.
No is respected: the question is not asked again that day (in the programme's time zone).

A peer who says they feel low is offered the gentler version: Yes tells their facilitators
only (no concern for the nurse).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from bot.auth import Action, Actor, NotAllowed, authorize
from bot.concerns import rules as concerns
from bot.concerns import texts
from bot.concerns.contact_repo import ContactOffer
from bot.config import Settings
from bot.delivery import schedule_notice
from bot.messages import OutMessage
from bot.models import Person, Role
from bot.storage import Repos
from bot.storage.times import to_db

WORDS_LIMIT = concerns.DESCRIPTION_LIMIT
FEELING_LOW = "feeling_low"  # the kind of an offer made after "I feel a bit low today"


def _start_of_day(now: datetime, tz: ZoneInfo) -> datetime:
    local = now.astimezone(tz)
    return datetime.combine(local.date(), time(0, 0), tzinfo=tz)


async def offer(
    repos: Repos, actor: Actor, *, kind: str, words: str, now: datetime, tz: ZoneInfo
) -> int | None:
    """Ask a peer whether they'd like someone to get in touch: the offer's id, or None when
    they are not a peer or said no earlier today."""
    peer_groups = actor.group_ids(Role.PEER)
    if not peer_groups:
        return None
    if await repos.contact_offers.declined_since(actor.person.id, _start_of_day(now, tz)):
        return None
    return await repos.contact_offers.add(
        person_id=actor.person.id,
        group_id=peer_groups[0],
        kind=kind,
        words=words.strip()[:WORDS_LIMIT] or None,
        now=now,
    )


async def _own_offer(repos: Repos, actor: Actor, offer_id: int) -> ContactOffer:
    found = await repos.contact_offers.get(offer_id)
    if found is None or found.person_id != actor.person.id:
        raise NotAllowed(Action.ASK_FOR_CONTACT, actor.person.id)
    return found


@dataclass(frozen=True)
class Answered:
    first_time: bool  # False: the question had been answered already
    submitted: concerns.Submitted | None = None
    facilitators: tuple[str, ...] = ()
    told_facilitators_only: bool = False


async def decline(repos: Repos, actor: Actor, offer_id: int, now: datetime) -> Answered:
    """No, thank you: kept, and not asked again today."""
    found = await _own_offer(repos, actor, offer_id)
    return Answered(await repos.contact_offers.answer(found.id, "no", now))


async def accept(
    repos: Repos, settings: Settings, actor: Actor, offer_id: int, now: datetime
) -> Answered:
    """Yes, please: an urgent concern to the nurse, and a note to the group's facilitators."""
    found = await _own_offer(repos, actor, offer_id)
    group = await repos.programme.group(found.group_id)
    authorize(actor, Action.ASK_FOR_CONTACT, group=group)
    if group is None:
        raise RuntimeError("missing: group")
    if found.answer is not None:
        return Answered(first_time=False)
    if found.kind == FEELING_LOW:
        await repos.contact_offers.answer(found.id, "yes", now)
        names = await _tell_facilitators(
            repos,
            actor,
            group_id=group.id,
            offer_id=found.id,
            text=texts.peer_feels_low(actor.person.display_name),
            now=now,
        )
        return Answered(True, None, names, told_facilitators_only=True)
    submitted = await concerns.raise_for_peer(
        repos, settings, actor, group, words=found.words, now=now
    )
    await repos.contact_offers.answer(found.id, "yes", now, submitted.concern.id)
    message = texts.peer_asked_for_contact(actor.person.display_name)
    names = await _tell_facilitators(
        repos, actor, group_id=group.id, offer_id=found.id, text=message, now=now
    )
    return Answered(True, submitted, names)


async def _tell_facilitators(
    repos: Repos, actor: Actor, *, group_id: int, offer_id: int, text: str, now: datetime
) -> tuple[str, ...]:
    psfs: list[Person] = [
        member.person
        for member in await repos.people.members_of(group_id, role=Role.PSF)
        if member.person.id != actor.person.id
    ]
    for psf in psfs:
        await schedule_notice(
            repos,
            person_id=psf.id,
            message=OutMessage(text),
            due_at=now,
            key=f"contact-offer:{offer_id}:{psf.id}",
            priority=1,
        )
    return tuple(concerns.first_name(p.display_name) for p in psfs)


async def export_offers(repos: Repos, person: Person) -> list[dict[str, Any]]:
    return [
        {
            "asked": to_db(o.offered_at),
            "answer": o.answer,
            "your_words": o.words,
        }
        for o in await repos.contact_offers.of_person(person.id)
    ]


async def erase_offers(repos: Repos, person: Person, now: datetime) -> None:
    await repos.contact_offers.erase_words(person.id)
