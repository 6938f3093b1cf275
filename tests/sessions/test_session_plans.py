"""The pre-meeting suggestion to PSFs: when it arrives, what it suggests, and what it avoids.

The default clock starts on Wednesday 4 November 2026, 10:00 UTC (London is on UTC then).
`plan` makes monthly meetings on the third Tuesday at 10:30, from 17 November; the suggestion
goes three days before at the meeting's time: Saturday 14 November, 10:30.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.meetings.rules import ReminderRules
from bot.models import Meeting, MeetingStatus, Role
from bot.privacy import forget_person as forget
from bot.sessions import plans as session_plans
from bot.sessions import texts
from bot.sessions.messages import card_message
from bot.sessions.plans import arrange_suggestions
from bot.sessions.records import ArrangeRow, TopicKind
from tests.builders import Programme
from tests.harness import BotHarness
from tests.meetings.helpers import plan, utc
from tests.sessions.helpers import (
    cancel,
    cards,
    content_of,
    ideas,
    move,
    past_meetings,
    pending_suggestions,
    plan_of,
)


async def test_session_one_suggestion_arrives_three_days_before(bot: BotHarness) -> None:
    """At 10:30 three days before the first meeting each PSF (no peer) gets theme 1 and the
    first icebreaker; a minute earlier nothing has come."""
    world = await Programme.build(bot)
    await plan(bot, world, count=6)
    content = content_of(bot)
    await bot.sweep(at=utc(2026, 11, 14, 10, 29))
    assert not cards(world.psf)
    await bot.sweep(at=utc(2026, 11, 14, 10, 30))
    for psf in world.psfs:
        (card,) = cards(psf)
        assert "Lavenham Circle's meeting on Tuesday" in card
        assert "Tuesday 17 November, 10:30–12:00" in card
        assert "session 1 — the first of the six themed sessions" in card
        session = content.session(1)
        assert session is not None
        assert f"Suggested theme: {session.theme}" in card
        assert f"Icebreaker: {content.icebreakers[0].title}" in card
        assert psf.last.buttons == [
            [texts.USE_THIS],
            [texts.ANOTHER_TOPIC],
            [texts.ANOTHER_ICEBREAKER],
            [texts.SESSION_GUIDE],
        ]
    for peer in world.peers:
        assert not cards(peer)
    stored = await plan_of(bot, 1)
    assert stored is not None and stored.session_number == 1 and stored.sent_at is not None


async def test_session_seven_suggests_the_library_topic_members_asked_for(
    bot: BotHarness,
) -> None:
    """After six meetings the suggestion is the library topic matching members' ideas."""
    world = await Programme.build(bot)
    await past_meetings(bot, world, 6)
    await ideas(bot, world, ["sleeping badly", "always tired", "going to Spain"])
    await plan(bot, world, count=1)
    await bot.sweep(at=utc(2026, 11, 14, 10, 30))
    (card,) = cards(world.psf)
    assert "This is the group's session 7" in card
    assert "Suggested topic: Sleep and tiredness" in card
    assert "Members asked about this: “sleeping badly”, “always tired”" in card
    assert "• going to Spain" in card  # the other idea is still listed
    assert world.psf.last.buttons[-1] == [texts.TOPIC_GUIDE]


async def test_a_topic_the_group_has_had_is_not_suggested_again(bot: BotHarness) -> None:
    """A topic chosen for an earlier meeting gives way to the next best match."""
    world = await Programme.build(bot)
    held = await past_meetings(bot, world, 6)
    async with bot.services.db.transaction() as repos:
        await repos.session_plans.add(
            meeting_id=held[-1].id,
            group_id=world.group.id,
            session_number=6,
            suggested_kind="session",
            suggested_key="feet-eyes-future",
            icebreaker_key=content_of(bot).icebreakers[0].key,
            now=bot.clock.now(),
        )
        await repos.session_plans.choose(
            held[-1].id, kind="topic", key="sleep", person_id=None, now=bot.clock.now()
        )
    await ideas(bot, world, ["sleeping badly", "going on holiday abroad"])
    await plan(bot, world, count=1)
    await bot.sweep(at=utc(2026, 11, 14, 10, 30))
    (card,) = cards(world.psf)
    assert "Suggested topic: Holidays and travel" in card
    assert f"Icebreaker: {content_of(bot).icebreakers[1].title}" in card  # the first was used


async def test_no_suggestion_for_a_cancelled_meeting_and_the_next_is_session_one(
    bot: BotHarness,
) -> None:
    """A cancelled meeting's suggestion is dropped (even once arranged); the next meeting is
    then session 1, not 2."""
    world = await Programme.build(bot)
    first, _ = await plan(bot, world, count=2)
    await bot.sweep(at=utc(2026, 11, 13, 9, 0))  # within reach: the rows are arranged
    assert len(await pending_suggestions(bot, first.id)) == 2
    await cancel(bot, world, first.id)
    await bot.sweep(at=utc(2026, 11, 14, 10, 30))
    assert not cards(world.psf)
    assert await pending_suggestions(bot, first.id) == {}
    await bot.sweep(at=utc(2026, 12, 12, 10, 30))
    (card,) = cards(world.psf)
    assert "Tuesday 15 December" in card and "the group's session 1 " in card


async def test_a_moved_meeting_moves_its_suggestion(bot: BotHarness) -> None:
    """Moved a week later after its suggestion was arranged, the suggestion comes three days
    before the new date, showing it."""
    world = await Programme.build(bot)
    (first,) = await plan(bot, world, count=1)
    await bot.sweep(at=utc(2026, 11, 13, 9, 0))
    due = await pending_suggestions(bot, first.id)
    assert set(due.values()) == {utc(2026, 11, 14, 10, 30)}
    await move(bot, world, first.id, date(2026, 11, 24))
    await bot.sweep(at=utc(2026, 11, 14, 10, 30))
    assert not cards(world.psf)
    assert set((await pending_suggestions(bot, first.id)).values()) == {utc(2026, 11, 21, 10, 30)}
    await bot.sweep(at=utc(2026, 11, 21, 10, 30))
    (card,) = cards(world.psf)
    assert "Tuesday 24 November" in card


async def test_a_far_move_after_sending_sends_it_again_but_a_small_one_does_not(
    bot: BotHarness,
) -> None:
    """Once sent, a move of a day changes nothing; a move of weeks sends a fresh suggestion
    three days before the new date."""
    world = await Programme.build(bot)
    (first,) = await plan(bot, world, count=1)
    await bot.sweep(at=utc(2026, 11, 14, 10, 30))
    assert len(cards(world.psf)) == 1
    await move(bot, world, first.id, date(2026, 11, 18))
    await bot.sweep(at=utc(2026, 11, 15, 10, 30))
    assert len(cards(world.psf)) == 1
    await move(bot, world, first.id, date(2026, 12, 8))
    await bot.sweep(at=utc(2026, 12, 5, 10, 29))
    assert len(cards(world.psf)) == 1
    await bot.sweep(at=utc(2026, 12, 5, 10, 30))
    assert len(cards(world.psf)) == 2
    assert "Tuesday 8 December" in cards(world.psf)[-1]


async def test_icebreakers_are_not_repeated(bot: BotHarness) -> None:
    """Each meeting gets an icebreaker the group has not used; one switched away from is
    free again."""
    world = await Programme.build(bot)
    first, second, third = await plan(bot, world, count=3)
    content = content_of(bot)
    a, b, c = (ice.key for ice in content.icebreakers[:3])
    await bot.sweep(at=utc(2026, 11, 14, 10, 30))
    async with bot.services.db.transaction() as repos:
        psf = await repos.people.get(world.person_id(world.psf))
        assert psf is not None
        switched = await session_plans.another_icebreaker(
            repos, content, meeting=first, actor=psf, now=bot.clock.now()
        )
    assert switched.key == b
    await bot.sweep(at=utc(2026, 12, 12, 10, 30))
    await bot.sweep(at=utc(2027, 1, 16, 10, 30))
    plans = [await plan_of(bot, m.id) for m in (first, second, third)]
    assert [p.icebreaker_key if p else None for p in plans] == [b, a, c]


async def test_a_meeting_planned_late_gets_its_suggestion_at_once_but_not_at_night(
    bot: BotHarness,
) -> None:
    """Planned two days ahead, the suggestion comes with the next sweep; planned at night,
    it waits for the morning."""
    world = await Programme.build(bot)
    await plan(bot, world, first=date(2026, 11, 6), count=1)  # Friday, in two days
    await bot.sweep()
    assert "Friday 6 November" in cards(world.psf)[0]
    other = await Programme.build(bot, group_name="Hadleigh", first_id=2000)
    bot.clock.set(utc(2026, 11, 4, 22, 0))
    await plan(bot, other, first=date(2026, 11, 6), count=1)
    await bot.sweep()
    assert not cards(other.psf)
    await bot.sweep(at=utc(2026, 11, 5, 8, 0))
    assert len(cards(other.psf)) == 1


async def test_a_psf_who_joins_after_the_suggestion_went_still_gets_it(bot: BotHarness) -> None:
    """Someone made a PSF of the group after the suggestion went out gets it at the next sweep."""
    world = await Programme.build(bot, psfs=1)
    await plan(bot, world, count=1)
    await bot.sweep(at=utc(2026, 11, 14, 10, 30))
    assert len(cards(world.psf)) == 1
    late = await world.add_member(Role.PSF, 1900, "Newpsf")
    await bot.sweep(at=utc(2026, 11, 14, 11, 0))
    assert len(cards(late)) == 1
    assert len(cards(world.psf)) == 1


async def test_each_card_lists_the_ideas_made_since_the_last_one(bot: BotHarness) -> None:
    """Ideas made before the first card are on it; those made after are on the next one only."""
    world = await Programme.build(bot)
    await plan(bot, world, count=2)
    await ideas(bot, world, ["eating out"])
    await bot.sweep(at=utc(2026, 11, 14, 10, 30))
    await bot.sweep(at=utc(2026, 11, 16, 9, 0))
    await ideas(bot, world, ["money worries"])
    await bot.sweep(at=utc(2026, 12, 12, 10, 30))
    first, second = cards(world.psf)
    assert "• eating out" in first and "money worries" not in first
    assert "• money worries" in second and "eating out" not in second


async def test_arranging_is_idempotent_and_leaves_peers_out(bot: BotHarness) -> None:
    """Running the step twice makes one row per PSF per meeting, and none for peers."""
    world = await Programme.build(bot)
    (first,) = await plan(bot, world, count=1)
    now = utc(2026, 11, 13, 9, 0)
    for _ in range(2):
        async with bot.services.db.transaction() as repos:
            await arrange_suggestions(
                repos, content_of(bot), now, days_before=3, rules=ReminderRules()
            )
    rows = await pending_suggestions(bot, first.id)
    assert set(rows) == {world.person_id(psf) for psf in world.psfs}


async def test_the_days_before_setting_is_followed(tmp_path: Path) -> None:
    """TOPIC_SUGGESTION_DAYS_BEFORE=5 sends the suggestion five days before."""
    async with BotHarness.fast(tmp_path, topic_suggestion_days_before=5) as bot:
        world = await Programme.build(bot)
        await plan(bot, world, count=1)
        await bot.sweep(at=utc(2026, 11, 12, 10, 29))
        assert not cards(world.psf)
        await bot.sweep(at=utc(2026, 11, 12, 10, 30))
        assert len(cards(world.psf)) == 1


async def test_mydata_shows_the_topics_a_psf_chose_and_forget_removes_the_name(
    bot: BotHarness,
) -> None:
    """A chosen topic is in the chooser's /mydata; /forget keeps the topic but not who chose."""
    world = await Programme.build(bot)
    (first,) = await plan(bot, world, count=1)
    psf_id = world.person_id(world.psf)
    async with bot.services.db.transaction() as repos:
        person = await repos.people.get(psf_id)
        assert person is not None
        await session_plans.choose_topic(
            repos,
            content_of(bot),
            meeting=first,
            kind=TopicKind.TOPIC,
            key="sleep",
            actor=person,
            now=bot.clock.now(),
            rules=ReminderRules(),
        )
    await bot.send(world.psf, "/mydata")
    assert world.psf.last.document is not None
    data = json.loads(world.psf.last.document.data)
    assert data["topics_chosen"] == [{"meeting": "2026-11-17T10:30:00Z", "topic": "sleep"}]
    async with bot.services.db.transaction() as repos:
        person = await repos.people.get(psf_id)
        assert person is not None
        await forget(repos, person, bot.clock.now())
    stored = await plan_of(bot, first.id)
    assert stored is not None and stored.chosen_key == "sleep" and stored.chosen_by is None


async def test_the_on_the_day_setting_goes_two_hours_before(tmp_path: Path) -> None:
    """With 0 days before, the suggestion goes two hours before the meeting."""
    async with BotHarness.fast(tmp_path, topic_suggestion_days_before=0) as bot:
        world = await Programme.build(bot)
        await plan(bot, world, count=1, at=time(14, 0))
        await bot.sweep(at=utc(2026, 11, 17, 11, 59))
        assert not cards(world.psf)
        await bot.sweep(at=utc(2026, 11, 17, 12, 0))
        assert len(cards(world.psf)) == 1
        await bot.sweep(at=utc(2026, 11, 17, 14, 0) + timedelta(minutes=1))
        assert len(cards(world.psf)) == 1


async def test_a_suggestion_missed_in_the_night_waits_for_the_morning(bot: BotHarness) -> None:
    """If the bot was down when the suggestion fell due and comes back at night, the
    suggestion goes at the end of quiet hours, not at once."""
    world = await Programme.build(bot)
    await plan(bot, world, count=1)
    await bot.sweep(at=utc(2026, 11, 13, 9, 0))  # arranged for Saturday 10:30
    await bot.sweep(at=utc(2026, 11, 14, 22, 0))  # back at 22:00 Saturday
    assert not cards(world.psf)
    await bot.sweep(at=utc(2026, 11, 15, 7, 59))
    assert not cards(world.psf)
    await bot.sweep(at=utc(2026, 11, 15, 8, 0))
    assert len(cards(world.psf)) == 1


def _row(due_at: datetime | None, attempts: int = 0, state: str | None = "pending") -> ArrangeRow:
    return ArrangeRow(
        meeting_id=1,
        group_id=1,
        starts_at=utc(2026, 11, 17, 10, 30),
        on=True,
        timezone="Europe/London",
        person_id=1,
        state=state,
        due_at=due_at,
        attempts=attempts,
        planned=False,
        sent_for=None,
        touched=False,
    )


def test_a_row_being_retried_keeps_its_back_off() -> None:
    """A new row takes the target; an untried one follows the meeting; a sent one stays; a
    retried one keeps its back-off unless that would send it early or in the night."""
    now = utc(2026, 11, 14, 12, 0)
    due = utc(2026, 11, 14, 10, 30)
    morning = utc(2026, 11, 15, 8, 0)
    due_now = session_plans.when_due
    assert due_now(_row(None, state=None), due=due, target=now, now=now) == now
    assert due_now(_row(due), due=due, target=now, now=now) == now
    assert due_now(_row(now), due=due, target=now, now=now) is None
    assert due_now(_row(due, 1, state="sent"), due=due, target=now, now=now) is None
    retry = now + timedelta(minutes=5)
    assert due_now(_row(retry, 2), due=due, target=now, now=now) is None
    later = utc(2026, 11, 21, 10, 30)  # the meeting moved a week on meanwhile
    assert due_now(_row(retry, 2), due=later, target=later, now=now) == later
    assert due_now(_row(due, 2), due=due, target=morning, now=now) == morning


def test_the_longest_possible_card_fits_one_telegram_message(bot: BotHarness) -> None:
    """With every field at its content limit and many long ideas, the card stays under 4,096
    characters (the full guide is a tap away)."""
    content = content_of(bot)
    topic = content.topics[0].model_copy(
        update={"title": "T" * 120, "summary": "S " * 350, "prompts": ("Q " * 350,) * 12}
    )
    ice = content.icebreakers[0].model_copy(
        update={"title": "I" * 120, "how": "H " * 350, "materials": "M" * 120}
    )
    choice = session_plans.Choice(TopicKind.TOPIC, topic.key, topic.title, topic=topic)
    other = session_plans.Choice(TopicKind.TOPIC, "sleep", "Z" * 120)
    when = utc(2026, 11, 17, 10, 30)
    view = session_plans.PlanView(
        meeting=Meeting(
            id=1,
            group_id=1,
            starts_at=when,
            ends_at=when + timedelta(minutes=90),
            venue_id=1,
            venue_name="V",
            venue_address="",
            venue_notes="",
            status=MeetingStatus.SCHEDULED,
            sequence=0,
            topic_title=None,
        ),
        group_name="G" * 60,
        tz=ZoneInfo("Europe/London"),
        session_number=1,
        suggested=other,
        shown=choice,
        chosen=other,
        chosen_by="N" * 64,
        icebreaker=ice,
        asked_for=["A" * 300] * 5,
        new_ideas=["B" * 300] * 40,
        covered=frozenset(),
    )
    message = card_message(view, bot.clock.now())
    assert "Members asked about this" in message.text and "Chosen so far" in message.text
    assert len(message.text) < 4096
