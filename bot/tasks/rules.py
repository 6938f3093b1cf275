"""Co-facilitation: each meeting's tasks, who has them, and PSFs covering for each other.

A meeting's tasks are copied from its group's list (or the default one) the first time anyone
looks at them or a reminder is due. PSFs take a task with a tap; the day before, each is
reminded of theirs; a few days before, tasks nobody has taken are pointed out. A PSF who can't
make a meeting gives their tasks back and the co-PSFs are told; if no PSF can make it, the
oversight sweep flags it to the nurse.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.auth import Action, Actor, authorize
from bot.delivery import schedule_notice
from bot.lifecycle.stages import is_archived
from bot.meetings import rules as meetings
from bot.messages import Button, OutMessage, buttons
from bot.models import Group, Meeting, Person, Role
from bot.storage import Repos
from bot.storage.times import to_db
from bot.tasks import texts
from bot.tasks.buttons import TaskAct, TaskButton
from bot.tasks.repo import MeetingTask
from bot.texts.dates import meeting_when

REMIND = "taskremind"
UNCLAIMED = "taskopen"
REMIND_BEFORE = timedelta(days=1)
LOOK_BATCH = 200  # meetings looked at in one transaction


class TaskError(ValueError):
    """Something the PSF can't do now; str() is the kind words to show."""


@dataclass(frozen=True)
class TasksView:
    meeting: Meeting
    group: Group
    tz: ZoneInfo
    tasks: list[MeetingTask]
    names: dict[int, str]
    absent: set[int]
    me: int
    now: datetime


async def labels_for(repos: Repos, group_id: int) -> list[str]:
    return await repos.tasks.group_list(group_id) or list(texts.DEFAULT_TASKS)


async def ensure_tasks(repos: Repos, meeting: Meeting) -> list[MeetingTask]:
    tasks = await repos.tasks.of_meeting(meeting.id)
    if not tasks:
        await repos.tasks.create_for_meeting(meeting.id, await labels_for(repos, meeting.group_id))
        tasks = await repos.tasks.of_meeting(meeting.id)
    return tasks


async def _psf_names(repos: Repos, group_id: int) -> dict[int, str]:
    return {
        m.person.id: m.person.display_name
        for m in await repos.people.members_of(group_id, role=Role.PSF)
    }


async def _meeting_for(
    repos: Repos, actor: Actor | None, meeting_id: int, now: datetime, *, changing: bool
) -> tuple[Meeting, Group]:
    meeting = await repos.meetings.get(meeting_id)
    group = await repos.programme.group(meeting.group_id) if meeting else None
    authorize(actor, Action.SHARE_TASKS, group=group)
    if meeting is None or group is None:
        raise RuntimeError("missing: meeting, group")
    if changing and await is_archived(repos, group.id):
        raise TaskError(texts.ARCHIVED)
    if changing and (meeting.is_cancelled or meeting.has_started(now)):
        raise TaskError(texts.TOO_LATE)
    return meeting, group


async def view(repos: Repos, actor: Actor | None, meeting_id: int, now: datetime) -> TasksView:
    meeting, group = await _meeting_for(repos, actor, meeting_id, now, changing=False)
    if actor is None:
        raise RuntimeError("missing: actor")
    return TasksView(
        meeting=meeting,
        group=group,
        tz=await meetings.area_tz(repos, group.id),
        tasks=await ensure_tasks(repos, meeting),
        names=await _psf_names(repos, group.id),
        absent=await repos.tasks.absent(meeting.id),
        me=actor.person.id,
        now=now,
    )


async def next_meeting_of(repos: Repos, actor: Actor | None, now: datetime) -> Meeting | None:
    """The soonest upcoming meeting among the PSF's groups."""
    authorize(actor, Action.BROWSE_FACILITATION)
    if actor is None:
        raise RuntimeError("missing: actor")
    found = []
    for group_id in actor.group_ids(Role.PSF):
        upcoming = await repos.meetings.upcoming(group_id, now, limit=1)
        found += upcoming
    return min(found, key=lambda m: m.starts_at) if found else None


async def tap(
    repos: Repos, actor: Actor | None, meeting_id: int, position: int, now: datetime
) -> tuple[TasksView, str]:
    """Take a free task, or give back one's own; someone else's is theirs."""
    meeting, group = await _meeting_for(repos, actor, meeting_id, now, changing=True)
    if actor is None:
        raise RuntimeError("missing: actor")
    tasks = {t.position: t for t in await ensure_tasks(repos, meeting)}
    task = tasks.get(position)
    if task is None:
        raise TaskError(texts.TOO_LATE)
    me = actor.person.id
    if task.person_id is not None and task.person_id != me:
        names = await _psf_names(repos, group.id)
        raise TaskError(texts.TAKEN_BY_OTHER.format(name=names.get(task.person_id, "Someone")))
    kind = "unclaim" if task.person_id == me else "claim"
    await repos.tasks.set_owner(meeting.id, position, None if kind == "unclaim" else me, now)
    await repos.lifecycle.add_event(
        group_id=group.id,
        meeting_id=meeting.id,
        person_id=me,
        role="psf",
        kind=kind,
        value=task.label,
        now=now,
    )
    note = texts.RELEASED if kind == "unclaim" else texts.CLAIMED
    return await view(repos, actor, meeting.id, now), note


async def cant_make_it(
    repos: Repos, actor: Actor | None, meeting_id: int, now: datetime
) -> TasksView:
    """The PSF can't come: their tasks go back and the co-PSFs are told at once."""
    meeting, group = await _meeting_for(repos, actor, meeting_id, now, changing=True)
    if actor is None:
        raise RuntimeError("missing: actor")
    me = actor.person.id
    mine = [t.label for t in await ensure_tasks(repos, meeting) if t.person_id == me]
    if await repos.tasks.mark_absent(meeting.id, me, now):
        await repos.tasks.release_all(meeting.id, me)
        await repos.lifecycle.add_event(
            group_id=group.id, meeting_id=meeting.id, person_id=me, role="psf",
            kind="cant_make_it", value=str(len(mine)), now=now,
        )  # fmt: skip
        tz = await meetings.area_tz(repos, group.id)
        when = meeting_when(meeting.starts_at, meeting.ends_at, tz)
        text = texts.co_psf_away(actor.person.display_name, group.name, when, mine)
        see = Button(texts.SEE_TASKS, data=TaskButton(meeting.id, TaskAct.OPEN).pack())
        message = OutMessage(text, buttons=buttons([see]))
        for person_id in await _psf_names(repos, group.id):
            if person_id != me:
                await schedule_notice(
                    repos, person_id=person_id, message=message, due_at=now,
                    key=f"away:{meeting.id}:{me}", subject_id=meeting.id,
                )  # fmt: skip
    return await view(repos, actor, meeting.id, now)


async def can_make_it(
    repos: Repos, actor: Actor | None, meeting_id: int, now: datetime
) -> TasksView:
    meeting, group = await _meeting_for(repos, actor, meeting_id, now, changing=True)
    if actor is None:
        raise RuntimeError("missing: actor")
    if await repos.tasks.unmark_absent(meeting.id, actor.person.id):
        await repos.lifecycle.add_event(
            group_id=group.id, meeting_id=meeting.id, person_id=actor.person.id, role="psf",
            kind="can_make_it", now=now,
        )  # fmt: skip
    return await view(repos, actor, meeting.id, now)


def screen(v: TasksView) -> OutMessage:
    """Who has what, with a button per task and one to say "I can't make it"."""
    when = meeting_when(
        v.meeting.starts_at, v.meeting.ends_at, v.tz, today=v.now.astimezone(v.tz).date()
    )
    lines = [texts.heading(v.group.name, when), ""]
    rows: list[list[Button]] = []
    for task in v.tasks:
        owner = v.names.get(task.person_id) if task.person_id else None
        if task.person_id is not None and owner is None:
            owner = "?"
        lines.append(texts.task_line(task.label, owner))
        if task.person_id == v.me:
            label = texts.MINE_PREFIX + task.label
        elif owner:
            label = texts.owned_label(task.label, owner)
        else:
            label = texts.CLAIM_PREFIX + task.label
        rows.append(
            [Button(label, data=TaskButton(v.meeting.id, TaskAct.TAP, task.position).pack())]
        )
    away = [v.names[p] for p in sorted(v.absent) if p in v.names]
    if away:
        lines += ["", texts.away_line(away)]
    if v.me in v.absent:
        rows.append([Button(texts.CAN_MAKE_IT, data=TaskButton(v.meeting.id, TaskAct.BACK).pack())])
    else:
        rows.append(
            [Button(texts.CANT_MAKE_IT, data=TaskButton(v.meeting.id, TaskAct.AWAY).pack())]
        )
    return OutMessage("\n".join(lines), buttons=buttons(*rows))


# --- the sweep ---------------------------------------------------------------------------


async def arrange(repos: Repos, now: datetime, unclaimed_before: timedelta) -> tuple[int, bool]:
    """For groups that share tasks in the bot: reminders the day before (to PSFs with tasks)
    and, a few days before, the tasks that nobody has taken (to every PSF who can come).

    Only meetings a change or the time has made due (task_work), LOOK_BATCH of them (a tap
    waits for one batch at most). Returns what was arranged and whether more are due."""
    arranged = 0
    due = await repos.tasks.meetings_due(now, limit=LOOK_BATCH)
    for meeting_id in due:
        arranged_now, look_at = await _arrange_meeting(repos, meeting_id, now, unclaimed_before)
        arranged += arranged_now
        await repos.tasks.look_again(meeting_id, look_at)
    return arranged, len(due) == LOOK_BATCH


async def _arrange_meeting(
    repos: Repos, meeting_id: int, now: datetime, unclaimed_before: timedelta
) -> tuple[int, datetime | None]:
    """What one look arranges, and when to look again (None: only after a change)."""
    meeting = await repos.meetings.get(meeting_id)
    if meeting is None or meeting.is_cancelled or meeting.has_started(now):
        return 0, None
    # Only groups that share tasks in the bot get task messages, and no archived group.
    group_id = meeting.group_id
    if not await repos.tasks.group_uses_tasks(group_id) or await is_archived(repos, group_id):
        return 0, None
    opens = meeting.starts_at - max(unclaimed_before, REMIND_BEFORE)
    if now < opens:
        return 0, opens
    arranged = 0
    tasks = await ensure_tasks(repos, meeting)
    variant = meeting.starts_at.isoformat()
    absent = await repos.tasks.absent(meeting.id)
    psfs = [p for p in await _psf_names(repos, group_id) if p not in absent]
    remind_at = meeting.starts_at - REMIND_BEFORE
    if now >= remind_at:
        for person_id in {t.person_id for t in tasks if t.person_id in psfs}:
            if person_id is None:
                raise RuntimeError("missing: person_id")
            arranged += await repos.deliveries.schedule(
                kind=REMIND, person_id=person_id, subject_id=meeting.id, variant=variant,
                due_at=remind_at,
            )  # fmt: skip
    if any(t.person_id is None for t in tasks):
        for person_id in psfs:
            arranged += await repos.deliveries.schedule(
                kind=UNCLAIMED, person_id=person_id, subject_id=meeting.id, variant=variant,
                due_at=meeting.starts_at - unclaimed_before,
            )  # fmt: skip
    return arranged, remind_at if now < remind_at else None


# --- privacy (bot.privacy.PARTS) ----------------------------------------------------------------


async def export_tasks(repos: Repos, person: Person) -> list[dict[str, str]]:
    """For /mydata: the tasks the person took or gave back, and meetings they couldn't make."""
    found = []
    for event in await repos.lifecycle.events_of_person(person.id):
        row = {"what": event.kind, "at": to_db(event.at)}
        if event.kind in ("claim", "unclaim"):
            row["task"] = event.value
        elif event.kind != "cant_make_it" and event.value:
            row["answer"] = event.value  # a life-cycle answer (would come, how was it, stay)
        found.append(row)
    return found


async def erase_tasks(repos: Repos, person: Person, now: datetime) -> None:
    """/forget: the person is unlinked from tasks, absences, group events and warnings."""
    await repos.tasks.forget_person(person.id)
    await repos.lifecycle.forget_person(person.id)
    await repos.warnings.forget_person(person.id)
