"""A person's own settings: pausing messages and leaving a group (seeing and erasing their
data is bot/privacy.py, which knows every feature)."""

from __future__ import annotations

from datetime import datetime

from bot.models import Group, Person
from bot.storage import Repos


async def pause(repos: Repos, person: Person, now: datetime) -> bool:
    """Stop unprompted messages; False if they were already paused."""
    if person.paused_at is not None:
        return False
    await repos.people.set_paused(person.id, now)
    return True


async def resume(repos: Repos, person: Person) -> bool:
    """Restart messages; False if they were not paused."""
    if person.paused_at is None:
        return False
    await repos.people.set_paused(person.id, None)
    return True


async def groups_of(repos: Repos, person: Person) -> list[Group]:
    groups = []
    for membership in await repos.people.memberships_of(person.id):
        group = await repos.programme.group(membership.group_id)
        if group is not None:
            groups.append(group)
    return groups


async def leave(repos: Repos, person: Person, group: Group, now: datetime) -> bool:
    """Leave one group; what the group counted (attendance) stays, anonymously."""
    return await repos.people.leave_group(group_id=group.id, person_id=person.id, now=now)
