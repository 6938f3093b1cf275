"""What the bot shows about concerns: the buttons' data, the screens, and the delivery kinds
(the concern for the nurse, the reminder, the backup's copy, and updates to the other side).

Renderers run at send time, so a concern acknowledged meanwhile drops its reminder.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.callbacks import CallbackData
from bot.concerns import rules as concerns
from bot.concerns import texts
from bot.concerns.records import Category, Concern, ConcernEvent, ConcernState, EventKind, FileKind
from bot.delivery import DeliveryKind
from bot.messages import Attachment, Button, OutMessage, buttons
from bot.models import Delivery, Group, Person
from bot.outbound import SendResult
from bot.services import Services
from bot.storage import Repos
from bot.texts.dates import clock, day_date, when_opens

# --- button data (every prefix starts with "c": this feature owns those) -----------------------


@dataclass(frozen=True)
class ConcernNew(CallbackData, prefix="cnew"):
    """Start a concern about one of the PSF's groups."""

    group_id: int


@dataclass(frozen=True)
class ConcernDanger(CallbackData, prefix="cdanger"):
    concern_id: int
    urgent: bool


@dataclass(frozen=True)
class ConcernCategory(CallbackData, prefix="ccat"):
    concern_id: int
    category: Category


class DraftStep(StrEnum):
    SEND = "send"
    CHANGE = "change"
    CANCEL = "cancel"


@dataclass(frozen=True)
class ConcernDraft(CallbackData, prefix="cdraft"):
    concern_id: int
    step: DraftStep


class NurseStep(StrEnum):
    VIEW = "view"
    ACK = "ack"
    REPLY = "reply"
    RESOLVE = "resolve"


@dataclass(frozen=True)
class ConcernNurse(CallbackData, prefix="cnurse"):
    concern_id: int
    step: NurseStep


@dataclass(frozen=True)
class ConcernAnswer(CallbackData, prefix="cans"):
    """The PSF answers the nurse in a concern's thread."""

    concern_id: int


@dataclass(frozen=True)
class ConcernList(CallbackData, prefix="clist"):
    """Back to /concerns."""


class AwayStep(StrEnum):
    SET = "set"
    BACK = "back"


@dataclass(frozen=True)
class ConcernAway(CallbackData, prefix="caway"):
    step: AwayStep


def _button(label: str, data: CallbackData) -> Button:
    return Button(label, data=data.pack())


# --- the PSF's screens -------------------------------------------------------------------------


def danger_question(concern: Concern) -> OutMessage:
    """The first question, always: is anyone in danger right now?"""
    return OutMessage(
        texts.DANGER_QUESTION,
        buttons=buttons(
            [_button(texts.DANGER_YES, ConcernDanger(concern.id, urgent=True))],
            [_button(texts.DANGER_NO, ConcernDanger(concern.id, urgent=False))],
        ),
    )


def choose_group(groups: list[Group]) -> OutMessage:
    rows = [[_button(group.name, ConcernNew(group.id))] for group in groups]
    return OutMessage(texts.CHOOSE_GROUP, buttons=buttons(*rows))


def category_question(concern: Concern, text: str = texts.CHOOSE_CATEGORY) -> OutMessage:
    rows = [
        [_button(label, ConcernCategory(concern.id, category))]
        for category, label in texts.CATEGORY_LABELS.items()
    ]
    rows.append([_button(texts.CANCEL, ConcernDraft(concern.id, DraftStep.CANCEL))])
    return OutMessage(text, buttons=buttons(*rows))


def describe_prompt(concern: Concern) -> OutMessage:
    return OutMessage(
        texts.ASK_DESCRIPTION,
        buttons=buttons([_button(texts.CANCEL, ConcernDraft(concern.id, DraftStep.CANCEL))]),
    )


def confirm_screen(concern: Concern, group: Group) -> OutMessage:
    return OutMessage(
        texts.confirm(
            group.name,
            concern.category,
            concern.description,
            file_kind=concern.file_kind,
            urgent=concern.urgent,
        ),
        buttons=buttons(
            [_button(texts.SEND, ConcernDraft(concern.id, DraftStep.SEND))],
            [_button(texts.CHANGE, ConcernDraft(concern.id, DraftStep.CHANGE))],
            [_button(texts.CANCEL, ConcernDraft(concern.id, DraftStep.CANCEL))],
        ),
    )


def next_draft_step(concern: Concern, group: Group) -> OutMessage:
    """Whatever the draft still needs: a category, a description, or the PSF's go-ahead."""
    if concern.category is None:
        return category_question(concern)
    if concern.description is None and concern.file_id is None:
        return describe_prompt(concern)
    return confirm_screen(concern, group)


def what_happens_next(submitted: concerns.Submitted, urgent_number: str, now: datetime) -> str:
    """Plain words on where the concern went and when the nurse will have it."""
    route = submitted.route
    if route is None:
        return texts.ALREADY_SENT
    if route.nurse is None:
        return texts.no_nurse(urgent_number)
    nurse = submitted.nurse_first_name
    when = when_opens(route.due_at, submitted.tz, now)
    if route.away is not None and route.away.id == route.nurse.id:
        return texts.waits_for_return(nurse, route.away_until, when, urgent_number)
    lines = []
    if route.away is not None:
        lines.append(texts.goes_to_backup(submitted.away_first_name, route.away_until, nurse))
    if route.open_now:
        lines.append(texts.sent_now(nurse))
    else:
        lines.append(texts.queued(nurse, when, urgent_number, route.closed_because))
    return "\n\n".join(lines)


# --- the nurse's screens -----------------------------------------------------------------------


def _raised_words(at: datetime | None, tz: ZoneInfo) -> str:
    if at is None:
        return "not yet"
    local = at.astimezone(tz)
    return f"{day_date(local.date())} at {clock(local.time())}"


def _attachment(kind: FileKind | None, file_id: str | None) -> Attachment | None:
    if kind is None or file_id is None:
        return None
    filename = "voice.ogg" if kind is FileKind.VOICE else "photo.jpg"
    return Attachment(filename, kind=kind.value, file_id=file_id)


def nurse_buttons(concern: Concern, *, with_list: bool = False) -> tuple[tuple[Button, ...], ...]:
    rows: list[list[Button]] = []
    if concern.state in (ConcernState.QUEUED, ConcernState.DELIVERED):
        rows.append([_button(texts.ACKNOWLEDGE, ConcernNurse(concern.id, NurseStep.ACK))])
    if concern.state.is_open:
        rows.append(
            [
                _button(texts.REPLY, ConcernNurse(concern.id, NurseStep.REPLY)),
                _button(texts.RESOLVE, ConcernNurse(concern.id, NurseStep.RESOLVE)),
            ]
        )
    if with_list:
        rows.append([_button(texts.BACK_TO_LIST, ConcernList())])
    return buttons(*rows)


async def _name(repos: Repos, person_id: int | None) -> str:
    person = await repos.people.get(person_id) if person_id else None
    return person.display_name if person else "someone"


async def _status(repos: Repos, concern: Concern, tz: ZoneInfo) -> str:
    if concern.state is ConcernState.RESOLVED and concern.resolved_at is not None:
        nurse = await _name(repos, concern.resolved_by)
        return texts.status_closed(
            nurse, texts.short_when(concern.resolved_at, tz), concern.outcome
        )
    if concern.acknowledged_at is not None:
        nurse = await _name(repos, concern.acknowledged_by)
        return texts.status_seen(nurse, texts.short_when(concern.acknowledged_at, tz))
    return texts.status_waiting()


async def concern_card(
    repos: Repos,
    concern: Concern,
    tz: ZoneInfo,
    *,
    header: str | None = None,
    status: bool = False,
    thread: bool = False,
    with_file: bool = True,
) -> OutMessage:
    """The concern as the nurse sees it, with the buttons that fit its state."""
    group = await repos.programme.group(concern.group_id)
    text = texts.card(
        limit=texts.CARD_TEXT_IN_THREAD if thread else texts.CARD_TEXT,
        psf=await _name(repos, concern.raised_by),
        group=group.name if group else "?",
        category=concern.category,
        raised=_raised_words(concern.raised_at, tz),
        urgent=concern.urgent,
        text=concern.description,
        file_kind=concern.file_kind,
    )
    parts = [header, text] if header else [text]
    if status:
        parts.append(await _status(repos, concern, tz))
    if thread:
        parts.append(await _thread(repos, concern, tz))
    return OutMessage(
        "\n\n".join(parts),
        buttons=nurse_buttons(concern, with_list=thread),
        attachment=_attachment(concern.file_kind, concern.file_id) if with_file else None,
    )


# The thread view must fit one Telegram message (4,096 characters) with the card above it:
# the newest steps are shown, as many as fit in this many characters.
THREAD_BUDGET = 1600
_QUIET_STEPS = (EventKind.ROUTED,)


async def _thread(repos: Repos, concern: Concern, tz: ZoneInfo) -> str:
    events = [e for e in await repos.concerns.events_of(concern.id) if e.kind not in _QUIET_STEPS]
    lines: list[str] = []
    used = 0
    for event in reversed(events):
        who = await _name(repos, event.person_id) if event.person_id else ""
        words = texts.step_words(event.kind.value, who, event.text)
        if event.file_kind is not None:
            words += f" (+ {event.file_kind.value})"
        line = texts.thread_line(texts.short_when(event.at, tz), words)
        if used + len(line) > THREAD_BUDGET:
            lines.append(texts.EARLIER_STEPS)
            break
        lines.append(line)
        used += len(line) + 1
    return "\n".join([texts.THREAD_HEADING, *reversed(lines)])


Listed = tuple[Concern, Group, Person | None, Person | None]


def concern_list(
    items: list[Listed], tz: ZoneInfo, *, for_nurse: bool, away: tuple[str, str] | None = None
) -> OutMessage:
    """/concerns: open ones first, then recently resolved, each oldest first."""
    if not items:
        text = texts.NURSE_LIST_EMPTY if for_nurse else texts.PSF_LIST_EMPTY
        lines = [text]
    else:
        lines = [texts.NURSE_LIST_TITLE if for_nurse else texts.PSF_LIST_TITLE]
    rows: list[list[Button]] = []
    open_items = [item for item in items if item[0].state.is_open]
    closed_items = [item for item in items if not item[0].state.is_open]
    number = 0
    for heading, chosen in ((texts.OPEN_HEADING, open_items), (texts.CLOSED_HEADING, closed_items)):
        if not chosen:
            continue
        lines += ["", heading]
        for concern, group, psf, nurse in chosen:
            number += 1
            raised = texts.short_when(concern.raised_at or concern.created_at, tz)
            lines.append(
                texts.list_line(
                    number,
                    raised,
                    (psf.display_name if psf else "someone") if for_nurse else "",
                    group.name,
                    category=concern.category,
                    state=concern.state.value,
                    nurse=nurse.display_name if nurse else None,
                    urgent=concern.urgent,
                )
            )
            if for_nurse:
                label = texts.list_button(number, psf.display_name if psf else "?")
                rows.append([_button(label, ConcernNurse(concern.id, NurseStep.VIEW))])
    if rows:
        lines += ["", texts.OPEN_BUTTON_HINT]
    if for_nurse:
        if away is not None:
            lines += ["", away[0]]
        rows.append([_button(texts.BACK if away else texts.AWAY, ConcernAway(_away_step(away)))])
    return OutMessage("\n".join(lines), buttons=buttons(*rows))


def _away_step(away: tuple[str, str] | None) -> AwayStep:
    return AwayStep.BACK if away else AwayStep.SET


# --- delivery kinds ----------------------------------------------------------------------------


async def _area_tz(repos: Repos, concern: Concern) -> ZoneInfo:
    area = await repos.programme.area(concern.area_id)
    return area.tz if area else ZoneInfo("Europe/London")


async def _render_concern(
    services: Services, repos: Repos, delivery: Delivery, person: Person
) -> OutMessage | None:
    concern = await repos.concerns.get(delivery.subject_id)
    if concern is None or concern.state not in (ConcernState.QUEUED, ConcernState.DELIVERED):
        return None
    area = await repos.programme.area(concern.area_id)
    assert area is not None
    now = services.clock.now()
    if not (await concerns.office_hours_of(repos, services.settings, area, now)).is_open(now):
        # Closed after all (a closure added since, or a retry in the evening): dropped here,
        # the concerns sweep queues it again for the next opening.
        return None
    return await concern_card(repos, concern, area.tz)


async def _after_concern(
    services: Services, repos: Repos, delivery: Delivery, result: SendResult
) -> None:
    await concerns.after_delivered(
        repos, services.settings, delivery.subject_id, delivery.person_id, services.clock.now()
    )


async def _render_nudge(
    services: Services, repos: Repos, delivery: Delivery, person: Person
) -> OutMessage | None:
    concern = await repos.concerns.get(delivery.subject_id)
    if concern is None or concern.state is not ConcernState.DELIVERED:
        return None
    tz = await _area_tz(repos, concern)
    delivered = when_opens(concern.delivered_at or delivery.due_at, tz, services.clock.now())
    return await concern_card(repos, concern, tz, header=texts.reminder_header(delivered))


async def _after_nudge(
    services: Services, repos: Repos, delivery: Delivery, result: SendResult
) -> None:
    await concerns.after_reminded(
        repos, delivery.subject_id, delivery.person_id, services.clock.now()
    )


async def _render_backup(
    services: Services, repos: Repos, delivery: Delivery, person: Person
) -> OutMessage | None:
    concern = await repos.concerns.get(delivery.subject_id)
    if concern is None or concern.state not in (ConcernState.QUEUED, ConcernState.DELIVERED):
        return None
    area = await repos.programme.area(concern.area_id)
    assert area is not None
    nurse = concerns.first_name(await _name(repos, concern.nurse_id))
    header = texts.backup_header(nurse, area.name)
    return await concern_card(repos, concern, area.tz, header=header)


async def _after_backup(
    services: Services, repos: Repos, delivery: Delivery, result: SendResult
) -> None:
    await concerns.after_escalated(
        repos, delivery.subject_id, delivery.person_id, services.clock.now()
    )


async def _render_update(
    services: Services, repos: Repos, delivery: Delivery, person: Person
) -> OutMessage | None:
    event = await repos.concerns.event(delivery.subject_id)
    concern = await repos.concerns.get(event.concern_id) if event else None
    if event is None or concern is None:
        return None
    return await update_message(repos, concern, event)


async def update_message(repos: Repos, concern: Concern, event: ConcernEvent) -> OutMessage | None:
    """One step of a concern, told to the other side."""
    actor = concerns.first_name(await _name(repos, event.person_id))
    category = concern.category
    if event.kind is EventKind.REPLIED:
        answer: tuple[tuple[Button, ...], ...] = ()
        if concern.state.is_open:
            answer = buttons([_button(texts.reply_to(actor), ConcernAnswer(concern.id))])
        return OutMessage(
            texts.nurse_wrote(actor, category, event.text),
            buttons=answer,
            attachment=_attachment(event.file_kind, event.file_id),
        )
    if event.kind is EventKind.ANSWERED:
        group = await repos.programme.group(concern.group_id)
        text = texts.psf_wrote(
            await _name(repos, event.person_id), group.name if group else "?", category, event.text
        )
        return OutMessage(
            text,
            buttons=nurse_buttons(concern),
            attachment=_attachment(event.file_kind, event.file_id),
        )
    if event.kind is EventKind.ROUTED:
        pending = await repos.deliveries.pending_for(
            kind=concerns.CONCERN_KIND, subject_id=concern.id
        )
        if not pending or concern.state is not ConcernState.QUEUED:
            return None  # it has reached someone already: that news is on its way
        tz = await _area_tz(repos, concern)
        when = when_opens(pending[0].due_at, tz, event.at)
        return OutMessage(texts.rerouted(actor, category, when))
    nurse = concerns.first_name(await _name(repos, concern.nurse_id))
    words = {
        EventKind.ACKNOWLEDGED: lambda: texts.acknowledged(actor, category),
        EventKind.DELIVERED: lambda: texts.delivered(actor, category),
        EventKind.ESCALATED: lambda: texts.escalated(nurse, actor),
        EventKind.RESOLVED: lambda: texts.resolved(actor, category, concern.outcome),
    }.get(event.kind)
    return OutMessage(words()) if words else None


CONCERN_KINDS: tuple[DeliveryKind, ...] = (
    DeliveryKind(concerns.CONCERN_KIND, _render_concern, after_send=_after_concern),
    DeliveryKind(concerns.NUDGE_KIND, _render_nudge, after_send=_after_nudge),
    DeliveryKind(concerns.BACKUP_KIND, _render_backup, after_send=_after_backup),
    # The person is waiting for these (they raised the concern, or are handling it).
    DeliveryKind(concerns.UPDATE_KIND, _render_update, ignores_pause=True),
)


async def sweep(services: Services) -> concerns.SweepReport:
    """The sweep step (before deliveries): urgent unfinished drafts, old drafts, stranded ones."""
    async with services.db.transaction() as repos:
        return await concerns.sweep_concerns(repos, services.settings, services.clock.now())
