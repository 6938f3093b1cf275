"""Meeting rules in the core, without Telegram: plans, reminder rows, moves, answers, catch-up."""

from __future__ import annotations

from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from bot.callbacks import BadCallback
from bot.meetings import drafts
from bot.meetings import rules as meetings
from bot.meetings.deliveries import render_change, render_nudge, render_reminder
from bot.meetings.messages import calendar_message
from bot.meetings.rules import MeetingError, ReminderRules
from bot.meetings.schedule import LAST, Pattern, SeriesSpec
from bot.models import Answer, Role
from tests.builders import Programme
from tests.harness import BotHarness
from tests.meetings.helpers import DAY, plan, quick_taps, reminder_rows, utc, venue

LONDON = ZoneInfo("Europe/London")


@pytest.fixture(autouse=True)
def _quick_taps(monkeypatch: pytest.MonkeyPatch) -> None:
    quick_taps(monkeypatch)


async def test_plan_saves_six_meetings_with_reminders_for_everyone(bot: BotHarness) -> None:
    """A monthly plan saves six meetings and a 7-day and 1-day reminder per member per meeting."""
    world = await Programme.build(bot)
    planned = await plan(bot, world)
    assert [m.starts_at.astimezone(LONDON).date() for m in planned] == [
        date(2026, 11, 17),
        date(2026, 12, 15),
        date(2027, 1, 19),
        date(2027, 2, 16),
        date(2027, 3, 16),
        date(2027, 4, 20),
    ]
    assert all(m.starts_at.astimezone(LONDON).time() == time(10, 30) for m in planned)
    assert all(m.ends_at - m.starts_at == timedelta(minutes=90) for m in planned)
    rows = await reminder_rows(bot, planned[0].id)
    members = [world.person_id(u) for u in world.psfs + world.peers]
    assert set(rows) == {(p, v) for p in members for v in ("7d", "1d")}
    assert rows[(members[0], "7d")] == utc(2026, 11, 10, 10, 30)
    assert rows[(members[0], "1d")] == utc(2026, 11, 16, 10, 30)


async def test_new_dates_go_to_everyone_but_the_planner(bot: BotHarness) -> None:
    """The news of new dates is one row per member, except the PSF who planned them."""
    world = await Programme.build(bot)
    await plan(bot, world)
    async with bot.services.db.read() as repos:
        news = await repos.deliveries.count(kind=meetings.NEW_DATES)
    assert news == len(world.psfs) + len(world.peers) - 1


async def test_planning_twice_does_not_duplicate_reminders(bot: BotHarness) -> None:
    """Arranging a member's reminders again changes nothing: the unique rule holds."""
    world = await Programme.build(bot)
    planned = await plan(bot, world, count=2)
    before = await reminder_rows(bot, planned[0].id)
    async with bot.services.db.transaction() as repos:
        for user in world.peers:
            await meetings.schedule_member_reminders(
                repos, world.group.id, world.person_id(user), bot.clock.now()
            )
    assert await reminder_rows(bot, planned[0].id) == before
    async with bot.services.db.read() as repos:
        assert await repos.deliveries.count(kind=meetings.REMINDER) == 2 * 2 * 5


async def test_meetings_in_the_past_are_refused(bot: BotHarness) -> None:
    """A plan whose first meeting has already begun is refused and nothing is saved."""
    world = await Programme.build(bot)
    with pytest.raises(MeetingError) as problem:
        await plan(bot, world, first=date(2026, 11, 4), at=time(9, 0))
    assert problem.value.reason == "past"
    async with bot.services.db.read() as repos:
        assert await meetings.upcoming_meetings(repos, world.group.id, bot.clock.now()) == []


@pytest.mark.parametrize(
    ("first", "nth", "expected_utc", "seven_days_before", "day_before"),
    [
        # The last Sunday of March: clocks go forward; 10:30 BST is 09:30 UTC.
        (
            date(2027, 2, 28),
            None,
            utc(2027, 3, 28, 9, 30),
            utc(2027, 3, 21, 10, 30),
            utc(2027, 3, 27, 10, 30),
        ),
        # The last Sunday of October: clocks go back; 10:30 GMT is 10:30 UTC.
        (
            date(2027, 9, 26),
            LAST,
            utc(2027, 10, 31, 10, 30),
            utc(2027, 10, 24, 9, 30),
            utc(2027, 10, 30, 9, 30),
        ),
    ],
)
async def test_series_stays_at_half_ten_across_the_clock_change(  # noqa: PLR0917 - parametrized
    bot: BotHarness,
    first: date,
    nth: int | None,
    expected_utc: object,
    seven_days_before: object,
    day_before: object,
) -> None:
    """A 10:30 series stays at 10:30 local on the clock-change Sunday, reminders too."""
    world = await Programme.build(bot)
    place = await venue(bot, world)
    spec = SeriesSpec(
        Pattern.MONTHLY_NTH_WEEKDAY, first, time(10, 30), 2, nth=nth, weekday=6 if nth else None
    )
    async with bot.services.db.transaction() as repos:
        planned = await meetings.plan_meetings(
            repos,
            group=world.group,
            spec=spec,
            venue=place,
            planner_id=None,
            now=bot.clock.now(),
            rules=ReminderRules(),
        )
    second = planned[1]
    assert second.starts_at == expected_utc
    assert second.starts_at.astimezone(LONDON).time() == time(10, 30)
    rows = await reminder_rows(bot, second.id)
    peer = world.person_id(world.peer)
    assert rows[(peer, "7d")] == seven_days_before
    assert rows[(peer, "1d")] == day_before
    assert rows[(peer, "1d")].astimezone(LONDON).time() == time(10, 30)


async def test_a_reminder_due_late_in_the_evening_goes_next_morning(bot: BotHarness) -> None:
    """A 21:30 meeting's day-before reminder would fall in quiet hours: it goes at 8:00."""
    world = await Programme.build(bot)
    planned = await plan(bot, world, at=time(21, 30), count=1)
    rows = await reminder_rows(bot, planned[0].id)
    peer = world.person_id(world.peer)
    assert rows[(peer, "1d")] == utc(2026, 11, 17, 8, 0)
    assert rows[(peer, "7d")] == utc(2026, 11, 11, 8, 0)


async def test_move_reschedules_reminders_in_the_same_transaction(bot: BotHarness) -> None:
    """Moving a meeting moves its pending reminders and raises its calendar SEQUENCE."""
    world = await Programme.build(bot)
    first = (await plan(bot, world, count=1))[0]
    async with bot.services.db.transaction() as repos:
        changed = await meetings.move_meeting(
            repos,
            meeting=first,
            day=date(2026, 11, 19),
            start_time=time(14, 0),
            actor_id=world.person_id(world.psf),
            now=bot.clock.now(),
            rules=ReminderRules(),
        )
    assert changed.meeting.sequence == first.sequence + 1
    assert changed.told == 4
    rows = await reminder_rows(bot, first.id)
    peer = world.person_id(world.peer)
    assert rows[(peer, "7d")] == utc(2026, 11, 12, 14, 0)
    assert rows[(peer, "1d")] == utc(2026, 11, 18, 14, 0)


async def test_a_move_to_another_day_asks_again_but_a_new_time_keeps_answers(
    bot: BotHarness,
) -> None:
    """Answers survive a change of time on the same day, and are cleared by a change of day."""
    world = await Programme.build(bot)
    first = (await plan(bot, world, count=1))[0]
    peer = world.person_id(world.peer)
    now = bot.clock.now()
    async with bot.services.db.transaction() as repos:
        await meetings.record_answer(
            repos, meeting=first, person_id=peer, answer=Answer.YES, now=now
        )
        moved = await meetings.move_meeting(
            repos,
            meeting=first,
            day=date(2026, 11, 17),
            start_time=time(11, 0),
            actor_id=None,
            now=now,
            rules=ReminderRules(),
        )
        assert await repos.meetings.rsvps(first.id) == {peer: Answer.YES}
        await meetings.move_meeting(
            repos,
            meeting=moved.meeting,
            day=date(2026, 11, 18),
            start_time=time(11, 0),
            actor_id=None,
            now=now,
            rules=ReminderRules(),
        )
        assert await repos.meetings.rsvps(first.id) == {}


async def test_moving_closer_drops_reminders_whose_time_has_gone(bot: BotHarness) -> None:
    """Moved to 3 days from now, the 7-day reminder can no longer go: it is dropped."""
    world = await Programme.build(bot)
    first = (await plan(bot, world, count=1, first=date(2026, 11, 24)))[0]
    async with bot.services.db.transaction() as repos:
        await meetings.move_meeting(
            repos,
            meeting=first,
            day=date(2026, 11, 7),
            start_time=time(10, 30),
            actor_id=None,
            now=bot.clock.now(),
            rules=ReminderRules(),
        )
    rows = await reminder_rows(bot, first.id)
    assert {variant for _, variant in rows} == {"1d"}


async def test_a_moved_meeting_rearms_reminders_already_sent(bot: BotHarness) -> None:
    """A reminder already sent for the old date is sent again before the new date."""
    world = await Programme.build(bot)
    first = (await plan(bot, world, count=1))[0]
    await bot.sweep(at=utc(2026, 11, 10, 10, 30))  # the 7-day reminders go
    assert sum("Reminder" in text for text in world.peer.texts) == 1
    async with bot.services.db.transaction() as repos:
        await meetings.move_meeting(
            repos,
            meeting=first,
            day=date(2026, 12, 1),
            start_time=time(10, 30),
            actor_id=None,
            now=bot.clock.now(),
            rules=ReminderRules(),
        )
    rows = await reminder_rows(bot, first.id)
    assert rows[(world.person_id(world.peer), "7d")] == utc(2026, 11, 24, 10, 30)


async def test_cancel_drops_reminders_at_once(bot: BotHarness) -> None:
    """Cancelling drops the meeting's pending reminders in the same transaction."""
    world = await Programme.build(bot)
    first = (await plan(bot, world, count=1))[0]
    async with bot.services.db.transaction() as repos:
        changed = await meetings.cancel_meeting(
            repos, meeting=first, actor_id=None, now=bot.clock.now()
        )
    assert changed.meeting.is_cancelled and changed.meeting.sequence == 1
    assert await reminder_rows(bot, first.id) == {}
    with pytest.raises(MeetingError):
        async with bot.services.db.transaction() as repos:
            await meetings.cancel_meeting(
                repos, meeting=changed.meeting, actor_id=None, now=bot.clock.now()
            )


async def test_renderer_drops_reminders_of_cancelled_or_past_meetings(bot: BotHarness) -> None:
    """A reminder row rendered after its meeting was cancelled, or has begun, gives nothing."""
    world = await Programme.build(bot)
    first, second = await plan(bot, world, count=2)
    async with bot.services.db.read() as repos:
        row = (await repos.deliveries.pending_for(kind=meetings.REMINDER, subject_id=first.id))[0]
        other = (await repos.deliveries.pending_for(kind=meetings.REMINDER, subject_id=second.id))[
            0
        ]
        person = await repos.people.get(row.person_id)
    assert person is not None
    async with bot.services.db.transaction() as repos:
        await repos.meetings.cancel(first.id, bot.clock.now())
    bot.clock.set(second.starts_at)
    async with bot.services.db.read() as repos:
        assert await render_reminder(bot.services, repos, row, person) is None
        assert await render_reminder(bot.services, repos, other, person) is None


async def test_downtime_sends_only_the_closest_reminder_and_none_late(bot: BotHarness) -> None:
    """After downtime past both reminder times, each member gets the day-before one only;
    once the meeting has started, nothing at all."""
    world = await Programme.build(bot)
    _, second = await plan(bot, world, count=2)
    await bot.sweep(at=utc(2026, 11, 16, 12, 0))  # down since before the 7-day reminder
    reminders = [t for t in world.peer.texts if "Reminder" in t]
    assert len(reminders) == 1 and "tomorrow" in reminders[0]
    await bot.sweep(at=second.starts_at + timedelta(minutes=1))  # down past the second meeting
    assert len([t for t in world.peer.texts if "Reminder" in t]) == 1
    async with bot.services.db.read() as repos:
        assert await repos.deliveries.count(state="sent", kind=meetings.REMINDER) == 5


async def test_caught_up_in_quiet_hours_waits_for_morning(bot: BotHarness) -> None:
    """A reminder caught up at 22:00 (the bot was down) waits until 8:00 next morning."""
    world = await Programme.build(bot)
    await plan(bot, world, count=1, at=time(14, 0))
    result = await bot.sweep(at=utc(2026, 11, 16, 22, 0))
    assert result["meetings"].postponed == 10  # type: ignore[attr-defined]  # both reminder days
    assert not [t for t in world.peer.texts if "Reminder" in t]
    await bot.sweep(at=utc(2026, 11, 17, 7, 59))
    assert not [t for t in world.peer.texts if "Reminder" in t]
    await bot.sweep(at=utc(2026, 11, 17, 8, 0))
    assert len([t for t in world.peer.texts if "Reminder" in t]) == 1


async def test_late_joiner_gets_reminders_and_the_dates_from_the_sweep(bot: BotHarness) -> None:
    """Someone who joins after the dates were planned gets reminders and the dates, once."""
    world = await Programme.build(bot)
    planned = await plan(bot, world, count=3)
    bot.clock.advance(timedelta(hours=1))
    late = await world.add_member(Role.PEER, 1100, "Late")
    result = await bot.sweep()
    assert result["meetings"].late_joiners == 1  # type: ignore[attr-defined]
    rows = await reminder_rows(bot, planned[0].id)
    assert (world.person_id(late), "1d") in rows
    assert len([t for t in late.texts if "next meetings" in t]) == 1
    again = await bot.sweep()
    assert again["meetings"].late_joiners == 0  # type: ignore[attr-defined]
    assert len([t for t in late.texts if "next meetings" in t]) == 1
    # Members already covered by the plan were not treated as late joiners.
    assert not [t for t in world.peer.texts if "When Lavenham" in t]


async def test_session_number_counts_earlier_meetings_and_survives_moves(bot: BotHarness) -> None:
    """Session k is 1 + the group's non-cancelled meetings before it, whatever was moved."""
    world = await Programme.build(bot)
    first, second, third = await plan(bot, world, count=3)
    async with bot.services.db.transaction() as repos:
        assert [await meetings.session_number(repos, m.id) for m in (first, second, third)] == [
            1,
            2,
            3,
        ]
        await meetings.cancel_meeting(repos, meeting=first, actor_id=None, now=bot.clock.now())
        assert await meetings.session_number(repos, third.id) == 2
        await meetings.move_meeting(
            repos,
            meeting=second,
            day=third.starts_at.astimezone(LONDON).date() + DAY,
            start_time=time(10, 30),
            actor_id=None,
            now=bot.clock.now(),
            rules=ReminderRules(),
        )
        assert await meetings.session_number(repos, third.id) == 1
        assert await meetings.session_number(repos, second.id) == 2


async def test_topic_shows_in_the_reminder(bot: BotHarness) -> None:
    """A topic set by the content feature appears in the reminder text."""
    world = await Programme.build(bot)
    first = (await plan(bot, world, count=1))[0]
    async with bot.services.db.transaction() as repos:
        await repos.meetings.set_topic(first.id, "food", "Eating well & enjoying it")
    await bot.sweep(at=utc(2026, 11, 10, 10, 30))
    assert "Topic: Eating well &amp; enjoying it" in world.peer.last.text


async def test_cant_come_in_the_last_day_tells_the_other_psfs(bot: BotHarness) -> None:
    """Going then Can't come within 24 hours: each other PSF gets one notice; earlier, none."""
    world = await Programme.build(bot)
    first = (await plan(bot, world, count=1))[0]
    peer = world.person_id(world.peer)
    async with bot.services.db.transaction() as repos:
        await meetings.record_answer(
            repos, meeting=first, person_id=peer, answer=Answer.YES, now=bot.clock.now()
        )
        early = await meetings.record_answer(
            repos, meeting=first, person_id=peer, answer=Answer.NO, now=bot.clock.now()
        )
        assert early.psfs_told == 0
        await meetings.record_answer(
            repos, meeting=first, person_id=peer, answer=Answer.MAYBE, now=bot.clock.now()
        )
    bot.clock.set(first.starts_at - timedelta(hours=3))
    async with bot.services.db.transaction() as repos:
        late = await meetings.record_answer(
            repos, meeting=first, person_id=peer, answer=Answer.NO, now=bot.clock.now()
        )
        assert await repos.meetings.rsvps(first.id) == {peer: Answer.NO}
    assert late.psfs_told == 2
    await bot.sweep()
    for psf in world.psfs:
        assert len([t for t in psf.texts if "can't come" in t and "Peer1" in t]) == 1


async def test_answers_close_when_the_meeting_starts(bot: BotHarness) -> None:
    """An answer after the start is refused and changes nothing."""
    world = await Programme.build(bot)
    first = (await plan(bot, world, count=1))[0]
    bot.clock.set(first.starts_at)
    with pytest.raises(MeetingError) as problem:
        async with bot.services.db.transaction() as repos:
            await meetings.record_answer(
                repos,
                meeting=first,
                person_id=world.person_id(world.peer),
                answer=Answer.YES,
                now=bot.clock.now(),
            )
    assert problem.value.reason == "started"


async def test_nudge_reaches_only_those_without_an_answer_once_a_day(bot: BotHarness) -> None:
    """A nudge goes to members who can get messages and have not answered, once a day."""
    world = await Programme.build(bot)
    first = (await plan(bot, world, count=1))[0]
    now = bot.clock.now()
    async with bot.services.db.transaction() as repos:
        await meetings.record_answer(
            repos,
            meeting=first,
            person_id=world.person_id(world.peers[0]),
            answer=Answer.YES,
            now=now,
        )
        offline = await repos.people.add(display_name="Margaret", now=now)
        await repos.people.join_group(
            group_id=world.group.id, person_id=offline.id, role=Role.PEER, now=now
        )
        outcome = await meetings.nudge(
            repos,
            meeting=first,
            actor_id=world.person_id(world.psf),
            now=now,
            rules=ReminderRules(),
        )
        again = await meetings.nudge(
            repos, meeting=first, actor_id=None, now=now, rules=ReminderRules()
        )
    assert outcome.sent == 3  # two peers and the other PSF; not the answered peer, nor Margaret
    assert again.already_today and again.sent == 0
    async with bot.services.db.transaction() as repos:
        await meetings.record_answer(
            repos,
            meeting=first,
            person_id=world.person_id(world.peers[1]),
            answer=Answer.NO,
            now=now,
        )
    await bot.sweep()
    assert not [t for t in world.peers[1].texts if "would love to know" in t]
    assert len([t for t in world.peers[2].texts if "would love to know" in t]) == 1
    async with bot.services.db.read() as repos:
        assert await repos.deliveries.pending_for(kind=meetings.NUDGE, subject_id=first.id) == []


async def test_nudge_late_at_night_waits_for_the_morning(bot: BotHarness) -> None:
    """A nudge asked for at 22:00 is queued for 8:00 next morning."""
    world = await Programme.build(bot)
    first = (await plan(bot, world, count=1))[0]
    bot.clock.set(utc(2026, 11, 10, 22, 0))
    async with bot.services.db.transaction() as repos:
        outcome = await meetings.nudge(
            repos, meeting=first, actor_id=None, now=bot.clock.now(), rules=ReminderRules()
        )
    assert outcome.due_at == utc(2026, 11, 11, 8, 0)


async def test_group_reminder_days_replace_the_programme_ones(bot: BotHarness) -> None:
    """A group's own reminder days re-arrange the rows of its upcoming meetings at once."""
    world = await Programme.build(bot)
    first = (await plan(bot, world, count=1))[0]
    async with bot.services.db.transaction() as repos:
        rules = await meetings.set_reminder_days(
            repos, group=world.group, days=[3, 0], now=bot.clock.now(), base=ReminderRules()
        )
    assert rules.offsets == (3, 0)
    rows = await reminder_rows(bot, first.id)
    peer = world.person_id(world.peer)
    assert {v for p, v in rows if p == peer} == {"3d", "0d"}
    assert rows[(peer, "0d")] == utc(2026, 11, 17, 8, 30)  # two hours before 10:30
    assert rows[(peer, "3d")] == utc(2026, 11, 14, 10, 30)


async def test_change_notice_tells_what_changed_since_last_heard(bot: BotHarness) -> None:
    """Two quick changes send one notice comparing with what members last knew."""
    world = await Programme.build(bot)
    first = (await plan(bot, world, count=1))[0]
    other = await venue(bot, world, "Old School Room")
    now = bot.clock.now()
    async with bot.services.db.transaction() as repos:
        moved = await meetings.move_meeting(
            repos,
            meeting=first,
            day=date(2026, 11, 18),
            start_time=time(10, 30),
            actor_id=None,
            now=now,
            rules=ReminderRules(),
        )
        await meetings.change_venue(
            repos, meeting=moved.meeting, venue=other, actor_id=None, now=now
        )
        rows = await repos.deliveries.pending_for(kind=meetings.CHANGED, subject_id=first.id)
        person = await repos.people.get(world.person_id(world.peer))
        assert person is not None
        peer_row = next(r for r in rows if r.person_id == person.id)
        message = await render_change(bot.services, repos, peer_row, person)
    assert len(rows) == 5 and {r.variant for r in rows} == {"s2"}
    assert message is not None
    assert "moved to a new time and place" in message.text
    assert "It was: Tuesday 17 November, 10:30, Village Hall" in message.text
    assert "Wednesday 18 November" in message.text and "Old School Room" in message.text


async def test_calendar_file_keeps_uid_and_raises_sequence(bot: BotHarness) -> None:
    """The .ics of a meeting keeps its UID; moving raises SEQUENCE; cancelling makes a CANCEL."""
    world = await Programme.build(bot)
    first = (await plan(bot, world, count=1))[0]
    now = bot.clock.now()

    def parsed(meeting: object) -> Calendar:
        message = calendar_message("Lavenham Circle", meeting, LONDON, now)  # type: ignore[arg-type]
        assert message.attachment is not None and message.attachment.data is not None
        return Calendar.from_ical(message.attachment.data)

    before = parsed(first).walk("VEVENT")[0]
    async with bot.services.db.transaction() as repos:
        moved = await meetings.move_meeting(
            repos,
            meeting=first,
            day=date(2026, 11, 19),
            start_time=time(10, 30),
            actor_id=None,
            now=now,
            rules=ReminderRules(),
        )
        cancelled = await meetings.cancel_meeting(
            repos, meeting=moved.meeting, actor_id=None, now=now
        )
    after = parsed(moved.meeting).walk("VEVENT")[0]
    gone = parsed(cancelled.meeting)
    assert str(before["UID"]) == str(after["UID"]) == f"meeting-{first.id}@peercircle"
    assert int(before["SEQUENCE"]) == 0 and int(after["SEQUENCE"]) == 1
    assert str(gone["METHOD"]) == "CANCEL" and int(gone.walk("VEVENT")[0]["SEQUENCE"]) == 2


async def test_nudge_renderer_drops_when_answered(bot: BotHarness) -> None:
    """A queued nudge is not sent to someone who answered meanwhile."""
    world = await Programme.build(bot)
    first = (await plan(bot, world, count=1))[0]
    now = bot.clock.now()
    async with bot.services.db.transaction() as repos:
        await meetings.nudge(repos, meeting=first, actor_id=None, now=now, rules=ReminderRules())
        await meetings.record_answer(
            repos,
            meeting=first,
            person_id=world.person_id(world.peer),
            answer=Answer.MAYBE,
            now=now,
        )
    async with bot.services.db.read() as repos:
        rows = await repos.deliveries.pending_for(kind=meetings.NUDGE, subject_id=first.id)
        row = next(r for r in rows if r.person_id == world.person_id(world.peer))
        person = await repos.people.get(row.person_id)
        assert person is not None
        assert await render_nudge(bot.services, repos, row, person) is None


# --- the wizard's rules ------------------------------------------------------------------


async def test_draft_asks_each_question_in_turn_and_refuses_bad_taps(bot: BotHarness) -> None:
    """A draft asks pattern, date, time, place, count; days gone and forged values are refused."""
    world = await Programme.build(bot)
    today = date(2026, 11, 4)
    async with bot.services.db.transaction() as repos:
        draft = await repos.meetings.start_draft(
            person_id=world.person_id(world.psf),
            purpose="plan",
            group_id=world.group.id,
            now=bot.clock.now(),
        )
        assert drafts.next_screen(draft) is drafts.Screen.PATTERN
        with pytest.raises(BadCallback):
            await drafts.choose_pattern(repos, draft, 9)
        draft = await drafts.choose_pattern(repos, draft, 0)
        assert drafts.next_screen(draft) is drafts.Screen.DATE
        with pytest.raises(drafts.DraftProblem):
            await drafts.tap_day(repos, draft, 20261103, today)
        with pytest.raises(BadCallback):
            await drafts.tap_day(repos, draft, 20261332, today)
        with pytest.raises(drafts.DraftProblem):
            await drafts.tap_day(repos, draft, 20281103, today)
        draft = await drafts.tap_day(repos, draft, 20261117, today)
        with pytest.raises(BadCallback):
            await drafts.choose_time(repos, draft, 1037)
        with pytest.raises(drafts.DraftProblem):
            await drafts.choose_time(repos, draft, 2330)
        draft = await drafts.choose_time(repos, draft, 1030)
        assert drafts.next_screen(draft) is drafts.Screen.VENUE
        with pytest.raises(BadCallback):
            await drafts.choose_count(repos, draft, 6)  # not asked yet


async def test_picked_dates_toggle_and_need_one(bot: BotHarness) -> None:
    """Picking dates toggles them on and off; Done needs at least one."""
    world = await Programme.build(bot)
    today = date(2026, 11, 4)
    async with bot.services.db.transaction() as repos:
        draft = await repos.meetings.start_draft(
            person_id=world.person_id(world.psf),
            purpose="plan",
            group_id=world.group.id,
            now=bot.clock.now(),
        )
        draft = await drafts.choose_pattern(repos, draft, drafts.PLAN_PATTERNS.index(drafts.PICKED))
        with pytest.raises(drafts.DraftProblem):
            await drafts.finish_picking(repos, draft)
        for day in (20261120, 20261110, 20261120, 20261201):
            draft = await drafts.tap_day(repos, draft, day, today)
        assert draft.picked == (date(2026, 11, 10), date(2026, 12, 1))
        draft = await drafts.finish_picking(repos, draft)
    assert draft.first_date == date(2026, 11, 10) and draft.count == 2
    assert drafts.next_screen(draft) is drafts.Screen.TIME


async def test_a_member_who_left_gets_no_more_reminders(bot: BotHarness) -> None:
    """Someone who leaves the group is not reminded of its meetings any more."""
    world = await Programme.build(bot)
    await plan(bot, world, count=1)
    async with bot.services.db.transaction() as repos:
        await repos.people.leave_group(
            group_id=world.group.id, person_id=world.person_id(world.peer), now=bot.clock.now()
        )
    await bot.sweep(at=utc(2026, 11, 10, 10, 30))
    assert not [t for t in world.peer.texts if "Reminder" in t]
    assert [t for t in world.peers[1].texts if "Reminder" in t]
