"""The nurse's and coordinator's views and actions: 📋 Groups, a group's detail, writing to a
group's PSFs, dismissing a warning. Every entry point checks bot.auth first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.auth import Action, Actor, NotAllowed, authorize
from bot.checkins import texts as checkin_texts
from bot.checkins.rules import CheckinTimes
from bot.config import Settings
from bot.delivery import schedule_notice
from bot.messages import Button, OutMessage, buttons
from bot.models import Area, Group, Role
from bot.oversight import texts
from bot.oversight.buttons import GroupsAct, GroupsButton, WarningAct, WarningButton
from bot.oversight.records import DismissReason, Rule, Thresholds
from bot.oversight.repo import Warning
from bot.oversight.rules import trend
from bot.oversight.status import GroupStatus, group_status, reachable
from bot.storage import Repos
from bot.texts import clip
from bot.texts.dates import day_date

MESSAGE_PSFS = "oversight.message"
MESSAGE_LIMIT = 1500
LAST_MEETINGS = 6


class OversightError(ValueError):
    """Typed input that can't be used; the handler says so kindly."""


def _button(label: str, act: GroupsAct, id_: int = 0) -> Button:
    return Button(label, data=GroupsButton(act, id_).pack())


def reasons(status: GroupStatus, t: Thresholds) -> list[str]:
    return [texts.reason(Rule(w.rule), w.detail, t) for w in status.open_warnings]


async def areas_for(repos: Repos, actor: Actor | None) -> list[Area]:
    """The areas whose groups the actor looks after: a nurse's own, or all for a coordinator."""
    if actor is None:
        raise NotAllowed(Action.OVERSEE_GROUPS, None)
    if actor.is_coordinator:
        return await repos.programme.areas()
    areas = [await repos.programme.area(area_id) for area_id in actor.nurse_areas]
    found = [a for a in areas if a is not None]
    if not found:
        raise NotAllowed(Action.OVERSEE_GROUPS, actor.person.id)
    return found


async def start_view(
    repos: Repos, actor: Actor | None, settings: Settings, now: datetime
) -> OutMessage:
    """📋 Groups: one area's list straight away, or the areas to choose from."""
    areas = await areas_for(repos, actor)
    if len(areas) == 1:
        return await area_view(repos, actor, areas[0].id, settings, now)
    rows = [[_button(area.name, GroupsAct.AREA, area.id)] for area in areas]
    return OutMessage(texts.CHOOSE_AREA, buttons=buttons(*rows))


async def area_view(
    repos: Repos, actor: Actor | None, area_id: int, settings: Settings, now: datetime
) -> OutMessage:
    """One line per group of an area, and a button per group for its detail."""
    area = await repos.programme.area(area_id)
    authorize(actor, Action.OVERSEE_GROUPS, area_id=area.id if area else None)
    if area is None or actor is None:
        raise RuntimeError("missing: area, actor")
    t = Thresholds.from_settings(settings)
    times = CheckinTimes.from_settings(settings)
    today = now.astimezone(area.tz).date()
    lines, rows, history, history_rows = [], [], [], []
    for group in await repos.programme.groups(area_id=area.id):
        stage = await repos.lifecycle.stage(group.id)
        if stage is not None and stage.archived_at is not None:
            # The nurse's history: an ended group, read-only, still there to look back on.
            ended = stage.archived_at.astimezone(area.tz).date()
            history.append(texts.archived_line(group.name, ended, today))
            history_rows.append([_button(clip(group.name, 40), GroupsAct.GROUP, group.id)])
            continue
        status = await group_status(repos, group, now, times)
        attendance = status.attendance
        next_meeting = status.next_meeting
        flagged = reasons(status, t)
        lines.append(
            texts.group_line(
                group.name,
                next_day=next_meeting.starts_at.astimezone(area.tz).date()
                if next_meeting
                else None,
                last=attendance[-1] if attendance else None,
                trend=trend(attendance),
                checkin=status.checkin,
                concerns=status.open_concerns,
                warnings=flagged,
                stage=status.stage.value,
                today=today,
            )
        )
        rows.append(
            [_button(texts.button_label(group.name, bool(flagged)), GroupsAct.GROUP, group.id)]
        )
    count = len(lines)
    if history:
        lines += ["", texts.HISTORY, *history]
        rows += history_rows
    if not lines:
        return OutMessage(texts.NO_GROUPS)
    if actor.is_coordinator and len(await repos.programme.areas()) > 1:
        rows.append([_button(texts.BACK, GroupsAct.AREAS)])
    text = texts.list_heading(area.name, count) + "\n\n" + "\n".join(lines).lstrip("\n")
    return OutMessage(_fit(text), buttons=buttons(*rows))


def _fit(text: str, limit: int = 4000) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit("\n", 1)[0] + "\n…"


async def group_for(repos: Repos, actor: Actor | None, group_id: int) -> tuple[Group, Area]:
    group = await repos.programme.group(group_id)
    authorize(actor, Action.VIEW_GROUP_REPORTS, group=group)
    if group is None:
        raise RuntimeError("missing: group")
    area = await repos.programme.area(group.area_id)
    if area is None:
        raise RuntimeError("missing: area")
    return group, area


async def group_view(
    repos: Repos, actor: Actor | None, group_id: int, settings: Settings, now: datetime
) -> OutMessage:
    """A group's detail: the last six meetings, its PSFs, its plan and what needs attention."""
    group, area = await group_for(repos, actor, group_id)
    t = Thresholds.from_settings(settings)
    status = await group_status(repos, group, now, CheckinTimes.from_settings(settings))
    lines = [texts.detail_heading(group.name, area.name, status.stage.value), ""]
    flagged = reasons(status, t)
    if flagged:
        lines += [texts.WARNINGS, *(f"⚠️ {why}" for why in flagged), ""]
    lines.append(texts.LAST_MEETINGS)
    recent = status.history[-LAST_MEETINGS:]
    for record in recent:
        checkins = await repos.checkins.for_meeting(record.meeting_id)
        faces = "".join(
            checkin_texts.MOOD_FACES[c.mood] for c in checkins if c.mood in checkin_texts.MOOD_FACES
        )
        keys = {key for c in checkins for key in c.obstacles}
        obstacles = [label for key, label in checkin_texts.OBSTACLE_LABELS.items() if key in keys]
        lines.append(
            texts.meeting_row(
                record.day, met=record.met, total=record.total, faces=faces, obstacles=obstacles
            )
        )
    if not recent:
        lines.append(texts.NO_MEETINGS_YET)
    lines += ["", texts.PSFS]
    for person in status.psfs:
        lines.append(
            texts.psf_row(
                person.display_name,
                reachable=reachable(person),
                paused=person.paused_at is not None,
                away_next=person.id in status.absent_next,
            )
        )
    if not status.psfs:
        lines.append(texts.NO_PSFS)
    lines += ["", texts.PLAN]
    for meeting in status.upcoming:
        local = meeting.starts_at.astimezone(area.tz)
        lines.append(f"• {day_date(local.date())}, {local:%H:%M} — {meeting.venue_name}")
    if not status.upcoming:
        lines.append(texts.NOTHING_PLANNED)
    rows = [
        [_button(texts.MESSAGE_PSFS, GroupsAct.MESSAGE, group.id)],
        [_button(texts.BACK, GroupsAct.AREA, area.id)],
    ]
    return OutMessage(_fit("\n".join(lines)), buttons=buttons(*rows))


# --- writing to a group's PSFs -------------------------------------------------------------------


async def begin_message(
    repos: Repos, actor: Actor | None, group_id: int, now: datetime
) -> OutMessage:
    group, _ = await group_for(repos, actor, group_id)
    authorize(actor, Action.HANDLE_WARNING, group=group)
    if actor is None:
        raise RuntimeError("missing: actor")
    await repos.awaiting.expect(actor.person.id, MESSAGE_PSFS, {"group_id": group.id}, now)
    return OutMessage(texts.ASK_MESSAGE.format(group=group.name))


@dataclass(frozen=True)
class Sent:
    names: list[str]


async def send_message(
    repos: Repos, actor: Actor | None, group_id: int, text: str | None, now: datetime
) -> Sent:
    """Queue the nurse's words to every reachable PSF of the group; OversightError if unusable."""
    group, _ = await group_for(repos, actor, group_id)
    authorize(actor, Action.HANDLE_WARNING, group=group)
    if actor is None:
        raise RuntimeError("missing: actor")
    words = (text or "").strip()
    if not words:
        raise OversightError(texts.MESSAGE_EMPTY)
    if len(words) > MESSAGE_LIMIT:
        raise OversightError(texts.MESSAGE_TOO_LONG.format(limit=MESSAGE_LIMIT))
    psfs = [m.person for m in await repos.people.members_of(group.id, role=Role.PSF)]
    psfs = [p for p in psfs if reachable(p)]
    if not psfs:
        raise OversightError(texts.NO_PSFS_TO_MESSAGE)
    await repos.awaiting.clear(actor.person.id)
    message = OutMessage(
        texts.message_for_psf(actor.person.display_name.split(" ")[0], group.name, words)
    )
    key = f"nurse:{actor.person.id}:{now.timestamp():.0f}"
    for person in psfs:
        await schedule_notice(
            repos, person_id=person.id, message=message, due_at=now, key=key, subject_id=group.id
        )
    return Sent([p.display_name for p in psfs])


# --- warnings ------------------------------------------------------------------------------------


def warning_buttons(warning: Warning) -> tuple[tuple[Button, ...], ...]:
    return buttons(
        [_button(texts.MESSAGE_PSFS, GroupsAct.MESSAGE, warning.group_id)],
        [_button(texts.SEE_GROUP, GroupsAct.GROUP, warning.group_id)],
        [Button(texts.DISMISS, data=WarningButton(warning.id, WarningAct.DISMISS).pack())],
    )


async def warning_message(repos: Repos, warning: Warning, t: Thresholds) -> OutMessage | None:
    group = await repos.programme.group(warning.group_id)
    area = await repos.programme.area(warning.area_id)
    if group is None or area is None:
        return None
    why = texts.reason(Rule(warning.rule), warning.detail, t)
    text = texts.warning_text(group.name, area.name, why, warning.raised_at, area.tz)
    return OutMessage(text, buttons=warning_buttons(warning))


async def _own_warning(repos: Repos, actor: Actor | None, warning_id: int) -> Warning:
    warning = await repos.warnings.get(warning_id)
    group = await repos.programme.group(warning.group_id) if warning else None
    authorize(actor, Action.HANDLE_WARNING, group=group)
    if warning is None:
        raise RuntimeError("missing: warning")
    return warning


async def ask_dismiss(
    repos: Repos, actor: Actor | None, warning_id: int, t: Thresholds
) -> OutMessage:
    warning = await _own_warning(repos, actor, warning_id)
    base = await warning_message(repos, warning, t)
    if base is None:
        raise RuntimeError("missing: base")
    if not warning.is_open:
        return OutMessage(base.text + "\n\n" + texts.ALREADY_GONE)
    rows = [
        [Button(label, data=WarningButton(warning.id, WarningAct.REASON, index).pack())]
        for index, label in enumerate(texts.DISMISS_LABELS.values())
    ]
    rows.append([Button(texts.KEEP, data=WarningButton(warning.id, WarningAct.KEEP).pack())])
    return OutMessage(base.text + "\n\n" + texts.DISMISS_WHY, buttons=buttons(*rows))


async def keep(repos: Repos, actor: Actor | None, warning_id: int, t: Thresholds) -> OutMessage:
    warning = await _own_warning(repos, actor, warning_id)
    message = await warning_message(repos, warning, t)
    if message is None:
        raise RuntimeError("missing: message")
    return message


async def dismiss(
    repos: Repos,
    actor: Actor | None,
    warning_id: int,
    reason: DismissReason,
    *,
    t: Thresholds,
    now: datetime,
) -> OutMessage:
    warning = await _own_warning(repos, actor, warning_id)
    if actor is None:
        raise RuntimeError("missing: actor")
    done = await repos.warnings.dismiss(warning.id, actor.person.id, reason.value, now)
    base = await warning_message(repos, warning, t)
    if base is None:
        raise RuntimeError("missing: base")
    note = texts.DISMISSED if done else texts.ALREADY_GONE
    see = buttons([_button(texts.SEE_GROUP, GroupsAct.GROUP, warning.group_id)])
    return OutMessage(base.text + "\n\n" + note, buttons=see)
