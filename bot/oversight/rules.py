"""Early warnings: when a group needs its nurse's attention. Every rule is a pure function.

The facts about a group are gathered once (bot.oversight.facts); each rule looks at them and
says whether it fires. Thresholds come from the settings (WARN_* in .env.example).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import datetime

from bot.oversight.records import Flag, GroupFacts, Rule, Thresholds


def low_attendance(attendance: Sequence[int], t: Thresholds) -> bool:
    """Fewer than the threshold came to each of the last few meetings, running."""
    last = attendance[-t.low_attendance_meetings :]
    return len(last) == t.low_attendance_meetings and all(n < t.low_attendance for n in last)


def falling(attendance: Sequence[int], t: Thresholds) -> bool:
    """Attendance fell at each of the last few meetings (each lower than the one before)."""
    last = attendance[-(t.falling_meetings + 1) :]
    return len(last) == t.falling_meetings + 1 and all(
        later < earlier for earlier, later in itertools.pairwise(last)
    )


def no_meeting_planned(
    next_meeting_at: datetime | None, now: datetime, t: Thresholds, *, active: bool = True
) -> bool:
    """An active group with nothing planned in the next few weeks."""
    return active and (next_meeting_at is None or next_meeting_at > now + t.plan_ahead)


def checkin_missing(missing: bool) -> bool:
    """The last meeting's check-in is still not done after its reminder."""
    return missing


def psf_cover(psfs: int, unreachable: int, t: Thresholds) -> bool:
    """Only one PSF left (fewer than the threshold), or one of them can't be reached."""
    return psfs < t.min_psfs or unreachable > 0


def not_for_me(answered: int, said_not_for_me: int, t: Thresholds) -> bool:
    """At least the threshold's share of the peers who answered said "Not for me"."""
    return answered > 0 and said_not_for_me >= t.not_for_me_share * answered - 1e-9


def urgent_concern(latest_urgent_at: datetime | None, now: datetime, t: Thresholds) -> bool:
    """An urgent concern was raised about the group recently."""
    return latest_urgent_at is not None and now - latest_urgent_at <= t.urgent_within


def evaluate(facts: GroupFacts, t: Thresholds) -> list[Flag]:
    """Every rule that fires for the group, in a fixed order."""
    flags: list[Flag] = []
    if not facts.started:
        # Still being set up (its PSFs and the coordinator are on it): only a meeting that no
        # PSF can make is worth the nurse's time.
        return [Flag(Rule.NO_PSF_AT_MEETING)] if facts.meeting_without_psf else []
    shown = ", ".join(str(n) for n in facts.attendance[-(t.falling_meetings + 1) :])
    if low_attendance(facts.attendance, t):
        flags.append(Flag(Rule.LOW_ATTENDANCE, shown))
    if falling(facts.attendance, t):
        flags.append(Flag(Rule.FALLING, shown))
    if no_meeting_planned(facts.next_meeting_at, facts.now, t, active=facts.active):
        flags.append(Flag(Rule.NO_PLAN))
    if facts.active and checkin_missing(facts.checkin_missing):
        flags.append(Flag(Rule.CHECKIN_MISSING))
    if facts.active and psf_cover(facts.psfs, facts.unreachable_psfs, t):
        flags.append(Flag(Rule.PSF_COVER, f"{facts.psfs},{facts.unreachable_psfs}"))
    if not_for_me(facts.feedback_answered, facts.feedback_not_for_me, t):
        flags.append(
            Flag(Rule.NOT_FOR_ME, f"{facts.feedback_not_for_me},{facts.feedback_answered}")
        )
    if urgent_concern(facts.urgent_concern_at, facts.now, t):
        flags.append(Flag(Rule.URGENT))
    if facts.meeting_without_psf:
        flags.append(Flag(Rule.NO_PSF_AT_MEETING))
    return flags


def trend(attendance: Sequence[int]) -> str:
    """An arrow comparing the last two recorded meetings: ↗ ↘ → or nothing."""
    if len(attendance) < 2:
        return ""
    before, last = attendance[-2], attendance[-1]
    return "↗" if last > before else "↘" if last < before else "→"
