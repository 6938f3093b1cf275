"""Check-in screens with their buttons: shared by the delivery renderers and the handlers."""

from __future__ import annotations

from bot.checkins import texts
from bot.checkins.buttons import (
    AttendanceAct,
    AttendanceButton,
    CheckinAct,
    CheckinButton,
    FeedbackAct,
    FeedbackButton,
    index_of,
)
from bot.checkins.records import EDITABLE_STEPS, NotMet, Obstacle, Rating, Step, TextField
from bot.checkins.views import CheckinView, FeedbackView, Recap
from bot.meetings.messages import answer_buttons
from bot.messages import Button, OutMessage, buttons
from bot.models import Answer, Meeting

Row = list[Button]


def _att(view: CheckinView, label: str, act: AttendanceAct, value: int = 0) -> Button:
    return Button(label, data=AttendanceButton(view.meeting.id, act, value).pack())


def _kin(view: CheckinView, label: str, act: CheckinAct, value: int = 0) -> Button:
    return Button(label, data=CheckinButton(view.meeting.id, act, value).pack())


def _attendance_rows(view: CheckinView) -> list[Row]:
    attendance = view.attendance
    if not attendance.met:
        rows = []
        for reason in NotMet:
            label = texts.NOT_MET_LABELS[reason]
            if reason == attendance.not_met_reason:
                label = texts.chosen(label)
            rows.append([_att(view, label, AttendanceAct.REASON, index_of(list(NotMet), reason))])
        if attendance.not_met_reason is not None:
            rows.append([_att(view, texts.THATS_RIGHT, AttendanceAct.DONE)])
        rows.append([_att(view, texts.MET_AFTER_ALL, AttendanceAct.MET)])
        return rows
    rows = [
        [
            _att(
                view,
                texts.mark_label(peer.name, peer.present, peer.has_telegram),
                AttendanceAct.MARK,
                peer.person_id,
            )
        ]
        for peer in view.peers
    ]
    offline = texts.without_telegram_label(attendance.without_telegram)
    rows.append([_att(view, offline, AttendanceAct.COUNT)])
    rows.append(
        [
            _att(view, texts.MINUS, AttendanceAct.FEWER_OFFLINE),
            _att(view, texts.PLUS, AttendanceAct.MORE_OFFLINE),
        ]
    )
    rows.append([_att(view, texts.newcomers_label(attendance.newcomers), AttendanceAct.COUNT)])
    rows.append(
        [
            _att(view, texts.MINUS_NEW, AttendanceAct.FEWER_NEW),
            _att(view, texts.PLUS_NEW, AttendanceAct.MORE_NEW),
        ]
    )
    rows.append([_att(view, texts.NOT_MET, AttendanceAct.NOT_MET)])
    rows.append([_att(view, texts.ATTENDANCE_DONE, AttendanceAct.DONE)])
    return rows


def _mood_rows(view: CheckinView) -> list[Row]:
    rows = []
    for mood, label in texts.MOOD_LABELS.items():
        shown = texts.chosen(label) if view.editing and view.checkin.mood == mood else label
        rows.append([_kin(view, shown, CheckinAct.MOOD, mood)])
    return rows


def _text_rows(view: CheckinView, field: TextField) -> list[Row]:
    index = index_of(list(TextField), field)
    written = getattr(view.checkin, field.value)
    if view.editing and written:
        return [
            [_kin(view, texts.KEEP, CheckinAct.KEEP, index)],
            [_kin(view, texts.REMOVE, CheckinAct.SKIP, index)],
        ]
    return [[_kin(view, texts.SKIP, CheckinAct.SKIP, index)]]


def _obstacle_rows(view: CheckinView) -> list[Row]:
    chosen = view.checkin.obstacles
    rows = [
        [
            _kin(
                view,
                texts.chip_label(texts.OBSTACLE_LABELS[obstacle], obstacle in chosen),
                CheckinAct.CHIP,
                index_of(list(Obstacle), obstacle),
            )
        ]
        for obstacle in Obstacle
    ]
    done = texts.OBSTACLES_DONE if chosen else texts.NOTHING_IN_THE_WAY
    rows.append([_kin(view, done, CheckinAct.CHIPS_DONE)])
    return rows


def _summary_rows(view: CheckinView) -> list[Row]:
    steps = EDITABLE_STEPS if view.attendance.met else (Step.ATTENDANCE,)
    edits = [
        _kin(view, texts.EDIT_LABELS[step], CheckinAct.EDIT, index_of(EDITABLE_STEPS, step))
        for step in steps
    ]
    rows = [edits[i : i + 2] for i in range(0, len(edits), 2)]
    if not view.checkin.wants_nurse:
        rows.append([_kin(view, texts.ASK_NURSE, CheckinAct.NURSE, 1)])
    rows.append(
        [
            _kin(
                view,
                texts.missed_you_label(view.missed_you),
                CheckinAct.MISSED_YOU,
                0 if view.missed_you else 1,
            )
        ]
    )
    return rows


def step_message(view: CheckinView) -> OutMessage:
    """The screen for the view's step."""
    step = view.step
    if step is Step.ATTENDANCE:
        return OutMessage(texts.attendance(view), buttons=buttons(*_attendance_rows(view)))
    if step is Step.MOOD:
        return OutMessage(texts.mood(view), buttons=buttons(*_mood_rows(view)))
    if step in (Step.WENT_WELL, Step.LESS_WELL):
        well = step is Step.WENT_WELL
        field = TextField.WENT_WELL if well else TextField.LESS_WELL
        rows = _text_rows(view, field)
        return OutMessage(texts.free_text(view, well=well), buttons=buttons(*rows))
    if step is Step.OBSTACLES:
        return OutMessage(texts.obstacles(view), buttons=buttons(*_obstacle_rows(view)))
    if step is Step.NURSE:
        rows = [
            [_kin(view, texts.NURSE_YES, CheckinAct.NURSE, 1)],
            [_kin(view, texts.NURSE_NO, CheckinAct.NURSE, 0)],
        ]
        return OutMessage(texts.nurse(view), buttons=buttons(*rows))
    return OutMessage(texts.summary(view), buttons=buttons(*_summary_rows(view)))


def prompt_message(view: CheckinView, intro: str) -> OutMessage:
    """The check-in the bot sends on its own: a line of why, then the step it stands at."""
    screen = step_message(view)
    return OutMessage(f"{intro}\n\n{screen.text}", buttons=screen.buttons)


# --- peers -------------------------------------------------------------------------------------


def feedback_message(view: FeedbackView) -> OutMessage:
    """ "How was today?" with one tap, and a topic for next time."""

    def rate(choice: Rating) -> Button:
        label = texts.RATING_LABELS[choice]
        if choice is view.rating:
            label = texts.chosen(label)
        data = FeedbackButton(view.meeting.id, FeedbackAct.RATE, index_of(list(Rating), choice))
        return Button(label, data=data.pack())

    rows = [[rate(choice)] for choice in Rating]
    rows.append(
        [Button(texts.SUGGEST, data=FeedbackButton(view.meeting.id, FeedbackAct.TOPIC).pack())]
    )
    return OutMessage(texts.feedback_question(view), buttons=buttons(*rows))


def topic_prompt(view: FeedbackView) -> OutMessage:
    cancel = FeedbackButton(view.meeting.id, FeedbackAct.NEVER_MIND).pack()
    return OutMessage(
        texts.topic_ask(view.group.name), buttons=buttons([Button(texts.TOPIC_CANCEL, data=cancel)])
    )


def missed_message(text: str, next_meeting: Meeting | None, answer: Answer | None) -> OutMessage:
    """ "We missed you", with the answer buttons of the next meeting if there is one."""
    if next_meeting is None:
        return OutMessage(text)
    return OutMessage(text, buttons=buttons(*answer_buttons(next_meeting.id, answer)))


def recap_message(recap: Recap) -> OutMessage:
    return OutMessage(texts.recap(recap))
