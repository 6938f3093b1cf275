"""One-minute check-ins after each meeting, peers' one-tap feedback, and the "last time" recap.

A check-in is one row per PSF per meeting (bot/checkins/repo.py); each step is saved the moment
it is answered, so leaving half way (or a restart) resumes at the first unanswered step, and a
second visit shows the saved answers, changeable until the group's next meeting starts.
Attendance is shared by the group's PSFs: one ticks who came, the other sees the ticks and
confirms (or changes them). Each PSF's free text is theirs alone.

Everything the bot sends on its own is a delivery row (rendered in bot/checkins/deliveries.py):
- the prompt, per PSF, due CHECKIN_DELAY_MINUTES after the meeting ends (arranged by the sweep
  when the meeting starts), and the next-morning reminder at CHECKIN_REMINDER_TIME; both are
  dropped at send time if the check-in is complete or the meeting was cancelled. A check-in not
  complete after the reminder time is "missing" (derived, see `checkin_state`).
- "How was today?" to each peer ticked as present, and "we missed you" (once, never twice in a
  row, a group setting) to a peer who said Going but was not ticked; queued when a PSF confirms
  who came.
- "Last time", a recap for each PSF two days before the next meeting.

Functions take `repos` (one open transaction) and an explicit `now`; nothing here sends.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from bot.auth import Action, Actor, authorize
from bot.checkins import texts
from bot.checkins.records import (
    EDITABLE_STEPS,
    Attendance,
    AttendanceRow,
    Checkin,
    CheckinState,
    Counted,
    NotMet,
    Obstacle,
    Rating,
    Step,
    TextField,
)
from bot.checkins.views import CheckinView, FeedbackView, PeerMark, PeerMessages, Recap
from bot.concerns import rules as concerns
from bot.concerns.records import Concern
from bot.lifecycle.stages import is_archived
from bot.meetings import rules as meetings
from bot.meetings.schedule import QUIET_END, QUIET_START, local_to_utc, shift_out_of_quiet_hours
from bot.models import Answer, DeliveryState, Group, Meeting, Person, Role
from bot.sessions.ideas import add_suggestion, suggestions_for
from bot.storage import Repos
from bot.storage.sweep_work import CHECKINS, RECAPS
from bot.storage.times import from_db, to_db

if TYPE_CHECKING:
    from bot.config import Settings

# Delivery kinds (rendered in bot/checkins/deliveries.py); subject: the meeting.
PROMPT = "kprompt"  # the check-in, to each PSF
REMIND = "kremind"  # the one next-morning reminder
FEEDBACK = "kfeedback"  # "How was today?" to a peer ticked as present
MISSED = "kmissed"  # "we missed you" to a peer who said Going and didn't come
RECAP = "krecap"  # "last time", to each PSF before the next meeting; variant: its start time

# Awaited inputs (answered by handlers/checkins.py).
TEXT_INPUT = "checkins.text"  # what worked well / less well
TOPIC_INPUT = "checkins.topic"  # a peer's topic for next time

TEXT_LIMIT = 1000
MAX_COUNT = 99
RECAP_BEFORE = timedelta(days=2)
# Prompts are arranged for meetings that ended at most this long ago (after downtime, say).
CATCH_UP = timedelta(days=7)


TEXT_STEPS = {Step.WENT_WELL: TextField.WENT_WELL, Step.LESS_WELL: TextField.LESS_WELL}


class CheckinError(Exception):
    """A request that can't be done; `reason` is a key of texts.PROBLEM."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class CheckinTimes:
    """When prompts and reminders go (from the settings)."""

    delay: timedelta = timedelta(minutes=120)
    reminder_time: time = time(9, 30)
    quiet_start: time = QUIET_START
    quiet_end: time = QUIET_END

    @classmethod
    def from_settings(cls, settings: Settings) -> CheckinTimes:
        return cls(
            delay=timedelta(minutes=settings.checkin_delay_minutes),
            reminder_time=settings.checkin_reminder_time,
            quiet_start=settings.quiet_hours_start,
            quiet_end=settings.quiet_hours_end,
        )

    def awake(self, moment: datetime, tz: ZoneInfo) -> datetime:
        """`moment`, or the end of the quiet hours it falls in."""
        return shift_out_of_quiet_hours(
            moment, tz, quiet_start=self.quiet_start, quiet_end=self.quiet_end
        )

    def prompt_due(self, meeting: Meeting, tz: ZoneInfo) -> datetime:
        return self.awake(meeting.ends_at + self.delay, tz)

    def reminder_due(self, meeting: Meeting, tz: ZoneInfo) -> datetime:
        """The morning after the prompt, at the reminder time (local)."""
        prompt_day = self.prompt_due(meeting, tz).astimezone(tz).date()
        return self.awake(local_to_utc(prompt_day + timedelta(days=1), self.reminder_time, tz), tz)


# --- what a PSF sees ---------------------------------------------------------------------------


def first_unanswered(checkin: Checkin, attendance: Attendance) -> Step:
    """The step a check-in resumes at (DONE when every step has an answer)."""
    if checkin.attendance_at is None:
        return Step.ATTENDANCE
    if attendance.met:
        for step, missing in (
            (Step.MOOD, checkin.mood is None),
            (Step.WENT_WELL, checkin.went_well is None),
            (Step.LESS_WELL, checkin.less_well is None),
            (Step.OBSTACLES, checkin.obstacles_at is None),
        ):
            if missing:
                return step
    return Step.NURSE if checkin.wants_nurse is None else Step.DONE


def _blank(meeting: Meeting, person_id: int, now: datetime) -> Checkin:
    return Checkin(
        id=0,
        meeting_id=meeting.id,
        group_id=meeting.group_id,
        person_id=person_id,
        attendance_at=None,
        mood=None,
        went_well=None,
        less_well=None,
        obstacles=frozenset(),
        obstacles_at=None,
        wants_nurse=None,
        concern_id=None,
        completed_at=None,
        created_at=now,
        updated_at=now,
    )


async def is_window_open(repos: Repos, meeting: Meeting, now: datetime) -> bool:
    """A meeting's check-in can be done (and changed) from its start until the next one starts."""
    if meeting.is_cancelled or not meeting.has_started(now):
        return False
    if await is_archived(repos, meeting.group_id):
        return False  # an archived group is read-only
    return await _is_latest(repos, meeting, now)


async def _is_latest(repos: Repos, meeting: Meeting, now: datetime) -> bool:
    """The meeting is its group's latest to have started (the next one has not)."""
    return await repos.checkins.latest_started(meeting.group_id, now) == meeting.id


async def _check_open(repos: Repos, meeting: Meeting, now: datetime) -> None:
    """CheckinError unless the window is open (is_window_open, saying why not)."""
    if await is_archived(repos, meeting.group_id):
        raise CheckinError("archived")
    if meeting.is_cancelled:
        raise CheckinError("cancelled")
    if not meeting.has_started(now):
        raise CheckinError("not started")
    if not await _is_latest(repos, meeting, now):
        raise CheckinError("closed")


async def _meeting_and_group(
    repos: Repos, actor: Actor | None, meeting_id: int, action: Action
) -> tuple[Actor, Meeting, Group]:
    """The meeting named in (untrusted) button data, if the actor may do `action` in its group."""
    meeting = await repos.meetings.get(meeting_id)
    group = await repos.programme.group(meeting.group_id) if meeting else None
    actor = authorize(actor, action, group=group)
    if meeting is None or group is None:
        raise RuntimeError("missing: meeting, group")
    return actor, meeting, group


async def _peers(repos: Repos, meeting: Meeting) -> tuple[PeerMark, ...]:
    """The group's peers, ticked as marked; unmarked peers ticked if they said Going."""
    return tuple(
        PeerMark(person_id, name, going if marked is None else marked, has_telegram)
        for person_id, name, has_telegram, marked, going in await repos.checkins.peer_marks(
            meeting.id, meeting.group_id
        )
    )


async def build_view(
    repos: Repos,
    *,
    meeting: Meeting,
    group: Group,
    person_id: int,
    now: datetime,
    checkin: Checkin | None = None,
    step: Step | None = None,
    note: str | None = None,
) -> CheckinView:
    """A screen of the check-in as it stands (read-only: renderers use it too)."""
    if checkin is None:
        checkin = await repos.checkins.get(meeting.id, person_id) or _blank(meeting, person_id, now)
    attendance = await repos.checkins.attendance(meeting.id) or Attendance(meeting.id)
    if step is None:
        step = Step.DONE if checkin.is_complete else first_unanswered(checkin, attendance)
    other = None
    if (
        checkin.attendance_at is None
        and attendance.confirmed_by is not None
        and attendance.confirmed_by != person_id
    ):
        confirmer = await repos.people.get(attendance.confirmed_by)
        if confirmer is not None and confirmer.forgotten_at is None:
            other = concerns.first_name(confirmer.display_name)
    return CheckinView(
        meeting=meeting,
        group=group,
        tz=await meetings.area_tz(repos, group.id),
        checkin=checkin,
        attendance=attendance,
        peers=await _peers(repos, meeting),
        step=step,
        missed_you=await repos.checkins.missed_you(group.id),
        now=now,
        confirmed_by_other=other,
        note=note,
    )


@dataclass
class _Session:
    """A PSF's open check-in, inside one transaction."""

    repos: Repos
    actor: Actor
    meeting: Meeting
    group: Group
    checkin: Checkin
    now: datetime

    async def view(
        self, step: Step | None = None, note: str | None = None, *, finished_now: bool = False
    ) -> CheckinView:
        view = await build_view(
            self.repos,
            meeting=self.meeting,
            group=self.group,
            person_id=self.actor.person.id,
            now=self.now,
            checkin=self.checkin,
            step=step,
            note=note,
        )
        if finished_now:
            view = replace(view, finished_now=True)
        await sync_awaiting(self.repos, self.actor.person.id, view, self.now)
        return view

    async def save(self, **fields: Any) -> None:
        self.checkin = await self.repos.checkins.update(self.checkin, self.now, **fields)


async def _session(repos: Repos, actor: Actor | None, meeting_id: int, now: datetime) -> _Session:
    actor, meeting, group = await _meeting_and_group(repos, actor, meeting_id, Action.CHECK_IN)
    await _check_open(repos, meeting, now)
    checkin = await repos.checkins.get_or_create(
        meeting_id=meeting.id, group_id=group.id, person_id=actor.person.id, now=now
    )
    return _Session(repos, actor, meeting, group, checkin, now)


async def sync_awaiting(repos: Repos, person_id: int, view: CheckinView, now: datetime) -> None:
    """Wait for typed words on a free-text step; stop waiting for them once past it."""
    field = TEXT_STEPS.get(view.step)
    if field is not None:
        payload = {"meeting_id": view.meeting.id, "field": field.value}
        await repos.awaiting.expect(person_id, TEXT_INPUT, payload, now)
        return
    awaiting = await repos.awaiting.get(person_id)
    if awaiting is not None and awaiting.kind == TEXT_INPUT:
        await repos.awaiting.clear(person_id)


# --- the PSF's steps ---------------------------------------------------------------------------


async def latest_meetings(repos: Repos, actor: Actor, now: datetime) -> list[tuple[Group, Meeting]]:
    """For each group the actor facilitates, its latest meeting that has started."""
    found = []
    for group_id in actor.group_ids(Role.PSF):
        group = await repos.programme.group(group_id)
        meeting_id = await repos.checkins.latest_started(group_id, now)
        meeting = await repos.meetings.get(meeting_id) if meeting_id else None
        if group is not None and meeting is not None:
            found.append((group, meeting))
    return found


async def open_checkin(
    repos: Repos, actor: Actor | None, meeting_id: int, now: datetime
) -> CheckinView:
    """The check-in where it stands: the first unanswered step, or the summary when done."""
    session = await _session(repos, actor, meeting_id, now)
    return await session.view()


async def edit_step(
    repos: Repos, actor: Actor | None, meeting_id: int, step: Step, now: datetime
) -> CheckinView:
    """A finished check-in: show one step again to change it (unfinished: where it stands)."""
    session = await _session(repos, actor, meeting_id, now)
    if not session.checkin.is_complete or step not in EDITABLE_STEPS:
        return await session.view()
    return await session.view(step)


async def toggle_mark(
    repos: Repos, actor: Actor | None, meeting_id: int, person_id: int, now: datetime
) -> CheckinView:
    """Tick or untick a peer on the attendance list (shared with the co-facilitators)."""
    session = await _session(repos, actor, meeting_id, now)
    view = await session.view(Step.ATTENDANCE)
    peer = next((p for p in view.peers if p.person_id == person_id), None)
    if peer is None:
        raise CheckinError("not on the list")
    await repos.checkins.set_marks(
        meeting_id, {person_id: not peer.present}, by=session.actor.person.id, now=now
    )
    await repos.checkins.save_attendance(meeting_id, by=session.actor.person.id, now=now)
    return await session.view(Step.ATTENDANCE)


async def change_count(
    repos: Repos,
    actor: Actor | None,
    meeting_id: int,
    *,
    which: Counted,
    delta: int,
    now: datetime,
) -> CheckinView:
    """➖ / ➕ on the people who came but are not on the list."""
    session = await _session(repos, actor, meeting_id, now)
    current = await repos.checkins.attendance(meeting_id) or Attendance(meeting_id)
    field = "without_telegram" if which is Counted.WITHOUT_TELEGRAM else "newcomers"
    value = max(0, min(MAX_COUNT, getattr(current, field) + (1 if delta > 0 else -1)))
    await repos.checkins.save_attendance(
        meeting_id, by=session.actor.person.id, now=now, **{field: value}
    )
    return await session.view(Step.ATTENDANCE)


async def set_met(
    repos: Repos, actor: Actor | None, meeting_id: int, met: bool, now: datetime
) -> CheckinView:
    """ "We didn't meet" (then: why?) or "We did meet after all" (back to the list)."""
    session = await _session(repos, actor, meeting_id, now)
    fields: dict[str, Any] = {"met": met}
    if met:
        fields["not_met_reason"] = None
    await repos.checkins.save_attendance(meeting_id, by=session.actor.person.id, now=now, **fields)
    return await session.view(Step.ATTENDANCE)


async def not_met_because(
    repos: Repos, actor: Actor | None, meeting_id: int, reason: NotMet, now: datetime
) -> CheckinView:
    """The reason the group didn't meet; that answers the attendance step."""
    session = await _session(repos, actor, meeting_id, now)
    await repos.checkins.save_attendance(
        meeting_id, by=session.actor.person.id, now=now, met=False, not_met_reason=reason.value
    )
    return await _confirmed(session)


async def confirm_attendance(
    repos: Repos, actor: Actor | None, meeting_id: int, now: datetime, times: CheckinTimes
) -> CheckinView:
    """Done with who came: the ticks are saved for everyone, peers get their messages queued."""
    session = await _session(repos, actor, meeting_id, now)
    view = await session.view(Step.ATTENDANCE)
    if not view.attendance.met:
        if view.attendance.not_met_reason is None:
            return view  # "why didn't you meet?" still needs an answer
        return await _confirmed(session)
    person_id = session.actor.person.id
    await repos.checkins.set_marks(
        meeting_id, {p.person_id: p.present for p in view.peers}, by=person_id, now=now
    )
    told = await _queue_peer_messages(repos, view, times, now)
    return await _confirmed(session, texts.peers_told(told, view.tz, now))


async def _confirmed(session: _Session, note: str | None = None) -> CheckinView:
    repos, now, person_id = session.repos, session.now, session.actor.person.id
    attendance = await repos.checkins.attendance(session.meeting.id) or Attendance(
        session.meeting.id
    )
    if attendance.confirmed_at is None:
        await repos.checkins.save_attendance(
            session.meeting.id, by=person_id, now=now, confirmed_by=person_id, confirmed_at=now
        )
    if session.checkin.attendance_at is None:
        await session.save(attendance_at=now)
    return await session.view(note=note)


async def _queue_peer_messages(
    repos: Repos, view: CheckinView, times: CheckinTimes, now: datetime
) -> PeerMessages:
    """ "How was today?" to those ticked, "we missed you" to those who said Going but weren't."""
    meeting, tz = view.meeting, view.tz
    answers = await repos.meetings.rsvps(meeting.id)
    feedback, missed = [], []
    soon = times.awake(max(now, meeting.ends_at), tz)  # not while the meeting goes on
    morning = times.awake(max(now, times.reminder_due(meeting, tz)), tz)
    for peer in view.peers:
        if not peer.has_telegram:
            continue
        first = concerns.first_name(peer.name)
        if peer.present:
            if await _queue(repos, FEEDBACK, peer.person_id, meeting.id, soon):
                feedback.append(first)
        elif answers.get(peer.person_id) is Answer.YES and view.missed_you:
            if await _missed_last_time(repos, meeting, peer.person_id):
                continue
            if await _queue(repos, MISSED, peer.person_id, meeting.id, morning):
                missed.append(first)
    return PeerMessages(tuple(feedback), tuple(missed), morning if missed else None)


async def _queue(
    repos: Repos, kind: str, person_id: int, meeting_id: int, due_at: datetime
) -> bool:
    """Queue a peer's message unless it has already gone (or been dropped); True if queued."""
    state = await repos.checkins.delivery_state(
        kind=kind, person_id=person_id, subject_id=meeting_id
    )
    if state not in (None, DeliveryState.PENDING):
        return False
    await repos.deliveries.schedule(
        kind=kind, person_id=person_id, subject_id=meeting_id, due_at=due_at
    )
    return True


async def _missed_last_time(repos: Repos, meeting: Meeting, person_id: int) -> bool:
    """Whether the person was sent "we missed you" after the group's previous meeting."""
    previous = await repos.checkins.previous(meeting.group_id, meeting.starts_at)
    if previous is None:
        return False
    state = await repos.checkins.delivery_state(
        kind=MISSED, person_id=person_id, subject_id=previous
    )
    return state == DeliveryState.SENT


async def set_mood(
    repos: Repos, actor: Actor | None, meeting_id: int, mood: int, now: datetime
) -> CheckinView:
    """How did it go? One of five faces (1 = badly … 5 = very well)."""
    if not 1 <= mood <= 5:
        raise CheckinError("stale")
    session = await _session(repos, actor, meeting_id, now)
    await session.save(mood=mood)
    return await session.view()


# A text over Telegram's 4,096 characters arrives as several messages sent the same second, one
# after the other: once the first part is refused as too long, the rest of it is not taken as an
# answer. A part counts as "the rest" if it comes within SAME_PASTE and is the very next message
# of the chat after the part before (the bot's reply to the first part comes after them all).
SAME_PASTE = timedelta(seconds=2)


async def remember_refused(repos: Repos, person_id: int, message_id: int, at: datetime) -> None:
    """Note which typed message was refused as too long (kept with what the bot waits for)."""
    awaiting = await repos.awaiting.get(person_id)
    if awaiting is not None:
        payload = {**awaiting.payload, "refused_id": message_id, "refused_at": to_db(at)}
        await repos.awaiting.expect(person_id, awaiting.kind, payload, at)


def rest_of_refused(payload: dict[str, object], message_id: int, at: datetime) -> bool:
    """Whether a message is the rest of a long paste whose first part was just refused."""
    refused_id, refused_at = payload.get("refused_id"), payload.get("refused_at")
    if not isinstance(refused_id, int) or not isinstance(refused_at, str):
        return False
    close = abs(at - from_db(refused_at)) <= SAME_PASTE
    return close and message_id == refused_id + 1


def clean_text(text: str) -> str:
    """Words typed for a free-text step; CheckinError("empty" / "too long") otherwise."""
    cleaned = text.strip()
    if not cleaned:
        raise CheckinError("empty")
    if len(cleaned) > TEXT_LIMIT:
        raise CheckinError("too long")
    return cleaned


async def save_text(
    repos: Repos,
    actor: Actor | None,
    meeting_id: int,
    field: TextField,
    *,
    text: str | None,
    now: datetime,
    urgent: bool = False,
) -> CheckinView:
    """What worked well / less well: the words, or "" for Skip (or "remove what I wrote").

    Skip on an old message never throws away words already given, unless the check-in is
    finished and the PSF is changing it (the button then says "Remove it").
    """
    words = "" if text is None else clean_text(text)
    session = await _session(repos, actor, meeting_id, now)
    given = getattr(session.checkin, field.value)
    if words or not given or session.checkin.is_complete:
        await session.save(**{field.value: words})
    if urgent and words and session.checkin.wants_nurse is not True:
        # Words that sounded like an emergency: kept, and the nurse step offered at once
        # (Yes starts a concern pre-filled with them) instead of the next question.
        return await session.view(Step.NURSE)
    return await session.view()


async def keep_text(
    repos: Repos, actor: Actor | None, meeting_id: int, field: TextField, now: datetime
) -> CheckinView:
    """Changing a finished check-in: keep the words as they are and go back to the summary."""
    session = await _session(repos, actor, meeting_id, now)
    if getattr(session.checkin, field.value) is None:
        await session.save(**{field.value: ""})
    return await session.view()


async def toggle_obstacle(
    repos: Repos, actor: Actor | None, meeting_id: int, obstacle: Obstacle, now: datetime
) -> CheckinView:
    """Tick or untick one thing that got in the way."""
    session = await _session(repos, actor, meeting_id, now)
    await session.save(obstacles=session.checkin.obstacles ^ {obstacle.value})
    return await session.view(Step.OBSTACLES)


async def obstacles_done(
    repos: Repos, actor: Actor | None, meeting_id: int, now: datetime
) -> CheckinView:
    session = await _session(repos, actor, meeting_id, now)
    await session.save(obstacles_at=now)
    return await session.view()


@dataclass(frozen=True)
class NurseAnswer:
    view: CheckinView
    concern: Concern | None  # a draft to carry on with (the safety question first)


async def answer_nurse(
    repos: Repos, actor: Actor | None, meeting_id: int, wants_nurse: bool, now: datetime
) -> NurseAnswer:
    """The last step: Yes starts a concern pre-filled with this check-in; either way it's done."""
    session = await _session(repos, actor, meeting_id, now)
    finishing = session.checkin.completed_at is None
    fields: dict[str, Any] = {"completed_at": session.checkin.completed_at or now}
    if session.checkin.wants_nurse is not True:
        fields["wants_nurse"] = wants_nurse
    concern = None
    if wants_nurse:
        view = await session.view(Step.DONE)
        description = texts.for_the_nurse(view)
        concern = await concerns.start_concern_from_checkin(
            repos, session.actor, session.group, description, now
        )
        fields["concern_id"] = concern.id
    await session.save(**fields)
    return NurseAnswer(await session.view(Step.DONE, finished_now=finishing), concern)


async def set_missed_you(
    repos: Repos, actor: Actor | None, meeting_id: int, on: bool, now: datetime
) -> CheckinView:
    """The group's "we missed you" notes on or off (any of its PSFs may switch them)."""
    session = await _session(repos, actor, meeting_id, now)
    await repos.checkins.set_missed_you(session.group.id, on, by=session.actor.person.id, now=now)
    return await session.view(Step.DONE if session.checkin.is_complete else None)


# --- peers -------------------------------------------------------------------------------------


async def _attended(
    repos: Repos, actor: Actor | None, meeting_id: int, action: Action, now: datetime
) -> tuple[Actor, Meeting, Group]:
    """A meeting the actor (a peer) was ticked as present at, still open for feedback."""
    actor, meeting, group = await _meeting_and_group(repos, actor, meeting_id, action)
    if meeting.is_cancelled or not meeting.has_started(now):
        raise CheckinError("stale")
    if not await is_window_open(repos, meeting, now):
        raise CheckinError("feedback closed")
    attendance = await repos.checkins.attendance(meeting.id)
    marks = await repos.checkins.marks(meeting.id)
    if attendance is None or not attendance.met or not marks.get(actor.person.id, False):
        raise CheckinError("not present")
    return actor, meeting, group


async def give_feedback(
    repos: Repos, actor: Actor | None, meeting_id: int, rating: Rating, now: datetime
) -> FeedbackView:
    """A peer's one tap: helpful / OK / not for me (changeable until the next meeting)."""
    actor, meeting, group = await _attended(repos, actor, meeting_id, Action.GIVE_FEEDBACK, now)
    await repos.checkins.set_feedback(meeting.id, actor.person.id, rating.value, now)
    tz = await meetings.area_tz(repos, group.id)
    return FeedbackView(meeting, group, tz, rating, now)


async def feedback_view(
    repos: Repos, meeting: Meeting, group: Group, person_id: int, now: datetime
) -> FeedbackView:
    rating = await repos.checkins.feedback(meeting.id, person_id)
    tz = await meetings.area_tz(repos, group.id)
    return FeedbackView(meeting, group, tz, Rating(rating) if rating else None, now)


async def begin_topic(
    repos: Repos, actor: Actor | None, meeting_id: int, now: datetime
) -> FeedbackView:
    """ "Suggest a topic for next time": wait for the words."""
    actor, meeting, group = await _attended(repos, actor, meeting_id, Action.SUGGEST_TOPIC, now)
    await repos.awaiting.expect(actor.person.id, TOPIC_INPUT, {"meeting_id": meeting.id}, now)
    return await feedback_view(repos, meeting, group, actor.person.id, now)


async def suggest_topic(
    repos: Repos, actor: Actor | None, meeting_id: int, text: str, now: datetime
) -> FeedbackView:
    """Keep the peer's topic with the group's suggestions (SuggestionError if unusable)."""
    actor, meeting, group = await _attended(repos, actor, meeting_id, Action.SUGGEST_TOPIC, now)
    await add_suggestion(
        repos,
        group_id=group.id,
        person_id=actor.person.id,
        text=text,
        now=now,
        meeting_id=meeting.id,
    )
    await repos.awaiting.clear(actor.person.id)
    return await feedback_view(repos, meeting, group, actor.person.id, now)


async def end_topic(
    repos: Repos, actor: Actor | None, meeting_id: int, now: datetime
) -> FeedbackView:
    """ "Never mind": stop waiting for a topic."""
    actor, meeting, group = await _meeting_and_group(repos, actor, meeting_id, Action.SUGGEST_TOPIC)
    awaiting = await repos.awaiting.get(actor.person.id)
    if awaiting is not None and awaiting.kind == TOPIC_INPUT:
        await repos.awaiting.clear(actor.person.id)
    return await feedback_view(repos, meeting, group, actor.person.id, now)


# --- the "last time" recap ---------------------------------------------------------------------


MAX_RECAP_TOPICS = 10


async def recap_for(
    repos: Repos, person_id: int, next_meeting: Meeting, now: datetime
) -> Recap | None:
    """The recap of the meeting before `next_meeting`, or None if nothing was recorded."""
    previous_id = await repos.checkins.previous(next_meeting.group_id, next_meeting.starts_at)
    previous = await repos.meetings.get(previous_id) if previous_id else None
    group = await repos.programme.group(next_meeting.group_id)
    if previous is None or group is None:
        return None
    attendance = await repos.checkins.attendance(previous.id)
    checkins = await repos.checkins.for_meeting(previous.id)
    counts = await repos.checkins.feedback_counts(previous.id)
    feedback = {Rating(rating): n for rating, n in counts.items()}
    topics = [s.text for s in await suggestions_for(repos, group.id, since=previous.starts_at)][
        -MAX_RECAP_TOPICS:
    ]
    present: tuple[str, ...] = ()
    if attendance is not None and attendance.confirmed_at is not None and attendance.met:
        marks = await repos.checkins.marks(previous.id)
        came = await repos.people.get_many(pid for pid, here in marks.items() if here)
        names = [p.display_name if p.forgotten_at is None else "" for p in came.values()]
        present = tuple(sorted(names, key=str.casefold))
    moods = tuple(sorted((c.mood for c in checkins if c.mood is not None), reverse=True))
    chips = Counter(o for c in checkins if c.obstacles_at is not None for o in c.obstacles)
    obstacles = tuple(
        (Obstacle(key), n) for key, n in chips.most_common() if key in Obstacle._value2member_map_
    )
    own = next((c for c in checkins if c.person_id == person_id), None)
    recorded = attendance is not None and attendance.confirmed_at is not None
    if not (recorded or moods or obstacles or feedback or topics or (own and own.went_well)):
        return None
    return Recap(
        group=group,
        meeting=previous,
        next_meeting=next_meeting,
        tz=await meetings.area_tz(repos, group.id),
        attendance=attendance,
        present=present,
        moods=moods,
        obstacles=obstacles,
        own=own,
        feedback=feedback,
        topics=tuple(topics),
        now=now,
    )


# --- the sweep: arranging prompts and recaps ---------------------------------------------------


async def _psf_receivers(repos: Repos, group_id: int) -> list[Person]:
    psfs = await repos.people.members_of(group_id, role=Role.PSF)
    return [m.person for m in meetings.receivers(psfs)]


async def arrange_checkins(repos: Repos, times: CheckinTimes, now: datetime) -> int:
    """When a meeting starts: a prompt for each PSF after it ends, and the next-morning
    reminder. Idempotent; returns how many meetings were arranged."""
    arranged = 0
    # Only meetings a change has marked (sweep_work), once they have started.
    marked = await repos.sweep_work.due(CHECKINS, now)
    if not marked:
        return 0
    starts = await repos.meetings.starts(marked)
    later = [(m, starts[m][0]) for m in marked if m in starts and starts[m][0] > now]
    started = [m for m in marked if m in starts and starts[m][0] <= now]
    await repos.sweep_work.look_again(CHECKINS, later)
    await repos.sweep_work.done(CHECKINS, [m for m in marked if m not in dict(later)])
    for meeting_id in await repos.checkins.unarranged_started(
        now, ended_after=now - CATCH_UP, among=started
    ):
        meeting = await repos.meetings.get(meeting_id)
        if meeting is None:
            raise RuntimeError("missing: meeting")
        tz = await meetings.area_tz(repos, meeting.group_id)
        prompt = times.awake(max(now, times.prompt_due(meeting, tz)), tz)
        reminder = times.reminder_due(meeting, tz)
        for psf in await _psf_receivers(repos, meeting.group_id):
            await repos.deliveries.schedule(
                kind=PROMPT, person_id=psf.id, subject_id=meeting.id, due_at=prompt
            )
            if reminder > prompt:  # after a long downtime, one message is enough
                await repos.deliveries.schedule(
                    kind=REMIND, person_id=psf.id, subject_id=meeting.id, due_at=reminder
                )
        await repos.checkins.mark_arranged(meeting.id, now)
        arranged += 1
    return arranged


def recap_variant(meeting: Meeting) -> str:
    """Recaps are keyed by the start time they were arranged for: a moved meeting gets a new
    one at the right time, and the old one is dropped when it falls due."""
    return to_db(meeting.starts_at)


async def arrange_recaps(repos: Repos, times: CheckinTimes, now: datetime) -> int:
    """ "Last time" for each PSF, RECAP_BEFORE the group's next meeting (if there was one
    before it). Idempotent; returns how many rows were added."""
    added = 0
    ahead = RECAP_BEFORE + timedelta(days=1)
    horizon = now + ahead
    # Only meetings a change has marked (sweep_work), once they come within the horizon.
    marked = await repos.sweep_work.due(RECAPS, now)
    if not marked:
        return 0
    starts = await repos.meetings.starts(marked)
    later = [(m, starts[m][0] - ahead) for m in marked if m in starts and starts[m][0] > horizon]
    await repos.sweep_work.look_again(RECAPS, later)
    await repos.sweep_work.done(RECAPS, [m for m in marked if m not in dict(later)])
    within = sorted(
        (starts[m][0], m)
        for m in marked
        if m in starts and starts[m][1] and now < starts[m][0] <= horizon
    )
    for _, meeting_id in within:
        meeting = await repos.meetings.get(meeting_id)
        if meeting is None:
            raise RuntimeError("missing: meeting")
        if await repos.checkins.previous(meeting.group_id, meeting.starts_at) is None:
            continue
        tz = await meetings.area_tz(repos, meeting.group_id)
        due = times.awake(max(now, meeting.starts_at - RECAP_BEFORE), tz)
        variant = recap_variant(meeting)
        for psf in await _psf_receivers(repos, meeting.group_id):
            if await repos.reminders.exists(
                kind=RECAP, person_id=psf.id, subject_id=meeting.id, variant=variant
            ):
                continue
            await repos.deliveries.schedule(
                kind=RECAP, person_id=psf.id, subject_id=meeting.id, variant=variant, due_at=due
            )
            added += 1
    return added


# --- what others use: states and numbers -------------------------------------------------------


async def checkin_state(
    repos: Repos, meeting: Meeting, person_id: int, now: datetime, times: CheckinTimes
) -> CheckinState:
    """Where a PSF's check-in stands; "missing" once the reminder time has passed unfinished."""
    checkin = await repos.checkins.get(meeting.id, person_id)
    if checkin is not None and checkin.is_complete:
        return CheckinState.COMPLETE
    tz = await meetings.area_tz(repos, meeting.group_id)
    if now >= times.reminder_due(meeting, tz):
        return CheckinState.MISSING
    if checkin is not None and checkin.attendance_at is not None:
        return CheckinState.IN_PROGRESS
    if now >= times.prompt_due(meeting, tz):
        return CheckinState.WAITING
    return CheckinState.IN_PROGRESS if checkin is not None else CheckinState.NOT_DUE


async def checkin_states(
    repos: Repos, meeting: Meeting, now: datetime, times: CheckinTimes
) -> dict[int, CheckinState]:
    """Every current PSF of the meeting's group (and anyone who checked in): their state."""
    people = {m.person.id for m in await repos.people.members_of(meeting.group_id, role=Role.PSF)}
    people |= {c.person_id for c in await repos.checkins.for_meeting(meeting.id) if c.person_id}
    return {pid: await checkin_state(repos, meeting, pid, now, times) for pid in sorted(people)}


@dataclass(frozen=True)
class AttendanceRecord:
    """Attendance at one meeting, for trends, the nurse's views and the research export."""

    meeting_id: int
    day: date  # local date of the meeting
    starts_at: datetime
    recorded: bool  # a PSF confirmed who came (or that the group didn't meet)
    met: bool | None  # None: not recorded
    not_met_reason: NotMet | None
    present_ids: tuple[int, ...]  # peers on the group's list ticked as present
    listed_without_telegram: int  # of those, how many have no Telegram
    others_without_telegram: int  # came, not on the list, no Telegram (counted with ➖ ➕)
    newcomers: int  # came for the first time, not on the list

    @property
    def present_peers(self) -> int:
        return len(self.present_ids)

    @property
    def without_telegram(self) -> int:
        """Everyone who came without Telegram, on the list or not."""
        return self.listed_without_telegram + self.others_without_telegram

    @property
    def total(self) -> int:
        """Everyone who came (peers; the PSFs are not counted)."""
        return self.present_peers + self.others_without_telegram + self.newcomers


def _record(row: AttendanceRow, tz: ZoneInfo) -> AttendanceRecord:
    reason = row.not_met_reason
    return AttendanceRecord(
        meeting_id=row.meeting_id,
        day=row.starts_at.astimezone(tz).date(),
        starts_at=row.starts_at,
        recorded=row.recorded,
        met=row.met,
        not_met_reason=NotMet(reason) if reason and reason in NotMet._value2member_map_ else None,
        present_ids=row.present_ids,
        listed_without_telegram=row.present_without_telegram,
        others_without_telegram=row.extra_without_telegram,
        newcomers=row.newcomers,
    )


async def attendance_history(
    repos: Repos, group_id: int, *, now: datetime | None = None
) -> list[AttendanceRecord]:
    """Attendance per meeting of a group, oldest first.

    With `now`: every meeting that has started (not cancelled), recorded or not, so gaps show.
    Without: only the meetings whose attendance a PSF has recorded.
    """
    tz = await meetings.area_tz(repos, group_id)
    horizon = now if now is not None else datetime(9999, 1, 1, tzinfo=UTC)
    rows = await repos.checkins.history(group_id, horizon)
    return [_record(row, tz) for row in rows if now is not None or row.recorded]


# --- privacy (bot.privacy.PARTS) ----------------------------------------------------------------


async def export_checkins(repos: Repos, person: Person) -> dict[str, Any]:
    """For /mydata: the person's check-ins, feedback, and the attendance marks about them."""
    starts: dict[int, str] = {}

    async def when(meeting_id: int) -> str:
        if meeting_id not in starts:
            meeting = await repos.meetings.get(meeting_id)
            starts[meeting_id] = to_db(meeting.starts_at) if meeting else ""
        return starts[meeting_id]

    checkins = [
        {
            "meeting": await when(c.meeting_id),
            "how_it_went": c.mood,
            "worked_well": c.went_well,
            "worked_less_well": c.less_well,
            "got_in_the_way": sorted(c.obstacles),
            "asked_for_the_nurse": c.wants_nurse,
            "finished": to_db(c.completed_at) if c.completed_at else None,
        }
        for c in await repos.checkins.by_person(person.id)
    ]
    feedback = [
        {"meeting": await when(meeting_id), "how_was_it": rating, "at": to_db(at)}
        for meeting_id, rating, at in await repos.checkins.feedback_of_person(person.id)
    ]
    attendance = [
        {"meeting": await when(meeting_id), "came": present}
        for meeting_id, present in await repos.checkins.marks_of_person(person.id)
    ]
    return {"checkins": checkins, "feedback": feedback, "attendance": attendance}


async def erase_checkins(repos: Repos, person: Person, now: datetime) -> None:
    """/forget: blank what the person wrote in check-ins and unlink their feedback. Attendance
    marks stay (the person row itself is blanked), so the group's numbers stay true."""
    await repos.checkins.erase_person(person.id, now)
    await repos.checkins.erase_feedback(person.id)
