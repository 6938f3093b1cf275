"""Who may do what: the one authorization check every handler calls.

An actor relates to a group as its peer, its PSF, the nurse of its area, or the programme's
coordinator. Each action lists the relations that allow it. Anything not listed is refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from bot.models import Group, Person, Role
from bot.storage import Repos


class Action(StrEnum):
    # about one group
    VIEW_MEETINGS = "view meetings"
    RSVP = "answer an invitation"
    PLAN_MEETINGS = "plan meetings"
    VIEW_HEADCOUNT = "see who is coming"
    NUDGE = "nudge members"
    INVITE_PEERS = "invite peers"
    VIEW_MEMBERS = "see members"
    PRINT_SLIP = "print a slip"
    CHECK_IN = "do a check-in"
    GIVE_FEEDBACK = "give feedback"
    SUGGEST_TOPIC = "suggest a topic"
    CHOOSE_TOPIC = "choose a topic"
    RAISE_CONCERN = "contact the nurse"
    ASK_FOR_CONTACT = "ask for someone to get in touch"  # a peer, after an emergency answer
    VIEW_GROUP_REPORTS = "see group reports"
    LEAVE_GROUP = "leave a group"
    HANDLE_WARNING = "handle a group's warning"
    SHARE_TASKS = "share the meeting's tasks"
    DECIDE_FUTURE = "decide the group's future"
    # about one area
    HANDLE_CONCERN = "handle a concern"
    MANAGE_AREA = "manage an area"
    OVERSEE_GROUPS = "look after an area's groups"
    # programme-wide
    BROWSE_RESOURCES = "browse resources"
    BROWSE_FACILITATION = "browse facilitation material"
    ADMINISTER = "administer the programme"


class Relation(StrEnum):
    PEER = "peer"
    PSF = "psf"
    NURSE = "nurse"
    COORDINATOR = "coordinator"


_P, _F, _N, _C = Relation.PEER, Relation.PSF, Relation.NURSE, Relation.COORDINATOR

POLICY: Mapping[Action, frozenset[Relation]] = {
    Action.VIEW_MEETINGS: frozenset({_P, _F, _N, _C}),
    Action.RSVP: frozenset({_P, _F}),
    Action.PLAN_MEETINGS: frozenset({_F, _C}),
    Action.VIEW_HEADCOUNT: frozenset({_F, _N, _C}),
    Action.NUDGE: frozenset({_F}),
    Action.INVITE_PEERS: frozenset({_F, _C}),
    Action.VIEW_MEMBERS: frozenset({_F, _N, _C}),
    Action.PRINT_SLIP: frozenset({_F, _C}),
    Action.CHECK_IN: frozenset({_F}),
    Action.GIVE_FEEDBACK: frozenset({_P}),
    Action.SUGGEST_TOPIC: frozenset({_P, _F}),
    Action.CHOOSE_TOPIC: frozenset({_F}),
    Action.RAISE_CONCERN: frozenset({_F}),
    Action.ASK_FOR_CONTACT: frozenset({_P}),
    Action.VIEW_GROUP_REPORTS: frozenset({_N, _C}),
    Action.LEAVE_GROUP: frozenset({_P, _F}),
    Action.HANDLE_WARNING: frozenset({_N, _C}),
    Action.SHARE_TASKS: frozenset({_F}),
    Action.DECIDE_FUTURE: frozenset({_F}),
    Action.HANDLE_CONCERN: frozenset({_N}),
    Action.MANAGE_AREA: frozenset({_C}),
    Action.OVERSEE_GROUPS: frozenset({_N, _C}),
    Action.BROWSE_RESOURCES: frozenset({_P, _F, _N, _C}),
    Action.BROWSE_FACILITATION: frozenset({_F, _N, _C}),
    Action.ADMINISTER: frozenset({_C}),
}

GROUP_ACTIONS = frozenset(
    {
        Action.VIEW_MEETINGS,
        Action.RSVP,
        Action.PLAN_MEETINGS,
        Action.VIEW_HEADCOUNT,
        Action.NUDGE,
        Action.INVITE_PEERS,
        Action.VIEW_MEMBERS,
        Action.PRINT_SLIP,
        Action.CHECK_IN,
        Action.GIVE_FEEDBACK,
        Action.SUGGEST_TOPIC,
        Action.CHOOSE_TOPIC,
        Action.RAISE_CONCERN,
        Action.ASK_FOR_CONTACT,
        Action.VIEW_GROUP_REPORTS,
        Action.LEAVE_GROUP,
        Action.HANDLE_WARNING,
        Action.SHARE_TASKS,
        Action.DECIDE_FUTURE,
    }
)
AREA_ACTIONS = frozenset({Action.HANDLE_CONCERN, Action.MANAGE_AREA, Action.OVERSEE_GROUPS})


class NotAllowed(Exception):
    """The actor may not do this; the user is told kindly and the attempt is logged."""

    def __init__(self, action: Action, person_id: int | None) -> None:
        super().__init__(f"person {person_id} may not {action.value}")
        self.action = action
        self.person_id = person_id


@dataclass(frozen=True)
class GroupPlace:
    role: Role
    area_id: int


@dataclass(frozen=True)
class Actor:
    """A person with everything that decides what they may do."""

    person: Person
    groups: Mapping[int, GroupPlace] = field(default_factory=dict)
    nurse_areas: Mapping[int, bool] = field(default_factory=dict)  # area id -> is backup

    @property
    def is_coordinator(self) -> bool:
        return self.person.is_coordinator

    @property
    def roles(self) -> frozenset[Role]:
        roles = {place.role for place in self.groups.values()}
        if self.nurse_areas:
            roles.add(Role.NURSE)
        if self.is_coordinator:
            roles.add(Role.COORDINATOR)
        return frozenset(roles)

    def group_ids(self, role: Role | None = None) -> list[int]:
        return [gid for gid, place in self.groups.items() if role is None or place.role is role]

    def relations(self, *, group_id: int | None, area_id: int | None) -> frozenset[Relation]:
        found: set[Relation] = set()
        if self.is_coordinator:
            found.add(Relation.COORDINATOR)
        place = self.groups.get(group_id) if group_id is not None else None
        if place is not None:
            found.add(Relation.PSF if place.role is Role.PSF else Relation.PEER)
        if area_id is not None and area_id in self.nurse_areas:
            found.add(Relation.NURSE)
        return frozenset(found)


def is_allowed(
    actor: Actor | None,
    action: Action,
    *,
    group: Group | None = None,
    area_id: int | None = None,
) -> bool:
    """Whether `actor` may do `action` on `group` (or in the area `area_id`)."""
    if actor is None or actor.person.forgotten_at is not None:
        return False
    if action in GROUP_ACTIONS:
        if group is None:
            return False
        relations = actor.relations(group_id=group.id, area_id=group.area_id)
    elif action in AREA_ACTIONS:
        if area_id is None:
            return False
        relations = actor.relations(group_id=None, area_id=area_id)
    else:
        relations = _programme_relations(actor)
    return bool(relations & POLICY[action])


def authorize(
    actor: Actor | None,
    action: Action,
    *,
    group: Group | None = None,
    area_id: int | None = None,
) -> Actor:
    """Return the actor if allowed, else raise NotAllowed (handled in one place)."""
    if actor is None or not is_allowed(actor, action, group=group, area_id=area_id):
        raise NotAllowed(action, actor.person.id if actor else None)
    return actor


def _programme_relations(actor: Actor) -> frozenset[Relation]:
    found: set[Relation] = set()
    for place in actor.groups.values():
        found.add(Relation.PSF if place.role is Role.PSF else Relation.PEER)
    if actor.nurse_areas:
        found.add(Relation.NURSE)
    if actor.is_coordinator:
        found.add(Relation.COORDINATOR)
    return frozenset(found)


async def load_actor(repos: Repos, telegram_id: int) -> Actor | None:
    """The actor behind a Telegram user, or None for a stranger (one statement)."""
    standing = await repos.people.standing(telegram_id)
    if standing is None:
        return None
    groups = {
        seat.group_id: GroupPlace(role=seat.role, area_id=seat.area_id) for seat in standing.seats
    }
    return Actor(person=standing.person, groups=groups, nurse_areas=dict(standing.nurse_areas))
