"""Texts of the nurse's and coordinator's views: 📋 Groups, early warnings, the weekly digest."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.oversight.records import DismissReason, Rule, Thresholds
from bot.texts import clip, esc
from bot.texts.dates import day_date

MENU_LABEL = "📋 Groups"
EXPLAINS = "how each group is doing: next meeting, attendance, check-ins, concerns, warnings"

NO_GROUPS = "There are no groups in your area yet."
CHOOSE_AREA = "📋 <b>Groups</b>\n\nWhich area?"
BACK = "⬅️ Back"
SEE_GROUP = "👀 See the group"
MESSAGE_PSFS = "✉️ Message the PSFs"
DISMISS = "✖️ Dismiss"
KEEP = "⬅️ Keep it"
DISMISS_WHY = "Why can this warning go? (It comes back if the problem starts again later.)"
DISMISS_LABELS = {
    DismissReason.HANDLED: "✔️ I've dealt with it",
    DismissReason.SPOKEN: "📞 I've spoken to them",
    DismissReason.NOT_A_WORRY: "👍 Not a worry",
    DismissReason.EXPECTED: "🗓 Expected, a break",
}
DISMISSED = "Dismissed. Thank you."
ALREADY_GONE = "That warning has already been dealt with."
ASK_MESSAGE = (
    "✉️ What would you like to say to the PSFs of {group}? Type it here and I'll pass it on."
)
MESSAGE_EMPTY = "Please type a few words for the PSFs."
MESSAGE_TOO_LONG = "That's a bit long. Please keep it under {limit} characters."
NO_PSFS_TO_MESSAGE = "This group has no PSFs the bot can reach."


def message_sent(names: list[str]) -> str:
    return "✉️ Sent to " + " and ".join(names) + "."


# audience: psf
def message_for_psf(nurse: str, group: str, text: str) -> str:
    return f"✉️ <b>A message from {esc(nurse)}, your study nurse</b> ({esc(group)}):\n\n{esc(text)}"


# audience: staff
def reason(rule: Rule, detail: str, t: Thresholds) -> str:  # noqa: PLR0911  (one per rule)
    """Why a group is flagged, in a few plain words."""
    match rule:
        case Rule.LOW_ATTENDANCE:
            return (
                f"fewer than {t.low_attendance} came, {t.low_attendance_meetings} meetings "
                f"running ({detail})"
            )
        case Rule.FALLING:
            return f"attendance fell {t.falling_meetings} meetings in a row ({detail})"
        case Rule.NO_PLAN:
            weeks = t.plan_ahead.days // 7
            return f"no meeting planned in the next {weeks} weeks"
        case Rule.CHECKIN_MISSING:
            return "the last meeting's check-in is missing"
        case Rule.PSF_COVER:
            psfs, _, unreachable = detail.partition(",")
            if unreachable and int(unreachable) > 0:
                return "a PSF can't be reached by the bot"
            return "only one PSF left" if psfs == "1" else "no PSF left"
        case Rule.NOT_FOR_ME:
            said, _, answered = detail.partition(",")
            return f"{said} of {answered} peers said “Not for me”"
        case Rule.URGENT:
            return f"an urgent concern in the last {t.urgent_within.days} days"
        case Rule.NO_PSF_AT_MEETING:
            return "no PSF can make the next meeting"
    return rule.value


def warning_text(group: str, area: str, why: str, raised_at: datetime, tz: ZoneInfo) -> str:
    return (
        f"⚠️ <b>{esc(group)}</b> ({esc(area)}) may need you: {why}.\n\n"
        f"Spotted {day_date(raised_at.astimezone(tz).date())}. "
        "You can write to its PSFs through me, look at the group, or dismiss this."
    )


# --- 📋 Groups ----------------------------------------------------------------------------------


def list_heading(area: str, count: int) -> str:
    return f"📋 <b>Groups in {esc(area)}</b> ({count})\nTap a group to see more."


STAGE_WORDS = {
    "forming": "forming",
    "running": "running",
    "extended": "extended (open agenda)",
    "ending": "ending",
    "ended": "ended",
}
CHECKIN_WORDS = {
    "done": "check-in ✅",
    "missing": "check-in ❌ missing",
    "waiting": "check-in ⏳",
    "none": "",
}


def group_line(
    name: str,
    *,
    next_day: date | None,
    last: int | None,
    trend: str,
    checkin: str,
    concerns: int,
    warnings: list[str],
    stage: str,
    today: date,
) -> str:
    parts = [f"next {day_date(next_day, today=today)}" if next_day else "nothing planned"]
    if last is not None:
        parts.append(f"last {last} came {trend}".rstrip())
    if CHECKIN_WORDS.get(checkin):
        parts.append(CHECKIN_WORDS[checkin])
    if concerns:
        parts.append(f"🩺 {concerns} open")
    if stage in ("ending", "ended", "forming"):
        parts.append(STAGE_WORDS[stage])
    flag = ("\n   ⚠️ " + "; ".join(warnings)) if warnings else ""
    return f"• <b>{esc(name)}</b> — " + " · ".join(parts) + flag


HISTORY = "🗄 <b>Ended groups</b> (read-only)"


def archived_line(name: str, archived: date, today: date) -> str:
    return f"• {esc(name)} — ended, archived {day_date(archived, today=today)}"


def button_label(name: str, flagged: bool) -> str:
    return ("⚠️ " if flagged else "") + clip(name, 40)


def detail_heading(name: str, area: str, stage: str) -> str:
    return f"📋 <b>{esc(name)}</b> ({esc(area)}) — {STAGE_WORDS.get(stage, stage)}"


def meeting_row(
    day: date, *, met: bool | None, total: int, faces: str, obstacles: list[str]
) -> str:
    when = day_date(day)
    if met is None:
        return f"• {when}: not recorded yet"
    if not met:
        return f"• {when}: didn't meet"
    extra = f" {faces}" if faces else ""
    got = f" — {', '.join(obstacles)}" if obstacles else ""
    return f"• {when}: {total} came{extra}{got}"


def psf_row(name: str, *, reachable: bool, paused: bool, away_next: bool) -> str:
    state = (
        "✅ reachable"
        if reachable and not paused
        else "⏸ paused"
        if reachable
        else "❌ can't be reached"
    )
    away = " · can't make the next meeting" if away_next else ""
    return f"• {esc(name)}: {state}{away}"


LAST_MEETINGS = "<b>Last meetings</b>"
NO_MEETINGS_YET = "No meetings yet."
PSFS = "<b>PSFs</b>"
NO_PSFS = "No PSFs."
PLAN = "<b>Planned</b>"
NOTHING_PLANNED = "Nothing planned."
WARNINGS = "<b>Needs attention</b>"


# --- the weekly digest ---------------------------------------------------------------------


def digest_heading(area: str, start: date, end: date) -> str:
    return f"🗓 <b>Your week in {esc(area)}</b> ({day_date(start)} – {day_date(end)})"


DIGEST_FLAGS = "<b>New warnings</b>"
DIGEST_NO_FLAGS = "No new warnings. 👍"
DIGEST_STILL_OPEN = "<b>Still open</b>"
DIGEST_MEETINGS = "<b>Meetings held</b>"
DIGEST_NO_MEETINGS = "No meetings last week."
DIGEST_FOOTER = (
    "The chart below shows attendance per group over the last 12 weeks. 📋 Groups has more."
)
CHART_CAPTION = "Attendance per group, last 12 weeks ({area})"
CHART_TITLE = "Peers at each meeting"
CHART_EMPTY = "No meetings recorded yet"


def digest_meeting(group: str, day: date, total: int | None) -> str:
    came = "not recorded" if total is None else "didn't meet" if total < 0 else f"{total} came"
    return f"• {esc(group)}, {day_date(day)}: {came}"


def digest_flag(group: str, why: str) -> str:
    return f"• ⚠️ {esc(group)}: {why}"
