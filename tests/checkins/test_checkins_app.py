"""Check-ins through the Application: taps, typed words, bad input, forged buttons, the menu,
peers' feedback and topics, changing a finished check-in, and the nurse."""

from __future__ import annotations

from datetime import timedelta

from bot.checkins import texts
from bot.checkins.buttons import (
    AttendanceAct,
    AttendanceButton,
    CheckinAct,
    CheckinButton,
    FeedbackAct,
    FeedbackButton,
)
from bot.concerns import texts as concern_texts
from bot.sessions.ideas import suggestions_for
from bot.texts import common as common_texts
from bot.understanding import texts as understanding_texts
from tests.builders import Programme
from tests.checkins.helpers import (
    DONE,
    NEXT_STARTS,
    NURSE_NO,
    PROMPT_AT,
    REMINDER_AT,
    SKIP,
    WELL,
    checkin_messages,
    feedback_messages,
    meeting_day,
    to_prompt,
    walk_checkin,
)
from tests.harness import BotHarness


async def test_a_psf_taps_through_the_check_in_and_peers_are_asked(bot: BotHarness) -> None:
    """From the prompt: tick who came, a face, a few words, Skip, nothing in the way, no nurse;
    the summary shows it all, and the peers who came get "How was today?"."""
    day = await meeting_day(bot)
    psf, peers = day.world.psf, day.world.peers
    await to_prompt(bot)
    prompt = psf.last
    assert "Check-in time: how did today's meeting go?" in prompt.text
    assert prompt.buttons[:3] == [
        ["✅ Peer1 — came"],
        ["✅ Peer2 — came"],
        ["⬜ Peer3 — not ticked"],
    ]
    await bot.press(psf, "⬜ Peer3 — not ticked")
    await bot.press(psf, texts.PLUS, message_id=prompt.message_id)
    assert "So far: <b>4 people</b> came." in psf.last.text
    assert [texts.without_telegram_label(1)] in psf.last.buttons
    assert [texts.MINUS, texts.PLUS] in psf.last.buttons
    await walk_checkin(bot, psf, well="Everyone joined in")
    summary = psf.last.text
    assert "Thank you — your check-in is saved." in summary
    assert "Who came: 4 people — Peer1, Peer2, Peer3, 1 without Telegram" in summary
    assert "Everyone joined in" in summary and "How it went: 🙂 Well" in summary
    for peer in peers:
        [question] = feedback_messages(peer)
        assert "How was today's meeting for you?" in question.text
    await bot.press(peers[0], texts.RATING_LABELS["helpful"])
    assert peers[0].callback_answers[-1] == texts.feedback_thanks("helpful")
    assert texts.chosen(texts.RATING_LABELS["helpful"]) in peers[0].last.buttons[0]
    async with bot.services.db.read() as repos:
        assert await repos.checkins.feedback_counts(day.meeting.id) == {"helpful": 1}


async def test_the_second_facilitator_confirms_the_first_ones_ticks(bot: BotHarness) -> None:
    """One PSF ticks who came; the other opens the check-in from the menu and sees those ticks
    to confirm; peers are asked only once."""
    day = await meeting_day(bot)
    first, second = day.world.psfs
    await to_prompt(bot)
    await bot.press(first, "✅ Peer2 — came")
    await bot.press(first, DONE)
    await bot.send(second, texts.MENU_LABEL)
    screen = second.last
    assert "Psf1 has ticked who came" in screen.text
    assert screen.buttons[:3] == [
        ["✅ Peer1 — came"],
        ["⬜ Peer2 — not ticked"],
        ["⬜ Peer3 — not ticked"],
    ]
    await bot.press(second, DONE)
    assert "Check-in 2 of 5" in second.last.text
    assert not second.last.text.startswith("Thank you. Peer1")  # already told by Psf1
    assert len(feedback_messages(day.world.peers[0])) == 1


async def test_stickers_and_long_words_get_a_kind_answer_and_the_step_waits(
    bot: BotHarness,
) -> None:
    """Where words are expected: a sticker or photo gets a kind answer, 5,000 characters are
    refused with the limit, and the step still waits for the words."""
    day = await meeting_day(bot)
    psf = day.world.psf
    await to_prompt(bot)
    await bot.press(psf, DONE)
    await bot.press(psf, WELL)
    psf.send_sticker()
    await bot.settle()
    assert psf.last.text == texts.NOT_WORDS
    psf.send_photo()
    await bot.settle()
    assert psf.last.text == texts.NOT_WORDS
    before = len(psf.inbox)
    await bot.send(psf, "x" * 9000)  # Telegram splits it: 4,096 characters, twice, then the rest
    assert len(psf.inbox) == before + 1
    assert "under 1,000 characters" in psf.last.text
    await bot.send(psf, "Good chat")  # typed after the answer, even in the same second
    assert "What worked less well?" in psf.last.text
    async with bot.services.db.read() as repos:
        checkin = await repos.checkins.get(day.meeting.id, day.world.person_id(psf))
    assert checkin is not None and checkin.went_well == "Good chat"


async def test_a_menu_tap_half_way_and_coming_back_resumes(bot: BotHarness) -> None:
    """Tapping another menu button half way stops the waiting; ✅ Check-in later carries on at
    the same question."""
    day = await meeting_day(bot)
    psf = day.world.psf
    await to_prompt(bot)
    await bot.press(psf, DONE)
    await bot.press(psf, WELL)
    await bot.send(psf, "📅 Meetings")
    await bot.send(psf, "Some words")
    assert psf.last.text == understanding_texts.UNSURE  # not taken as the check-in answer
    await bot.send(psf, texts.MENU_LABEL)
    assert "What worked well?" in psf.last.text
    await bot.send(psf, "Some words")
    assert "What worked less well?" in psf.last.text


async def test_a_finished_check_in_shows_its_answers_and_can_be_changed(bot: BotHarness) -> None:
    """The menu shows a finished check-in's answers; a face, the words and the ticks can be
    changed, and the group's "we missed you" switched off."""
    day = await meeting_day(bot)
    psf = day.world.psf
    await to_prompt(bot)
    await walk_checkin(bot, psf, well="The quiz")
    await bot.send(psf, texts.MENU_LABEL)
    assert "<b>Your check-in is saved.</b>" in psf.last.text
    await bot.press(psf, texts.EDIT_LABELS["mood"])
    await bot.press(psf, texts.MOOD_LABELS[5])
    assert "How it went: 😄 Very well" in psf.last.text
    await bot.press(psf, texts.EDIT_LABELS["well"])
    assert "You wrote: <i>The quiz</i>" in psf.last.text
    await bot.send(psf, "The quiz and the tea")
    assert "Worked well: <i>The quiz and the tea</i>" in psf.last.text
    await bot.press(psf, texts.EDIT_LABELS["well"])
    await bot.press(psf, texts.REMOVE)
    assert "Worked well: <i>skipped</i>" in psf.last.text
    await bot.press(psf, texts.EDIT_LABELS["att"])
    await bot.press(psf, "✅ Peer1 — came")
    await bot.press(psf, DONE)
    assert "Who came: 1 person — Peer2" in psf.last.text
    await bot.press(psf, texts.missed_you_label(True))
    assert texts.missed_you_label(False) in psf.last.buttons[-1]
    async with bot.services.db.read() as repos:
        assert await repos.checkins.missed_you(day.world.group.id) is False


async def test_menu_without_a_meeting_says_what_will_happen(bot: BotHarness) -> None:
    """Before any meeting, ✅ Check-in says the check-in will come after a meeting; peers have
    no such button."""
    world = await Programme.build(bot)
    await bot.send(world.psf, "/start")
    assert any(texts.MENU_LABEL in row for row in world.psf.keyboard or [])
    await bot.send(world.psf, texts.MENU_LABEL)
    assert world.psf.last.text == texts.NOTHING_YET
    await bot.send(world.peer, "/start")
    assert not any(texts.MENU_LABEL in row for row in world.peer.keyboard or [])


async def test_forged_buttons_for_another_group_change_nothing(bot: BotHarness) -> None:
    """A PSF of another group, and a peer, pressing check-in buttons for this meeting are
    refused; an index that points at nothing gets "doesn't work any more"."""
    day = await meeting_day(bot)
    other = await Programme.build(bot, group_name="Hadleigh", first_id=2000)
    await to_prompt(bot)
    await bot.send(other.psf, "/start")
    peer3 = day.world.person_id(day.world.peers[2])
    forged = [
        AttendanceButton(day.meeting.id, AttendanceAct.MARK, peer3).pack(),
        AttendanceButton(day.meeting.id, AttendanceAct.DONE).pack(),
        CheckinButton(day.meeting.id, CheckinAct.MOOD, 1).pack(),
        CheckinButton(day.meeting.id, CheckinAct.MISSED_YOU, 0).pack(),
    ]
    for user in (other.psf, day.world.peer):
        for data in forged:
            await bot.press_data(user, data)
            assert user.callback_answers[-1] == common_texts.NOT_ALLOWED
    psf = day.world.psf
    for data in (
        CheckinButton(day.meeting.id, CheckinAct.CHIP, 99).pack(),
        AttendanceButton(day.meeting.id, AttendanceAct.REASON, 7).pack(),
        CheckinButton(day.meeting.id, CheckinAct.EDIT, 5).pack(),
        CheckinButton(day.meeting.id, CheckinAct.NURSE, 5).pack(),
        "kin:1:mood",
        "katt:x:done:0",
    ):
        await bot.press_data(psf, data)
        assert psf.callback_answers[-1] == common_texts.STALE_BUTTON
    await bot.press_data(psf, CheckinButton(day.meeting.id, CheckinAct.MOOD, 9).pack())
    assert psf.callback_answers[-1] == texts.PROBLEM["stale"]
    await bot.press_data(psf, AttendanceButton(day.meeting.id, AttendanceAct.MARK, 999_999).pack())
    assert psf.callback_answers[-1] == texts.PROBLEM["not on the list"]
    async with bot.services.db.read() as repos:
        assert await repos.checkins.marks(day.meeting.id) == {}
        assert await repos.checkins.attendance(day.meeting.id) is None
        assert await repos.checkins.missed_you(day.world.group.id) is True
        assert [c.person_id for c in await repos.checkins.for_meeting(day.meeting.id)] == []


async def test_we_didnt_meet_asks_why_then_the_nurse(bot: BotHarness) -> None:
    """ "We didn't meet" asks why with one tap; "We did meet after all" goes back to the list;
    after the reason comes the nurse question, and the summary says so."""
    day = await meeting_day(bot)
    psf = day.world.psf
    await to_prompt(bot)
    await bot.press(psf, texts.NOT_MET)
    assert "Why didn't the group meet?" in psf.last.text
    await bot.press(psf, texts.MET_AFTER_ALL)
    assert "✅ Peer1 — came" in psf.last.buttons[0]
    await bot.press(psf, texts.NOT_MET)
    await bot.press(psf, texts.NOT_MET_LABELS["nobody"])
    assert "Check-in 2 of 2" in psf.last.text
    await bot.press(psf, NURSE_NO)
    assert "The group didn't meet: nobody came." in psf.last.text
    assert feedback_messages(day.world.peer) == []


async def test_asking_for_the_nurse_carries_on_as_a_concern(bot: BotHarness) -> None:
    """Yes to the nurse: the safety question comes next, and the concern the nurse gets holds
    the check-in's words."""
    day = await meeting_day(bot)
    psf = day.world.psf
    await to_prompt(bot)
    await bot.press(psf, DONE)
    await bot.press(psf, texts.MOOD_LABELS[2])
    await bot.press(psf, SKIP)
    await bot.send(psf, "Carol cried about her husband")
    await bot.press(psf, texts.chip_label(texts.OBSTACLE_LABELS["upsetting"], False))
    await bot.press(psf, texts.OBSTACLES_DONE)
    await bot.press(psf, texts.NURSE_YES)
    assert psf.texts[-2] == texts.NURSE_NEXT
    assert psf.last.text == concern_texts.DANGER_QUESTION
    await bot.press(psf, concern_texts.DANGER_NO)
    await bot.press(psf, concern_texts.CATEGORY_LABELS[next(iter(concern_texts.CATEGORY_LABELS))])
    assert "Carol cried about her husband" in psf.last.text
    await bot.press(psf, concern_texts.SEND)
    nurse = day.world.nurse
    assert nurse is not None
    await bot.sweep(at=PROMPT_AT + timedelta(hours=1))
    assert any("Carol cried about her husband" in t for t in nurse.texts)


async def test_a_peer_suggests_a_topic_after_the_meeting(bot: BotHarness) -> None:
    """ "Suggest a topic": a sticker gets a kind answer, an overlong one the limit, and the
    words go to the group's suggestions with the meeting; "Never mind" stops waiting."""
    day = await meeting_day(bot)
    psf, peer = day.world.psf, day.world.peer
    await to_prompt(bot)
    await bot.press(psf, DONE)
    await bot.press(peer, texts.SUGGEST)
    assert "What would you like Lavenham Circle to talk about" in peer.last.text
    peer.send_sticker()
    await bot.settle()
    assert peer.last.text == texts.TOPIC_NOT_WORDS
    await bot.send(peer, "y" * 400)
    assert "under 300 characters" in peer.last.text
    await bot.send(peer, " ")
    assert peer.last.text == texts.TOPIC_PROBLEM["empty"]
    await bot.send(peer, "Holidays and insulin")
    assert peer.last.text == texts.TOPIC_THANKS
    await bot.press(peer, texts.SUGGEST)
    await bot.press(peer, texts.TOPIC_CANCEL)
    assert peer.last.text == texts.TOPIC_CANCELLED
    await bot.send(peer, "Another")
    assert peer.last.text == understanding_texts.UNSURE  # no longer kept as a topic
    async with bot.services.db.read() as repos:
        [topic] = await suggestions_for(repos, day.world.group.id)
    assert topic.text == "Holidays and insulin" and topic.meeting_id == day.meeting.id


async def test_a_peer_who_didnt_come_cannot_answer_for_the_meeting(bot: BotHarness) -> None:
    """A forged "How was today?" from a peer not ticked is answered kindly and not kept."""
    day = await meeting_day(bot)
    await to_prompt(bot)
    await bot.press(day.world.psf, DONE)
    absent = day.world.peers[2]
    await bot.send(absent, "/start")
    await bot.press_data(absent, FeedbackButton(day.meeting.id, FeedbackAct.RATE, 0).pack())
    assert absent.callback_answers[-1] == texts.PROBLEM["not present"]
    async with bot.services.db.read() as repos:
        assert await repos.checkins.feedback_counts(day.meeting.id) == {}


async def test_prompt_and_reminder_are_not_sent_once_done(bot: BotHarness) -> None:
    """Finished before the reminder: nothing more; after the next meeting has started, an old
    check-in button says it's closed."""
    day = await meeting_day(bot)
    psf = day.world.psf
    await to_prompt(bot)
    old = psf.last
    await walk_checkin(bot, psf)
    await bot.sweep(at=REMINDER_AT)
    assert [m.text for m in checkin_messages(psf) if "gentle reminder" in m.text] == []
    assert any("gentle reminder" in t for t in day.world.psfs[1].texts)
    await bot.sweep(at=NEXT_STARTS + timedelta(minutes=5))
    edit = CheckinButton(day.meeting.id, CheckinAct.EDIT, 1).pack()
    psf.press_data(edit, message_id=old.message_id)
    await bot.settle()
    assert psf.callback_answers[-1] == texts.PROBLEM["closed"]


async def test_the_peers_feedback_stays_with_the_meeting(bot: BotHarness) -> None:
    """Every peer ticked can answer once (changeable), and only the counts reach the PSFs."""
    day = await meeting_day(bot)
    await to_prompt(bot)
    await bot.press(day.world.psf, DONE)
    await bot.press(day.world.peers[0], texts.RATING_LABELS["ok"])
    await bot.press(day.world.peers[1], texts.RATING_LABELS["not_for_me"])
    await bot.press(day.world.peers[1], texts.RATING_LABELS["helpful"])
    async with bot.services.db.read() as repos:
        counts = await repos.checkins.feedback_counts(day.meeting.id)
    assert counts == {"ok": 1, "helpful": 1}


async def test_the_reminder_waits_for_words_where_the_psf_stopped(bot: BotHarness) -> None:
    """Stopped before "What worked well?": next morning's reminder opens there and the words
    typed after it are kept."""
    day = await meeting_day(bot)
    psf = day.world.psf
    await to_prompt(bot)
    await bot.press(psf, DONE)
    await bot.press(psf, WELL)
    await bot.send(psf, "📅 Meetings")  # wandered off; nothing waits for words any more
    await bot.sweep(at=REMINDER_AT)
    assert "A gentle reminder" in psf.last.text
    assert "yesterday's meeting" in psf.last.text and "What worked well?" in psf.last.text
    await bot.send(psf, "The new venue")
    assert "What worked less well?" in psf.last.text
