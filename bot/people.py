"""People as the core sees them: who is talking, and what happens when someone blocks the bot."""

from __future__ import annotations

import logging

from bot import texts
from bot.auth import Actor, load_actor
from bot.delivery import schedule_notice
from bot.messages import OutMessage
from bot.models import Role
from bot.services import Services
from bot.storage.times import to_db
from bot.texts import people as people_texts

log = logging.getLogger(__name__)
MAX_NAME = 64


def display_name(first_name: str, last_name: str | None) -> str:
    """How a person is shown to their group: their Telegram name, trimmed."""
    name = " ".join(part for part in (first_name, last_name) if part).strip()
    return texts.clip(name or "Someone", MAX_NAME)


async def identify(services: Services, telegram_id: int, name: str) -> Actor | None:
    """The actor behind an incoming update; keeps their name current and notes they are back."""
    async with services.db.read() as repos:
        actor = await load_actor(repos, telegram_id)
    if actor is None:
        return None
    person = actor.person
    if person.display_name != name or person.unreachable_at is not None:
        async with services.db.transaction() as repos:
            await repos.people.rename(person.id, name)
            await repos.people.set_unreachable(person.id, None)
            actor = await load_actor(repos, telegram_id)
    return actor


async def mark_unreachable(services: Services, telegram_id: int) -> None:
    """A person blocked the bot: stop sending to them and tell their PSFs, once."""
    now = services.clock.now()
    async with services.db.transaction() as repos:
        person = await repos.people.by_telegram_id(telegram_id)
        if person is None or not await repos.people.set_unreachable(person.id, now):
            return
        log.info("Person %s is unreachable (blocked the bot)", person.id)
        for membership in await repos.people.memberships_of(person.id):
            if membership.role is not Role.PEER:
                continue
            group = await repos.programme.group(membership.group_id)
            if group is None:
                continue
            message = OutMessage(people_texts.member_unreachable(person.display_name, group.name))
            for psf in await repos.people.members_of(group.id, role=Role.PSF):
                await schedule_notice(
                    repos,
                    person_id=psf.person.id,
                    message=message,
                    due_at=now,
                    key=f"unreachable:{person.id}:{to_db(now)}",
                    subject_id=group.id,
                )
