"""A group's life: forming → running → (extended) → ending → ended, then archived.

- The first meeting that starts makes a forming group running.
- When session 5 (settings.extension_question_session) is over, the peers are asked the next
  morning whether they would come if the group carried on for up to six more months, and the
  PSFs, a few days later, see the answers and decide with one tap (and a confirming one). The
  nurse hears the decision in office hours.
- A group that ends gets, two weeks before its last planned meeting, the ending-well guide for
  its PSFs and a one-tap way to make that meeting a goodbye. After the last meeting, the next
  morning, every peer gets a thank-you with where to find support and an optional one-tap
  "how was the group for you"; the PSFs get a thank-you too.
- A week later the group is archived: read-only (no planning, tasks or check-ins), still in
  the nurse's views and the research export. Members keep /mydata and /forget.
- A peer who missed the last three meetings (settings.missed_in_a_row) of a live group gets
  one warm message asking whether they would like to stay, pause or leave; the PSFs are told.

Every step is a row in group_events (the research export reads them without names).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.auth import Action, Actor, authorize
from bot.callbacks import BadCallback
from bot.checkins.rules import attendance_history
from bot.concerns.rules import route_for
from bot.config import Settings
from bot.delivery import schedule_notice
from bot.lifecycle import texts
from bot.lifecycle.stages import LIVE_STAGES, Stage, is_archived, stage_of
from bot.meetings import rules as meetings
from bot.membership import account
from bot.messages import OutMessage
from bot.models import Group, Meeting, Role
from bot.storage import Repos
from bot.texts.dates import meeting_when

# Delivery kinds of this feature (rendered in bot/lifecycle/deliveries.py).
DECIDE = "lcdecide"  # to each PSF: the group's future, to decide; subject: group
COME = "lccome"  # to each peer: would you come if it carried on; subject: group
DECIDED = "lcdecided"  # to the nurse: the PSFs' decision; subject: the decision's event
ENDING = "lcending"  # to each PSF: the ending-well guide; subject: group; variant: last meeting
FAREWELL = "lcfarewell"  # to every member after the last meeting; subject: group
STAY = "lcstay"  # to a peer who missed meetings in a row; subject: group

# Event kinds (group_events.kind) this feature writes.
EV_STAGE = "stage"  # value: the new stage
EV_DECISION = "decision"  # value: extend / end
EV_WOULD_COME = "would_come"  # value: yes / maybe / no
EV_HOW = "how_was_it"  # value: helped / ok / not_for_me
EV_STAY = "stay_answer"  # value: stay / pause / leave
EV_GOODBYE = "goodbye"  # the PSFs made the last meeting a goodbye
EV_ARCHIVED = "archived"

EXTEND = "extend"
END = "end"
PSF_ASK_AFTER = timedelta(days=3)  # after the peers: their answers are in when PSFs decide
GUIDE_BEFORE = timedelta(days=14)
ARCHIVE_AFTER = timedelta(days=7)  # time for the last check-in and the last answers
MORNING = time(10, 0)
EXTENSION = timedelta(days=183)  # "up to 6 more months"
EXTENSION_REMINDER = timedelta(days=152)  # about a month before the extension ends
EXTENSION_VARIANT = "extended"
_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)

COME_ANSWERS = frozenset(texts.COME_LABELS)
HOW_ANSWERS = frozenset(texts.HOW_LABELS)
STAY_ANSWERS = frozenset(texts.STAY_LABELS)


class LifecycleError(ValueError):
    """Something that can't be done now; str() is the kind words to show."""


def next_morning(at: datetime, tz: ZoneInfo) -> datetime:
    """10:00 local on the day after `at`: a calm time for a message that can wait."""
    day = at.astimezone(tz).date() + timedelta(days=1)
    return datetime.combine(day, MORNING, tzinfo=tz).astimezone(UTC)


async def scheduled_meetings(repos: Repos, group_id: int) -> list[Meeting]:
    """Every meeting of the group that was not cancelled, oldest first."""
    return await repos.meetings.upcoming(group_id, _EPOCH, limit=10_000)


async def last_planned(repos: Repos, group_id: int, now: datetime) -> Meeting | None:
    """The group's last meeting still to come, if any."""
    upcoming = await repos.meetings.upcoming(group_id, now, limit=10_000)
    return upcoming[-1] if upcoming else None


async def _set_stage(repos: Repos, group: Group, stage: Stage, now: datetime) -> None:
    await repos.lifecycle.set_stage(group.id, stage.value, now)
    await repos.lifecycle.add_event(group_id=group.id, kind=EV_STAGE, value=stage.value, now=now)


async def _group(repos: Repos, actor: Actor | None, group_id: int, action: Action) -> Group:
    group = await repos.programme.group(group_id)
    authorize(actor, action, group=group)
    if group is None:
        raise RuntimeError("missing: group")
    return group


# --- the PSFs' decision -------------------------------------------------------------------------


@dataclass(frozen=True)
class FutureView:
    group: Group
    stage: Stage
    decision: str | None
    decided_by: str | None
    decided_at: datetime | None
    asked: bool  # the peers were asked whether they would come
    answers: dict[str, list[str]]  # yes / maybe / no -> peers' names
    not_answered: int
    last_meeting: str | None  # when the last planned meeting is, in words
    archived: bool

    @property
    def can_decide(self) -> bool:
        return not self.archived and self.stage in (Stage.FORMING, Stage.RUNNING)

    @property
    def can_end(self) -> bool:
        return not self.archived and self.stage in LIVE_STAGES

    @property
    def ending(self) -> bool:
        return not self.archived and self.stage is Stage.ENDING


async def future_of(repos: Repos, group: Group, now: datetime) -> FutureView:
    """Where the group stands, with the peers' answers (for the PSFs only)."""
    row = await repos.lifecycle.stage(group.id)
    given = await repos.lifecycle.answers(group.id, EV_WOULD_COME)
    answers: dict[str, list[str]] = {key: [] for key in texts.COME_LABELS}
    waiting = 0
    for member in await repos.people.members_of(group.id, role=Role.PEER):
        person = member.person
        if person.forgotten_at is not None:
            continue
        value = given.get(person.id)
        if value in answers:
            answers[value].append(person.display_name)
        elif person.telegram_id is not None:
            waiting += 1
    decided_by = None
    if row is not None and row.decided_by is not None:
        decider = await repos.people.get(row.decided_by)
        decided_by = decider.display_name if decider and decider.forgotten_at is None else None
    last = await last_planned(repos, group.id, now)
    tz = await meetings.area_tz(repos, group.id)
    return FutureView(
        group=group,
        stage=await stage_of(repos, group),
        decision=row.decision if row else None,
        decided_by=decided_by,
        decided_at=row.decided_at if row else None,
        asked=await repos.reminders.variant_used(kind=COME, subject_id=group.id, variant="")
        or any(answers.values()),
        answers=answers,
        not_answered=waiting,
        last_meeting=meeting_when(last.starts_at, last.ends_at, tz) if last else None,
        archived=row is not None and row.archived_at is not None,
    )


async def future_view(
    repos: Repos, actor: Actor | None, group_id: int, now: datetime
) -> FutureView:
    group = await _group(repos, actor, group_id, Action.DECIDE_FUTURE)
    return await future_of(repos, group, now)


async def decide(
    repos: Repos,
    actor: Actor | None,
    group_id: int,
    decision: str,
    *,
    now: datetime,
    settings: Settings,
) -> FutureView:
    """Carry on (extend) or end after the last planned meeting; the nurse is told."""
    group = await _group(repos, actor, group_id, Action.DECIDE_FUTURE)
    if actor is None:
        raise RuntimeError("missing: actor")
    view = await future_of(repos, group, now)
    if view.archived:
        raise LifecycleError(texts.ARCHIVED)
    allowed = view.can_decide if decision == EXTEND else view.can_end
    if not allowed:
        raise LifecycleError(texts.ALREADY_DECIDED)
    stage = Stage.EXTENDED if decision == EXTEND else Stage.ENDING
    await _set_stage(repos, group, stage, now)
    await repos.lifecycle.set_decision(group.id, decision, actor.person.id, now)
    event_id = await repos.lifecycle.add_event(
        group_id=group.id, person_id=actor.person.id, role="psf", kind=EV_DECISION,
        value=decision, now=now,
    )  # fmt: skip
    area = await repos.programme.area(group.area_id)
    if area is None:
        raise RuntimeError("missing: area")
    route = await route_for(repos, settings, area, now)
    if route.nurse is not None:
        await repos.deliveries.schedule(
            kind=DECIDED, person_id=route.nurse.id, subject_id=event_id, due_at=route.due_at
        )
    return await future_of(repos, group, now)


async def answer_come(
    repos: Repos, actor: Actor | None, group_id: int, value: str, now: datetime
) -> str:
    """A peer's one-tap "would you come if it carried on"; the PSFs see it on their screen."""
    if value not in COME_ANSWERS:
        raise BadCallback("unknown answer")
    group = await _group(repos, actor, group_id, Action.GIVE_FEEDBACK)
    if actor is None:
        raise RuntimeError("missing: actor")
    row = await repos.lifecycle.stage(group.id)
    if (row is not None and row.decision is not None) or await is_archived(repos, group.id):
        return texts.COME_CLOSED
    await repos.lifecycle.add_event(
        group_id=group.id, person_id=actor.person.id, role="peer", kind=EV_WOULD_COME,
        value=value, now=now,
    )  # fmt: skip
    return texts.COME_THANKS


# --- ending well ----------------------------------------------------------------------------------


async def make_goodbye(repos: Repos, actor: Actor | None, group_id: int, now: datetime) -> Meeting:
    """The last planned meeting becomes the goodbye: its topic shows in every reminder."""
    group = await _group(repos, actor, group_id, Action.DECIDE_FUTURE)
    if await is_archived(repos, group.id):
        raise LifecycleError(texts.ARCHIVED)
    last = await last_planned(repos, group.id, now)
    if last is None:
        raise LifecycleError(texts.NO_LAST_MEETING)
    await repos.meetings.set_topic(last.id, None, texts.GOODBYE_TOPIC)
    await repos.lifecycle.add_event(
        group_id=group.id, meeting_id=last.id, person_id=actor.person.id if actor else None,
        role="psf", kind=EV_GOODBYE, now=now,
    )  # fmt: skip
    found = await repos.meetings.get(last.id)
    if found is None:
        raise RuntimeError("missing: meeting")
    return found


async def answer_how(
    repos: Repos, actor: Actor | None, group_id: int, value: str, now: datetime
) -> str:
    """A peer's optional one-tap "how was the group for you", after it ended."""
    if value not in HOW_ANSWERS:
        raise BadCallback("unknown answer")
    group = await _group(repos, actor, group_id, Action.GIVE_FEEDBACK)
    if actor is None:
        raise RuntimeError("missing: actor")
    if await stage_of(repos, group) is not Stage.ENDED:
        raise BadCallback("the group has not ended")
    await repos.lifecycle.add_event(
        group_id=group.id, person_id=actor.person.id, role="peer", kind=EV_HOW, value=value,
        now=now,
    )  # fmt: skip
    return texts.HOW_THANKS


# --- a peer who has been away -------------------------------------------------------------------


async def answer_stay(
    repos: Repos, actor: Actor | None, group_id: int, value: str, now: datetime
) -> str:
    """Stay, pause messages, or leave; the group's PSFs are told (a message row each)."""
    if value not in STAY_ANSWERS:
        raise BadCallback("unknown answer")
    group = await _group(repos, actor, group_id, Action.GIVE_FEEDBACK)
    if actor is None:
        raise RuntimeError("missing: actor")
    person = actor.person
    if not await repos.reminders.was_sent(kind=STAY, person_id=person.id, subject_id=group.id):
        raise BadCallback("this peer was not asked")
    if await repos.lifecycle.latest_answer(group.id, EV_STAY, person.id) is not None:
        return texts.STAY_ALREADY
    await repos.lifecycle.add_event(
        group_id=group.id, person_id=person.id, role="peer", kind=EV_STAY, value=value, now=now
    )
    if value == "pause":
        await account.pause(repos, person, now)
    elif value == "leave":
        await account.leave(repos, person, group, now)
    message = OutMessage(texts.stay_for_psfs(person.display_name, group.name, value))
    for member in await repos.people.members_of(group.id, role=Role.PSF):
        await schedule_notice(
            repos, person_id=member.person.id, message=message, due_at=now,
            key=f"stay:{group.id}:{person.id}", subject_id=group.id,
        )  # fmt: skip
    return texts.STAY_REPLIES[value]


async def missed_in_a_row(repos: Repos, group: Group, now: datetime, count: int) -> list[int]:
    """Peers (reachable, on the list, not asked before) who were not at the group's last
    `count` meetings that met and were recorded since they joined."""
    history = [
        r for r in await attendance_history(repos, group.id, now=now) if r.recorded and r.met
    ]
    if len(history) < count:
        return []
    asked = await repos.lifecycle.asked(STAY, group.id)
    joins = await repos.lifecycle.joined(group.id)
    away = []
    for member in meetings.receivers(await repos.people.members_of(group.id, role=Role.PEER)):
        if member.person.id in asked:
            continue  # one message, ever
        joined = joins.get(member.person.id)
        since = [r for r in history if joined is None or r.starts_at >= joined]
        last = since[-count:]
        if len(last) == count and all(member.person.id not in r.present_ids for r in last):
            away.append(member.person.id)
    return away


# --- the sweep ------------------------------------------------------------------------------------


async def arrange(repos: Repos, settings: Settings, now: datetime) -> int:
    """Move every group along its life and queue what is due; returns rows queued."""
    queued = 0
    for group in await repos.programme.groups():
        queued += await arrange_group(repos, group, settings, now)
    return queued


async def arrange_group(repos: Repos, group: Group, settings: Settings, now: datetime) -> int:
    """Move one group along its life and queue what is due (the sweep: one transaction per
    group, so people's taps never wait for the whole programme)."""
    queued = 0
    row = await repos.lifecycle.stage(group.id)
    if row is not None and row.archived_at is not None:
        return 0
    stage = await stage_of(repos, group)
    held = await scheduled_meetings(repos, group.id)
    if stage is Stage.FORMING and any(m.has_started(now) for m in held):
        await _set_stage(repos, group, Stage.RUNNING, now)
        stage = Stage.RUNNING
    if stage in (Stage.FORMING, Stage.RUNNING) and (row is None or row.decision is None):
        queued += await _ask_about_future(repos, group, held=held, settings=settings, now=now)
    if stage is Stage.EXTENDED and row is not None and row.decided_at is not None:
        queued += await _remind_extension_ends(repos, group, row.decided_at)
    if stage in LIVE_STAGES:
        for person_id in await missed_in_a_row(repos, group, now, settings.missed_in_a_row):
            queued += await repos.deliveries.schedule(
                kind=STAY, person_id=person_id, subject_id=group.id, due_at=now
            )
    if stage is Stage.ENDING:
        queued += await _arrange_ending(repos, group, held, now)
    elif stage is Stage.ENDED:
        ended = await repos.lifecycle.last_event(group.id, EV_STAGE, Stage.ENDED.value)
        if ended is not None and now >= ended.at + ARCHIVE_AFTER:
            await repos.lifecycle.archive(group.id, now)
            await repos.lifecycle.add_event(group_id=group.id, kind=EV_ARCHIVED, now=now)
    return queued


async def next_look(repos: Repos, group: Group, now: datetime) -> datetime | None:
    """When the group must next be looked at without anything changing: its next meeting's
    start or end (a stage moves, a question falls due), or an ended group's archiving. None:
    nothing ahead until something changes (a change marks the group itself)."""
    row = await repos.lifecycle.stage(group.id)
    if row is not None and row.archived_at is not None:
        return None
    moments = [
        at
        for meeting in await scheduled_meetings(repos, group.id)
        for at in (meeting.starts_at, meeting.ends_at)
        if at > now
    ]
    if await stage_of(repos, group) is Stage.ENDED:
        ended = await repos.lifecycle.last_event(group.id, EV_STAGE, Stage.ENDED.value)
        if ended is not None:
            moments.append(max(ended.at + ARCHIVE_AFTER, now + timedelta(seconds=1)))
    return min(moments, default=None)


async def _ask_about_future(
    repos: Repos,
    group: Group,
    *,
    held: list[Meeting],
    settings: Settings,
    now: datetime,
) -> int:
    number = settings.extension_question_session
    if len(held) < number or held[number - 1].ends_at > now:
        return 0
    asked = await repos.lifecycle.asked(COME, group.id)
    asked |= await repos.lifecycle.asked(DECIDE, group.id)
    waiting = [
        m
        for m in meetings.receivers(await repos.people.members_of(group.id))
        if m.person.id not in asked
    ]
    if not waiting:
        return 0
    tz = await meetings.area_tz(repos, group.id)
    peers_due = next_morning(held[number - 1].ends_at, tz)
    queued = 0
    for member in waiting:
        psf = member.role is Role.PSF
        queued += await repos.deliveries.schedule(
            kind=DECIDE if psf else COME,
            person_id=member.person.id,
            subject_id=group.id,
            due_at=peers_due + PSF_ASK_AFTER if psf else peers_due,
        )
    return queued


async def _remind_extension_ends(repos: Repos, group: Group, decided_at: datetime) -> int:
    """Five months into the extension, the PSFs are reminded it ends in about a month."""
    queued = 0
    asked = await repos.lifecycle.asked(DECIDE, group.id, EXTENSION_VARIANT)
    for member in meetings.receivers(await repos.people.members_of(group.id, role=Role.PSF)):
        if member.person.id in asked:
            continue
        queued += await repos.deliveries.schedule(
            kind=DECIDE, person_id=member.person.id, subject_id=group.id,
            variant=EXTENSION_VARIANT, due_at=decided_at + EXTENSION_REMINDER,
        )  # fmt: skip
    return queued


async def _arrange_ending(repos: Repos, group: Group, held: list[Meeting], now: datetime) -> int:
    last = await last_planned(repos, group.id, now)
    members = meetings.receivers(await repos.people.members_of(group.id))
    queued = 0
    if last is not None:
        for member in members:
            if member.role is Role.PSF:
                queued += await repos.deliveries.schedule(
                    kind=ENDING, person_id=member.person.id, subject_id=group.id,
                    variant=str(last.id), due_at=last.starts_at - GUIDE_BEFORE,
                )  # fmt: skip
        return queued
    ended_at = max((m.ends_at for m in held), default=now)
    if now < ended_at:
        return 0  # the last meeting is going on now
    await _set_stage(repos, group, Stage.ENDED, now)
    tz = await meetings.area_tz(repos, group.id)
    farewell_at = max(next_morning(ended_at, tz), now) if held else now
    for member in members:
        queued += await repos.deliveries.schedule(
            kind=FAREWELL, person_id=member.person.id, subject_id=group.id, due_at=farewell_at
        )
    return queued
