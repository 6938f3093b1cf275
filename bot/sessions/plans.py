"""The pre-meeting suggestion: a theme or topic, an icebreaker and members' ideas, for PSFs.

A few days before each meeting (TOPIC_SUGGESTION_DAYS_BEFORE, at the meeting's time of day,
out of quiet hours) every PSF of the group gets one delivery row (kind SUGGESTION, subject the
meeting). The row is rendered when it is sent, so the card shows the meeting as it is then.

Rows are arranged by a sweep step (`arrange_suggestions`), not by the meetings feature: each
sweep looks at the meetings starting within the next few days, and at every suggestion still
waiting to go, and makes the rows fit the meeting as it is now. So meetings planned, moved or
cancelled by any route, PSFs who joined late and a bot that was down all come right without
the meetings code knowing about suggestions.

What was suggested, and what the PSFs chose, is kept per meeting in `session_plans` when the
suggestion first goes out; it answers "which icebreakers has the group used" and "which topics
has it covered". A chosen topic is written on the meeting too, where the reminders show it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.callbacks import BadCallback
from bot.content import Content, ContentStore, CurriculumSession, Icebreaker, Topic, plan_session
from bot.delivery import schedule_notice
from bot.meetings import rules as meetings
from bot.meetings.rules import ReminderRules, receivers
from bot.messages import OutMessage
from bot.models import DeliveryState, Meeting, Person, Role
from bot.sessions import texts
from bot.sessions.ideas import suggestions_for
from bot.sessions.records import ArrangeRow, PlanRecord, TopicKind
from bot.storage import Repos
from bot.storage.sweep_work import SUGGESTIONS
from bot.storage.times import to_db

SUGGESTION = "topicidea"  # delivery kind; subject: the meeting; variant: ""
# A suggestion already sent is sent again if its meeting then moves this much later.
MOVED_FAR = timedelta(days=7)
# Rows are arranged for meetings starting within the suggestion's days before plus this.
LOOKAHEAD = timedelta(days=2)


class PlanProblem(Exception):
    """The meeting can't take a choice any more; `reason` is a key of texts.PROBLEM."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Choice:
    """A theme or topic the meeting could have."""

    kind: TopicKind
    key: str
    title: str
    session: CurriculumSession | None = None
    topic: Topic | None = None


def choice_of(content: Content, kind: str | None, key: str | None) -> Choice | None:
    """The curriculum session or library topic with this key (None if there is none)."""
    if kind == TopicKind.SESSION:
        session = next((s for s in content.curriculum if s.key == key), None)
        if session is not None:
            return Choice(TopicKind.SESSION, session.key, session.theme, session=session)
    elif kind == TopicKind.TOPIC and key is not None:
        topic = content.topic(key)
        if topic is not None:
            return Choice(TopicKind.TOPIC, topic.key, topic.title, topic=topic)
    return None


def covered_topic(plan: PlanRecord) -> str | None:
    """The library topic a meeting had: the one chosen, else the one suggested."""
    if plan.chosen_key is not None:
        return plan.chosen_key if plan.chosen_kind == TopicKind.TOPIC else None
    return plan.suggested_key if plan.suggested_kind == TopicKind.TOPIC else None


def distinct(texts_: Iterable[str]) -> list[str]:
    """Ideas tidied, once each (ignoring case), in the order given."""
    seen: dict[str, str] = {}
    for text in texts_:
        cleaned = " ".join(text.split())
        if cleaned and cleaned.casefold() not in seen:
            seen[cleaned.casefold()] = cleaned
    return list(seen.values())


# --- making the plan -----------------------------------------------------------------------


async def fresh_plan(repos: Repos, content: Content, meeting: Meeting) -> PlanRecord:
    """What the bot would suggest for the meeting now (not stored).

    Session k counts the group's meetings still on before this one, so it survives moves and
    cancellations. Icebreakers and topics the group's other meetings had are avoided; all the
    group's ideas rank the library topics.
    """
    number = await meetings.session_number(repos, meeting.id)
    others = await repos.session_plans.others_in_group(meeting.group_id, meeting.id)
    covered = {key for plan in others if (key := covered_topic(plan)) is not None}
    ideas = [idea.text for idea in await suggestions_for(repos, meeting.group_id)]
    plan = plan_session(
        content,
        session_number=number,
        covered_topic_keys=covered,
        used_icebreaker_keys={plan.icebreaker_key for plan in others},
        peer_suggestions=ideas,
    )
    if plan.theme is not None:
        kind, key = TopicKind.SESSION, plan.theme.key
    else:
        if plan.topic is None:
            raise RuntimeError("missing: plan.topic")
        kind, key = TopicKind.TOPIC, plan.topic.key
    return PlanRecord(
        meeting_id=meeting.id,
        group_id=meeting.group_id,
        session_number=number,
        suggested_kind=kind.value,
        suggested_key=key,
        icebreaker_key=plan.icebreaker.key,
        icebreaker_by=None,
        chosen_kind=None,
        chosen_key=None,
        chosen_by=None,
        chosen_at=None,
        sent_at=None,
        sent_for=None,
    )


async def ensure_plan(
    repos: Repos, content: Content, meeting: Meeting, now: datetime
) -> PlanRecord:
    """The meeting's kept plan, made now if it has none yet."""
    stored = await repos.session_plans.get(meeting.id)
    if stored is not None:
        return stored
    plan = await fresh_plan(repos, content, meeting)
    return await repos.session_plans.add(
        meeting_id=meeting.id,
        group_id=meeting.group_id,
        session_number=plan.session_number,
        suggested_kind=plan.suggested_kind,
        suggested_key=plan.suggested_key,
        icebreaker_key=plan.icebreaker_key,
        now=now,
    )


# --- what the card shows -------------------------------------------------------------------


@dataclass(frozen=True)
class PlanView:
    """Everything the suggestion card shows, read at one moment."""

    meeting: Meeting
    group_name: str
    tz: ZoneInfo
    session_number: int
    suggested: Choice
    shown: Choice  # the chosen topic, a PSF's pick from the lists, or the suggestion
    chosen: Choice | None
    chosen_by: str | None
    icebreaker: Icebreaker
    asked_for: list[str]  # members' ideas the shown library topic answers
    new_ideas: list[str]  # members' ideas since the PSFs' last suggestion
    covered: frozenset[str]  # library topics the group's other meetings had

    @property
    def shown_is_chosen(self) -> bool:
        return self.chosen is not None and (self.chosen.kind, self.chosen.key) == (
            self.shown.kind,
            self.shown.key,
        )

    @property
    def shown_is_suggested(self) -> bool:
        return (self.suggested.kind, self.suggested.key) == (self.shown.kind, self.shown.key)


async def plan_view(
    repos: Repos,
    store: ContentStore,
    meeting: Meeting,
    now: datetime,
    *,
    pick: Choice | None = None,
) -> PlanView:
    """The card for a meeting: its kept plan (or what would be suggested now), read-only.

    Keys that vanished from the content since (a coordinator's edit) fall back to a fresh
    suggestion; a chosen topic that vanished keeps the title written on the meeting.
    """
    content = store.current
    record = await repos.session_plans.get(meeting.id)
    fresh: PlanRecord | None = None
    if record is None:
        record = fresh = await fresh_plan(repos, content, meeting)
    suggested = choice_of(content, record.suggested_kind, record.suggested_key)
    icebreaker = content.icebreaker(record.icebreaker_key)
    if suggested is None or icebreaker is None:
        fresh = fresh or await fresh_plan(repos, content, meeting)
        suggested = suggested or choice_of(content, fresh.suggested_kind, fresh.suggested_key)
        icebreaker = icebreaker or content.icebreaker(fresh.icebreaker_key)
    if suggested is None or icebreaker is None:
        raise RuntimeError("missing: suggested, icebreaker")
    chosen = None
    if record.chosen_key is not None:
        chosen = choice_of(content, record.chosen_kind, record.chosen_key) or Choice(
            TopicKind(record.chosen_kind or TopicKind.TOPIC),
            record.chosen_key,
            meeting.topic_title or record.chosen_key,
        )
    chooser = await repos.people.get(record.chosen_by) if record.chosen_by else None
    shown = pick or chosen or suggested
    others = await repos.session_plans.others_in_group(meeting.group_id, meeting.id)
    since = await repos.session_plans.last_sent(
        meeting.group_id, other_than=meeting.id, before=record.sent_at or now
    )
    ideas = await suggestions_for(repos, meeting.group_id)
    asked = _asked_for(store, shown, distinct(idea.text for idea in ideas))
    recent = distinct(idea.text for idea in ideas if since is None or idea.created_at >= since)
    group = await repos.programme.group(meeting.group_id)
    return PlanView(
        meeting=meeting,
        group_name=group.name if group else "",
        tz=await meetings.area_tz(repos, meeting.group_id),
        session_number=record.session_number,
        suggested=suggested,
        shown=shown,
        chosen=chosen,
        chosen_by=chooser.display_name if chooser and chooser.forgotten_at is None else None,
        icebreaker=icebreaker,
        asked_for=asked,
        new_ideas=[idea for idea in recent if idea not in asked],
        covered=frozenset(key for plan in others if (key := covered_topic(plan)) is not None),
    )


def _asked_for(store: ContentStore, shown: Choice, ideas: Sequence[str]) -> list[str]:
    """Members' ideas that find the shown library topic among their best matches."""
    if shown.kind is not TopicKind.TOPIC:
        return []
    limit = len(store.current.topics)
    return [
        idea
        for idea in ideas
        if any(topic.key == shown.key for topic, _ in store.topic_index.search(idea, limit))
    ]


# --- the PSFs' choices ---------------------------------------------------------------------


def check_open(meeting: Meeting, now: datetime) -> None:
    if meeting.is_cancelled:
        raise PlanProblem("cancelled")
    if meeting.has_started(now):
        raise PlanProblem("started")


@dataclass(frozen=True)
class Chosen:
    choice: Choice
    changed: bool  # False: it was already the chosen topic
    told: int  # other PSFs told


async def choose_topic(
    repos: Repos,
    content: Content,
    *,
    meeting: Meeting,
    kind: TopicKind,
    key: str,
    actor: Person,
    now: datetime,
    rules: ReminderRules,
) -> Chosen:
    """Make a theme or topic the meeting's (the caller has authorized CHOOSE_TOPIC).

    It is written on the meeting, so members' reminders show it, and the group's other PSFs
    are told who chose what.
    """
    check_open(meeting, now)
    choice = choice_of(content, kind, key)
    if choice is None:
        raise BadCallback("no such theme or topic")  # forged, or gone after a content edit
    plan = await ensure_plan(repos, content, meeting, now)
    if (plan.chosen_kind, plan.chosen_key) == (choice.kind.value, choice.key):
        return Chosen(choice, changed=False, told=0)
    await repos.session_plans.choose(
        meeting.id, kind=choice.kind.value, key=choice.key, person_id=actor.id, now=now
    )
    await repos.meetings.set_topic(meeting.id, choice.key, choice.title)
    tz = await meetings.area_tz(repos, meeting.group_id)
    text = texts.psf_told(actor.display_name, choice.title, meeting.starts_at, tz, now)
    told = 0
    for psf in receivers(await repos.people.members_of(meeting.group_id, role=Role.PSF)):
        if psf.person.id == actor.id:
            continue
        await schedule_notice(
            repos,
            person_id=psf.person.id,
            message=OutMessage(text),
            due_at=rules.out_of_quiet_hours(now, tz),
            key=f"topic:{meeting.id}:{to_db(now)}",
            subject_id=meeting.id,
        )
        told += 1
    return Chosen(choice, changed=True, told=told)


async def another_icebreaker(
    repos: Repos, content: Content, *, meeting: Meeting, actor: Person, now: datetime
) -> Icebreaker:
    """The next icebreaker in the library the group has not used (round again when all have)."""
    check_open(meeting, now)
    plan = await ensure_plan(repos, content, meeting, now)
    others = await repos.session_plans.others_in_group(meeting.group_id, meeting.id)
    used = {other.icebreaker_key for other in others} | {plan.icebreaker_key}
    order = list(content.icebreakers)
    keys = [ice.key for ice in order]
    start = keys.index(plan.icebreaker_key) + 1 if plan.icebreaker_key in keys else 0
    rotated = order[start:] + order[:start]
    chosen = next((ice for ice in rotated if ice.key not in used), rotated[0])
    await repos.session_plans.set_icebreaker(meeting.id, chosen.key, actor.id, now)
    return chosen


# --- rows: the sweep step ------------------------------------------------------------------


@dataclass
class Arranged:
    scheduled: int = 0  # rows made or moved to fit their meeting
    prepared: int = 0  # plans made for suggestions going out now
    resent: int = 0  # suggestions to send again after a far move
    dropped: int = 0  # waiting rows of cancelled or started meetings


async def arrange_suggestions(
    repos: Repos,
    content: Content,
    now: datetime,
    *,
    days_before: int,
    rules: ReminderRules,
) -> Arranged:
    """Make every PSF's suggestion row fit its meeting as it is now (idempotent).

    Due `days_before` days before the meeting at its time of day, out of quiet hours; if that
    has passed (planned late, a PSF who just joined, the bot was down) as soon as it is not
    night. The plan is made for meetings whose suggestion goes out now, so every PSF of the
    group gets the same one. One query reads everything; only what needs changing is written.
    """
    ahead = timedelta(days=days_before) + LOOKAHEAD
    horizon = now + ahead
    # The meetings a change has marked (sweep_work) once they come within the horizon, and
    # those with a row due: nothing to read when nothing is due.
    marked = await repos.sweep_work.due(SUGGESTIONS, now)
    starts = await repos.meetings.starts(marked) if marked else {}
    later = [(m, starts[m][0] - ahead) for m in marked if m in starts and starts[m][0] > horizon]
    await repos.sweep_work.look_again(SUGGESTIONS, later)
    await repos.sweep_work.done(SUGGESTIONS, [m for m in marked if m not in dict(later)])
    # Cancelled or started meetings too: rows still waiting for them are dropped.
    within = [m for m in marked if m in starts and starts[m][0] <= horizon]
    by_meeting: dict[int, list[ArrangeRow]] = {}
    for row in await repos.session_plans.to_arrange(kind=SUGGESTION, now=now, among=within):
        by_meeting.setdefault(row.meeting_id, []).append(row)
    result = Arranged()
    zones: dict[str, ZoneInfo] = {}
    for meeting_id, rows in by_meeting.items():
        first = rows[0]
        if not first.on or first.starts_at <= now:
            if any(row.state == DeliveryState.PENDING for row in rows):
                result.dropped += await repos.deliveries.cancel(
                    kind=SUGGESTION,
                    subject_id=meeting_id,
                    outcome="meeting started" if first.on else "meeting cancelled",
                )
            continue
        tz = zones.setdefault(first.timezone, ZoneInfo(first.timezone))
        due = rules.due(first.starts_at, days_before, tz)
        target = due if due > now else rules.out_of_quiet_hours(now, tz)
        psfs = [row for row in rows if row.person_id is not None]
        moved_far = first.sent_for is not None and first.starts_at - first.sent_for >= MOVED_FAR
        if moved_far:
            await _send_again(repos, meeting_id, psfs, touched=first.touched, due_at=target)
            result.resent += len(psfs)
        else:
            for row in psfs:
                when = when_due(row, due=due, target=target, now=now)
                if when is not None and row.person_id is not None:
                    await repos.deliveries.schedule(
                        kind=SUGGESTION, person_id=row.person_id, subject_id=meeting_id, due_at=when
                    )
                    result.scheduled += 1
        if target <= now and psfs and (moved_far or not first.planned):
            meeting = await repos.meetings.get(meeting_id)
            if meeting is not None and await repos.session_plans.get(meeting_id) is None:
                await ensure_plan(repos, content, meeting, now)
                result.prepared += 1
    return result


async def _send_again(
    repos: Repos, meeting_id: int, psfs: Sequence[ArrangeRow], *, touched: bool, due_at: datetime
) -> None:
    """Sent for a date long before the meeting's new one: send it again nearer the time,
    freshly worked out unless a PSF already chose something."""
    if touched:
        await repos.session_plans.forget_sent_for(meeting_id)
    else:
        await repos.session_plans.delete(meeting_id)
    for row in psfs:
        if row.person_id is not None:
            await repos.reminders.arm(
                kind=SUGGESTION,
                person_id=row.person_id,
                subject_id=meeting_id,
                variant="",
                due_at=due_at,
            )


def when_due(row: ArrangeRow, *, due: datetime, target: datetime, now: datetime) -> datetime | None:
    """When a PSF's row should fall due now, or None to leave it as it is.

    `due` is the time the rules give for the meeting as it is; `target` is that, or the first
    moment out of quiet hours once it has passed. A row already sent or dropped stays so. A row
    being retried after a failed send keeps its back-off, except that it never goes before its
    time nor in the night.
    """
    if row.state is None:
        return target
    if row.state != DeliveryState.PENDING or row.due_at is None:
        return None
    if row.attempts == 0:
        return None if row.due_at == target else target
    if due > now and row.due_at < due:
        return due
    if row.due_at <= now < target:
        return target
    return None


async def is_psf(repos: Repos, group_id: int, person_id: int) -> bool:
    return any(
        m.person.id == person_id for m in await repos.people.members_of(group_id, role=Role.PSF)
    )


# --- privacy (bot.privacy.PARTS) -----------------------------------------------------------


async def export_choices(repos: Repos, person: Person) -> list[dict[str, Any]]:
    """For /mydata: the topics the person chose for their group's meetings."""
    return [
        {"meeting": to_db(starts_at), "topic": key}
        for starts_at, key in await repos.session_plans.chosen_by_person(person.id)
    ]


async def erase_choices(repos: Repos, person: Person, now: datetime) -> None:
    """For /forget: the group keeps its topics, without who chose them."""
    del now
    await repos.session_plans.forget_person(person.id)
