"""Meetings through the real Application: PSFs plan with taps, members answer, nothing is lost."""

from __future__ import annotations

import json
from datetime import time, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar

from bot.meetings import rules as meetings
from bot.meetings import texts
from bot.meetings.buttons import (
    GroupAction,
    GroupMeetings,
    MeetingAction,
    MeetingButton,
    PlanButton,
    PlanStep,
)
from bot.membership import account_texts, invites, joining_texts
from bot.models import Answer, Meeting, Role
from bot.texts import common as common_texts
from tests.builders import Programme
from tests.harness import BotHarness
from tests.meetings.helpers import plan, plan_with_taps, quick_taps, utc

GOING, MAYBE, CANT = (texts.ANSWER_LABELS[a] for a in (Answer.YES, Answer.MAYBE, Answer.NO))


@pytest.fixture(autouse=True)
def _quick_taps(monkeypatch: pytest.MonkeyPatch) -> None:
    quick_taps(monkeypatch)


async def _meetings_of(bot: BotHarness, world: Programme) -> list[Meeting]:
    async with bot.services.db.read() as repos:
        return await meetings.upcoming_meetings(repos, world.group.id, bot.clock.now())


async def test_menus_offer_meetings_to_peers_and_psfs(bot: BotHarness) -> None:
    """Peers see 📅 Our meetings and PSFs 📅 Meetings, first on their menus."""
    world = await Programme.build(bot)
    await bot.send(world.peer, "/start")
    await bot.send(world.psf, "/start")
    assert world.peer.keyboard is not None and world.peer.keyboard[0][0] == texts.PEER_MENU_LABEL
    assert world.psf.keyboard is not None and world.psf.keyboard[0][0] == texts.PSF_MENU_LABEL


async def test_psf_plans_six_meetings_with_taps_and_everyone_gets_the_dates(
    bot: BotHarness,
) -> None:
    """Six monthly meetings planned with taps; every other member gets all dates in one message."""
    world = await Programme.build(bot)
    await plan_with_taps(bot, world.psf)
    assert "Saved 6 meetings" in world.psf.last.text
    assert len(await _meetings_of(bot, world)) == 6
    for user in world.peers + world.psfs[1:]:
        news = user.last
        assert "New meeting dates for Lavenham Circle" in news.text
        assert "Psf1 has planned" in news.text
        assert news.text.count("• ") == 6 and "Tuesday 17 November, 10:30–12:00" in news.text
        assert news.buttons == [[GOING, MAYBE], [CANT], [texts.ADD_TO_CALENDAR]]
    assert not [t for t in world.psf.texts if "New meeting dates" in t]


async def test_the_check_screen_points_out_bank_holidays(bot: BotHarness) -> None:
    """A one-off meeting on Christmas Day is shown with a bank-holiday warning before saving."""
    world = await Programme.build(bot)
    await bot.send(world.psf, "/start")
    await bot.send(world.psf, texts.PSF_MENU_LABEL)
    await bot.press(world.psf, texts.PLAN)
    await bot.press(world.psf, texts.PATTERN_LABELS[4])
    await bot.press(world.psf, texts.NEXT_MONTH)
    await bot.press(world.psf, "25")
    await bot.press(world.psf, "10:30")
    await bot.press(world.psf, "Village Hall")
    check = world.psf.last.text
    assert "Friday 25 December, 10:30–12:00" in check
    assert "bank holiday (Christmas Day)" in check


async def test_answers_show_in_the_psfs_live_headcount(bot: BotHarness) -> None:
    """A peer taps Going; it is ticked for them and shows in the PSF's headcount on refresh."""
    world = await Programme.build(bot)
    await plan_with_taps(bot, world.psf)
    await bot.send(world.psf, texts.PSF_MENU_LABEL)
    await bot.press(world.psf, "Tue 17 Nov, 10:30")
    await bot.press(world.psf, texts.WHO_IS_COMING)
    assert "No answer yet (5)" in world.psf.last.text
    await bot.press(world.peer, GOING)
    assert world.peer.callback_answers[-1] == texts.answered(Answer.YES)
    assert world.peer.last.buttons[0] == [texts.chosen(GOING), MAYBE]
    assert world.peer.last.text.endswith("You said: <b>Going</b>.")  # in words, not only ✔
    await bot.press(world.peer, MAYBE)
    assert world.peer.last.text.count("You said:") == 1
    assert world.peer.last.text.endswith("You said: <b>Maybe</b>.")
    await bot.press(world.peer, GOING)
    await bot.press(world.peers[1], CANT)
    await bot.press(world.psf, texts.REFRESH)
    board = world.psf.last.text
    assert "Going (1)</b>\n• Peer1" in board
    assert "Can't come (1)</b>\n• Peer2" in board
    assert "No answer yet (3)" in board


async def test_reminders_arrive_at_local_times_with_answer_buttons(bot: BotHarness) -> None:
    """Reminders come 7 days and 1 day before at 10:30 local; the first offers the .ics."""
    world = await Programme.build(bot)
    await plan_with_taps(bot, world.psf)
    await bot.sweep(at=utc(2026, 11, 10, 10, 29))
    assert not [t for t in world.peer.texts if "Reminder" in t]
    await bot.sweep(at=utc(2026, 11, 10, 10, 30))
    first = world.peer.last
    assert "Reminder: Lavenham Circle meets on Tuesday 17 November" in first.text
    assert first.buttons == [[GOING, MAYBE], [CANT], [texts.ADD_TO_CALENDAR]]
    await bot.press(world.peer, MAYBE)
    await bot.sweep(at=utc(2026, 11, 16, 10, 30))
    second = world.peer.last
    assert "meets tomorrow" in second.text
    assert second.buttons == [[GOING, texts.chosen(MAYBE)], [CANT]]


async def test_calendar_file_on_request_from_the_meetings_list(bot: BotHarness) -> None:
    """A peer opens a meeting from 📅 Our meetings, answers, and gets its calendar file."""
    world = await Programme.build(bot)
    await plan(bot, world, count=2)
    await bot.send(world.peer, "/start")
    await bot.send(world.peer, texts.PEER_MENU_LABEL)
    assert "Tuesday 17 November, 10:30–12:00, Village Hall, Church Street" in world.peer.last.text
    await bot.press(world.peer, "Tue 17 Nov, 10:30")
    await bot.press(world.peer, GOING)
    await bot.press(world.peer, texts.BACK)
    assert "you said going" in world.peer.last.text
    await bot.press(world.peer, "Tue 17 Nov, 10:30")
    await bot.press(world.peer, texts.ADD_TO_CALENDAR)
    document = world.peer.last.document
    assert document is not None and document.file_name == "Lavenham Circle 17 Nov.ics"
    event = Calendar.from_ical(document.data).walk("VEVENT")[0]
    assert int(event["SEQUENCE"]) == 0 and "Village Hall" in str(event["LOCATION"])


async def test_moving_a_meeting_tells_everyone_and_raises_the_sequence(bot: BotHarness) -> None:
    """The PSF moves a meeting with taps; members are told once, with a newer calendar file."""
    world = await Programme.build(bot)
    await plan_with_taps(bot, world.psf)
    await bot.press(world.peer, GOING)
    await bot.send(world.psf, texts.PSF_MENU_LABEL)
    await bot.press(world.psf, "Tue 17 Nov, 10:30")
    await bot.press(world.psf, texts.MOVE)
    await bot.press(world.psf, "19")
    await bot.press(world.psf, texts.keep_time(time(10, 30)))
    assert "to <b>Thursday 19 November, 10:30–12:00</b>" in world.psf.last.text
    await bot.press(world.psf, texts.YES_MOVE)
    assert "Moved. I'm telling 4 people now" in world.psf.last.text
    for user in world.peers + world.psfs[1:]:
        changes = [t for t in user.texts if "Change:" in t]
        assert len(changes) == 1
        assert "It was: Tuesday 17 November, 10:30" in changes[0]
        assert "Thursday 19 November, 10:30–12:00" in changes[0]
    assert "please tell us again" in world.peer.last.text
    assert world.peer.last.buttons[0] == [GOING, MAYBE]  # the old answer was for the old day
    await bot.press(world.peer, texts.ADD_TO_CALENDAR)
    document = world.peer.last.document
    assert document is not None
    event = Calendar.from_ical(document.data).walk("VEVENT")[0]
    assert int(event["SEQUENCE"]) == 1
    await bot.sweep(at=utc(2026, 11, 12, 10, 30))
    assert "Reminder: Lavenham Circle meets on Thursday 19 November" in world.peer.last.text


async def test_cancelling_tells_everyone_and_stops_reminders(bot: BotHarness) -> None:
    """Cancel asks to confirm, then everyone is told and no reminder follows."""
    world = await Programme.build(bot)
    await plan_with_taps(bot, world.psf, count="3")
    await bot.send(world.psf, texts.PSF_MENU_LABEL)
    await bot.press(world.psf, "Tue 17 Nov, 10:30")
    await bot.press(world.psf, texts.CANCEL)
    await bot.press(world.psf, texts.NO_KEEP)
    assert len(await _meetings_of(bot, world)) == 3
    await bot.press(world.psf, texts.CANCEL)
    await bot.press(world.psf, texts.YES_CANCEL)
    assert "cancelled" in world.psf.last.text
    assert len(await _meetings_of(bot, world)) == 2
    notice = world.peer.last
    assert "Cancelled: the Lavenham Circle meeting of Tuesday 17 November" in notice.text
    assert "The next meeting is:" in notice.text and "Tuesday 15 December" in notice.text
    await bot.press(world.peer, texts.REMOVE_FROM_CALENDAR)
    document = world.peer.last.document
    assert document is not None and b"METHOD:CANCEL" in document.data
    await bot.sweep(at=utc(2026, 11, 16, 10, 30))
    assert not [t for t in world.peer.texts if "Reminder" in t]
    news = next(m for m in world.peer.inbox if "New meeting dates" in m.text)
    await bot.press(world.peer, GOING, message_id=news.message_id)
    assert world.peer.callback_answers[-1] == texts.MEETING_PROBLEM["cancelled"]


async def test_a_new_venue_is_typed_with_bad_input_answered_kindly(bot: BotHarness) -> None:
    """Name, address and notes are typed; a sticker and a 5,000-character paste are answered
    and change nothing; notes that sound like an emergency get the numbers first and are still
    kept; then the place is saved and used."""
    world = await Programme.build(bot)
    psf = world.psf
    await bot.send(psf, "/start")
    await bot.send(psf, texts.PSF_MENU_LABEL)
    await bot.press(psf, texts.PLAN)
    await bot.press(psf, texts.PATTERN_LABELS[4])
    await bot.press(psf, "18")
    await bot.press(psf, "14:00")
    await bot.press(psf, texts.NEW_VENUE)
    assert psf.last.text == texts.ASK_VENUE_NAME
    psf.send_sticker()
    await bot.settle()
    assert psf.last.text == texts.NEED_TEXT
    await bot.send(psf, "x" * 5000)
    assert "under 80 characters" in psf.last.text
    async with bot.services.db.read() as repos:
        assert await repos.meetings.venues_of(world.group.id) == []
    await bot.send(psf, "  Old   School <Room>  ")
    assert psf.last.text == texts.ASK_VENUE_ADDRESS
    await bot.send(psf, "Church Street, Lavenham")
    before = len(psf.inbox)
    await bot.send(psf, "Emergency exit at the back. If anyone collapses ring 999, defib by door")
    answers = [m.text for m in psf.inbox[before:]]
    assert "999" in answers[0] and "Saved:" in answers[-1]
    assert "Emergency exit at the back" in answers[-1]
    check = psf.last.text
    assert "Saved: <b>Old School &lt;Room&gt;</b>" in check
    assert "Wednesday 18 November, 14:00–15:30" in check
    assert "Old School &lt;Room&gt;, Church Street, Lavenham" in check
    await bot.press(psf, texts.SAVE)
    assert "Saved 1 meeting" in psf.last.text
    assert "Old School &lt;Room&gt;" in world.peer.last.text


async def test_a_typed_time_is_repeated_back_and_nonsense_refused(bot: BotHarness) -> None:
    """'2.15pm' is understood and repeated back as 14:15; 'tomorrow' and '03:00' are refused."""
    world = await Programme.build(bot)
    psf = world.psf
    await bot.send(psf, "/start")
    await bot.send(psf, texts.PSF_MENU_LABEL)
    await bot.press(psf, texts.PLAN)
    await bot.press(psf, texts.PATTERN_LABELS[4])
    await bot.press(psf, "18")
    await bot.press(psf, texts.OTHER_TIME)
    await bot.send(psf, "tomorrow")
    assert psf.last.text == texts.TIME_NOT_UNDERSTOOD
    await bot.send(psf, "03:00")
    assert psf.last.text == texts.MEETING_PROBLEM["odd time"]
    await bot.send(psf, "2.15pm")
    assert psf.last.text.startswith("Start time: <b>14:15</b>.")
    assert "Where will the group meet?" in psf.last.text


async def test_stop_ends_planning_and_old_buttons_stop_working(bot: BotHarness) -> None:
    """Stop saves nothing; a button of the stopped plan then says it doesn't work any more."""
    world = await Programme.build(bot)
    psf = world.psf
    await bot.send(psf, "/start")
    await bot.send(psf, texts.PSF_MENU_LABEL)
    await bot.press(psf, texts.PLAN)
    wizard = psf.last.message_id
    await bot.press(psf, texts.STOP)
    assert psf.last.text == texts.STOPPED
    data = PlanButton(1, PlanStep.PATTERN, 0).pack()
    await bot.press_data(psf, data)
    assert psf.callback_answers[-1] == common_texts.STALE_BUTTON
    async with bot.services.db.read() as repos:
        assert await repos.meetings.draft(world.person_id(psf)) is None
    assert wizard


async def test_planning_carries_on_after_a_restart(tmp_path: Path) -> None:
    """Half-way through planning the bot restarts; the PSF carries on where they were."""
    async with BotHarness.fast(tmp_path) as first:
        world = await Programme.build(first)
        psf_id = world.psf.id
        await first.send(world.psf, "/start")
        await first.send(world.psf, texts.PSF_MENU_LABEL)
        await first.press(world.psf, texts.PLAN)
        await first.press(world.psf, texts.PATTERN_LABELS[0])
        await first.press(world.psf, "17")
    async with BotHarness.fast(tmp_path) as second:
        psf = second.user(psf_id, "Psf1")
        psf.has_chat = True
        await second.send(psf, texts.PSF_MENU_LABEL)
        await second.press(psf, texts.CARRY_ON)
        assert "You chose Tuesday 17 November" in psf.last.text
        await second.press(psf, "10:30")
        await second.press(psf, "Village Hall")
        await second.press(psf, "4")
        await second.press(psf, texts.SAVE)
        assert "Saved 4 meetings" in psf.last.text


async def test_forged_buttons_for_another_group_change_nothing(bot: BotHarness) -> None:
    """Buttons naming another group's meeting or group are refused and change nothing."""
    world = await Programme.build(bot)
    other = await Programme.build(bot, group_name="Sudbury Circle", first_id=2000, with_nurse=False)
    theirs = (await plan(bot, other, count=1))[0]
    ours = (await plan(bot, world, count=1))[0]
    psf, peer = world.psf, world.peer
    await bot.send(psf, "/start")
    await bot.send(peer, "/start")
    forged = [
        (peer, f"rsvp:{theirs.id}:yes"),
        (peer, f"mcal:{theirs.id}"),
        (psf, MeetingButton(MeetingAction.MANAGE, theirs.id).pack()),
        (psf, MeetingButton(MeetingAction.CANCEL_YES, theirs.id).pack()),
        (psf, MeetingButton(MeetingAction.NUDGE, theirs.id).pack()),
        (psf, GroupMeetings(GroupAction.PLAN, other.group.id).pack()),
        (psf, GroupMeetings(GroupAction.TOGGLE_DAY, other.group.id, 3).pack()),
        (psf, GroupMeetings(GroupAction.SLIP_PDF, other.group.id).pack()),
        (peer, MeetingButton(MeetingAction.CANCEL_YES, ours.id).pack()),  # a peer, not a PSF
        (peer, GroupMeetings(GroupAction.MANAGE, world.group.id).pack()),
        (peer, "rsvp:999999:yes"),
    ]
    for user, data in forged:
        before = len(user.inbox)
        await bot.press_data(user, data)
        assert user.callback_answers[-1] == common_texts.NOT_ALLOWED, data
        assert len(user.inbox) == before
    for user, data in [
        (peer, "rsvp:abc:yes"),
        (peer, f"rsvp:{ours.id}:perhaps"),
        (psf, "mt:explode:1"),
    ]:
        await bot.press_data(user, data)
        assert user.callback_answers[-1] == common_texts.STALE_BUTTON
    stranger = bot.user(9999, "Stranger")
    stranger.has_chat = True
    await bot.send(stranger, "/start")
    await bot.press_data(stranger, f"rsvp:{ours.id}:yes")
    assert stranger.callback_answers[-1] == common_texts.NOT_ALLOWED
    async with bot.services.db.read() as repos:
        assert await repos.meetings.rsvps(theirs.id) == {}
        assert await repos.meetings.rsvps(ours.id) == {}
        assert (await repos.meetings.get(theirs.id)).status.value == "scheduled"  # type: ignore[union-attr]
        assert (await repos.meetings.get(ours.id)).status.value == "scheduled"  # type: ignore[union-attr]
        assert await repos.meetings.reminder_offsets(other.group.id) is None
        assert await repos.meetings.draft(world.person_id(psf)) is None


async def test_answering_after_the_start_is_refused_kindly(bot: BotHarness) -> None:
    """A tap on Going once the meeting has started says so and records nothing."""
    world = await Programme.build(bot)
    await plan_with_taps(bot, world.psf, count="3")
    first = (await _meetings_of(bot, world))[0]
    await bot.sweep(at=first.starts_at + timedelta(minutes=5))
    news = next(m for m in world.peer.inbox if "New meeting dates" in m.text)
    await bot.press(world.peer, GOING, message_id=news.message_id)
    assert world.peer.callback_answers[-1] == texts.MEETING_PROBLEM["started"]
    async with bot.services.db.read() as repos:
        assert await repos.meetings.rsvps(first.id) == {}


async def test_cant_come_on_the_day_is_told_to_the_psfs(bot: BotHarness) -> None:
    """A peer who said Going taps Can't come on the morning: both PSFs hear at once."""
    world = await Programme.build(bot)
    await plan_with_taps(bot, world.psf, count="3")
    await bot.press(world.peer, GOING)
    await bot.sweep(at=utc(2026, 11, 17, 8, 0))
    await bot.press(world.peer, CANT)
    for psf in world.psfs:
        assert "<b>Peer1</b> can't come to the meeting today at 10:30 after all" in psf.last.text


async def test_a_blocked_peer_gets_no_more_reminders_and_psfs_are_told_once(
    bot: BotHarness,
) -> None:
    """Reminders to a peer who blocked the bot stop; each PSF is told once."""
    world = await Programme.build(bot)
    await plan_with_taps(bot, world.psf, count="3")
    world.peer.block()
    await bot.settle()
    await bot.sweep(at=utc(2026, 11, 10, 10, 30))
    await bot.sweep(at=utc(2026, 11, 16, 10, 30))
    for psf in world.psfs:
        assert len([t for t in psf.texts if "not getting through" in t]) == 1
    async with bot.services.db.read() as repos:
        person = await repos.people.get(world.person_id(world.peer))
        sent = await repos.deliveries.count(state="sent", kind=meetings.REMINDER)
    assert person is not None and person.unreachable_at is not None
    assert sent == 2 * 4  # two reminders each for the four others
    assert not [t for t in world.peer.texts if "Reminder" in t]


async def test_a_peer_blocked_before_anyone_noticed_is_found_by_the_reminder(
    bot: BotHarness,
) -> None:
    """The first reminder to a peer who blocked the bot marks them; PSFs told once; no retry."""
    world = await Programme.build(bot)
    await plan_with_taps(bot, world.psf, count="3")
    world.peer.blocked = True  # blocked without the bot hearing of it
    await bot.sweep(at=utc(2026, 11, 10, 10, 30))
    await bot.sweep(at=utc(2026, 11, 16, 10, 30))
    for psf in world.psfs:
        assert len([t for t in psf.texts if "not getting through" in t]) == 1
    attempts = [
        c
        for c in bot.telegram.calls
        if c.method == "sendMessage" and c.params.get("chat_id") == world.peer.id
    ]
    assert [c.status for c in attempts if c.status != 200] == [403]


async def test_psf_nudges_those_who_have_not_answered(bot: BotHarness) -> None:
    """📣 sends a short reminder to members without an answer, and says how many."""
    world = await Programme.build(bot)
    await plan_with_taps(bot, world.psf, count="3")
    await bot.press(world.peer, GOING)
    await bot.send(world.psf, texts.PSF_MENU_LABEL)
    await bot.press(world.psf, "Tue 17 Nov, 10:30")
    await bot.press(world.psf, texts.NUDGE)
    assert "It goes to 3 people who have not answered" in world.psf.last.text
    assert "would love to know" in world.peers[1].last.text
    assert not [t for t in world.peer.texts if "would love to know" in t]
    await bot.press(world.psf, texts.NUDGE)
    assert world.psf.last.text == texts.ALREADY_NUDGED


async def test_printable_slip_as_pdf_and_picture(bot: BotHarness) -> None:
    """The PSF gets the next dates as a PDF and as a PNG, drawn off the event loop."""
    world = await Programme.build(bot)
    await plan(bot, world)
    await bot.send(world.psf, "/start")
    await bot.send(world.psf, texts.PSF_MENU_LABEL)
    await bot.press(world.psf, texts.SLIP)
    await bot.press(world.psf, texts.SLIP_PDF)
    pdf = world.psf.last.document
    assert pdf is not None and pdf.data.startswith(b"%PDF") and pdf.file_name.endswith(".pdf")
    await bot.press(world.psf, texts.SLIP_PNG)
    png = world.psf.last.document
    assert png is not None and png.data.startswith(b"\x89PNG")


async def test_reminder_days_are_switched_with_taps(bot: BotHarness) -> None:
    """The PSF switches off the day-before reminder and on the 3-day one; rows follow."""
    world = await Programme.build(bot)
    first = (await plan(bot, world, count=1))[0]
    await bot.send(world.psf, "/start")
    await bot.send(world.psf, texts.PSF_MENU_LABEL)
    await bot.press(world.psf, texts.REMINDER_DAYS)
    await bot.press(world.psf, texts.reminder_day_label(1, True))
    await bot.press(world.psf, texts.reminder_day_label(3, False))
    assert "<b>a week before, 3 days before</b>" in world.psf.last.text
    async with bot.services.db.read() as repos:
        rows = await repos.deliveries.pending_for(kind=meetings.REMINDER, subject_id=first.id)
    assert {row.variant for row in rows} == {"7d", "3d"}


async def test_someone_joining_later_gets_the_dates(bot: BotHarness) -> None:
    """A peer who joins by link after the dates were planned gets them and the reminders."""
    world = await Programme.build(bot)
    await plan_with_taps(bot, world.psf, count="3")
    async with bot.services.db.transaction() as repos:
        link = await invites.create_invite(
            repos, role=Role.PEER, group=world.group, now=bot.clock.now()
        )
    newcomer = bot.user(3001, "Nora")
    await bot.send(newcomer, f"/start {link.token}")
    await bot.press(newcomer, joining_texts.AGREE)
    dates = [t for t in newcomer.texts if "When Lavenham Circle meets" in t]
    assert len(dates) == 1 and dates[0].count("• ") == 3
    await bot.sweep(at=utc(2026, 11, 16, 10, 30))
    assert "meets tomorrow" in newcomer.last.text


async def test_claimed_reminders_are_sent_once_after_a_crash(tmp_path: Path) -> None:
    """Reminders claimed when the bot died are sent after the restart: none lost, none twice."""
    async with BotHarness.fast(tmp_path) as first:
        world = await Programme.build(first)
        await plan(first, world, count=1)
        ids = {u.id: world.person_id(u) for u in world.peers + world.psfs}
        first.clock.set(utc(2026, 11, 10, 10, 30))
        async with first.services.db.transaction() as repos:
            claimed = await repos.deliveries.claim_due(first.clock.now(), limit=100)
        # The bot "dies" here, before sending any: 5 reminders and 4 "new dates".
        assert len(claimed) == 9
    async with BotHarness.fast(tmp_path, start=utc(2026, 11, 10, 10, 31)) as second:
        users = [second.user(telegram_id) for telegram_id in ids]
        for user in users:
            user.has_chat = True
        await second.sweep()
        for user in users:
            assert len([t for t in user.texts if "Reminder" in t]) == 1
        assert sum(len([t for t in u.texts if "New meeting dates" in t]) for u in users) == 4
        await second.sweep(at=utc(2026, 11, 10, 12, 0))
        assert all(len([t for t in u.texts if "Reminder" in t]) == 1 for u in users)


async def test_my_data_lists_answers_and_forget_drops_a_half_made_plan(bot: BotHarness) -> None:
    """/mydata includes the person's meeting answers; /forget throws away their draft plan."""
    world = await Programme.build(bot)
    await plan_with_taps(bot, world.psf, count="3")
    await bot.press(world.peer, GOING)
    await bot.send(world.peer, "/mydata")
    assert "Tuesday 17 November at 10:30, Village Hall: you said Going." in world.peer.texts[-2]
    document = world.peer.last.document
    assert document is not None
    exported = json.loads(document.data)
    assert exported["meeting_answers"] == [
        {"meeting": "2026-11-17T10:30:00Z", "place": "Village Hall", "answer": "yes"}
    ]
    await bot.send(world.psf, texts.PSF_MENU_LABEL)
    await bot.press(world.psf, texts.PLAN)
    await bot.press(world.psf, texts.PATTERN_LABELS[0])
    await bot.send(world.psf, "/forget")
    await bot.press(world.psf, account_texts.YES_FORGET)
    async with bot.services.db.read() as repos:
        assert await repos.meetings.draft(world.person_id(world.psf)) is None
