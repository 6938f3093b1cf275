"""Suggestions through the real Application: PSFs choose topics on the card, members suggest.

Dates as in test_session_plans: the first meeting is Tuesday 17 November 2026 at 10:30, its
suggestion comes on Saturday 14 November at 10:30 and the 1-day reminder on Monday 16th.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.content import texts as content_texts
from bot.models import Role
from bot.sessions import texts
from bot.sessions.buttons import CardButton, CardStep, IdeaButton, IdeaStep, Shown
from bot.sessions.ideas import MAX_LENGTH, suggestions_for
from bot.texts import common as common_texts
from tests.builders import Programme
from tests.harness import BotHarness
from tests.meetings.helpers import plan, utc
from tests.sessions.helpers import cancel, cards, content_of, ideas, meeting, plan_of


async def _card_ready(bot: BotHarness, world: Programme, count: int = 1) -> int:
    """Plan meetings and move the clock to the first one's suggestion; its meeting id."""
    first = (await plan(bot, world, count=count))[0]
    await bot.sweep(at=utc(2026, 11, 14, 10, 30))
    assert cards(world.psf)
    return first.id


async def _ideas_of(bot: BotHarness, world: Programme) -> list[str]:
    async with bot.services.db.read() as repos:
        return [s.text for s in await suggestions_for(repos, world.group.id)]


async def test_use_this_topic_shows_in_the_reminder_and_tells_the_other_psf(
    bot: BotHarness,
) -> None:
    """✅ Use this topic writes it on the meeting: the card says so, the other PSF is told, and
    peers' next reminder shows it."""
    world = await Programme.build(bot)
    meeting_id = await _card_ready(bot, world)
    theme = content_of(bot).session(1)
    assert theme is not None
    await bot.press(world.psf, texts.USE_THIS)
    assert world.psf.callback_answers[-1] == texts.chose_toast(theme.theme)
    assert f"✅ <b>Chosen theme: {theme.theme}</b>" in world.psf.last.text
    assert "Chosen by Psf1" in world.psf.last.text
    assert [texts.USE_THIS] not in world.psf.last.buttons
    assert f"Psf1 chose the topic for the meeting on Tuesday 17 November: <b>{theme.theme}</b>" in (
        world.psfs[1].last.text
    )
    assert (await meeting(bot, meeting_id)).topic_title == theme.theme
    await bot.sweep(at=utc(2026, 11, 16, 10, 30))
    for peer in world.peers:
        assert f"💬 Topic: {theme.theme}" in peer.last.text


async def test_another_topic_from_the_library_then_use_it(bot: BotHarness) -> None:
    """🔄 Another topic → library → a topic shows it on the card; ✅ makes it the meeting's."""
    world = await Programme.build(bot)
    meeting_id = await _card_ready(bot, world)
    await bot.press(world.psf, texts.ANOTHER_TOPIC)
    assert world.psf.last.buttons == [
        [texts.FROM_CURRICULUM],
        [texts.FROM_LIBRARY],
        [texts.BACK],
    ]
    await bot.press(world.psf, texts.FROM_LIBRARY)
    assert "Page 1 of 3" in world.psf.last.text
    await bot.press(world.psf, texts.MORE)
    assert "Page 2 of 3" in world.psf.last.text
    await bot.press(world.psf, texts.BACK)
    await bot.press(world.psf, "Money, prescriptions")  # the topic's short title
    assert "🗂 <b>Topic: Money and prescriptions</b>" in world.psf.last.text
    assert (await meeting(bot, meeting_id)).topic_title is None  # nothing chosen yet
    await bot.press(world.psf, texts.USE_THIS)
    assert (await meeting(bot, meeting_id)).topic_title == "Money and prescriptions"
    stored = await plan_of(bot, meeting_id)
    assert stored is not None and (stored.chosen_kind, stored.chosen_key) == (
        "topic",
        "money-prescriptions",
    )
    # Back on the suggested theme, the card says what was chosen so far.
    await bot.press(world.psf, texts.ANOTHER_TOPIC)
    await bot.press(world.psf, texts.FROM_CURRICULUM)
    await bot.press(world.psf, "2. Food and eating")
    assert "Chosen so far: <b>Money and prescriptions</b> (by Psf1)" in world.psf.last.text
    await bot.press(world.psf, texts.USE_THIS)
    assert (await meeting(bot, meeting_id)).topic_title == "Food and eating"


async def test_a_topic_the_group_had_is_ticked_in_the_list(bot: BotHarness) -> None:
    """In the library list, a topic an earlier meeting had is marked ☑️."""
    world = await Programme.build(bot)
    await _card_ready(bot, world, count=2)
    await bot.press(world.psf, texts.ANOTHER_TOPIC)
    await bot.press(world.psf, texts.FROM_LIBRARY)
    await bot.press(world.psf, "Sleep and tiredness")
    await bot.press(world.psf, texts.USE_THIS)
    await bot.sweep(at=utc(2026, 12, 12, 10, 30))
    await bot.press(world.psf, texts.ANOTHER_TOPIC)
    await bot.press(world.psf, texts.FROM_LIBRARY)
    labels = [row[0] for row in world.psf.last.buttons]
    assert "☑️ Sleep and tiredness" in labels and "Holidays and travel" in labels


async def test_another_icebreaker_changes_the_card(bot: BotHarness) -> None:
    """👋 Another icebreaker puts the next unused one on the card, and keeps it."""
    world = await Programme.build(bot)
    meeting_id = await _card_ready(bot, world)
    first, second = content_of(bot).icebreakers[:2]
    assert f"Icebreaker: {first.title}" in world.psf.last.text
    await bot.press(world.psf, texts.ANOTHER_ICEBREAKER)
    assert f"Icebreaker: {second.title}" in world.psf.last.text
    assert world.psf.callback_answers[-1] == texts.NEW_ICEBREAKER
    stored = await plan_of(bot, meeting_id)
    assert stored is not None and stored.icebreaker_key == second.key


async def test_the_guide_button_opens_the_full_session_guide(bot: BotHarness) -> None:
    """📖 sends the whole session guide from the library as a new message; the card stays."""
    world = await Programme.build(bot)
    await _card_ready(bot, world)
    theme = content_of(bot).session(1)
    assert theme is not None
    before = len(world.psf.inbox)
    await bot.press(world.psf, texts.SESSION_GUIDE)
    assert len(world.psf.inbox) == before + 1
    assert f"Session 1: {theme.theme}" in world.psf.last.text
    assert "Running order" in world.psf.last.text or content_texts.MORE in str(
        world.psf.last.buttons
    )


async def test_buttons_for_a_cancelled_meeting_change_nothing(bot: BotHarness) -> None:
    """Once the meeting is cancelled, its card's buttons say so and choose nothing."""
    world = await Programme.build(bot)
    meeting_id = await _card_ready(bot, world)
    await cancel(bot, world, meeting_id)
    await bot.press(world.psf, texts.USE_THIS)
    assert world.psf.callback_answers[-1] == texts.PROBLEM["cancelled"]
    await bot.press(world.psf, texts.ANOTHER_ICEBREAKER)
    assert world.psf.callback_answers[-1] == texts.PROBLEM["cancelled"]
    assert (await meeting(bot, meeting_id)).topic_title is None
    stored = await plan_of(bot, meeting_id)
    assert stored is not None and stored.chosen_key is None and stored.icebreaker_by is None


async def test_forged_card_buttons_are_refused_and_change_nothing(bot: BotHarness) -> None:
    """Peers, nurses and another group's PSF pressing card buttons for this group's meeting are
    told it isn't available; nothing is chosen and no message arrives."""
    world = await Programme.build(bot)
    other = await Programme.build(bot, group_name="Hadleigh", first_id=2000)
    meeting_id = await _card_ready(bot, world)
    theirs = (await plan(bot, other, count=1))[0]
    assert world.nurse is not None
    forged = [
        CardButton(CardStep.USE, meeting_id, Shown.TOPIC, "sleep"),
        CardButton(CardStep.ICE, meeting_id),
        CardButton(CardStep.SHOW, meeting_id),
        CardButton(CardStep.KINDS, meeting_id),
        CardButton(CardStep.LIST, meeting_id, Shown.TOPIC),
        CardButton(CardStep.GUIDE, meeting_id, Shown.TOPIC, "sleep"),
    ]
    for user in (other.psf, world.peer, world.nurse):
        await bot.send(user, "/start")
        for data in forged:
            before = len(user.inbox)
            await bot.press_data(user, data.pack())
            assert user.callback_answers[-1] == common_texts.NOT_ALLOWED, (user.id, data)
            assert len(user.inbox) == before
    await bot.press_data(
        world.psf, CardButton(CardStep.USE, theirs.id, Shown.TOPIC, "sleep").pack()
    )
    assert world.psf.callback_answers[-1] == common_texts.NOT_ALLOWED
    assert (await meeting(bot, meeting_id)).topic_title is None
    assert (await meeting(bot, theirs.id)).topic_title is None
    stored = await plan_of(bot, meeting_id)
    assert stored is not None and stored.chosen_key is None and stored.icebreaker_by is None
    assert await plan_of(bot, theirs.id) is None


@pytest.mark.parametrize(
    "data",
    [
        "sp:use:1:topic:no-such-topic:0",
        "sp:use:1:-:-:0",
        "sp:show:1:-:sleep:0",
        "sp:list:1:-:-:0",
        "sp:list:1:topic:sleep:0",
        "sp:guide:1:-:-:0",
        "sp:boom:1:-:-:0",
        "sp:use:abc:topic:sleep:0",
        "sp:use:1:topic:sleep",
        "ssug:g:abc",
    ],
)
async def test_malformed_card_buttons_are_stale(bot: BotHarness, data: str) -> None:
    """Card data that doesn't parse or names nothing real is a stale button; nothing changes."""
    world = await Programme.build(bot)
    meeting_id = await _card_ready(bot, world)
    assert meeting_id == 1
    await bot.press_data(world.psf, data)
    assert world.psf.callback_answers[-1] in (common_texts.STALE_BUTTON, common_texts.NOT_ALLOWED)
    assert (await meeting(bot, meeting_id)).topic_title is None


# --- members' ideas ------------------------------------------------------------------------


async def test_menus_offer_suggest_a_topic_to_peers_only(bot: BotHarness) -> None:
    """Peers have 💬 Suggest a topic; PSFs use /suggest (shorter menu); the nurse neither."""
    world = await Programme.build(bot)
    assert world.nurse is not None
    for user in (world.peer, world.psf, world.nurse):
        await bot.send(user, "/start")
    labels = {u.id: {label for row in u.keyboard or [] for label in row} for u in world.peers}
    assert texts.MENU_LABEL in labels[world.peer.id]
    assert texts.MENU_LABEL not in {label for row in world.psf.keyboard or [] for label in row}
    assert texts.MENU_LABEL not in {label for row in world.nurse.keyboard or [] for label in row}
    await bot.send(world.psf, "/suggest")
    assert "What would you like the group to talk about" in world.psf.last.text


async def test_a_peer_suggests_a_topic_and_the_psfs_see_it_on_the_card(bot: BotHarness) -> None:
    """A peer taps 💬, sends a sticker (kind reply), then a very long text (the limit), then
    words: kept, thanked with the menu, and listed on the PSFs' next card."""
    world = await Programme.build(bot)
    await plan(bot, world, count=1)
    peer = world.peer
    await bot.send(peer, "/start")
    await bot.send(peer, texts.MENU_LABEL)
    assert "What would you like the group to talk about" in peer.last.text
    assert peer.last.buttons == [[texts.NEVER_MIND]]
    peer.send_sticker()
    await bot.settle()
    assert peer.last.text == texts.NEEDS_WORDS
    await bot.send(peer, "x " * 2100)  # Telegram sends it as 4,096 characters, then 104
    assert peer.texts.count(texts.too_long(MAX_LENGTH)) == 1  # one answer, the rest not kept
    assert await _ideas_of(bot, world) == []
    await bot.advance(timedelta(minutes=1))
    await bot.send(peer, "   ")
    assert await _ideas_of(bot, world) == []
    await bot.send(peer, "Eating out <with> friends")
    assert "I've kept your idea" in peer.last.text
    assert "Eating out &lt;with&gt; friends" in peer.last.text
    assert peer.keyboard is not None
    assert await _ideas_of(bot, world) == ["Eating out <with> friends"]
    await bot.send(peer, "and another thing")  # no longer waiting: not kept
    assert await _ideas_of(bot, world) == ["Eating out <with> friends"]
    assert common_texts.DID_NOT_UNDERSTAND not in peer.texts  # offered choices instead
    await bot.sweep(at=utc(2026, 11, 14, 10, 30))
    assert "• Eating out &lt;with&gt; friends" in cards(world.psf)[0]


async def test_never_mind_keeps_nothing_and_a_menu_tap_stops_waiting(bot: BotHarness) -> None:
    """✖️ Never mind keeps nothing; tapping a menu button instead also stops the waiting."""
    world = await Programme.build(bot)
    peer = world.peer
    await bot.send(peer, "/start")
    await bot.send(peer, texts.MENU_LABEL)
    await bot.press(peer, texts.NEVER_MIND)
    assert texts.NOTHING_KEPT in peer.texts
    await bot.send(peer, "sleep")
    await bot.send(peer, texts.MENU_LABEL)
    await bot.send(peer, content_texts.PEER_MENU_LABEL)
    await bot.send(peer, "holidays")  # now a resource search, not an idea
    assert await _ideas_of(bot, world) == []


async def test_words_that_sound_like_an_emergency_are_kept_only_if_asked(bot: BotHarness) -> None:
    """A topic about an emergency ("how to spot a stroke") is simply kept; words that sound
    like one now ("my chest hurts, stroke?") get the numbers first, then a question; Yes keeps
    them, No doesn't."""
    world = await Programme.build(bot)
    peer = world.peer
    await bot.send(peer, "/start")
    await bot.send(peer, texts.MENU_LABEL)
    await bot.send(peer, "how to spot a stroke")
    assert not any("999" in text for text in peer.texts)
    assert await _ideas_of(bot, world) == ["how to spot a stroke"]
    await bot.send(peer, texts.MENU_LABEL)
    await bot.send(peer, "strokes and face drooping")
    assert any("999" in text for text in peer.texts[-4:])
    assert "keep this as a topic idea" in peer.last.text
    await bot.press(peer, texts.YES_KEEP)
    assert "I've kept your idea" in peer.texts[-2]
    assert await _ideas_of(bot, world) == ["how to spot a stroke", "strokes and face drooping"]
    await bot.send(peer, texts.MENU_LABEL)
    await bot.send(peer, "chest pain now")
    await bot.press(peer, texts.NO_THANKS)
    assert await _ideas_of(bot, world) == ["how to spot a stroke", "strokes and face drooping"]
    await bot.press_data(peer, IdeaButton(IdeaStep.KEEP, world.group.id).pack())  # replayed
    assert peer.last.text == texts.GONE
    assert await _ideas_of(bot, world) == ["how to spot a stroke", "strokes and face drooping"]


async def test_a_member_of_two_groups_chooses_which_group_first(bot: BotHarness) -> None:
    """Someone in two groups is asked which one the idea is for; it goes to that group."""
    world = await Programme.build(bot)
    other = await Programme.build(bot, group_name="Hadleigh", first_id=2000)
    async with bot.services.db.transaction() as repos:
        await repos.people.join_group(
            group_id=other.group.id,
            person_id=world.person_id(world.peer),
            role=Role.PEER,
            now=bot.clock.now(),
        )
    await bot.send(world.peer, "/start")
    await bot.send(world.peer, texts.MENU_LABEL)
    assert world.peer.last.text == texts.WHICH_GROUP
    await bot.press(world.peer, "Hadleigh")
    assert "talk about at a meeting" in world.peer.last.text and "Hadleigh" in world.peer.last.text
    await bot.send(world.peer, "walking")
    assert await _ideas_of(bot, other) == ["walking"]
    assert await _ideas_of(bot, world) == []


async def test_an_idea_for_a_group_left_meanwhile_is_refused(bot: BotHarness) -> None:
    """Someone who left the group while typing is told it isn't available; nothing is kept,
    and they are not left waiting."""
    world = await Programme.build(bot)
    peer = world.peer
    await bot.send(peer, "/start")
    await bot.send(peer, texts.MENU_LABEL)
    async with bot.services.db.transaction() as repos:
        await repos.people.leave_group(
            group_id=world.group.id, person_id=world.person_id(peer), now=bot.clock.now()
        )
    await bot.send(peer, "sleep")
    assert peer.last.text == common_texts.NOT_ALLOWED
    assert await _ideas_of(bot, world) == []
    async with bot.services.db.read() as repos:
        assert await repos.awaiting.get(world.person_id(peer)) is None


async def test_idea_buttons_for_another_group_are_refused(bot: BotHarness) -> None:
    """A peer pressing 💬 buttons made for another group's members is refused; nothing kept."""
    world = await Programme.build(bot)
    other = await Programme.build(bot, group_name="Hadleigh", first_id=2000)
    await bot.send(world.peer, "/start")
    for step in IdeaStep:
        await bot.press_data(world.peer, IdeaButton(step, other.group.id).pack())
        assert world.peer.callback_answers[-1] == common_texts.NOT_ALLOWED
    assert await _ideas_of(bot, other) == []


async def test_psfs_ideas_show_on_the_card_too(bot: BotHarness) -> None:
    """A PSF may suggest too; the idea is on the card like a peer's."""
    world = await Programme.build(bot)
    await plan(bot, world, count=1)
    await ideas(bot, world, ["bring a dietitian in"], by=world.psfs[1])
    await bot.sweep(at=utc(2026, 11, 14, 10, 30))
    assert "• bring a dietitian in" in cards(world.psf)[0]


async def test_ideas_less_than_a_day_before_the_meeting_are_dropped(bot: BotHarness) -> None:
    """After downtime, the pre-meeting ideas are not sent hours before the meeting."""
    world = await Programme.build(bot)
    first = (await plan(bot, world, count=1))[0]
    await bot.sweep(at=first.starts_at - timedelta(hours=20))
    assert cards(world.psf) == []
    await bot.sweep(at=first.starts_at - timedelta(hours=1))
    assert cards(world.psf) == []
