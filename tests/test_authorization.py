"""Who may do what: every action × every kind of person, in the core and through the bot.

Two areas, each with a group. "Own" is the Lavenham group in area A; people are placed around it:
a stranger, its peer, its PSF, a PSF of the other group, the nurse of area A, the nurse of area
B, and a coordinator. The expected table below is the specification; the policy in bot/auth.py
must match it, and every button family must enforce it through the real Application.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta

import pytest

from bot.auth import POLICY, Action, is_allowed, load_actor
from bot.checkins.buttons import (
    AttendanceAct,
    AttendanceButton,
    CheckinAct,
    CheckinButton,
    FeedbackAct,
    FeedbackButton,
)
from bot.devserver import SimUser
from bot.meetings import rules as meetings
from bot.membership.buttons import (
    AccountButton,
    AccountStep,
    GroupButton,
    GroupStep,
    InviteButton,
    LinkFor,
)
from bot.sessions.buttons import CardButton, CardStep, IdeaButton, IdeaStep, Shown
from bot.texts import common as common_texts
from tests.builders import Programme
from tests.harness import BotHarness
from tests.meetings.helpers import plan

STRANGER, PEER, PSF, OTHER_PSF, NURSE, OTHER_NURSE, COORDINATOR = (
    "stranger",
    "peer",
    "psf",
    "psf of another group",
    "nurse of this area",
    "nurse of another area",
    "coordinator",
)
EVERYONE = (STRANGER, PEER, PSF, OTHER_PSF, NURSE, OTHER_NURSE, COORDINATOR)

# The specification: who may do each action on the own group (or in its area).
EXPECTED: dict[Action, set[str]] = {
    Action.VIEW_MEETINGS: {PEER, PSF, NURSE, COORDINATOR},
    Action.RSVP: {PEER, PSF},
    Action.PLAN_MEETINGS: {PSF, COORDINATOR},
    Action.VIEW_HEADCOUNT: {PSF, NURSE, COORDINATOR},
    Action.NUDGE: {PSF},
    Action.INVITE_PEERS: {PSF, COORDINATOR},
    Action.VIEW_MEMBERS: {PSF, NURSE, COORDINATOR},
    Action.PRINT_SLIP: {PSF, COORDINATOR},
    Action.CHECK_IN: {PSF},
    Action.GIVE_FEEDBACK: {PEER},
    Action.SUGGEST_TOPIC: {PEER, PSF},
    Action.CHOOSE_TOPIC: {PSF},
    Action.RAISE_CONCERN: {PSF},
    Action.ASK_FOR_CONTACT: {PEER},
    Action.VIEW_GROUP_REPORTS: {NURSE, COORDINATOR},
    Action.LEAVE_GROUP: {PEER, PSF},
    Action.HANDLE_CONCERN: {NURSE},
    Action.MANAGE_AREA: {COORDINATOR},
    Action.HANDLE_WARNING: {NURSE, COORDINATOR},
    Action.SHARE_TASKS: {PSF},
    Action.DECIDE_FUTURE: {PSF},
    Action.OVERSEE_GROUPS: {NURSE, COORDINATOR},
    # Programme-wide: anyone with a place in the programme, or a narrower set.
    Action.BROWSE_RESOURCES: {PEER, PSF, OTHER_PSF, NURSE, OTHER_NURSE, COORDINATOR},
    Action.BROWSE_FACILITATION: {PSF, OTHER_PSF, NURSE, OTHER_NURSE, COORDINATOR},
    Action.ADMINISTER: {COORDINATOR},
}


@dataclass
class Cast:
    own: Programme
    other: Programme
    users: dict[str, SimUser]
    ids: dict[str, int] = field(default_factory=dict)  # what a probe's setup made
    meeting_id: int = 0  # a meeting of the own group


async def _cast(bot: BotHarness) -> Cast:
    own = await Programme.build(bot, area_name="Area A", group_name="Lavenham", peers=1, psfs=1)
    other = await Programme.build(
        bot, area_name="Area B", group_name="Hadleigh", peers=1, psfs=1, first_id=2000
    )
    coordinator = await own.add_person(3000, "Cora", coordinator=True)
    stranger = bot.user(4000, "Stranger")
    stranger.has_chat = True
    assert own.nurse is not None and other.nurse is not None
    users = {
        STRANGER: stranger,
        PEER: own.peer,
        PSF: own.psf,
        OTHER_PSF: other.psf,
        NURSE: own.nurse,
        OTHER_NURSE: other.nurse,
        COORDINATOR: coordinator,
    }
    for user in users.values():  # a message to press forged buttons on
        await bot.send(user, "/start")
    meeting = (await plan(bot, own, count=1))[0]
    return Cast(own=own, other=other, users=users, meeting_id=meeting.id)


def test_the_specification_covers_every_action() -> None:
    """Every action in the policy has an expected row, and nothing else."""
    assert set(EXPECTED) == set(POLICY)


async def test_core_policy_matches_the_specification(bot: BotHarness) -> None:
    """is_allowed answers every action × person exactly as the table says."""
    cast = await _cast(bot)
    group = cast.own.group
    for who, user in cast.users.items():
        async with bot.services.db.read() as repos:
            actor = await load_actor(repos, user.id)
        for action, allowed in EXPECTED.items():
            got = is_allowed(actor, action, group=group, area_id=group.area_id)
            assert got == (who in allowed), f"{who} / {action.value}"


async def test_forgotten_people_may_do_nothing(bot: BotHarness) -> None:
    """Someone who asked to be forgotten has no rights left, even as a coordinator."""
    cast = await _cast(bot)
    async with bot.services.db.transaction() as repos:
        actor = await load_actor(repos, cast.users[COORDINATOR].id)
        assert actor is not None
        await repos.people.forget(actor.person.id, bot.clock.now())
        person = await repos.people.get(actor.person.id)
    assert person is not None
    forgotten = type(actor)(person=person, groups=actor.groups, nurse_areas=actor.nurse_areas)
    assert not any(is_allowed(forgotten, action, group=cast.own.group) for action in Action)


@dataclass(frozen=True)
class Probe:
    """One way to ask the bot to do an action on the own group, through the Application."""

    name: str
    action: Action
    press: Callable[[Cast], str]  # callback data aimed at the own group
    setup: Callable[[BotHarness, Cast], Awaitable[None]] | None = None


async def _meeting_that_happened(bot: BotHarness, cast: Cast) -> None:
    """A meeting of the own group that started half an hour ago; its peer was ticked present."""
    now = bot.clock.now()
    peer = cast.own.person_id(cast.own.peer)
    async with bot.services.db.transaction() as repos:
        place = await meetings.add_venue(
            repos,
            group=cast.own.group,
            name="Hall",
            address="Church St",
            notes="",
            created_by=None,
            now=now,
        )
        meeting = await repos.meetings.add(
            group_id=cast.own.group.id,
            plan_id=None,
            venue_id=place.id,
            starts_at=now - timedelta(minutes=30),
            ends_at=now + timedelta(hours=1),
            now=now,
        )
        await repos.checkins.set_marks(meeting.id, {peer: True}, by=None, now=now)
        await repos.checkins.save_attendance(meeting.id, by=None, now=now, confirmed_at=now)
    cast.ids["meeting"] = meeting.id
    cast.ids["peer"] = peer


PROBES = (
    Probe(
        "roster",
        Action.VIEW_MEMBERS,
        lambda c: GroupButton(GroupStep.SHOW, c.own.group.id).pack(),
    ),
    Probe(
        "invite link",
        Action.INVITE_PEERS,
        lambda c: GroupButton(GroupStep.LINK, c.own.group.id).pack(),
    ),
    Probe(
        "add without Telegram",
        Action.INVITE_PEERS,
        lambda c: GroupButton(GroupStep.ADD_OFFLINE, c.own.group.id).pack(),
    ),
    Probe(
        "coordinator link",
        Action.ADMINISTER,
        lambda c: InviteButton(LinkFor.PSF, group_id=c.own.group.id).pack(),
    ),
    Probe(
        "leave (ask)",
        Action.LEAVE_GROUP,
        lambda c: AccountButton(AccountStep.LEAVE, c.own.group.id).pack(),
    ),
    Probe(
        "leave (confirm)",
        Action.LEAVE_GROUP,
        lambda c: AccountButton(AccountStep.LEAVE_YES, c.own.group.id).pack(),
    ),
    Probe(
        "check-in: who came",
        Action.CHECK_IN,
        lambda c: AttendanceButton(c.ids["meeting"], AttendanceAct.MARK, c.ids["peer"]).pack(),
        _meeting_that_happened,
    ),
    Probe(
        "check-in: steps",
        Action.CHECK_IN,
        lambda c: CheckinButton(c.ids["meeting"], CheckinAct.OPEN).pack(),
        _meeting_that_happened,
    ),
    Probe(
        "check-in: how was today",
        Action.GIVE_FEEDBACK,
        lambda c: FeedbackButton(c.ids["meeting"], FeedbackAct.RATE, 0).pack(),
        _meeting_that_happened,
    ),
    Probe(
        "suggestion card",
        Action.CHOOSE_TOPIC,
        lambda c: CardButton(CardStep.SHOW, c.meeting_id).pack(),
    ),
    Probe(
        "use this topic",
        Action.CHOOSE_TOPIC,
        lambda c: CardButton(CardStep.USE, c.meeting_id, Shown.TOPIC, "sleep").pack(),
    ),
    Probe(
        "another icebreaker",
        Action.CHOOSE_TOPIC,
        lambda c: CardButton(CardStep.ICE, c.meeting_id).pack(),
    ),
    Probe(
        "topic list",
        Action.CHOOSE_TOPIC,
        lambda c: CardButton(CardStep.LIST, c.meeting_id, Shown.TOPIC).pack(),
    ),
    Probe(
        "session guide",
        Action.CHOOSE_TOPIC,
        lambda c: CardButton(CardStep.GUIDE, c.meeting_id, Shown.SESSION, "getting-to-know").pack(),
    ),
    Probe(
        "suggest a topic for a group",
        Action.SUGGEST_TOPIC,
        lambda c: IdeaButton(IdeaStep.GROUP, c.own.group.id).pack(),
    ),
)

Snapshot = Callable[[BotHarness], Awaitable[tuple[int, ...]]]


async def _state(bot: BotHarness) -> tuple[int, ...]:
    """Counts that any action would change: invites, memberships, people, awaited inputs."""
    async with bot.services.db.read() as repos:
        invites = len(await repos.invites.all())
        members = 0
        for group in await repos.programme.groups():
            members += len(await repos.people.members_of(group.id))
        people = [await repos.people.get(pid) for pid in range(1, 20)]
        waiting = [await repos.awaiting.get(pid) for pid in range(1, 20)]
    return invites, members, sum(p is not None for p in people), sum(w is not None for w in waiting)


@pytest.mark.parametrize("probe", PROBES, ids=lambda p: p.name)
async def test_every_button_enforces_the_policy(bot: BotHarness, probe: Probe) -> None:
    """Each button aimed at the own group works for those allowed and changes nothing for others."""
    cast = await _cast(bot)
    if probe.setup is not None:
        await probe.setup(bot, cast)
    data = probe.press(cast)
    for who, user in cast.users.items():
        allowed = who in EXPECTED[probe.action]
        before = await _state(bot)
        answers = len(user.callback_answers)
        await bot.press_data(user, data)
        refused = common_texts.NOT_ALLOWED in user.callback_answers[answers:]
        assert len(user.callback_answers) > answers, f"{probe.name}: {who} got no answer"
        if who == STRANGER:
            refused = refused or user.last.text == common_texts.STRANGER
        assert refused != allowed, (
            f"{probe.name}: {who} should {'' if allowed else 'not '}be let in"
        )
        if not allowed:
            assert await _state(bot) == before, f"{probe.name}: refusing {who} changed something"


async def test_forged_button_for_another_group_is_refused_and_logged(
    bot: BotHarness, caplog: pytest.LogCaptureFixture
) -> None:
    """A PSF forging a button for another group is told it isn't available, and it is logged."""
    cast = await _cast(bot)
    forged = GroupButton(GroupStep.LINK, cast.other.group.id).pack()
    before = await _state(bot)
    await bot.press_data(cast.users[PSF], forged)
    assert cast.users[PSF].callback_answers[-1] == common_texts.NOT_ALLOWED
    assert await _state(bot) == before
    assert any("Refused" in record.getMessage() for record in caplog.records)
    assert all("Psf1" not in record.getMessage() for record in caplog.records)


@pytest.mark.parametrize(
    "data",
    [
        "grp:show:999999",
        "grp:link:-1",
        "grp:nope:1",
        "grp:show",
        "grp:show:1:extra",
        "acct:leave!:1e3",
        "inv:wizard:0:0",
        "zz:1",
        "",
        "x" * 64,
    ],
)
async def test_malformed_button_data_is_refused_kindly(bot: BotHarness, data: str) -> None:
    """Button data that doesn't parse, or points at nothing, gets a kind refusal and no change."""
    cast = await _cast(bot)
    psf = cast.users[PSF]
    before = await _state(bot)
    await bot.press_data(psf, data or " ")
    assert psf.callback_answers[-1] in (common_texts.STALE_BUTTON, common_texts.NOT_ALLOWED)
    assert await _state(bot) == before


async def test_each_role_sees_only_its_own_menu(bot: BotHarness) -> None:
    """Each role's menu has its own buttons and none of another role's."""
    cast = await _cast(bot)
    for who in (PEER, PSF, NURSE, COORDINATOR):
        user = cast.users[who]
        await bot.send(user, "/start")
        labels = {label for row in user.keyboard or [] for label in row}
        menu = bot.app.bot_data["menu"]
        async with bot.services.db.read() as repos:
            actor = await load_actor(repos, user.id)
        expected = {e.label for e in menu.entries_for(actor)}
        assert labels == expected
        roles = actor.roles if actor else frozenset()
        for entry in menu._entries:
            if not entry.roles & roles:
                assert entry.label not in labels
    peer_labels = {label for row in cast.users[PEER].keyboard or [] for label in row}
    psf_labels = {label for row in cast.users[PSF].keyboard or [] for label in row}
    assert psf_labels - peer_labels, "a PSF has buttons a peer doesn't"
