"""Typed words through the real Application: emergencies answered per kind first, a peer asked
whether someone should get in touch, and everyday words reaching the right action."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from bot.checkins import texts as checkin_texts
from bot.concerns import texts as concern_texts
from bot.concerns.buttons import ConcernContact
from bot.concerns.records import ConcernState
from bot.meetings import texts as meeting_texts
from bot.membership import group_texts
from bot.models import Answer
from bot.texts import common as common_texts
from bot.understanding import texts
from bot.understanding.safety import EmergencyKind
from bot.understanding.texts import emergency_answer
from tests.builders import Programme
from tests.checkins import helpers as checkin_helpers
from tests.checkins.helpers import meeting_day, to_prompt
from tests.concerns.steps import raise_concern
from tests.harness import BotHarness
from tests.meetings.helpers import plan

SUICIDAL = emergency_answer(EmergencyKind.SUICIDAL, "999", "NHS 111", "116 123")


async def _answer_of(bot: BotHarness, meeting_id: int, person_id: int) -> Answer | None:
    async with bot.services.db.read() as repos:
        return await repos.meetings.rsvp(meeting_id, person_id)


async def _awaiting(bot: BotHarness, world: Programme, user_id: int) -> str | None:
    async with bot.services.db.read() as repos:
        found = await repos.awaiting.get(world.person_ids[user_id])
    return found.kind if found else None


async def test_a_peer_asks_for_the_next_meeting_and_says_they_cant_come(tmp_path: Path) -> None:
    async with BotHarness.fast(tmp_path) as bot:
        world = await Programme.build(bot)
        meetings = await plan(bot, world, count=2)
        peer = world.peer
        await bot.send(peer, "/start")
        await bot.send(peer, "when's the next meeting")
        assert "Tuesday 17 November" in peer.last.text
        assert meeting_texts.ANSWER_LABELS[Answer.YES] in peer.last.buttons[0][0]
        await bot.send(peer, "sorry, can't come")
        assert "can't come on Tuesday 17 November at 10:30" in peer.texts[-2]
        assert await _answer_of(bot, meetings[0].id, world.person_id(peer)) is Answer.NO
        await bot.send(peer, "actually I'll be there after all")
        assert await _answer_of(bot, meetings[0].id, world.person_id(peer)) is Answer.YES
        assert common_texts.DID_NOT_UNDERSTAND not in peer.texts


async def test_everyday_words_from_a_peer(tmp_path: Path) -> None:
    async with BotHarness.fast(tmp_path) as bot:
        world = await Programme.build(bot)
        peer = world.peer
        await bot.send(peer, "/start")
        await bot.send(peer, "thank you")
        assert peer.last.text == texts.THANKS_REPLY and peer.keyboard
        await bot.send(peer, "I feel a bit low today")
        low = "\n".join(peer.texts[-3:])
        assert "sorry you're feeling low" in low and "116 123" in low
        assert "Psf1" in low
        assert peer.last.text == concern_texts.LOW_QUESTION
        await bot.press(peer, concern_texts.CONTACT_YES)
        assert peer.last.text == concern_texts.low_told(("Psf1", "Psf2"))
        await bot.sweep()
        assert any("feeling low" in text for text in world.psf.texts)
        async with bot.services.db.read() as repos:
            assert await repos.concerns.open_concerns() == []  # the nurse is not troubled
        await bot.send(peer, "who runs the group")
        assert "Psf1" in peer.last.text and "Psf2" in peer.last.text
        await bot.send(peer, "is there a walking group near me")
        assert "Here's what I found" in peer.last.text or "couldn't find" in peer.last.text


async def test_unsure_words_offer_choices_never_a_dead_end(tmp_path: Path) -> None:
    async with BotHarness.fast(tmp_path) as bot:
        world = await Programme.build(bot)
        peer = world.peer
        await bot.send(peer, "/start")
        await bot.send(peer, "hmm")
        assert peer.last.text == texts.UNSURE
        labels = [row[0] for row in peer.last.buttons]
        assert 2 <= len(labels) <= 4 and texts.CHOICE_LABELS["help"] in labels
        await bot.press(peer, texts.CHOICE_LABELS["next_meeting"])
        assert common_texts.DID_NOT_UNDERSTAND not in peer.texts


async def test_psf_and_nurse_words(tmp_path: Path) -> None:
    async with BotHarness.fast(tmp_path) as bot:
        world = await Programme.build(bot)
        await plan(bot, world, count=1)
        psf, nurse = world.psf, world.nurse
        assert nurse is not None
        await bot.send(psf, "/start")
        await bot.send(psf, "feet")
        assert "Session ideas for <i>feet</i>" in psf.last.text
        await bot.send(psf, "someone keeps dominating the discussion")
        assert any("dominates" in label.lower() for row in psf.last.buttons for label in row)
        await bot.send(psf, "/topics ground rules")
        assert any("Ground rules" in label for row in psf.last.buttons for label in row)
        await bot.send(psf, "who's coming")
        assert "Who's coming — Lavenham Circle" in psf.last.text
        await bot.send(psf, "I need to talk to the nurse")
        assert psf.last.text == concern_texts.DANGER_QUESTION
        await bot.send(nurse, "/start")
        await bot.send(nurse, "open concerns")
        assert common_texts.DID_NOT_UNDERSTAND not in nurse.last.text
        assert texts.UNSURE not in nurse.last.text


async def test_start_help_and_cancel_leave_a_typed_step(tmp_path: Path) -> None:
    async with BotHarness.fast(tmp_path) as bot:
        world = await Programme.build(bot)
        peer = world.peer
        for command in ("/start", "/help", "/cancel"):
            await bot.send(peer, "📚 Find local help")
            assert await _awaiting(bot, world, peer.id) is not None
            await bot.send(peer, command)
            assert await _awaiting(bot, world, peer.id) is None
        await bot.send(peer, "hello")
        assert "Here's what I found" not in peer.last.text


async def test_a_peer_in_distress_is_asked_once_and_no_is_respected(tmp_path: Path) -> None:
    async with BotHarness.fast(tmp_path) as bot:
        world = await Programme.build(bot)
        peer = world.peer
        await bot.send(peer, "/start")
        await bot.send(peer, "I don't want to be here any more")
        assert peer.texts[-2:] == [SUICIDAL, concern_texts.CONTACT_QUESTION]
        await bot.press(peer, concern_texts.CONTACT_NO)
        assert peer.last.text == concern_texts.CONTACT_DECLINED
        await bot.send(peer, "what's the point of going on")
        assert peer.last.text == SUICIDAL  # the numbers again, not the question
        await bot.advance(timedelta(days=1))
        await bot.send(peer, "everyone would be better off without me")
        assert peer.last.text == concern_texts.CONTACT_QUESTION
        async with bot.services.db.read() as repos:
            offers = await repos.contact_offers.of_person(world.person_id(peer))
        assert [o.answer for o in offers] == ["no", None]  # asked again the next day


async def test_yes_raises_an_urgent_concern_and_tells_the_facilitators(tmp_path: Path) -> None:
    async with BotHarness.fast(tmp_path) as bot:
        world = await Programme.build(bot)
        peer, nurse = world.peer, world.nurse
        assert nurse is not None
        await bot.send(peer, "/start")
        await bot.send(peer, "im all shaky and sweaty and cant think straight")
        assert "sugary drink" in peer.texts[-2]
        await bot.press(peer, concern_texts.CONTACT_YES)
        assert "asked the nurse to get in touch" in peer.last.text
        async with bot.services.db.read() as repos:
            offer_id = (await repos.contact_offers.of_person(world.person_id(peer)))[0].id
        await bot.press_data(peer, ConcernContact(offer_id, True).pack())  # a second tap
        assert peer.last.text == concern_texts.CONTACT_ALREADY
        await bot.sweep()
        assert any("sounded like an emergency" in text for text in world.psf.texts)
        assert any("Urgent" in text for text in nurse.texts)
        async with bot.services.db.read() as repos:
            offers = await repos.contact_offers.of_person(world.person_id(peer))
            assert [o.answer for o in offers] == ["yes"]
            assert offers[0].concern_id is not None
            raised = await repos.concerns.get(offers[0].concern_id)
        assert raised is not None and raised.urgent
        assert raised.state is not ConcernState.DRAFT


async def test_someone_else_in_danger_gets_the_numbers_only(tmp_path: Path) -> None:
    async with BotHarness.fast(tmp_path) as bot:
        world = await Programme.build(bot)
        peer = world.peer
        await bot.send(peer, "/start")
        before = len(peer.inbox)
        await bot.send(peer, "her face is drooping on one side")
        new = [m.text for m in peer.inbox[before:]]
        assert new == [emergency_answer(EmergencyKind.STROKE, "999", "NHS 111")]
        await bot.send(peer, "we talked about chest pain at the meeting")
        assert not any("999" in m.text for m in peer.inbox[before + 1 :])


async def test_a_psf_who_says_someone_is_in_danger_is_told_999_at_the_end(
    tmp_path: Path,
) -> None:
    async with BotHarness.fast(tmp_path) as bot:
        world = await Programme.build(bot)
        told = await raise_concern(bot, world.psf, urgent=True)  # office hours: sent now
        assert told.endswith(concern_texts.danger_reminder("999"))
        plain = await raise_concern(bot, world.psf)
        assert "999" not in plain  # not urgent, and the nurse sees it now


async def test_an_emergency_typed_as_a_check_in_answer_offers_the_nurse_at_once(
    tmp_path: Path,
) -> None:
    async with BotHarness.fast(tmp_path) as bot:
        day = await meeting_day(bot)
        psf = day.world.psf
        await to_prompt(bot)
        await bot.press(psf, checkin_helpers.DONE)
        await bot.press(psf, checkin_helpers.WELL)
        words = "Good chat but Joan collapsed at the end and the ambulance took her"
        before = len(psf.inbox)
        await bot.send(psf, words)
        new = [m.text for m in psf.inbox[before:]]
        assert "999" in new[0]
        assert "Would you like the nurse to get in touch?" in new[-1]
        async with bot.services.db.read() as repos:
            checkin = await repos.checkins.get(day.meeting.id, day.world.person_id(psf))
        assert checkin is not None and checkin.went_well == words
        await bot.press(psf, checkin_texts.NURSE_YES)
        assert psf.last.text == concern_texts.DANGER_QUESTION


async def test_a_psf_who_types_invite_someone_gets_a_link(tmp_path: Path) -> None:
    async with BotHarness.fast(tmp_path) as bot:
        world = await Programme.build(bot)
        await bot.send(world.psf, "/start")
        await bot.send(world.psf, "how do I invite someone new to the group")
        assert "https://t.me/" in world.psf.last.text
        assert world.psf.last.buttons == [[group_texts.QR_CODE]]
