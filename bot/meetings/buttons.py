"""Button data of the meetings feature. Core renderers put these on reminders; handlers parse them.

All of it is untrusted when it comes back: the ids inside are checked against the database and
bot.auth by the handler, never believed.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum, StrEnum

from bot.callbacks import CallbackData
from bot.models import Answer


@dataclass(frozen=True)
class Rsvp(CallbackData, prefix="rsvp"):
    """Going / Maybe / Can't come for one meeting."""

    meeting_id: int
    answer: Answer


@dataclass(frozen=True)
class CalendarFile(CallbackData, prefix="mcal"):
    """Send the meeting's .ics file."""

    meeting_id: int


class MeetingAction(StrEnum):
    CARD = "card"  # a member's view of one meeting, with the answer buttons
    MANAGE = "psf"  # a PSF's view of one meeting, with what they can do
    WHO = "who"  # who is coming (tap again to refresh)
    NUDGE = "nudge"  # remind those who have not answered
    MOVE = "move"
    VENUE = "venue"
    CANCEL = "cancel"  # asks to confirm
    CANCEL_YES = "cancel!"


@dataclass(frozen=True)
class MeetingButton(CallbackData, prefix="mt"):
    action: MeetingAction
    meeting_id: int


class GroupAction(StrEnum):
    LIST = "list"  # a member's list of upcoming meetings (group 0: all their groups)
    MANAGE = "manage"  # a PSF's list, with planning and the rest
    PLAN = "plan"  # start planning (value 1: start again, throwing away a draft)
    RESUME = "resume"  # carry on with a draft
    SLIP = "slip"  # printable slip: choose PDF or picture
    SLIP_PDF = "pdf"
    SLIP_PNG = "png"
    REMINDERS = "rem"  # the group's reminder days
    TOGGLE_DAY = "remt"  # value: the number of days before to switch on or off


@dataclass(frozen=True)
class GroupMeetings(CallbackData, prefix="mgrp"):
    action: GroupAction
    group_id: int
    value: int = 0


class PlanStep(StrEnum):
    PATTERN = "pat"  # value: index into PLAN_PATTERNS
    MONTH = "mon"  # value: YYYYMM shown on the calendar
    DAY = "day"  # value: YYYYMMDD tapped on the calendar
    PICKED = "picked"  # finished picking dates
    TIME = "time"  # value: HHMM
    OTHER_TIME = "otime"  # type a time instead
    VENUE = "ven"  # value: venue id (0: the group's usual place)
    NEW_VENUE = "nven"  # type a new venue's name and address
    SKIP_NOTES = "skip"  # no notes for the new venue
    COUNT = "cnt"  # value: how many meetings
    EDIT = "edit"  # value: an EditField
    SAVE = "save"
    STOP = "stop"
    NOOP = "noop"  # calendar labels and blank days


class EditField(IntEnum):
    """What a PSF chose to change on the check screen (values of PlanStep.EDIT)."""

    PATTERN = 1
    DATE = 2
    TIME = 3
    VENUE = 4
    COUNT = 5


@dataclass(frozen=True)
class PlanButton(CallbackData, prefix="mplan"):
    draft_id: int
    step: PlanStep
    value: int = 0
