"""Texts for meetings: planning, reminders, answers, who is coming, calendar files and slips."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from bot.meetings.schedule import LAST, DateWarning, Pattern, SeriesSpec, nth_weekday_of
from bot.meetings.views import Headcount
from bot.models import Answer, Meeting, Member, Venue
from bot.texts import clip, esc
from bot.texts.dates import (
    MONTH_NAMES,
    WEEKDAY_NAMES,
    clock,
    day_date,
    meeting_when,
    relative_day,
    when_opens,
)

# --- menus ---------------------------------------------------------------------------------

PEER_MENU_LABEL = "📅 Our meetings"
PEER_EXPLAINS = "when and where your group meets, and telling us if you can come"
PSF_MENU_LABEL = "📅 Meetings"
PSF_EXPLAINS = (
    "plan meetings, see who is coming, move or cancel a meeting, print a slip of the dates"
)
CHOOSE_GROUP = "Which group?"
BACK = "⬅️ Back"
ALL_MEETINGS = "⬅️ All meetings"

# --- answers -------------------------------------------------------------------------------

ANSWER_LABELS = {Answer.YES: "✅ Going", Answer.MAYBE: "🤔 Maybe", Answer.NO: "❌ Can't come"}
ANSWER_WORDS = {Answer.YES: "going", Answer.MAYBE: "maybe", Answer.NO: "can't come"}
ADD_TO_CALENDAR = "📅 Add to my calendar"
REMOVE_FROM_CALENDAR = "📅 Take off my calendar"


def chosen(label: str) -> str:
    """An answer button showing it is the person's answer."""
    return f"{label} ✔"


ANSWER_HINT = "Tap an answer (✔ marks yours). You can change it until the meeting starts."
ANSWER_PROMPT = f"Will you come? {ANSWER_HINT}"
YOU_SAID = "You said: "


def you_said(answer: Answer) -> str:
    """The chosen answer in words, for people who cannot see the ✔ on a button."""
    return f"{YOU_SAID}<b>{ANSWER_LABELS[answer].split(' ', 1)[1]}</b>."


def with_you_said(text_html: str, answer: Answer) -> str:
    """A meeting message with its last "You said: …" line replaced by the new answer."""
    kept = [line for line in text_html.split("\n") if not line.startswith(YOU_SAID)]
    while kept and not kept[-1].strip():
        kept.pop()
    return "\n".join([*kept, "", you_said(answer)])


def answered_in_words(answer: Answer, when: str) -> str:
    """A typed "sorry, can't come" or "I'll be there", repeated back with the meeting's date."""
    return {
        Answer.YES: f"Thank you — I've noted that you're coming on {when}. See you there!",
        Answer.MAYBE: f"Thank you — I've noted you as maybe for {when}.",
        Answer.NO: (
            f"Thank you for letting us know — I've noted that you can't come on {when}. "
            "We'll miss you."
        ),
    }[answer]


WHICH_MEETING = "Which meeting do you mean? Tap it, then tap your answer."


def answered(answer: Answer) -> str:
    """The short note after tapping an answer."""
    return {
        Answer.YES: "Thank you — see you there!",
        Answer.MAYBE: "Thank you — noted as maybe.",
        Answer.NO: "Thank you for letting us know. We'll miss you.",
    }[answer]


MEETING_PROBLEM = {
    "cancelled": "This meeting has been cancelled.",
    "archived": (
        "This group has finished, so no new meetings can be planned. Thank you for all you did!"
    ),
    "started": "This meeting has already started or is over, so it can't be changed now.",
    "past": "That time has already gone by. Please choose a later one.",
    "unchanged": "That's the same as before, so nothing has changed.",
    "odd time": "Please choose a time between 6:00 and 22:00.",
    "wrong venue": "That place belongs to another group. Please choose again.",
    "no dates": "There are no dates to save. Please choose them again.",
    "empty": "Please type some words.",
    "too long": "That's too long. Please make it shorter and send it again.",
    "command": "Please type just the words, without a / at the start.",
}

# --- words for one meeting -----------------------------------------------------------------


def where(name: str, address: str) -> str:
    """ "Lavenham Village Hall, Church Street" (escaped)."""
    return esc(f"{name}, {address}" if address else name)


def venue_lines(meeting: Meeting) -> list[str]:
    lines = [f"📍 {where(meeting.venue_name, meeting.venue_address)}"]
    if meeting.venue_notes:
        lines.append(f"<i>{esc(meeting.venue_notes)}</i>")
    return lines


def meeting_lines(meeting: Meeting, tz: ZoneInfo, now: datetime) -> list[str]:
    """When, where and the topic, one per line."""
    today = now.astimezone(tz).date()
    lines = [f"🗓 <b>{meeting_when(meeting.starts_at, meeting.ends_at, tz, today=today)}</b>"]
    lines += venue_lines(meeting)
    if meeting.topic_title:
        lines.append(f"💬 Topic: {esc(meeting.topic_title)}")
    return lines


def short_when(starts_at: datetime, tz: ZoneInfo) -> str:
    """ "Tue 15 Dec, 10:30" for a button."""
    local = starts_at.astimezone(tz)
    weekday = WEEKDAY_NAMES[local.weekday()][:3]
    month = MONTH_NAMES[local.month - 1][:3]
    return f"{weekday} {local.day} {month}, {clock(local.time())}"


def _in_how_long(starts_at: datetime, tz: ZoneInfo, now: datetime) -> str:
    """ "today", "tomorrow", "on Monday", "on Tuesday 9 December"."""
    return relative_day(starts_at.astimezone(tz).date(), now.astimezone(tz).date())


# --- reminders and news (sent by the delivery sweep) ---------------------------------------


def reminder(group: str, meeting: Meeting, tz: ZoneInfo, now: datetime) -> str:
    when = _in_how_long(meeting.starts_at, tz, now)
    lines = [f"🔔 <b>Reminder: {esc(group)} meets {when}</b>", ""]
    lines += meeting_lines(meeting, tz, now)
    lines += ["", ANSWER_PROMPT]
    return "\n".join(lines)


def new_dates(
    group: str,
    planner: str | None,
    meetings: Sequence[Meeting],
    *,
    tz: ZoneInfo,
    now: datetime,
) -> str:
    who = f"{esc(planner)} has planned" if planner else "Here are"
    return _dates_message(
        f"📅 <b>New meeting dates for {esc(group)}</b>",
        f"{who} the next meetings:",
        meetings,
        tz=tz,
        now=now,
    )


def joined_dates(group: str, meetings: Sequence[Meeting], tz: ZoneInfo, now: datetime) -> str:
    return _dates_message(
        f"📅 <b>When {esc(group)} meets</b>",
        "Here are the group's next meetings:",
        meetings,
        tz=tz,
        now=now,
    )


def _dates_message(
    title: str,
    intro: str,
    meetings: Sequence[Meeting],
    *,
    tz: ZoneInfo,
    now: datetime,
) -> str:
    today = now.astimezone(tz).date()
    same_place = len({(m.venue_name, m.venue_address) for m in meetings}) == 1
    lines = [title, "", intro, ""]
    for meeting in meetings:
        when = meeting_when(meeting.starts_at, meeting.ends_at, tz, today=today)
        place = "" if same_place else f" — {where(meeting.venue_name, meeting.venue_address)}"
        lines.append(f"• {when}{place}")
    if same_place:
        first = meetings[0]
        lines += ["", f"All at 📍 {where(first.venue_name, first.venue_address)}"]
        if first.venue_notes:
            lines.append(f"<i>{esc(first.venue_notes)}</i>")
    lines += [
        "",
        "I'll remind you before each one.",
        "",
        f"<b>Can you come to the first one, "
        f"{day_date(meetings[0].starts_at.astimezone(tz).date(), today=today)}?</b>",
        ANSWER_HINT,
    ]
    return "\n".join(lines)


def moved_or_changed(
    group: str,
    old_start: datetime,
    old_place: str,
    meeting: Meeting,
    *,
    tz: ZoneInfo,
    now: datetime,
    time_changed: bool,
    place_changed: bool,
    ask_again: bool,
) -> str:
    today = now.astimezone(tz).date()
    old_day = day_date(old_start.astimezone(tz).date(), today=today)
    if time_changed and place_changed:
        headline = "has moved to a new time and place"
    elif time_changed:
        headline = "has moved"
    else:
        headline = "is at a new place"
    lines = [
        f"⚠️ <b>Change: the {esc(group)} meeting of {old_day} {headline}</b>",
        "",
        f"It was: {old_day}, {clock(old_start.astimezone(tz).time())}, {old_place}",
        "",
        "<b>Now:</b>",
    ]
    lines += meeting_lines(meeting, tz, now)
    lines.append("")
    if ask_again:
        lines.append("The day has changed, so please tell us again whether you can come.")
    lines.append(ANSWER_PROMPT)
    return "\n".join(lines)


def cancelled(
    group: str,
    old_start: datetime,
    old_place: str,
    *,
    tz: ZoneInfo,
    now: datetime,
    next_meeting: Meeting | None,
) -> str:
    today = now.astimezone(tz).date()
    old_day = day_date(old_start.astimezone(tz).date(), today=today)
    lines = [
        f"❌ <b>Cancelled: the {esc(group)} meeting of {old_day}</b>",
        "",
        f"The meeting on {old_day} at {clock(old_start.astimezone(tz).time())}, "
        f"{old_place}, will not take place.",
    ]
    if next_meeting is not None:
        lines += ["", "The next meeting is:"]
        lines += meeting_lines(next_meeting, tz, now)
    return "\n".join(lines)


def nudge(group: str, meeting: Meeting, tz: ZoneInfo, now: datetime) -> str:
    when = _in_how_long(meeting.starts_at, tz, now)
    lines = [f"👋 <b>{esc(group)} meets {when}</b>", ""]
    lines += meeting_lines(meeting, tz, now)
    lines += ["", "Your facilitators would love to know if you can come.", ANSWER_PROMPT]
    return "\n".join(lines)


def cant_come_after_all(name: str, starts_at: datetime, tz: ZoneInfo, now: datetime) -> str:
    when = when_opens(starts_at, tz, now)
    return (
        f"ℹ️ <b>{esc(name)}</b> can't come to the meeting {when} after all. "
        "You can see who is coming under 📅 Meetings."
    )


# --- a member's view -----------------------------------------------------------------------

NO_GROUP = "You're not in a group at the moment, so there are no meetings to show."
NOTHING_PLANNED = (
    "There are no upcoming meetings at the moment. "
    "I'll send you the dates as soon as new ones are planned."
)


def member_list(
    sections: Sequence[tuple[str, Sequence[Meeting], dict[int, Answer]]],
    tz_of: dict[int, ZoneInfo],
    now: datetime,
) -> str:
    """Each group's upcoming meetings with the person's answers."""
    lines: list[str] = []
    for group, meetings, answers in sections:
        if lines:
            lines.append("")
        lines.append(f"<b>{esc(group)} — next meetings</b>")
        if not meetings:
            lines.append("No upcoming meetings at the moment.")
            continue
        for meeting in meetings:
            tz = tz_of[meeting.group_id]
            today = now.astimezone(tz).date()
            answer = answers.get(meeting.id)
            said = f" — <i>you said {ANSWER_WORDS[answer]}</i>" if answer else ""
            when = meeting_when(meeting.starts_at, meeting.ends_at, tz, today=today)
            lines.append(f"• {when}, {where(meeting.venue_name, meeting.venue_address)}{said}")
    lines += ["", "Tap a meeting to answer or to add it to your calendar."]
    return "\n".join(lines)


def meeting_card(
    group: str, meeting: Meeting, tz: ZoneInfo, now: datetime, answer: Answer | None = None
) -> str:
    lines = [f"<b>{esc(group)}</b>", ""]
    lines += meeting_lines(meeting, tz, now)
    lines += ["", ANSWER_PROMPT]
    if answer is not None:
        lines += ["", you_said(answer)]
    return "\n".join(lines)


CALENDAR_CAPTION = (
    "📅 Tap this file to add the meeting to your phone's calendar. "
    "If the meeting changes, I'll send you a new one."
)
CALENDAR_CANCEL_CAPTION = (
    "This meeting was cancelled. Tapping this file takes it out of your phone's calendar."
)


def calendar_summary(group: str) -> str:
    return f"{group} — peer support meeting"


def calendar_description(meeting: Meeting) -> str:
    parts = ["Diabetes peer support group meeting (Peer Circle)."]
    if meeting.topic_title:
        parts.append(f"Topic: {meeting.topic_title}")
    if meeting.venue_notes:
        parts.append(meeting.venue_notes)
    return "\n".join(parts)


# --- a PSF's view --------------------------------------------------------------------------

PLAN = "➕ Plan meetings"
CARRY_ON = "▶️ Carry on planning"
SLIP = "🖨 Printable slip"
REMINDER_DAYS = "⏰ Reminder days"
WHO_IS_COMING = "👥 Who's coming"
REFRESH = "🔄 Refresh"
NUDGE = "📣 Remind the rest"
MOVE = "🕒 Move to another time"
CHANGE_PLACE = "📍 Change the place"
CANCEL = "❌ Cancel this meeting"
YES_CANCEL = "Yes, cancel and tell all"
NO_KEEP = "No, keep it"
CALENDAR_FILE = "📅 Calendar file"
LAST_DRAFT = "You were in the middle of planning. Would you like to carry on, or start again?"
START_AGAIN = "🔁 Start again"


def counts_line(counts: dict[Answer, int]) -> str:
    return (
        f"{counts.get(Answer.YES, 0)} going · {counts.get(Answer.MAYBE, 0)} maybe · "
        f"{counts.get(Answer.NO, 0)} can't come"
    )


def psf_list(
    group: str,
    meetings: Sequence[Meeting],
    counts: dict[int, dict[Answer, int]],
    tz: ZoneInfo,
    now: datetime,
) -> str:
    lines = [f"<b>{esc(group)} — meetings</b>", ""]
    if not meetings:
        lines += [
            "There are no upcoming meetings.",
            "",
            "Tap <b>Plan meetings</b> to choose the dates. Peers found it helped to know "
            "several dates in advance.",
        ]
        return "\n".join(lines)
    today = now.astimezone(tz).date()
    for number, meeting in enumerate(meetings, start=1):
        when = meeting_when(meeting.starts_at, meeting.ends_at, tz, today=today)
        lines.append(f"{number}. {when}, {where(meeting.venue_name, meeting.venue_address)}")
        lines.append(f"    {counts_line(counts.get(meeting.id, {}))}")
    lines += ["", "Tap a meeting to see who is coming, or to move or cancel it."]
    return "\n".join(lines)


def psf_meeting(
    group: str,
    meeting: Meeting,
    session: int,
    counts: dict[Answer, int],
    *,
    tz: ZoneInfo,
    now: datetime,
) -> str:
    lines = [f"<b>{esc(group)} — meeting {session}</b>", ""]
    lines += meeting_lines(meeting, tz, now)
    lines += ["", counts_line(counts)]
    return "\n".join(lines)


def _member_name(member: Member) -> str:
    person = member.person
    notes = []
    if person.telegram_id is None:
        notes.append("no Telegram — give them a slip")
    elif person.unreachable_at is not None:
        notes.append("messages not getting through")
    elif person.paused_at is not None:
        notes.append("messages paused")
    suffix = f" <i>({'; '.join(notes)})</i>" if notes else ""
    role = " (facilitator)" if member.role.value == "psf" else ""
    return f"{esc(person.display_name)}{role}{suffix}"


def headcount(group: str, count: Headcount, *, tz: ZoneInfo, now: datetime) -> str:
    meeting = count.meeting
    today = now.astimezone(tz).date()
    when = meeting_when(meeting.starts_at, meeting.ends_at, tz, today=today)
    lines = [f"<b>Who's coming — {esc(group)}</b>", when, ""]
    for title, members in (
        ("✅ Going", count.going),
        ("🤔 Maybe", count.maybe),
        ("❌ Can't come", count.cant),
        ("❔ No answer yet", count.no_answer),
    ):
        lines.append(f"<b>{title} ({len(members)})</b>")
        lines += [f"• {_member_name(m)}" for m in members] or ["• nobody"]
        lines.append("")
    lines.append(f"<i>Updated at {clock(now.astimezone(tz).time())}. Tap Refresh to update.</i>")
    return "\n".join(lines)


def nudged(sent: int, due_at: datetime, tz: ZoneInfo, now: datetime) -> str:
    if sent == 0:
        return "Everyone who gets messages has answered. There is no one to remind."
    people = "1 person" if sent == 1 else f"{sent} people"
    if due_at <= now:
        return f"📣 I'm sending a short reminder now. It goes to {people} who have not answered."
    return (
        f"📣 I'll send a short reminder to {people} who have not answered. "
        f"It goes {when_opens(due_at, tz, now)}, as it's too late at night now."
    )


ALREADY_NUDGED = "You sent a reminder for this meeting today. You can send one more tomorrow."


def confirm_cancel(meeting: Meeting, tz: ZoneInfo, now: datetime) -> str:
    today = now.astimezone(tz).date()
    when = meeting_when(meeting.starts_at, meeting.ends_at, tz, today=today)
    return f"Cancel the meeting of <b>{when}</b>?\n\nEveryone in the group will be told at once."


def cancelled_done(people: int) -> str:
    return f"❌ The meeting is cancelled. I'm telling {_people(people)} now."


KEPT = "Nothing has changed. The meeting is still on."


def _people(n: int) -> str:
    return "1 person" if n == 1 else f"{n} people"


# --- printable slip --------------------------------------------------------------------------

SLIP_CHOOSE = (
    "A printable page of the next meetings, in large print — handy for peers without "
    "Telegram. Which kind of file would you like?"
)
SLIP_PDF = "📄 PDF (best to print)"
SLIP_PNG = "🖼 Picture (PNG)"
SLIP_NOTHING = "There are no upcoming meetings to put on a slip yet. Plan some first."
SLIP_CAPTION = "🖨 Here is the slip. Print it, or show it on your phone."


def slip_footer(psf_names: Sequence[str]) -> str:
    if not psf_names:
        return "Peer Circle — diabetes peer support"
    names = (
        psf_names[0] if len(psf_names) == 1 else f"{', '.join(psf_names[:-1])} or {psf_names[-1]}"
    )
    return clip(f"Questions? Ask {names} at the group.", 200)


# --- reminder days ---------------------------------------------------------------------------

REMINDER_DAY_CHOICES = (14, 7, 3, 2, 1, 0)
DONE = "✔️ Done"


def reminder_day_words(days: int) -> str:
    """ "A week before"; the day itself is "On the day" (2 hours before, said in the message)."""
    return {0: "On the day", 1: "The day before", 7: "A week before", 14: "Two weeks before"}.get(
        days, f"{days} days before"
    )


def reminder_day_label(days: int, on: bool) -> str:
    """ "✅ A week before — on", "▫️ The day before — off": the state in words as well."""
    return f"{'✅' if on else '▫️'} {reminder_day_words(days)} — {'on' if on else 'off'}"


def reminder_days(group: str, offsets: Sequence[int]) -> str:
    chosen_days = ", ".join(
        reminder_day_words(d).lower() + (" (2 hours before)" if d == 0 else "") for d in offsets
    )
    return (
        f"<b>Reminders for {esc(group)}</b>\n\n"
        f"Members get a reminder: <b>{chosen_days or 'none'}</b>.\n\n"
        "Tap a line to turn it on or off. Reminders never go out between 21:00 and 8:00. "
        "One that would goes at 8:00 instead."
    )


# --- planning: the wizard --------------------------------------------------------------------

STOP = "✖️ Stop"
STOPPED = "Stopped. Nothing was saved."
DRAFT_GONE = (
    "That plan isn't open any more, so I haven't used what you typed. "
    "Tap 📅 Meetings to start again."
)
PATTERN_QUESTION = "<b>Plan meetings</b> — step 1\n\nHow often will the group meet?"
PATTERN_LABELS = (
    "📆 Same day each month (e.g. 2nd Tuesday)",
    "🔁 Every 4 weeks",
    "🔁 Every 2 weeks",
    "✋ I'll pick the dates",
    "1️⃣ Just one meeting",
)


def date_question(purpose: str, pattern: str | None) -> str:
    if purpose == "move":
        return "<b>Move the meeting</b>\n\nTap the new day."
    if pattern == "picked":
        return (
            "<b>Plan meetings</b> — step 2\n\n"
            "Tap each day the group will meet (tap again to take it off). "
            "Then tap <b>Done</b>."
        )
    if pattern == "once":
        return "<b>Plan a meeting</b> — step 2\n\nTap the day of the meeting."
    extra = ""
    if pattern == "nth":
        extra = (
            "\n\nThe group will then meet on the same weekday of each month — "
            "for example the second Tuesday."
        )
    return f"<b>Plan meetings</b> — step 2\n\nTap the day of the <b>first</b> meeting.{extra}"


def month_title(year: int, month: int) -> str:
    return f"{MONTH_NAMES[month - 1]} {year}"


WEEKDAY_LETTERS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
PREVIOUS_MONTH = "◀️"
NEXT_MONTH = "▶️"
BLANK_DAY = " "
PAST_DAY = "·"


def picked_day(day: int) -> str:
    return f"✅{day}"


def done_picking(count: int) -> str:
    return f"✔️ Done ({count} chosen)" if count else "✔️ Done"


NEED_A_DAY = "Please tap at least one day first."
DAY_GONE = "That day has gone by. Please tap a later one."
TOO_FAR = "That's too far ahead. Please choose a day within a year."
TOO_MANY_PICKED = "That's the most for one plan (12). Tap Done, and plan more later."


def time_question(purpose: str, picked: str) -> str:
    step = "" if purpose == "move" else " — step 3"
    title = "Move the meeting" if purpose == "move" else "Plan meetings"
    return f"<b>{title}</b>{step}\n\nYou chose {picked}.\n\nWhat time does the meeting start?"


def keep_time(start: time) -> str:
    return f"Keep {clock(start)}"


OTHER_TIME = "⌨️ Another time"
ASK_TIME = (
    "Type the start time, for example <b>10:30</b> or <b>2pm</b>.\n"
    "(Or tap ✖️ Stop in the message above.)"
)
TIME_NOT_UNDERSTOOD = (
    "Sorry, I didn't understand that time. Please type it like <b>10:30</b> or <b>2pm</b>."
)
NEED_TEXT = "Please type it in words — I can't use stickers, photos or voice messages here."
TIME_LIMIT = 20


def time_understood(start: time) -> str:
    return f"Start time: <b>{clock(start)}</b>."


def venue_question(purpose: str, when: str | None) -> str:
    if purpose == "venue":
        return f"<b>Change the place</b>\n\n{when or ''}\n\nWhere will this meeting be?"
    return "<b>Plan meetings</b> — step 4\n\nWhere will the group meet?"


NEW_VENUE = "➕ Somewhere new"
VENUE_NAME_LIMIT = 80
VENUE_ADDRESS_LIMIT = 200
VENUE_NOTES_LIMIT = 300
ASK_VENUE_NAME = (
    "What is the place called? For example <b>Lavenham Village Hall</b>.\n"
    "(Or tap ✖️ Stop in the message above.)"
)
ASK_VENUE_ADDRESS = (
    "What is the address? For example <b>Church Street, Lavenham</b>.\n"
    "People will see it in their reminders."
)
ASK_VENUE_NOTES = (
    "Anything people should know to find it? For example <b>Side door, parking behind the "
    "hall</b>.\nType it, or tap Skip."
)
SKIP = "Skip"


def too_long(limit: int) -> str:
    return f"That's a bit long — please keep it under {limit} characters and send it again."


def venue_saved(name: str) -> str:
    return f"📍 Saved: <b>{esc(name)}</b>."


def count_question() -> str:
    return (
        "<b>Plan meetings</b> — step 5\n\nHow many meetings would you like to plan now?\n"
        "(The study's groups met 6 times, monthly.)"
    )


def count_label(n: int) -> str:
    return f"{n} (usual)" if n == 6 else str(n)


COUNT_CHOICES = (3, 4, 5, 6, 8, 10, 12)
SAVE = "✅ Save and tell group"
CHANGE_PATTERN = "🔁 Change how often"
CHANGE_DATE = "📅 Change the date"
CHANGE_TIME = "🕒 Change the time"
CHANGE_PLACE_SHORT = "📍 Change the place"
CHANGE_COUNT = "🔢 Change how many"


def plan_check(
    pattern_words: str,
    planned: Sequence[tuple[datetime, datetime]],
    venue: Venue,
    warnings: Sequence[DateWarning],
    *,
    tz: ZoneInfo,
    now: datetime,
) -> str:
    today = now.astimezone(tz).date()
    count = len(planned)
    what = "this meeting" if count == 1 else f"these {count} meetings"
    lines = [f"<b>Please check {what}</b>"]
    if count > 1:
        lines.append(f"<i>{esc(pattern_words)}</i>")
    lines.append("")
    for number, (start, end) in enumerate(planned, start=1):
        lines.append(f"{number}. {meeting_when(start, end, tz, today=today)}")
    lines += ["", f"📍 {where(venue.name, venue.address)}"]
    if venue.notes:
        lines.append(f"<i>{esc(venue.notes)}</i>")
    if warnings:
        lines += ["", "<b>Please note:</b>"]
        lines += [f"⚠️ {date_warning(w, today=today)}" for w in warnings]
    lines += [
        "",
        "When you tap <b>Save</b>, everyone in the group gets the dates at once, and "
        "reminders before each meeting.",
    ]
    return "\n".join(lines)


def saved(count: int) -> str:
    what = "1 meeting" if count == 1 else f"{count} meetings"
    return (
        f"✅ Saved {what}. I'm sending the dates to the group now, and I'll remind everyone "
        "before each meeting.\n\nYou'll find them under 📅 Meetings."
    )


def move_check(
    meeting: Meeting,
    new_start: datetime,
    new_end: datetime,
    warnings: Sequence[DateWarning],
    *,
    tz: ZoneInfo,
    now: datetime,
) -> str:
    today = now.astimezone(tz).date()
    old = meeting_when(meeting.starts_at, meeting.ends_at, tz, today=today)
    new = meeting_when(new_start, new_end, tz, today=today)
    lines = [
        "<b>Please check</b>",
        "",
        f"Move the meeting of {old}",
        f"to <b>{new}</b>?",
    ]
    if warnings:
        lines += [""] + [f"⚠️ {date_warning(w, today=today)}" for w in warnings]
    lines += ["", "Everyone in the group will be told at once."]
    if new_start.astimezone(tz).date() != meeting.starts_at.astimezone(tz).date():
        lines.append("As the day changes, they'll be asked again whether they can come.")
    return "\n".join(lines)


YES_MOVE = "✅ Yes, move and tell all"


def moved_done(people: int) -> str:
    return f"✅ Moved. I'm telling {_people(people)} now, with a new calendar file."


def venue_check(meeting: Meeting, venue: Venue, tz: ZoneInfo, now: datetime) -> str:
    today = now.astimezone(tz).date()
    when = meeting_when(meeting.starts_at, meeting.ends_at, tz, today=today)
    return (
        "<b>Please check</b>\n\n"
        f"The meeting of {when} will be at\n"
        f"<b>{where(venue.name, venue.address)}</b>\n"
        f"instead of {where(meeting.venue_name, meeting.venue_address)}.\n\n"
        "Everyone in the group will be told at once."
    )


YES_CHANGE_PLACE = "✅ Yes, change and tell"


def venue_done(people: int) -> str:
    return f"✅ Done. I'm telling {_people(people)} about the new place now."


def picked_summary(days: Sequence[date], today: date) -> str:
    if len(days) == 1:
        return day_date(days[0], today=today)
    return f"{len(days)} days, from {day_date(days[0], today=today)}"


# --- a series of dates in words ---------------------------------------------------------------

ORDINAL_WORDS = {1: "first", 2: "second", 3: "third", 4: "fourth", LAST: "last"}


def pattern_words(spec: SeriesSpec) -> str:
    """ "the second Tuesday of each month", "every 4 weeks", "on dates you picked"."""
    if spec.pattern is Pattern.PICKED:
        return "on dates you picked"
    if spec.pattern is Pattern.EVERY_N_WEEKS:
        return "every week" if spec.weeks == 1 else f"every {spec.weeks} weeks"
    derived_nth, derived_weekday = nth_weekday_of(spec.first_date)
    nth = derived_nth if spec.nth is None else spec.nth
    weekday = derived_weekday if spec.weekday is None else spec.weekday
    return f"the {ORDINAL_WORDS[nth]} {WEEKDAY_NAMES[weekday]} of each month"


def series_summary(count: int, spec: SeriesSpec) -> str:
    """ "6 meetings, the second Tuesday of each month" (or "1 meeting" for a one-off)."""
    if count == 1:
        return "1 meeting"
    return f"{count} meetings, {pattern_words(spec)}"


def date_warning(warning: DateWarning, *, today: date | None = None) -> str:
    """One warning about a planned date, as a short sentence for the PSF to read before saving."""
    day = day_date(warning.day, today=today)
    if warning.kind == "bank_holiday":
        return f"{day} is a bank holiday ({warning.detail}). Venues may be closed."
    if warning.kind == "past":
        return f"{day} is in the past."
    if warning.kind == "weekend":
        return f"{day} is a weekend."
    if warning.detail == "repeated":
        return f"{day} is in the list twice."
    return f"{day}: the group already meets that day."
