"""Messages about meetings, with their buttons: shared by the delivery renderers and handlers."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.meetings import texts
from bot.meetings.buttons import CalendarFile, Rsvp
from bot.meetings.calendar_files import ics_filename, meeting_ics, meeting_uid
from bot.meetings.slips import SlipLine
from bot.messages import Attachment, Button, OutMessage
from bot.models import Answer, Meeting
from bot.texts.dates import meeting_when

Rows = tuple[tuple[Button, ...], ...]


def answer_buttons(meeting_id: int, answer: Answer | None) -> list[list[Button]]:
    """Going / Maybe on one row, Can't come under them; the person's answer ticked."""

    def button(choice: Answer) -> Button:
        label = texts.ANSWER_LABELS[choice]
        return Button(
            texts.chosen(label) if choice is answer else label,
            data=Rsvp(meeting_id, choice).pack(),
        )

    return [[button(Answer.YES), button(Answer.MAYBE)], [button(Answer.NO)]]


def calendar_button(meeting_id: int) -> Button:
    return Button(texts.ADD_TO_CALENDAR, data=CalendarFile(meeting_id).pack())


def with_answer_marked(rows: Sequence[Sequence[Button]], meeting_id: int, answer: Answer) -> Rows:
    """The same buttons with this meeting's answer buttons showing `answer` as chosen."""
    marked = []
    for row in rows:
        new_row = []
        for button in row:
            choice = _answer_of(button, meeting_id)
            if choice is None:
                new_row.append(button)
                continue
            label = texts.ANSWER_LABELS[choice]
            shown = texts.chosen(label) if choice is answer else label
            new_row.append(Button(shown, data=button.data))
        marked.append(tuple(new_row))
    return tuple(marked)


def _answer_of(button: Button, meeting_id: int) -> Answer | None:
    if button.data is None or not button.data.startswith(f"{Rsvp.prefix}:"):
        return None
    try:
        data = Rsvp.parse(button.data)
    except ValueError:
        return None
    return data.answer if data.meeting_id == meeting_id else None


def _rows(*rows: Sequence[Button]) -> Rows:
    return tuple(tuple(row) for row in rows if row)


def reminder_message(
    group: str,
    meeting: Meeting,
    tz: ZoneInfo,
    now: datetime,
    answer: Answer | None,
    *,
    offer_calendar: bool,
) -> OutMessage:
    rows = answer_buttons(meeting.id, answer)
    if offer_calendar:
        rows.append([calendar_button(meeting.id)])
    return OutMessage(texts.reminder(group, meeting, tz, now), buttons=_rows(*rows))


def dates_message(text: str, first: Meeting, answer: Answer | None) -> OutMessage:
    rows = answer_buttons(first.id, answer)
    rows.append([calendar_button(first.id)])
    return OutMessage(text, buttons=_rows(*rows))


def card_message(
    group: str,
    meeting: Meeting,
    *,
    tz: ZoneInfo,
    now: datetime,
    answer: Answer | None,
    back: Button,
) -> OutMessage:
    rows = answer_buttons(meeting.id, answer)
    rows += [[calendar_button(meeting.id)], [back]]
    return OutMessage(texts.meeting_card(group, meeting, tz, now, answer), buttons=_rows(*rows))


def calendar_message(group: str, meeting: Meeting, tz: ZoneInfo, now: datetime) -> OutMessage:
    """The meeting's .ics: the same UID for ever, the meeting's SEQUENCE, CANCEL if cancelled."""
    data = meeting_ics(
        uid=meeting_uid(meeting.id),
        sequence=meeting.sequence,
        start=meeting.starts_at,
        end=meeting.ends_at,
        summary=texts.calendar_summary(group),
        location=f"{meeting.venue_name}, {meeting.venue_address}".strip(", "),
        description=texts.calendar_description(meeting),
        tz=tz,
        stamp=now,
        cancelled=meeting.is_cancelled,
    )
    caption = texts.CALENDAR_CANCEL_CAPTION if meeting.is_cancelled else texts.CALENDAR_CAPTION
    attachment = Attachment(ics_filename(group, meeting.starts_at, tz), data=data)
    return OutMessage(caption, attachment=attachment)


def slip_lines(meetings: Sequence[Meeting], tz: ZoneInfo, today: date) -> list[SlipLine]:
    return [
        SlipLine(
            when=meeting_when(m.starts_at, m.ends_at, tz, today=today),
            where=f"{m.venue_name}, {m.venue_address}" if m.venue_address else m.venue_name,
        )
        for m in meetings
    ]
