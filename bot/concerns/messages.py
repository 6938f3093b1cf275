"""What the bot shows about concerns: the PSF's screens and the nurse's cards and list, with
their buttons (the delivery renderers in deliveries.py use them too)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.callbacks import CallbackData
from bot.concerns import rules as concerns
from bot.concerns import texts
from bot.concerns.buttons import (
    AwayStep,
    ConcernAway,
    ConcernCategory,
    ConcernContact,
    ConcernDanger,
    ConcernDraft,
    ConcernList,
    ConcernNew,
    ConcernNurse,
    DraftStep,
    NurseStep,
)
from bot.concerns.records import Concern, ConcernState, EventKind, FileKind
from bot.messages import Attachment, Button, OutMessage, buttons
from bot.models import Group, Person
from bot.storage import Repos
from bot.texts.dates import clock, day_date, when_opens


def concern_button(label: str, data: CallbackData) -> Button:
    return Button(label, data=data.pack())


# --- the PSF's screens -------------------------------------------------------------------------


def danger_question(concern: Concern) -> OutMessage:
    """The first question, always: is anyone in danger right now?"""
    return OutMessage(
        texts.DANGER_QUESTION,
        buttons=buttons(
            [concern_button(texts.DANGER_YES, ConcernDanger(concern.id, urgent=True))],
            [concern_button(texts.DANGER_NO, ConcernDanger(concern.id, urgent=False))],
        ),
    )


def choose_group(groups: list[Group]) -> OutMessage:
    rows = [[concern_button(group.name, ConcernNew(group.id))] for group in groups]
    return OutMessage(texts.CHOOSE_GROUP, buttons=buttons(*rows))


def category_question(concern: Concern, text: str = texts.CHOOSE_CATEGORY) -> OutMessage:
    rows = [
        [concern_button(label, ConcernCategory(concern.id, category))]
        for category, label in texts.CATEGORY_LABELS.items()
    ]
    rows.append([concern_button(texts.CANCEL, ConcernDraft(concern.id, DraftStep.CANCEL))])
    return OutMessage(text, buttons=buttons(*rows))


def describe_prompt(concern: Concern) -> OutMessage:
    return OutMessage(
        texts.ASK_DESCRIPTION,
        buttons=buttons([concern_button(texts.CANCEL, ConcernDraft(concern.id, DraftStep.CANCEL))]),
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
            [concern_button(texts.SEND, ConcernDraft(concern.id, DraftStep.SEND))],
            [concern_button(texts.CHANGE, ConcernDraft(concern.id, DraftStep.CHANGE))],
            [concern_button(texts.CANCEL, ConcernDraft(concern.id, DraftStep.CANCEL))],
        ),
    )


def next_draft_step(concern: Concern, group: Group) -> OutMessage:
    """Whatever the draft still needs: a category, a description, or the PSF's go-ahead."""
    if concern.category is None:
        return category_question(concern)
    if concern.description is None and concern.file_id is None:
        return describe_prompt(concern)
    return confirm_screen(concern, group)


def what_happens_next(
    submitted: concerns.Submitted, urgent_number: str, now: datetime, emergency_number: str = "999"
) -> str:
    """Plain words on where the concern went and when the nurse will have it. When someone may
    be in danger (an urgent concern) or the nurse can't see it now, 999 is said again."""
    text = _where_it_went(submitted, urgent_number, now)
    route = submitted.route
    if route is not None and (submitted.concern.urgent or not route.open_now or not route.nurse):
        text += "\n\n" + texts.danger_reminder(emergency_number)
    return text


def _where_it_went(submitted: concerns.Submitted, urgent_number: str, now: datetime) -> str:
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


def attachment_of(kind: FileKind | None, file_id: str | None) -> Attachment | None:
    if kind is None or file_id is None:
        return None
    filename = "voice.ogg" if kind is FileKind.VOICE else "photo.jpg"
    return Attachment(filename, kind=kind.value, file_id=file_id)


def nurse_buttons(concern: Concern, *, with_list: bool = False) -> tuple[tuple[Button, ...], ...]:
    rows: list[list[Button]] = []
    if concern.state in (ConcernState.QUEUED, ConcernState.DELIVERED):
        rows.append([concern_button(texts.ACKNOWLEDGE, ConcernNurse(concern.id, NurseStep.ACK))])
    if concern.state.is_open:
        rows.append(
            [
                concern_button(texts.REPLY, ConcernNurse(concern.id, NurseStep.REPLY)),
                concern_button(texts.RESOLVE, ConcernNurse(concern.id, NurseStep.RESOLVE)),
            ]
        )
    if with_list:
        rows.append([concern_button(texts.BACK_TO_LIST, ConcernList())])
    return buttons(*rows)


async def name_of(repos: Repos, person_id: int | None) -> str:
    person = await repos.people.get(person_id) if person_id else None
    return person.display_name if person else "someone"


async def _status(repos: Repos, concern: Concern, tz: ZoneInfo) -> str:
    if concern.state is ConcernState.RESOLVED and concern.resolved_at is not None:
        nurse = await name_of(repos, concern.resolved_by)
        return texts.status_closed(
            nurse, texts.short_when(concern.resolved_at, tz), concern.outcome
        )
    if concern.acknowledged_at is not None:
        nurse = await name_of(repos, concern.acknowledged_by)
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
        psf=await name_of(repos, concern.raised_by),
        group=group.name if group else "?",
        category=concern.category,
        raised=_raised_words(concern.raised_when, tz),
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
        attachment=attachment_of(concern.file_kind, concern.file_id) if with_file else None,
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
        who = await name_of(repos, event.person_id) if event.person_id else ""
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
            raised = texts.short_when(concern.raised_when or concern.created_at, tz)
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
                rows.append([concern_button(label, ConcernNurse(concern.id, NurseStep.VIEW))])
    if rows:
        lines += ["", texts.OPEN_BUTTON_HINT]
    if for_nurse:
        if away is not None:
            lines += ["", away[0]]
        rows.append(
            [concern_button(texts.BACK if away else texts.AWAY, ConcernAway(_away_step(away)))]
        )
    return OutMessage("\n".join(lines), buttons=buttons(*rows))


def _away_step(away: tuple[str, str] | None) -> AwayStep:
    return AwayStep.BACK if away else AwayStep.SET


def contact_question(offer_id: int, question: str = texts.CONTACT_QUESTION) -> OutMessage:
    """After the emergency numbers, to a peer: would they like someone to get in touch?"""
    rows = buttons(
        [concern_button(texts.CONTACT_YES, ConcernContact(offer_id, True))],
        [concern_button(texts.CONTACT_NO, ConcernContact(offer_id, False))],
    )
    return OutMessage(question, buttons=rows)
