"""The life cycle's screens and messages: words from texts, buttons from buttons."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from bot.auth import Actor
from bot.config import Settings
from bot.content.buttons import LibraryButton, View
from bot.content.models import Content
from bot.lifecycle import rules, texts
from bot.lifecycle.buttons import LifeAct, LifeButton
from bot.lifecycle.rules import FutureView
from bot.meetings import rules as meetings
from bot.messages import Button, OutMessage, buttons
from bot.storage import Repos
from bot.texts.dates import meeting_when


def _button(label: str, group_id: int, act: LifeAct, value: str = "-") -> Button:
    return Button(label, data=LifeButton(group_id, act, value).pack())


def _guide_button() -> Button:
    return Button(texts.ENDING_GUIDE, data=LibraryButton(View.ENDING_WELL, fresh=True).pack())


def future_screen(view: FutureView) -> OutMessage:
    """The PSFs' screen: the peers' answers and, while it is theirs to make, the decision."""
    if view.archived:
        return OutMessage(texts.ARCHIVED)
    text = texts.future(
        view.group.name,
        stage=view.stage.value,
        asked=view.asked,
        answers=view.answers,
        not_answered=view.not_answered,
        decided=view.decision,
        decided_by=view.decided_by,
        last_meeting=view.last_meeting,
    )
    gid = view.group.id
    rows: list[list[Button]] = []
    if view.can_decide:
        rows.append([_button(texts.EXTEND, gid, LifeAct.ASK_EXTEND)])
    if view.can_end:
        rows.append([_button(texts.END, gid, LifeAct.ASK_END)])
    if view.ending:
        rows.append([_guide_button()])
        if view.last_meeting:
            rows.append([_button(texts.MAKE_GOODBYE, gid, LifeAct.GOODBYE)])
    return OutMessage(text, buttons=buttons(*rows))


def extension_ending(view: FutureView, ends: date) -> OutMessage:
    """About a month before the six more months are up: end the group when it suits."""
    screen = future_screen(view)
    return OutMessage(texts.extension_ending(view.group.name, ends), buttons=screen.buttons)


def confirm_screen(group_id: int, extend: bool) -> OutMessage:
    yes = (
        _button(texts.YES_EXTEND, group_id, LifeAct.EXTEND)
        if extend
        else _button(texts.YES_END, group_id, LifeAct.END)
    )
    back = _button(texts.NOT_YET, group_id, LifeAct.FUTURE)
    return OutMessage(
        texts.CONFIRM_EXTEND if extend else texts.CONFIRM_END, buttons=buttons([yes], [back])
    )


def ask_peer(group_id: int, group: str) -> OutMessage:
    rows = [
        [_button(label, group_id, LifeAct.COME, key)] for key, label in texts.COME_LABELS.items()
    ]
    return OutMessage(texts.ask_peers(group), buttons=buttons(*rows))


def _points(content: Content, section: str, limit: int) -> list[str]:
    found = content.ending_well.section(section)
    return list(found.points[:limit]) if found is not None else []


def ending_soon(content: Content, group_id: int, group: str, when: str) -> OutMessage:
    rows = [[_guide_button()], [_button(texts.MAKE_GOODBYE, group_id, LifeAct.GOODBYE)]]
    return OutMessage(
        texts.ending_soon(group, when, _points(content, "last-meeting", 3)),
        buttons=buttons(*rows),
    )  # fmt: skip


def goodbye_set(content: Content, when: str) -> OutMessage:
    return OutMessage(
        texts.goodbye_set(when, _points(content, "last-meeting", 5)),
        buttons=buttons([_guide_button()]),
    )


def farewell(group_id: int, group: str, *, psf: bool) -> OutMessage:
    if psf:
        return OutMessage(texts.farewell_psf(group), buttons=buttons([_guide_button()]))
    support = Button(texts.SUPPORT_NEAR_YOU, data=LibraryButton(View.RESOURCES, fresh=True).pack())
    rows = [[support]] + [
        [_button(label, group_id, LifeAct.HOW, key)] for key, label in texts.HOW_LABELS.items()
    ]
    return OutMessage(texts.farewell_peer(group), buttons=buttons(*rows))


def ask_stay(group_id: int, group: str) -> OutMessage:
    rows = [
        [_button(label, group_id, LifeAct.STAY, key)] for key, label in texts.STAY_LABELS.items()
    ]
    return OutMessage(texts.ask_stay(group), buttons=buttons(*rows))


@dataclass(frozen=True)
class Answer:
    """What a tap gives back: a screen to show in place of the message, or a note to reply."""

    screen: OutMessage | None = None
    note: str | None = None
    wake: bool = False  # something was queued for others (the nurse, co-PSFs, the guide)


async def on_button(  # noqa: PLR0911 - one return per kind of tap
    repos: Repos,
    actor: Actor | None,
    data: LifeButton,
    *,
    now: datetime,
    settings: Settings,
    content: Content,
) -> Answer:
    """Every life-cycle button; LifecycleError for what can't be done now (kind words)."""
    act, gid = data.act, data.group_id
    if act in (LifeAct.ASK_EXTEND, LifeAct.ASK_END):
        view = await rules.future_view(repos, actor, gid, now)
        if not (view.can_decide if act is LifeAct.ASK_EXTEND else view.can_end):
            raise rules.LifecycleError(texts.ALREADY_DECIDED)
        return Answer(confirm_screen(gid, extend=act is LifeAct.ASK_EXTEND))
    if act in (LifeAct.EXTEND, LifeAct.END):
        decision = rules.EXTEND if act is LifeAct.EXTEND else rules.END
        view = await rules.decide(repos, actor, gid, decision, now=now, settings=settings)
        note = texts.EXTENDED_DONE if act is LifeAct.EXTEND else texts.ENDING_DONE
        return Answer(future_screen(view), note, wake=True)
    if act is LifeAct.FUTURE:
        return Answer(future_screen(await rules.future_view(repos, actor, gid, now)))
    if act is LifeAct.GOODBYE:
        last = await rules.make_goodbye(repos, actor, gid, now)
        tz = await meetings.area_tz(repos, last.group_id)
        when = meeting_when(last.starts_at, last.ends_at, tz, today=now.astimezone(tz).date())
        return Answer(goodbye_set(content, when))
    if act is LifeAct.COME:
        return Answer(note=await rules.answer_come(repos, actor, gid, data.value, now))
    if act is LifeAct.HOW:
        return Answer(note=await rules.answer_how(repos, actor, gid, data.value, now))
    return Answer(note=await rules.answer_stay(repos, actor, gid, data.value, now), wake=True)
