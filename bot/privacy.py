"""A person's rights over their data: see it all (/mydata), pause, leave, be forgotten.

Each feature that keeps something about a person adds a `PrivacyPart` to `PARTS`: how to list
it for /mydata and how to erase the person's free text and identifying details for /forget.
Anonymous counts (attendance numbers) stay, so group statistics stay true.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.checkins import rules as checkins
from bot.concerns import contact
from bot.concerns import rules as concerns
from bot.export import rules as export
from bot.meetings import rules as meetings
from bot.models import Person
from bot.sessions import ideas as suggestions
from bot.sessions import plans as session_plans
from bot.storage import Repos
from bot.storage.times import to_db
from bot.tasks import rules as tasks

Exporter = Callable[[Repos, Person], Awaitable[Any]]
Eraser = Callable[[Repos, Person, datetime], Awaitable[None]]


@dataclass(frozen=True)
class PrivacyPart:
    name: str
    export: Exporter
    erase: Eraser | None = None


async def _export_profile(repos: Repos, person: Person) -> dict[str, Any]:
    return {
        "name": person.display_name,
        "telegram_id": person.telegram_id,
        "coordinator": person.is_coordinator,
        "agreed_to_privacy_notice": {
            "version": person.consent_version,
            "at": to_db(person.consent_at) if person.consent_at else None,
        },
        "messages_paused_since": to_db(person.paused_at) if person.paused_at else None,
    }


async def _export_groups(repos: Repos, person: Person) -> list[dict[str, Any]]:
    groups = []
    for membership in await repos.people.memberships_of(person.id):
        group = await repos.programme.group(membership.group_id)
        groups.append(
            {
                "group": group.name if group else None,
                "role": membership.role.value,
                "joined": to_db(membership.joined_at),
            }
        )
    return groups


async def _export_nursing(repos: Repos, person: Person) -> list[dict[str, Any]]:
    roles = []
    for role in await repos.people.nurse_roles_of(person.id):
        area = await repos.programme.area(role.area_id)
        roles.append({"area": area.name if area else None, "backup": role.is_backup})
    return roles


async def _erase_core(repos: Repos, person: Person, now: datetime) -> None:
    await repos.awaiting.clear(person.id)
    await repos.deliveries.forget_person(person.id)
    if person.telegram_id is not None:
        await repos.invites.drop_held_join(person.telegram_id)
    await repos.people.remove_nurse(person.id)
    await repos.people.leave_all_groups(person.id, now)
    await repos.people.forget(person.id, now)


PARTS: list[PrivacyPart] = [
    PrivacyPart("you", _export_profile),
    PrivacyPart("groups", _export_groups),
    PrivacyPart("nurse_roles", _export_nursing),
    PrivacyPart("meeting_answers", meetings.export_answers, meetings.erase_drafts),
    PrivacyPart("concerns", concerns.export_concerns, concerns.erase_concerns),
    PrivacyPart("asked_for_contact", contact.export_offers, contact.erase_offers),
    PrivacyPart("topic_suggestions", suggestions.export_suggestions, suggestions.erase_suggestions),
    PrivacyPart("checkins", checkins.export_checkins, checkins.erase_checkins),
    PrivacyPart("topics_chosen", session_plans.export_choices, session_plans.erase_choices),
    PrivacyPart("tasks_and_group_answers", tasks.export_tasks, tasks.erase_tasks),
    PrivacyPart("research_exports", export.mydata_note, export.erase_mentions),
]


async def person_data(repos: Repos, person: Person, now: datetime) -> dict[str, Any]:
    """Everything Peer Circle keeps about a person, part by part (times in UTC)."""
    data: dict[str, Any] = {"exported_at": to_db(now), "times_are_in": "UTC"}
    for part in PARTS:
        data[part.name] = await part.export(repos, person)
    return data


def as_json(data: dict[str, Any]) -> bytes:
    """The file to keep or take elsewhere: indented JSON, names and words as written."""
    return json.dumps(data, indent=2, ensure_ascii=False).encode()


async def export_person(repos: Repos, person: Person, now: datetime) -> bytes:
    """Everything Peer Circle keeps about a person, as readable JSON."""
    return as_json(await person_data(repos, person, now))


async def forget_person(repos: Repos, person: Person, now: datetime) -> None:
    """Erase identifying data and free text; keep anonymous counts."""
    for part in PARTS:
        if part.erase is not None:
            await part.erase(repos, person, now)
    await _erase_core(repos, person, now)
