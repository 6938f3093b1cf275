"""Check-in rules in the core, without Telegram: arranging prompts, steps and resuming, shared
attendance, "missing", peers' messages, the recap, attendance history and privacy."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from bot.auth import Actor, NotAllowed, load_actor
from bot.checkins import rules as checkins
from bot.checkins import texts as checkin_texts
from bot.checkins.records import CheckinState, Counted, NotMet, Obstacle, Rating, Step, TextField
from bot.checkins.rules import CheckinError, CheckinTimes
from bot.concerns.records import ConcernState
from bot.devserver import SimUser
from bot.meetings import rules as meetings
from bot.membership import roster
from bot.models import Answer
from bot.privacy import forget_person as forget
from tests.builders import Programme
from tests.checkins.helpers import (
    DURING,
    NEXT_STARTS,
    PROMPT_AT,
    RECAP_AT,
    REMINDER_AT,
    STARTS,
    MeetingDay,
    meeting_day,
)
from tests.harness import BotHarness
from tests.meetings.helpers import plan, utc

TIMES = CheckinTimes()


async def actor_of(bot: BotHarness, user: SimUser) -> Actor:
    async with bot.services.db.read() as repos:
        actor = await load_actor(repos, user.id)
    assert actor is not None
    return actor


async def rows(bot: BotHarness, kind: str, meeting_id: int) -> dict[int, tuple[str, str]]:
    """Delivery rows of a kind about a meeting: person id -> (state, due)."""
    async with bot.services.db.read() as repos:
        return await repos.checkins.deliveries_about(kind=kind, subject_id=meeting_id)


async def confirm(bot: BotHarness, day: MeetingDay, psf: SimUser | None = None) -> None:
    actor = await actor_of(bot, psf or day.world.psf)
    async with bot.services.db.transaction() as repos:
        await checkins.confirm_attendance(repos, actor, day.meeting.id, bot.clock.now(), TIMES)


async def finish(bot: BotHarness, day: MeetingDay, psf: SimUser, **answers: object) -> None:
    """A whole check-in through the core: attendance as it stands, then the answers given."""
    actor = await actor_of(bot, psf)
    now = bot.clock.now()
    mid = day.meeting.id
    async with bot.services.db.transaction() as repos:
        await checkins.confirm_attendance(repos, actor, mid, now, TIMES)
        await checkins.set_mood(repos, actor, mid, int(str(answers.get("mood", 4))), now)
        for field in TextField:
            text = answers.get(field.value)
            await checkins.save_text(
                repos, actor, mid, field, text=str(text) if text else None, now=now
            )
        for chip in list(answers.get("obstacles", ())):  # type: ignore[call-overload]
            await checkins.toggle_obstacle(repos, actor, mid, chip, now)
        await checkins.obstacles_done(repos, actor, mid, now)
        await checkins.answer_nurse(repos, actor, mid, bool(answers.get("nurse")), now)


async def test_prompts_and_reminders_are_arranged_when_the_meeting_starts(bot: BotHarness) -> None:
    """When the meeting starts, each PSF gets a prompt row 2 hours after its end and a reminder
    row at 9:30 next morning; peers get none, and a second sweep adds nothing."""
    day = await meeting_day(bot)
    await bot.sweep(at=STARTS - timedelta(minutes=1))
    assert await rows(bot, checkins.PROMPT, day.meeting.id) == {}
    await bot.sweep(at=DURING)
    await bot.sweep(at=DURING + timedelta(minutes=5))
    psfs = {day.world.person_id(psf) for psf in day.world.psfs}
    prompts = await rows(bot, checkins.PROMPT, day.meeting.id)
    reminders = await rows(bot, checkins.REMIND, day.meeting.id)
    assert set(prompts) == psfs and set(reminders) == psfs
    assert {due for _, due in prompts.values()} == {"2026-11-17T14:00:00Z"}
    assert {due for _, due in reminders.values()} == {"2026-11-18T09:30:00Z"}


async def test_an_evening_meeting_is_asked_about_next_morning(bot: BotHarness) -> None:
    """A meeting ending at 20:30: the prompt would fall in quiet hours, so it goes at 8:00 and
    the one reminder the morning after that."""
    world = await Programme.build(bot)
    [meeting] = await plan(bot, world, first=date(2026, 11, 17), at=time(19, 0), count=1)
    async with bot.services.db.read() as repos:
        tz = await meetings.area_tz(repos, world.group.id)
    assert TIMES.prompt_due(meeting, tz) == utc(2026, 11, 18, 8, 0)
    assert TIMES.reminder_due(meeting, tz) == utc(2026, 11, 19, 9, 30)


async def test_steps_are_saved_one_by_one_and_resume_at_the_first_unanswered(
    bot: BotHarness,
) -> None:
    """Each answer is kept as given; reopening shows the first unanswered step, with the chips
    already ticked; the free-text steps wait for typing."""
    day = await meeting_day(bot)
    bot.clock.set(PROMPT_AT)
    actor = await actor_of(bot, day.world.psf)
    mid, now = day.meeting.id, bot.clock.now()
    async with bot.services.db.transaction() as repos:
        assert (await checkins.open_checkin(repos, actor, mid, now)).step is Step.ATTENDANCE
        view = await checkins.confirm_attendance(repos, actor, mid, now, TIMES)
        assert view.step is Step.MOOD
        view = await checkins.set_mood(repos, actor, mid, 2, now)
        assert view.step is Step.WENT_WELL
    async with bot.services.db.transaction() as repos:
        view = await checkins.open_checkin(repos, actor, mid, now)
        assert view.step is Step.WENT_WELL
        waiting = await repos.awaiting.get(actor.person.id)
        assert waiting is not None and waiting.kind == checkins.TEXT_INPUT
        view = await checkins.save_text(
            repos, actor, mid, TextField.WENT_WELL, text="  The walk  ", now=now
        )
        assert view.step is Step.LESS_WELL
        view = await checkins.save_text(repos, actor, mid, TextField.LESS_WELL, text=None, now=now)
        assert view.step is Step.OBSTACLES
        assert await repos.awaiting.get(actor.person.id) is None
        await checkins.toggle_obstacle(repos, actor, mid, Obstacle.MEDICAL, now)
    async with bot.services.db.transaction() as repos:
        view = await checkins.open_checkin(repos, actor, mid, now)
        assert view.step is Step.OBSTACLES
        assert view.checkin.obstacles == {"medical"}
        assert view.checkin.went_well == "The walk" and view.checkin.less_well == ""
        view = await checkins.obstacles_done(repos, actor, mid, now)
        assert view.step is Step.NURSE
        answered = await checkins.answer_nurse(repos, actor, mid, False, now)
    assert answered.concern is None
    assert answered.view.step is Step.DONE and answered.view.checkin.is_complete


async def test_a_finished_check_in_can_be_changed_until_the_next_meeting(bot: BotHarness) -> None:
    """Changing a finished check-in shows that step, then the summary; once the next meeting has
    started, the old check-in is closed and the new one is the latest."""
    day = await meeting_day(bot)
    bot.clock.set(PROMPT_AT)
    await finish(bot, day, day.world.psf, went_well="Tea")
    actor = await actor_of(bot, day.world.psf)
    now = bot.clock.now()
    async with bot.services.db.transaction() as repos:
        view = await checkins.edit_step(repos, actor, day.meeting.id, Step.MOOD, now)
        assert view.step is Step.MOOD and view.editing
        view = await checkins.set_mood(repos, actor, day.meeting.id, 5, now)
        assert view.step is Step.DONE and view.checkin.mood == 5
        view = await checkins.keep_text(repos, actor, day.meeting.id, TextField.WENT_WELL, now)
        assert view.checkin.went_well == "Tea"
    later = NEXT_STARTS + timedelta(minutes=1)
    async with bot.services.db.transaction() as repos:
        with pytest.raises(CheckinError, match="closed"):
            await checkins.open_checkin(repos, actor, day.meeting.id, later)
        [(_, latest)] = await checkins.latest_meetings(repos, actor, later)
    assert latest.id == day.next_meeting.id


async def test_a_meeting_not_yet_started_or_cancelled_has_no_check_in(bot: BotHarness) -> None:
    """Before the start there is nothing to check in; a cancelled meeting never gets prompts."""
    day = await meeting_day(bot)
    actor = await actor_of(bot, day.world.psf)
    async with bot.services.db.transaction() as repos:
        with pytest.raises(CheckinError, match="not started"):
            await checkins.open_checkin(repos, actor, day.meeting.id, bot.clock.now())
        await meetings.cancel_meeting(
            repos, meeting=day.meeting, actor_id=None, now=bot.clock.now()
        )
    await bot.sweep(at=PROMPT_AT)
    assert await rows(bot, checkins.PROMPT, day.meeting.id) == {}
    async with bot.services.db.transaction() as repos:
        with pytest.raises(CheckinError, match="cancelled"):
            await checkins.open_checkin(repos, actor, day.meeting.id, bot.clock.now())


async def test_only_the_groups_psfs_may_check_in(bot: BotHarness) -> None:
    """A peer, or a PSF of another group, is refused (and nothing is created)."""
    day = await meeting_day(bot)
    other = await Programme.build(bot, group_name="Hadleigh", first_id=2000)
    bot.clock.set(PROMPT_AT)
    for user in (day.world.peer, other.psf):
        actor = await actor_of(bot, user)
        async with bot.services.db.transaction() as repos:
            with pytest.raises(NotAllowed):
                await checkins.open_checkin(repos, actor, day.meeting.id, bot.clock.now())
    async with bot.services.db.read() as repos:
        assert await repos.checkins.for_meeting(day.meeting.id) == []


async def test_co_facilitators_share_ticks_but_not_words(bot: BotHarness) -> None:
    """The second PSF sees the first one's ticks and counts to confirm; neither sees the other's
    words, only their own, while faces and chips are shared."""
    day = await meeting_day(bot)
    bot.clock.set(PROMPT_AT)
    first, second = day.world.psfs
    actor = await actor_of(bot, first)
    now = bot.clock.now()
    peer3 = day.world.person_id(day.world.peers[2])
    async with bot.services.db.transaction() as repos:
        await checkins.toggle_mark(repos, actor, day.meeting.id, peer3, now)
        await checkins.change_count(
            repos, actor, day.meeting.id, which=Counted.NEWCOMERS, delta=1, now=now
        )
    await finish(bot, day, first, mood=5, went_well="First's secret", obstacles=[Obstacle.VENUE])
    actor2 = await actor_of(bot, second)
    async with bot.services.db.transaction() as repos:
        view = await checkins.open_checkin(repos, actor2, day.meeting.id, now)
    assert view.step is Step.ATTENDANCE
    assert view.confirmed_by_other == "Psf1"
    assert [p.present for p in view.peers] == [True, True, True]
    assert view.attendance.newcomers == 1 and view.total == 4
    await finish(bot, day, second, mood=3, less_well="Second's secret", obstacles=[Obstacle.VENUE])
    async with bot.services.db.read() as repos:
        for psf, own, others in ((first, "First's", "Second's"), (second, "Second's", "First's")):
            recap = await checkins.recap_for(
                repos, day.world.person_id(psf), day.next_meeting, RECAP_AT
            )
            assert recap is not None
            text = checkin_texts.recap(recap)
            assert own in text and others not in text
            assert recap.moods == (5, 3)
            assert recap.obstacles == ((Obstacle.VENUE, 2),)


async def test_we_didnt_meet_skips_to_the_nurse_and_tells_no_peer(bot: BotHarness) -> None:
    """ "We didn't meet" with a reason answers attendance; the nurse question is next; no peer
    is asked how it was, and the history records it."""
    day = await meeting_day(bot)
    bot.clock.set(PROMPT_AT)
    actor = await actor_of(bot, day.world.psf)
    mid, now = day.meeting.id, bot.clock.now()
    async with bot.services.db.transaction() as repos:
        view = await checkins.set_met(repos, actor, mid, False, now)
        assert view.step is Step.ATTENDANCE and not view.attendance.met
        assert (await checkins.confirm_attendance(repos, actor, mid, now, TIMES)).step is (
            Step.ATTENDANCE
        )  # a reason is still needed
        view = await checkins.not_met_because(repos, actor, mid, NotMet.VENUE, now)
        assert view.step is Step.NURSE
        view = (await checkins.answer_nurse(repos, actor, mid, False, now)).view
        assert view.checkin.is_complete
        [record] = await checkins.attendance_history(repos, day.world.group.id)
    assert record.met is False and record.not_met_reason is NotMet.VENUE and record.total == 0
    assert await rows(bot, checkins.FEEDBACK, mid) == {}


async def test_check_in_states_and_missing_after_the_reminder(bot: BotHarness) -> None:
    """Not due → waiting → in progress → missing after the reminder time; a finished one is
    complete."""
    day = await meeting_day(bot)
    first, second = day.world.psfs
    ids = [day.world.person_id(first), day.world.person_id(second)]

    async def states(at: datetime) -> list[CheckinState]:
        async with bot.services.db.read() as repos:
            found = await checkins.checkin_states(repos, day.meeting, at, TIMES)
        return [found[i] for i in ids]

    assert await states(DURING) == [CheckinState.NOT_DUE] * 2
    assert await states(PROMPT_AT) == [CheckinState.WAITING] * 2
    bot.clock.set(PROMPT_AT)
    await finish(bot, day, first)
    await confirm(bot, day, second)
    assert await states(PROMPT_AT) == [CheckinState.COMPLETE, CheckinState.IN_PROGRESS]
    assert await states(REMINDER_AT) == [CheckinState.COMPLETE, CheckinState.MISSING]


async def test_the_reminder_goes_only_to_those_not_finished(bot: BotHarness) -> None:
    """Next morning, a PSF who finished gets nothing more; one who didn't gets one reminder,
    and nothing after that."""
    day = await meeting_day(bot)
    await bot.sweep(at=DURING)
    await bot.sweep(at=PROMPT_AT)
    await finish(bot, day, day.world.psf)
    await bot.sweep(at=REMINDER_AT)
    await bot.sweep(at=REMINDER_AT + timedelta(days=3))
    reminders = await rows(bot, checkins.REMIND, day.meeting.id)
    assert reminders[day.world.person_id(day.world.psf)][0] == "dropped"
    assert reminders[day.world.person_id(day.world.psfs[1])][0] == "sent"
    texts = [t for t in day.world.psfs[1].texts if "gentle reminder" in t]
    assert len(texts) == 1


async def test_peers_hear_how_was_today_or_we_missed_you(bot: BotHarness) -> None:
    """Confirming who came queues "How was today?" for those ticked, and "we missed you" next
    morning for a peer who said Going but wasn't ticked; a peer who said Can't come gets
    neither."""
    day = await meeting_day(bot)
    bot.clock.set(PROMPT_AT)
    actor = await actor_of(bot, day.world.psf)
    peer1, peer2, peer3 = (day.world.person_id(p) for p in day.world.peers)
    async with bot.services.db.transaction() as repos:
        await checkins.toggle_mark(repos, actor, day.meeting.id, peer2, bot.clock.now())
        view = await checkins.confirm_attendance(
            repos, actor, day.meeting.id, bot.clock.now(), TIMES
        )
    assert view.note is not None and "Peer2 said “Going” but didn't come" in view.note
    feedback = await rows(bot, checkins.FEEDBACK, day.meeting.id)
    missed = await rows(bot, checkins.MISSED, day.meeting.id)
    assert set(feedback) == {peer1} and set(missed) == {peer2}
    assert missed[peer2][1] == "2026-11-18T09:30:00Z"
    assert peer3 not in feedback and peer3 not in missed


async def test_we_missed_you_is_never_sent_twice_in_a_row(bot: BotHarness) -> None:
    """A peer who said Going and missed two meetings running gets one note, after the first."""
    day = await meeting_day(bot)
    peer = day.world.peers[0]
    pid = day.world.person_id(peer)
    actor = await actor_of(bot, day.world.psf)
    for meeting in day.meetings[:2]:
        async with bot.services.db.transaction() as repos:
            await meetings.record_answer(
                repos, meeting=meeting, person_id=pid, answer=Answer.YES, now=bot.clock.now()
            )
        await bot.sweep(at=meeting.starts_at + timedelta(minutes=10))
        async with bot.services.db.transaction() as repos:
            await checkins.toggle_mark(repos, actor, meeting.id, pid, bot.clock.now())
            await checkins.confirm_attendance(repos, actor, meeting.id, bot.clock.now(), TIMES)
        await bot.sweep(at=meeting.starts_at + timedelta(days=1))
    notes = [t for t in peer.texts if "We missed you" in t]
    assert len(notes) == 1
    assert "Tuesday 15 December" in notes[0]


async def test_the_group_can_switch_we_missed_you_off(bot: BotHarness) -> None:
    """With the group's setting off, no note is queued, and one already queued is dropped."""
    day = await meeting_day(bot)
    bot.clock.set(PROMPT_AT)
    actor = await actor_of(bot, day.world.psf)
    pid = day.world.person_id(day.world.peers[0])
    async with bot.services.db.transaction() as repos:
        await checkins.toggle_mark(repos, actor, day.meeting.id, pid, bot.clock.now())
        await checkins.confirm_attendance(repos, actor, day.meeting.id, bot.clock.now(), TIMES)
        view = await checkins.set_missed_you(repos, actor, day.meeting.id, False, bot.clock.now())
    assert view.missed_you is False
    await bot.sweep(at=REMINDER_AT)
    assert await rows(bot, checkins.MISSED, day.meeting.id) == {
        pid: ("dropped", "2026-11-18T09:30:00Z")
    }
    assert not [t for t in day.world.peers[0].texts if "We missed you" in t]


async def test_only_peers_ticked_as_present_can_give_feedback(bot: BotHarness) -> None:
    """A peer not ticked is told kindly it was for those who came; one ticked can answer and
    change the answer; a PSF may not answer for peers."""
    day = await meeting_day(bot)
    bot.clock.set(PROMPT_AT)
    await confirm(bot, day)
    came = await actor_of(bot, day.world.peers[0])
    absent = await actor_of(bot, day.world.peers[2])
    psf = await actor_of(bot, day.world.psf)
    now, mid = bot.clock.now(), day.meeting.id
    async with bot.services.db.transaction() as repos:
        with pytest.raises(CheckinError, match="not present"):
            await checkins.give_feedback(repos, absent, mid, Rating.OK, now)
        with pytest.raises(NotAllowed):
            await checkins.give_feedback(repos, psf, mid, Rating.OK, now)
        await checkins.give_feedback(repos, came, mid, Rating.OK, now)
        view = await checkins.give_feedback(repos, came, mid, Rating.HELPFUL, now)
        counts = await repos.checkins.feedback_counts(day.meeting.id)
    assert view.rating is Rating.HELPFUL and counts == {"helpful": 1}


async def test_recap_goes_two_days_before_the_next_meeting(bot: BotHarness) -> None:
    """Each PSF gets "last time" two days before the next meeting, with who came, the faces,
    peers' answers (together) and topics; it follows a moved meeting."""
    day = await meeting_day(bot)
    bot.clock.set(PROMPT_AT)
    await finish(bot, day, day.world.psf, mood=4, went_well="Sharing recipes")
    peer_actor = await actor_of(bot, day.world.peer)
    other_peer = await actor_of(bot, day.world.peers[1])
    async with bot.services.db.transaction() as repos:
        await checkins.give_feedback(repos, peer_actor, day.meeting.id, Rating.HELPFUL, PROMPT_AT)
        await checkins.give_feedback(repos, other_peer, day.meeting.id, Rating.OK, PROMPT_AT)
        await checkins.suggest_topic(repos, peer_actor, day.meeting.id, "Eating out", PROMPT_AT)
        await meetings.move_meeting(
            repos,
            meeting=day.next_meeting,
            day=date(2026, 12, 16),
            start_time=time(10, 30),
            actor_id=None,
            now=PROMPT_AT,
            rules=meetings.ReminderRules(),
        )
    await bot.sweep(at=RECAP_AT)
    assert not [t for t in day.world.psf.texts if "Last time" in t]
    await bot.sweep(at=RECAP_AT + timedelta(days=1))
    [recap] = [t for t in day.world.psf.texts if "Last time" in t]
    assert "2 people came: Peer1, Peer2" in recap
    assert "How it went for the facilitators: 🙂 well" in recap
    assert "Sharing recipes" in recap
    assert "Peers said: 1 helpful, 1 ok" in recap
    assert "• Eating out" in recap
    [other] = [t for t in day.world.psfs[1].texts if "Last time" in t]
    assert "Sharing recipes" not in other and "Eating out" in other


async def test_attendance_history_counts_everyone_who_came(bot: BotHarness) -> None:
    """Per meeting: ticked peers (one without Telegram), others counted without Telegram,
    newcomers; meetings not recorded show as gaps when asked with a time."""
    day = await meeting_day(bot)
    async with bot.services.db.transaction() as repos:
        offline = await roster.add_offline_peer(repos, day.world.group, "Edna", bot.clock.now())
    bot.clock.set(PROMPT_AT)
    actor = await actor_of(bot, day.world.psf)
    mid, now = day.meeting.id, bot.clock.now()
    async with bot.services.db.transaction() as repos:
        await checkins.toggle_mark(repos, actor, mid, offline.person.id, now)
        for which, times in ((Counted.WITHOUT_TELEGRAM, 3), (Counted.NEWCOMERS, 2)):
            for _ in range(times):
                await checkins.change_count(repos, actor, mid, which=which, delta=1, now=now)
        await checkins.change_count(
            repos, actor, mid, which=Counted.WITHOUT_TELEGRAM, delta=-1, now=now
        )
        await checkins.confirm_attendance(repos, actor, mid, now, TIMES)
    later = NEXT_STARTS + timedelta(hours=1)
    async with bot.services.db.read() as repos:
        [first] = await checkins.attendance_history(repos, day.world.group.id)
        both = await checkins.attendance_history(repos, day.world.group.id, now=later)
    assert first.day == date(2026, 11, 17) and first.met is True
    assert first.present_peers == 3  # Peer1, Peer2 (said Going) and Edna
    assert first.without_telegram == 3 and first.newcomers == 2
    assert first.total == 3 + 2 + 2
    assert [r.recorded for r in both] == [True, False]


async def test_nurse_yes_starts_a_concern_with_the_check_in(bot: BotHarness) -> None:
    """Yes to the nurse makes a concern draft from the check-in (the PSF's own words)."""
    day = await meeting_day(bot)
    bot.clock.set(PROMPT_AT)
    await finish(bot, day, day.world.psf, mood=2, less_well="Dev asked about his insulin dose")
    actor = await actor_of(bot, day.world.psf)
    async with bot.services.db.transaction() as repos:
        answered = await checkins.answer_nurse(repos, actor, day.meeting.id, True, PROMPT_AT)
    assert answered.concern is not None
    assert answered.concern.state is ConcernState.DRAFT
    assert answered.concern.source == "checkin"
    description = answered.concern.description or ""
    assert "Worked less well: Dev asked about his insulin dose" in description
    assert "How it went: Not so well" in description
    assert answered.view.checkin.wants_nurse is True


async def test_forget_blanks_the_words_and_keeps_the_numbers(bot: BotHarness) -> None:
    """/mydata shows a PSF's check-ins and a peer's feedback; /forget removes the words and
    who they were, while attendance numbers stay."""
    day = await meeting_day(bot)
    bot.clock.set(PROMPT_AT)
    await finish(bot, day, day.world.psf, went_well="Private words")
    peer_id = day.world.person_id(day.world.peer)
    peer_actor = await actor_of(bot, day.world.peer)
    async with bot.services.db.transaction() as repos:
        await checkins.give_feedback(repos, peer_actor, day.meeting.id, Rating.OK, PROMPT_AT)
        psf = await repos.people.get(day.world.person_id(day.world.psf))
        peer = await repos.people.get(peer_id)
        assert psf is not None and peer is not None
        exported = await checkins.export_checkins(repos, psf)
        assert exported["checkins"][0]["worked_well"] == "Private words"
        assert (await checkins.export_checkins(repos, peer))["feedback"][0]["how_was_it"] == "ok"
        await forget(repos, psf, PROMPT_AT)
        await forget(repos, peer, PROMPT_AT)
        [checkin] = await repos.checkins.for_meeting(day.meeting.id)
        [record] = await checkins.attendance_history(repos, day.world.group.id)
        counts = await repos.checkins.feedback_counts(day.meeting.id)
    assert checkin.person_id is None and checkin.went_well == "" and checkin.mood == 4
    assert peer_id in record.present_ids and record.total == 2
    assert record.without_telegram == 0  # they had Telegram; forgetting doesn't change that
    assert counts == {"ok": 1}


async def test_topics_and_texts_are_checked(bot: BotHarness) -> None:
    """Empty or overlong words are refused with a reason and change nothing."""
    day = await meeting_day(bot)
    bot.clock.set(PROMPT_AT)
    await confirm(bot, day)
    actor = await actor_of(bot, day.world.psf)
    async with bot.services.db.transaction() as repos:
        for text, reason in (("   ", "empty"), ("x" * (checkins.TEXT_LIMIT + 1), "too long")):
            with pytest.raises(CheckinError, match=reason):
                await checkins.save_text(
                    repos, actor, day.meeting.id, TextField.WENT_WELL, text=text, now=PROMPT_AT
                )
        checkin = await repos.checkins.get(day.meeting.id, actor.person.id)
    assert checkin is not None and checkin.went_well is None


async def test_a_single_peer_answer_is_not_shown_in_the_recap(bot: BotHarness) -> None:
    """With only one peer's answer, the recap leaves it out: it would say who said what."""
    day = await meeting_day(bot)
    bot.clock.set(PROMPT_AT)
    await confirm(bot, day)
    peer = await actor_of(bot, day.world.peer)
    async with bot.services.db.transaction() as repos:
        await checkins.give_feedback(repos, peer, day.meeting.id, Rating.NOT_FOR_ME, PROMPT_AT)
        recap = await checkins.recap_for(
            repos, day.world.person_id(day.world.psf), day.next_meeting, RECAP_AT
        )
    assert recap is not None
    assert "Peers said" not in checkin_texts.recap(recap)


async def test_nothing_recorded_means_no_recap(bot: BotHarness) -> None:
    """A meeting nobody checked in about gives no "last time" message."""
    day = await meeting_day(bot)
    await bot.sweep(at=DURING)
    await bot.sweep(at=RECAP_AT)
    async with bot.services.db.read() as repos:
        assert await checkins.recap_for(repos, 1, day.next_meeting, RECAP_AT) is None
    assert not [t for t in day.world.psf.texts if "Last time" in t]


async def test_ticks_during_the_meeting_ask_peers_only_after_it_ends(bot: BotHarness) -> None:
    """A PSF may tick who came while the meeting is on; "How was today?" waits for its end."""
    day = await meeting_day(bot)
    bot.clock.set(DURING)
    await confirm(bot, day)
    feedback = await rows(bot, checkins.FEEDBACK, day.meeting.id)
    assert {due for _, due in feedback.values()} == {"2026-11-17T12:00:00Z"}


def test_the_rest_of_a_long_paste_is_recognised() -> None:
    """The very next message within two seconds is the rest of a refused paste; a message typed
    later, or after the bot's answer, is a new answer."""
    payload: dict[str, object] = {"refused_id": 40, "refused_at": "2026-11-17T14:00:00Z"}
    at = PROMPT_AT
    assert checkins.rest_of_refused(payload, 41, at)
    assert not checkins.rest_of_refused(payload, 43, at)  # after the bot's answer
    assert not checkins.rest_of_refused(payload, 41, at + timedelta(seconds=30))
    assert not checkins.rest_of_refused({}, 41, at)
