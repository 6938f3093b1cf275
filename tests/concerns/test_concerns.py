"""Contacting the nurse through the bot: raising, office hours, acknowledgement, the reply
thread, reminders and the backup nurse, nurses away, bad input and forged buttons."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from bot.auth import load_actor
from bot.concerns import rules as concerns
from bot.concerns import texts
from bot.concerns.buttons import (
    ConcernDanger,
    ConcernDraft,
    ConcernNew,
    ConcernNurse,
    DraftStep,
    NurseStep,
)
from bot.concerns.messages import danger_question
from bot.concerns.records import Category, ConcernState, EventKind
from bot.texts import common as common_texts
from bot.texts.dates import clock, day_date
from bot.understanding.safety import EmergencyKind
from bot.understanding.texts import emergency_answer
from tests.builders import Programme
from tests.concerns.steps import (
    MONDAY_9,
    PEER_HEALTH,
    SATURDAY,
    WORRY,
    cards,
    concern,
    only_concern,
    raise_concern,
    utc,
)
from tests.harness import BotHarness

pytestmark = pytest.mark.usefixtures("unthrottled")

EMERGENCY = common_texts.emergency("999", "NHS 111")
HEART = emergency_answer(EmergencyKind.HEART, "999", "NHS 111")
HEART_FOR_SOMEONE = emergency_answer(EmergencyKind.HEART, "999", "NHS 111", about_self=False)


def _labels(user_keyboard: list[list[str]] | None) -> list[str]:
    return [label for row in user_keyboard or [] for label in row]


async def test_menus_offer_contact_the_nurse_and_concerns(bot: BotHarness) -> None:
    """PSFs see 🩺 Contact the nurse, nurses 🩺 Concerns, peers neither."""
    world = await Programme.build(bot)
    assert world.nurse is not None
    for user in (world.psf, world.peer, world.nurse):
        await bot.send(user, "/start")
    assert texts.MENU_LABEL in _labels(world.psf.keyboard)
    assert texts.NURSE_MENU_LABEL in _labels(world.nurse.keyboard)
    assert texts.MENU_LABEL not in _labels(world.peer.keyboard)
    assert texts.NURSE_MENU_LABEL not in _labels(world.peer.keyboard)


async def test_in_hours_concern_reaches_the_nurse_within_a_sweep(bot: BotHarness) -> None:
    """In office hours the PSF is told it was sent to the nurse by name, and it arrives at once."""
    world = await Programme.build(bot)
    assert world.nurse is not None
    psf = world.psf
    await bot.send(psf, texts.MENU_LABEL)
    assert psf.last.text == texts.DANGER_QUESTION
    assert psf.last.buttons == [[texts.DANGER_YES], [texts.DANGER_NO]]
    await bot.press(psf, texts.DANGER_NO)
    assert psf.last.text == texts.CHOOSE_CATEGORY
    await bot.press(psf, PEER_HEALTH)
    assert "what is happening" in psf.last.text
    await bot.send(psf, WORRY)
    assert "This is what the nurse will get" in psf.last.text
    assert "Lavenham Circle" in psf.last.text and PEER_HEALTH in psf.last.text
    await bot.press(psf, texts.SEND)
    assert psf.last.text == texts.sent_now("Nurse")
    [card] = cards(world.nurse)
    assert "Concern from Psf1" in card.text and "Lavenham Circle" in card.text
    assert PEER_HEALTH in card.text and "missed her tablets" in card.text
    assert card.buttons == [[texts.ACKNOWLEDGE], [texts.REPLY, texts.RESOLVE]]
    found = await only_concern(bot)
    assert found.state is ConcernState.DELIVERED and found.delivered_at == bot.clock.now()


async def test_saturday_concern_reaches_the_nurse_on_monday_at_nine(bot: BotHarness) -> None:
    """Raised on Saturday, the PSF is told "Monday at 9:00"; it arrives then and not before."""
    world = await Programme.build(bot)
    assert world.nurse is not None
    bot.clock.set(SATURDAY)
    told = await raise_concern(bot, world.psf)
    assert told == (
        texts.queued("Nurse", "on Monday 9 November at 9:00", "NHS 111", None)
        + "\n\n"
        + texts.danger_reminder("999")
    )
    await bot.sweep(at=utc(2026, 11, 8, 20))
    await bot.sweep(at=MONDAY_9 - timedelta(minutes=1))
    assert cards(world.nurse) == []
    await bot.sweep(at=MONDAY_9)
    assert len(cards(world.nurse)) == 1
    assert world.psf.last.text == texts.delivered("Nurse", Category.PEER)
    found = await only_concern(bot)
    assert found.raised_at == SATURDAY and found.delivered_at == MONDAY_9


async def test_bank_holiday_monday_means_tuesday(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Before the May Day bank holiday, a Saturday concern reaches the nurse on Tuesday 9:00."""
    async with BotHarness.fast(tmp_path, start=utc(2026, 5, 2, 10)) as bot:
        world = await Programme.build(bot)
        assert world.nurse is not None
        told = await raise_concern(bot, world.psf)
        assert "on Tuesday 5 May at 9:00" in told
        await bot.sweep(at=utc(2026, 5, 4, 12))
        assert cards(world.nurse) == []
        await bot.sweep(at=utc(2026, 5, 5, 8))  # 9:00 BST
        assert len(cards(world.nurse)) == 1


async def test_queued_concerns_go_urgent_first_then_oldest(bot: BotHarness) -> None:
    """At the opening, urgent concerns are delivered first, then the rest oldest first."""
    world = await Programme.build(bot)
    assert world.nurse is not None
    bot.clock.set(SATURDAY)
    await raise_concern(bot, world.psfs[0], "first, ordinary")
    bot.clock.advance(timedelta(hours=1))
    await raise_concern(bot, world.psfs[1], "second, urgent", urgent=True)
    bot.clock.advance(timedelta(hours=1))
    await raise_concern(bot, world.psfs[0], "third, ordinary")
    await bot.sweep(at=MONDAY_9)
    order = [card.text for card in cards(world.nurse)]
    assert ["second" in order[0], "first" in order[1], "third" in order[2]] == [True] * 3
    assert "Urgent" in order[0]


async def test_urgent_path_gives_the_numbers_first_and_records_urgency(bot: BotHarness) -> None:
    """Yes to "anyone in danger?" gives 999 / NHS 111 as the very first reply, then goes on."""
    world = await Programme.build(bot)
    assert world.nurse is not None
    psf = world.psf
    await bot.send(psf, texts.MENU_LABEL)
    before = len(psf.inbox)
    await bot.press(psf, texts.DANGER_YES)
    new = psf.inbox[before:]
    assert new[0].text == EMERGENCY
    assert new[1].text == texts.URGENT_NOTED
    async with bot.services.db.read() as repos:
        [draft] = await repos.concerns.drafts_of(world.person_id(psf))
    assert draft.urgent and draft.urgent_at == bot.clock.now()
    await bot.press(psf, texts.CATEGORY_LABELS[Category.SAFEGUARDING])
    await bot.send(psf, "A peer told me her son takes her money.")
    assert "Marked urgent" in psf.last.text
    await bot.press(psf, texts.SEND)
    [card] = cards(world.nurse)
    assert "Urgent" in card.text
    async with bot.services.db.read() as repos:
        kinds = [e.kind for e in await repos.concerns.events_of(draft.id)]
    assert kinds[:2] == [EventKind.URGENT, EventKind.RAISED]


async def test_emergency_phrase_in_the_description_is_answered_first(bot: BotHarness) -> None:
    """An emergency phrase typed as the description gets the numbers first and marks it urgent."""
    world = await Programme.build(bot)
    psf = world.psf
    await bot.send(psf, texts.MENU_LABEL)
    await bot.press(psf, texts.DANGER_NO)
    await bot.press(psf, PEER_HEALTH)
    before = len(psf.inbox)
    await bot.send(psf, "Bob has a crushing pain in his chest and he's sweating, he's with me")
    new = [m.text for m in psf.inbox[before:]]
    assert new[0] == HEART_FOR_SOMEONE
    assert "This is what the nurse will get" in new[1] and "Marked urgent" in new[1]


async def test_a_past_worry_in_the_description_is_not_an_alarm(bot: BotHarness) -> None:
    """Chest pain that has passed ("he says he's fine now") is kept, with no numbers first."""
    world = await Programme.build(bot)
    psf = world.psf
    await bot.send(psf, texts.MENU_LABEL)
    await bot.press(psf, texts.DANGER_NO)
    await bot.press(psf, PEER_HEALTH)
    before = len(psf.inbox)
    await bot.send(psf, "Bob had chest pain after the meeting, he says he's fine now")
    new = [m.text for m in psf.inbox[before:]]
    assert len(new) == 1
    assert "This is what the nurse will get" in new[0] and "Marked urgent" not in new[0]


async def test_emergency_phrase_anywhere_gets_the_numbers(bot: BotHarness) -> None:
    """A peer typing an emergency phrase out of the blue gets the numbers, nothing confusing."""
    world = await Programme.build(bot)
    await bot.send(world.peer, "I think I'm having a heart attack")
    assert world.peer.texts == [HEART, texts.CONTACT_QUESTION]


async def test_acknowledge_tells_the_psf_and_stops_the_chasing(bot: BotHarness) -> None:
    """Acknowledge tells the PSF the nurse (by name) has seen it; no reminder follows."""
    world = await Programme.build(bot)
    nurse = world.nurse
    assert nurse is not None
    await world.add_nurse(1900, "Backup", backup=True)
    await raise_concern(bot, world.psf)
    await bot.press(nurse, texts.ACKNOWLEDGE)
    assert "Acknowledged by Nurse" in nurse.last.text
    assert nurse.last.buttons == [[texts.REPLY, texts.RESOLVE]]
    assert world.psf.last.text == texts.acknowledged("Nurse", Category.PEER)
    before = len(nurse.inbox)
    await bot.advance(timedelta(hours=5))
    assert len(nurse.inbox) == before
    found = await only_concern(bot)
    assert found.state is ConcernState.ACKNOWLEDGED
    assert found.acknowledged_by == world.person_id(nurse)
    await bot.press(nurse, texts.RESOLVE)  # a second Acknowledge is no longer offered
    assert "outcome" in nurse.last.text


async def test_reply_thread_works_both_ways_until_resolved(bot: BotHarness) -> None:
    """The nurse's reply reaches the PSF, the PSF's answer reaches the nurse, then Resolve."""
    world = await Programme.build(bot)
    nurse, psf = world.nurse, world.psf
    assert nurse is not None
    await raise_concern(bot, psf)
    await bot.press(nurse, texts.REPLY)
    assert nurse.last.text == texts.ask_reply("Psf1")
    await bot.send(nurse, "Could you ask her if I may ring her?")
    assert nurse.last.text == texts.reply_sent("Psf1")
    assert "Could you ask her if I may ring her?" in psf.last.text
    assert psf.last.buttons == [[texts.reply_to("Nurse")]]
    assert (await only_concern(bot)).state is ConcernState.ACKNOWLEDGED  # replying = seen
    await bot.press(psf, texts.reply_to("Nurse"))
    assert psf.last.text == texts.ask_answer("Nurse")
    await bot.send(psf, "Yes please, she's in all afternoon.")
    assert psf.last.text == texts.answer_sent("Nurse")
    assert "she's in all afternoon" in nurse.last.text and "Psf1" in nurse.last.text
    assert nurse.last.buttons == [[texts.REPLY, texts.RESOLVE]]
    await bot.press(nurse, texts.RESOLVE)
    await bot.send(nurse, "Rang her; GP appointment booked.")
    assert nurse.last.text == texts.resolved_done("Psf1")
    assert psf.last.text == texts.resolved(
        "Nurse", Category.PEER, "Rang her; GP appointment booked."
    )
    found = await concern(bot, 1)
    assert found.state is ConcernState.RESOLVED and found.outcome.startswith("Rang her")  # type: ignore[union-attr]
    # The thread is closed now: the old Reply button says so kindly.
    await bot.press(psf, texts.reply_to("Nurse"))
    assert psf.last.text == texts.CLOSED_FOR_PSF
    async with bot.services.db.read() as repos:
        kinds = [e.kind for e in await repos.concerns.events_of(found.id)]
    assert kinds == [
        EventKind.RAISED,
        EventKind.ROUTED,
        EventKind.DELIVERED,
        EventKind.ACKNOWLEDGED,
        EventKind.REPLIED,
        EventKind.ANSWERED,
        EventKind.RESOLVED,
    ]


async def test_psf_answer_out_of_hours_waits_for_the_office(bot: BotHarness) -> None:
    """A PSF answering in the evening is told when the nurse will get it; it arrives then."""
    world = await Programme.build(bot)
    nurse, psf = world.nurse, world.psf
    assert nurse is not None
    await raise_concern(bot, psf)
    await bot.press(nurse, texts.REPLY)
    await bot.send(nurse, "Any news?")
    bot.clock.set(utc(2026, 11, 4, 19))
    await bot.press(psf, texts.reply_to("Nurse"))
    await bot.send(psf, "She is better today.")
    assert psf.last.text == texts.answer_queued("Nurse", "tomorrow at 9:00", "NHS 111")
    assert "She is better today." not in nurse.texts
    await bot.sweep(at=utc(2026, 11, 5, 9))
    assert "She is better today." in nurse.last.text


async def test_unacknowledged_concern_reminds_then_goes_to_the_backup(bot: BotHarness) -> None:
    """Not acknowledged in 60 office minutes: a reminder; after 60 more: the backup nurse too."""
    world = await Programme.build(bot)
    nurse = world.nurse
    assert nurse is not None
    backup = await world.add_nurse(1900, "Backup", backup=True)
    await raise_concern(bot, world.psf)
    await bot.advance(timedelta(minutes=59))
    assert len(cards(nurse)) == 1
    await bot.advance(timedelta(minutes=1))
    assert len(cards(nurse)) == 2 and "Reminder" in nurse.last.text
    assert cards(backup) == []
    await bot.advance(timedelta(minutes=60))
    [copy] = cards(backup)
    assert "Nurse hasn't acknowledged this yet" in copy.text
    assert world.psf.last.text == texts.escalated("Nurse", "Backup")
    await bot.press(backup, texts.ACKNOWLEDGE)
    assert world.psf.last.text == texts.acknowledged("Backup", Category.PEER)
    found = await only_concern(bot)
    assert found.nurse_id == world.person_id(backup)


async def test_reminder_counts_office_time_only(bot: BotHarness) -> None:
    """A concern delivered on Friday at 16:30 is chased on Monday at 9:30, not on Saturday."""
    world = await Programme.build(bot)
    nurse = world.nurse
    assert nurse is not None
    bot.clock.set(utc(2026, 11, 6, 16, 30))
    await raise_concern(bot, world.psf)
    await bot.sweep(at=utc(2026, 11, 7, 10))
    await bot.sweep(at=utc(2026, 11, 9, 9, 29))
    assert len(cards(nurse)) == 1
    await bot.sweep(at=utc(2026, 11, 9, 9, 30))
    assert "Reminder" in nurse.last.text


async def test_without_backup_the_nurse_is_reminded_twice(bot: BotHarness) -> None:
    """With no other nurse in the area, the second timeout brings a second reminder instead."""
    world = await Programme.build(bot)
    nurse = world.nurse
    assert nurse is not None
    await raise_concern(bot, world.psf)
    await bot.advance(timedelta(hours=3))
    assert [("Reminder" in c.text) for c in cards(nurse)] == [False, True, True]


async def test_nurse_marks_herself_away_and_concerns_go_to_the_backup(bot: BotHarness) -> None:
    """A nurse sets dates away from /concerns; the PSF is told it goes to the backup instead."""
    world = await Programme.build(bot)
    nurse = world.nurse
    assert nurse is not None
    backup = await world.add_nurse(1900, "Backup", backup=True)
    bot.clock.set(SATURDAY)
    await raise_concern(bot, world.psfs[1], "raised before she said she'd be away")
    await bot.send(nurse, "/concerns")
    await bot.press(nurse, texts.AWAY)
    assert nurse.last.text == texts.ASK_AWAY_FROM
    await bot.send(nurse, "next week sometime")
    assert nurse.last.text == texts.BAD_DATE
    await bot.send(nurse, "1/11/2026")
    assert nurse.last.text == texts.PAST_DATE
    await bot.send(nurse, "9/11/2026")
    assert nurse.last.text == texts.ASK_AWAY_UNTIL
    await bot.send(nurse, "8 November 2026")
    assert "can't be before the first day" in nurse.last.text
    await bot.send(nurse, "13 November 2026")
    assert "away from Monday 9 November to Friday 13 November" in nurse.last.text
    assert "1 concern waiting for you has gone" in nurse.last.text
    assert world.psfs[1].last.text == texts.rerouted(
        "Backup", Category.PEER, "on Monday 9 November at 9:00"
    )
    told = await raise_concern(bot, world.psf)
    assert "Nurse is away until Friday 13 November, so this goes to Backup" in told
    assert "This will reach Backup on Monday 9 November at 9:00" in told
    await bot.sweep(at=MONDAY_9)
    assert cards(nurse) == []
    assert len(cards(backup)) == 2
    await bot.send(nurse, "/concerns")
    assert "You're marked away" in nurse.last.text
    await bot.press(nurse, texts.BACK)
    assert nurse.last.text == texts.BACK_DONE


async def test_nurse_list_and_thread_view(bot: BotHarness) -> None:
    """/concerns lists open, then recently resolved concerns, oldest first; each opens in full."""
    world = await Programme.build(bot)
    nurse = world.nurse
    assert nurse is not None
    await bot.send(nurse, "/concerns")
    assert nurse.last.text == texts.NURSE_LIST_EMPTY
    await raise_concern(bot, world.psfs[0], "the oldest one")
    bot.clock.advance(timedelta(minutes=5))
    await raise_concern(bot, world.psfs[1], "the newer one")
    await bot.press(nurse, texts.REPLY)
    await bot.send(nurse, "On my way to see her.")
    await bot.press(nurse, texts.RESOLVE)
    await bot.send(nurse, "Visited.")
    await bot.send(nurse, texts.NURSE_MENU_LABEL)
    listing = nurse.last.text
    assert listing.index("Open") < listing.index("Psf1") < listing.index("Recently resolved")
    assert listing.index("Recently resolved") < listing.index("Psf2")
    await bot.press(nurse, "1. Psf1")
    assert "the oldest one" in nurse.last.text and "Not acknowledged yet" in nurse.last.text
    await bot.press(nurse, texts.BACK_TO_LIST)
    await bot.press(nurse, "2. Psf2")
    assert "On my way to see her." in nurse.last.text and "Visited." in nurse.last.text
    assert nurse.last.buttons == [[texts.BACK_TO_LIST]]
    await bot.send(world.psf, "/concerns")
    assert "the oldest" not in world.psf.last.text and "not acknowledged" in world.psf.last.text


async def test_voice_and_photo_are_passed_on(bot: BotHarness) -> None:
    """A voice note as the description, and a photo in the thread, reach the other side."""
    world = await Programme.build(bot)
    nurse, psf = world.nurse, world.psf
    assert nurse is not None
    await bot.send(psf, texts.MENU_LABEL)
    await bot.press(psf, texts.DANGER_NO)
    await bot.press(psf, texts.CATEGORY_LABELS[Category.ADMIN])
    psf.send_voice()
    await bot.settle()
    assert "a voice message" in psf.last.text
    await bot.press(psf, texts.SEND)
    voice = nurse.last.media.get("voice")
    assert voice is not None and voice.data.startswith(b"OggS")
    assert nurse.last.buttons == [[texts.ACKNOWLEDGE], [texts.REPLY, texts.RESOLVE]]
    await bot.press(nurse, texts.ACKNOWLEDGE)  # the card is a voice note: a fresh card comes
    assert "Acknowledged by Nurse" in nurse.last.text
    await bot.press(nurse, texts.REPLY)
    nurse.send_photo(caption="This leaflet might help")
    await bot.settle()
    assert psf.last.media.get("photo") is not None
    assert "This leaflet might help" in psf.last.text


async def test_bad_input_while_describing_changes_nothing(bot: BotHarness) -> None:
    """A sticker, a document or an over-long text get a short kind reply; the bot keeps waiting."""
    world = await Programme.build(bot)
    psf = world.psf
    await bot.send(psf, texts.MENU_LABEL)
    await bot.press(psf, texts.DANGER_NO)
    await bot.press(psf, PEER_HEALTH)
    psf.send_sticker()
    await bot.settle()
    assert psf.last.text == texts.INPUT_PROBLEM["sticker"]
    psf.send_document("notes.pdf", b"%PDF-1.4")
    await bot.settle()
    assert psf.last.text == texts.INPUT_PROBLEM["file"]
    await bot.send(psf, "x" * 3000)
    assert "under 2,000 characters" in psf.last.text
    async with bot.services.db.read() as repos:
        awaiting = await repos.awaiting.get(world.person_id(psf))
    assert awaiting is not None and awaiting.kind == concerns.DESCRIBE
    await bot.send(psf, WORRY)
    assert "This is what the nurse will get" in psf.last.text
    await bot.press(psf, texts.CHANGE)
    await bot.send(psf, "Shorter words.")
    assert "Shorter words." in psf.last.text
    await bot.press(psf, texts.CANCEL)
    assert psf.last.text == texts.WITHDRAWN
    async with bot.services.db.read() as repos:
        assert await repos.concerns.open_concerns() == []
    await bot.press_data(psf, ConcernDraft(1, DraftStep.SEND).pack())
    assert psf.last.text == texts.WITHDRAWN


async def test_second_tap_on_send_sends_once(bot: BotHarness) -> None:
    """Tapping Send twice raises the concern once and says it was already sent."""
    world = await Programme.build(bot)
    nurse = world.nurse
    assert nurse is not None
    await raise_concern(bot, world.psf)
    await bot.press_data(world.psf, ConcernDraft(1, DraftStep.SEND).pack())
    assert world.psf.last.text == texts.ALREADY_SENT
    assert len(cards(nurse)) == 1


async def test_forged_buttons_are_refused_and_change_nothing(bot: BotHarness) -> None:
    """Buttons for another's concern, group or area get "isn't available", change nothing."""
    world = await Programme.build(bot)
    other = await Programme.build(
        bot, area_name="Mid Suffolk", group_name="Eye Circle", first_id=2000
    )
    assert world.nurse is not None and other.nurse is not None
    bot.clock.set(SATURDAY)
    await raise_concern(bot, world.psf)
    found = await only_concern(bot)
    attempts = [
        (world.peer, ConcernNurse(found.id, NurseStep.ACK)),
        (world.peer, ConcernNew(world.group.id)),
        (other.psf, ConcernNew(world.group.id)),
        (other.psf, ConcernDraft(found.id, DraftStep.CANCEL)),
        (world.psfs[1], ConcernDraft(found.id, DraftStep.CANCEL)),
        (other.nurse, ConcernNurse(found.id, NurseStep.ACK)),
        (other.nurse, ConcernNurse(found.id, NurseStep.VIEW)),
        (world.psf, ConcernNurse(found.id, NurseStep.RESOLVE)),
        (world.nurse, ConcernNurse(999, NurseStep.ACK)),
    ]
    for user, data in attempts:
        await bot.send(user, "/start")
        await bot.press_data(user, data.pack())
        assert user.callback_answers[-1] == common_texts.NOT_ALLOWED, data
    await bot.press_data(other.psf, ConcernDanger(found.id, urgent=True).pack())
    assert other.psf.texts[-1] == EMERGENCY  # the numbers never hurt; nothing else happens
    assert other.psf.callback_answers[-1] == common_texts.NOT_ALLOWED
    await bot.press_data(world.nurse, "cnurse:abc:ack")
    assert world.nurse.callback_answers[-1] == common_texts.STALE_BUTTON
    after = await concern(bot, found.id)
    assert after == found
    async with bot.services.db.read() as repos:
        assert await repos.concerns.drafts_of(world.person_id(world.peer)) == []
        assert await repos.concerns.drafts_of(other.person_id(other.psf)) == []


async def test_peers_and_strangers_are_pointed_elsewhere(bot: BotHarness) -> None:
    """A peer asking for the nurse is pointed to their PSFs and GP; a stranger how to join."""
    world = await Programme.build(bot)
    await bot.send(world.peer, "/nurse")
    assert "Psf1 and Psf2" in world.peer.last.text and "GP" in world.peer.last.text
    assert "999" in world.peer.last.text
    stranger = bot.user(9999, "Sam")
    await bot.send(stranger, "/nurse")
    assert stranger.last.text == common_texts.STRANGER
    await bot.send(stranger, "/concerns")
    assert stranger.last.text == common_texts.STRANGER


async def test_unfinished_urgent_concern_is_sent_anyway(bot: BotHarness) -> None:
    """A PSF who said someone needs urgent help and stopped there: it reaches the nurse anyway."""
    world = await Programme.build(bot)
    nurse = world.nurse
    assert nurse is not None
    await bot.send(world.psf, texts.MENU_LABEL)
    await bot.press(world.psf, texts.DANGER_YES)
    await bot.advance(timedelta(minutes=29))
    assert cards(nurse) == []
    await bot.advance(timedelta(minutes=1))
    [card] = cards(nurse)
    assert "Urgent" in card.text and "No details given" in card.text
    assert world.psf.last.text == texts.unfinished_urgent_sent("Nurse")


async def test_unfinished_urgent_concern_keeps_the_time_it_was_raised(bot: BotHarness) -> None:
    """The PSF is told it goes in half an hour; the nurse sees when the PSF raised it."""
    world = await Programme.build(bot)
    assert world.nurse is not None
    await bot.send(world.psf, texts.MENU_LABEL)
    raised = bot.clock.now()
    await bot.press(world.psf, texts.DANGER_YES)
    assert "If you don't finish, I'll send what I have to the nurse in half an hour" in (
        world.psf.last.text
    )
    await bot.advance(timedelta(minutes=30))
    async with bot.services.db.read() as repos:
        [concern] = await repos.concerns.open_concerns()
    assert concern.raised_when == raised
    [card] = cards(world.nurse)
    local = raised.astimezone(bot.services.settings.tz)
    assert f"<b>Raised:</b> {day_date(local.date())} at {clock(local.time())}" in card.text


async def test_ordinary_unfinished_draft_is_put_aside(bot: BotHarness) -> None:
    """An ordinary draft left for a week is put aside, never sent."""
    world = await Programme.build(bot)
    assert world.nurse is not None
    await bot.send(world.psf, texts.MENU_LABEL)
    await bot.press(world.psf, texts.DANGER_NO)
    await bot.advance(timedelta(days=8))
    assert cards(world.nurse) == []
    found = await concern(bot, 1)
    assert found.state is ConcernState.ABANDONED
    await bot.press(world.psf, PEER_HEALTH)
    assert world.psf.last.text == texts.PUT_ASIDE


async def test_no_nurse_yet_then_a_nurse_joins(bot: BotHarness) -> None:
    """Without a nurse the PSF is told plainly; once a nurse is added it goes to her."""
    world = await Programme.build(bot, with_nurse=False, with_coordinator=True)
    told = await raise_concern(bot, world.psf)
    assert told == texts.no_nurse("NHS 111") + "\n\n" + texts.danger_reminder("999")
    nurse = await world.add_nurse(1950, "Late")
    await bot.advance(timedelta(minutes=1))
    assert len(cards(nurse)) == 1


async def test_concern_from_a_check_in_starts_prefilled(bot: BotHarness) -> None:
    """The check-in entry point makes a draft with the words given: safety, category, confirm."""
    world = await Programme.build(bot)
    assert world.nurse is not None
    async with bot.services.db.transaction() as repos:
        actor = await load_actor(repos, world.psf.id)
        assert actor is not None
        draft = await concerns.start_concern_from_checkin(
            repos, actor, world.group, "Dev seemed confused about his insulin.", bot.clock.now()
        )
    await bot.services.outbound.send(world.psf.id, danger_question(draft))
    await bot.press(world.psf, texts.DANGER_NO)
    await bot.press(world.psf, PEER_HEALTH)
    assert "Dev seemed confused about his insulin." in world.psf.last.text
    await bot.press(world.psf, texts.SEND)
    assert "confused about his insulin" in cards(world.nurse)[0].text
    assert (await only_concern(bot)).source == "checkin"


async def test_mydata_has_concerns_and_forget_erases_the_words(bot: BotHarness) -> None:
    """/mydata lists the PSF's concerns; /forget removes what they wrote, keeps the steps."""
    world = await Programme.build(bot)
    await raise_concern(bot, world.psf)
    await bot.send(world.psf, "/mydata")
    data = json.loads(world.psf.last.document.data)  # type: ignore[union-attr]
    assert data["concerns"]["raised"][0]["what_you_wrote"] == WORRY
    await bot.send(world.psf, "/forget")
    await bot.press(world.psf, "Yes, forget me")
    found = await concern(bot, 1)
    assert found.description is None and found.state is ConcernState.DELIVERED
    async with bot.services.db.read() as repos:
        assert len(await repos.concerns.events_of(found.id)) >= 3


async def test_away_later_changes_nothing_today(bot: BotHarness) -> None:
    """Dates away next month leave today's concerns with the nurse; no copy goes to the backup."""
    world = await Programme.build(bot)
    nurse = world.nurse
    assert nurse is not None
    backup = await world.add_nurse(1900, "Backup", backup=True)
    await raise_concern(bot, world.psf)
    bot.clock.set(SATURDAY)
    await raise_concern(bot, world.psfs[1], "raised at the weekend")
    assert len(cards(backup)) == 1  # the first, unacknowledged all Wednesday, went to her
    await bot.press(nurse, texts.ACKNOWLEDGE, message_id=cards(nurse)[0].message_id)
    async with bot.services.db.transaction() as repos:
        moved = await concerns.set_away(
            repos,
            bot.services.settings,
            world.person_id(nurse),
            away_from=date(2026, 12, 1),
            away_until=date(2026, 12, 4),
            now=bot.clock.now(),
        )
    assert moved == 0
    await bot.sweep(at=MONDAY_9)
    assert len(cards(backup)) == 1
    assert "weekend" in cards(nurse)[-1].text


async def test_a_nurse_who_leaves_hands_her_concerns_on(bot: BotHarness) -> None:
    """A nurse who asks to be forgotten: her open concerns go to the other nurse, once each."""
    world = await Programme.build(bot)
    nurse = world.nurse
    assert nurse is not None
    backup = await world.add_nurse(1900, "Backup", backup=True)
    await raise_concern(bot, world.psf)
    await bot.press(nurse, texts.ACKNOWLEDGE)
    await bot.send(nurse, "/forget")
    await bot.press(nurse, "Yes, forget me")
    await bot.advance(timedelta(minutes=1))
    await bot.advance(timedelta(minutes=1))
    assert len(cards(backup)) == 1
    found = await only_concern(bot)
    assert found.state is ConcernState.DELIVERED and found.nurse_id == world.person_id(backup)


async def test_unfinished_urgent_send_leaves_other_questions_alone(bot: BotHarness) -> None:
    """Sending an unfinished urgent draft doesn't cancel what else the PSF was answering."""
    world = await Programme.build(bot)
    await bot.send(world.psf, texts.MENU_LABEL)
    await bot.press(world.psf, texts.DANGER_YES)
    async with bot.services.db.transaction() as repos:
        await repos.awaiting.expect(
            world.person_id(world.psf), "group.offline_name", {"group_id": 1}, bot.clock.now()
        )
    await bot.advance(timedelta(minutes=31))
    async with bot.services.db.read() as repos:
        awaiting = await repos.awaiting.get(world.person_id(world.psf))
    assert awaiting is not None and awaiting.kind == "group.offline_name"


async def test_old_yes_on_a_sent_concern_gives_numbers_and_changes_nothing(
    bot: BotHarness,
) -> None:
    """Tapping an old "Yes, someone needs help" gives the numbers; the sent concern is unchanged."""
    world = await Programme.build(bot)
    await raise_concern(bot, world.psf)
    before = await only_concern(bot)
    await bot.press_data(world.psf, ConcernDanger(before.id, urgent=True).pack())
    assert common_texts.emergency("999", "NHS 111") in world.psf.texts
    assert texts.ALREADY_SENT in world.psf.texts
    assert await only_concern(bot) == before


async def test_closure_added_after_queueing_still_holds_the_concern(bot: BotHarness) -> None:
    """A closure added after a concern was queued keeps it until the office really opens."""
    world = await Programme.build(bot)
    assert world.nurse is not None
    bot.clock.set(SATURDAY)
    await raise_concern(bot, world.psf)
    async with bot.services.db.transaction() as repos:
        await repos.concerns.add_closure(
            area_id=world.area.id,
            start=date(2026, 11, 9),
            end=date(2026, 11, 9),
            reason="Training day",
            now=bot.clock.now(),
        )
    await bot.sweep(at=MONDAY_9)
    await bot.sweep(at=MONDAY_9 + timedelta(minutes=1))
    assert cards(world.nurse) == []
    await bot.sweep(at=utc(2026, 11, 10, 9))
    assert len(cards(world.nurse)) == 1


async def test_a_long_thread_still_fits_one_message(bot: BotHarness) -> None:
    """A concern with many long messages opens as one message the nurse can read, newest last."""
    world = await Programme.build(bot)
    nurse, psf = world.nurse, world.psf
    assert nurse is not None
    await raise_concern(bot, psf, "w" * 2000)
    for n in range(12):
        await bot.press(nurse, texts.REPLY)
        await bot.send(nurse, f"reply {n} " + "x" * 1900)
    await bot.send(nurse, "/concerns")
    await bot.press(nurse, "1. Psf1")
    shown = nurse.last.text
    assert "reply 11" in shown and "reply 0 " not in shown and texts.EARLIER_STEPS in shown
    assert len(shown) < 4096 and nurse.last.buttons[-1] == [texts.BACK_TO_LIST]
