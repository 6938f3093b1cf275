"""Texts for check-ins after meetings, peers' "How was today?", "we missed you" and "last time"."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.checkins.views import CheckinView, FeedbackView, PeerMessages, Recap
from bot.models import Meeting
from bot.texts import LABEL_MAX_LENGTH, clip, esc, fit, label_length
from bot.texts.dates import day_date, meeting_when, relative_day, when_opens

# --- the menu --------------------------------------------------------------------------------

MENU_LABEL = "✅ Check-in"
EXPLAINS = "a one-minute check-in after each meeting: who came and how it went"
NOTHING_YET = (
    "There's nothing to check in yet.\n\n"
    "After each meeting I'll send you a one-minute check-in: who came and how it went. "
    "You can also come back here with the ✅ Check-in button."
)
CHOOSE_GROUP = "Which group's meeting is this check-in about?"

# --- problems ----------------------------------------------------------------------------------

PROBLEM = {
    "cancelled": "That meeting was cancelled, so there's nothing to check in.",
    "not started": "That meeting hasn't started yet. The check-in opens when it starts.",
    "closed": (
        "The group has met again since then, so that check-in is closed. "
        "Tap ✅ Check-in for the latest meeting."
    ),
    "archived": (
        "This group has finished, so its check-ins are closed. Thank you for all you did!"
    ),
    "not on the list": "That person isn't on the group's list any more.",
    "stale": "That button doesn't work any more. Tap ✅ Check-in to carry on.",
    "not present": "This was for people who came to that meeting.",
    "feedback closed": "The group has met again since then. Thank you all the same!",
    "empty": "Please type a few words, or tap Skip.",
    "too long": (
        "Thank you — that's a bit long for here. Please keep it under {limit} characters "
        "(a few sentences) and send it again."
    ),
}
NOT_WORDS = (
    "Thank you — I can only keep typed words here, not stickers, photos or voice messages. "
    "Please type a few words and send them, or tap Skip."
)
TOPIC_NOT_WORDS = (
    "Thank you — I can only keep typed words here, not stickers, photos or voice messages. "
    "Please type the topic and send it."
)
TOPIC_PROBLEM = {
    "empty": "Please type the topic in a few words and send it.",
    "too long": (
        "Thank you — that's a bit long. Please keep it under {limit} characters and send it again."
    ),
}

# --- the steps ---------------------------------------------------------------------------------

MOOD_LABELS = {
    5: "😄 Very well",
    4: "🙂 Well",
    3: "😐 All right",
    2: "🙁 Not so well",
    1: "😞 Badly",
}
MOOD_FACES = {mood: label.split(" ", 1)[0] for mood, label in MOOD_LABELS.items()}

OBSTACLE_LABELS = {
    "turnout": "Few people came",
    "dominated": "Someone dominated",
    "wandered": "The discussion wandered",
    "medical": "Asked for medical advice",
    "venue": "Venue trouble",
    "cofac": "Facilitators disagreed",
    "upsetting": "An upsetting story",
    "other": "Something else",
}
NOT_MET_LABELS = {
    "nobody": "Nobody came",
    "venue": "The venue was closed",
    "psf": "No facilitator free",
    "weather": "Weather or travel",
    "other": "Something else",
}

TICKED = "✅"
UNTICKED = "⬜"
# Counters of people not on the list: the number, then a row of ➖ / ➕ said in words.
MINUS = "➖ Take one off"
PLUS = "➕ Add one"
MINUS_NEW = "➖ Take one off"
PLUS_NEW = "➕ Add a newcomer"
NOT_MET = "🚫 We didn't meet"
MET_AFTER_ALL = "⬅️ We did meet after all"
ATTENDANCE_DONE = "✔️ Done — that's everyone"
THATS_RIGHT = "✔️ That's right"
SKIP = "⏭ Skip"
KEEP = "✔️ Keep what I wrote"
REMOVE = "🗑 Remove it"
OBSTACLES_DONE = "✔️ Done"
NOTHING_IN_THE_WAY = "👍 Nothing got in the way"
NURSE_YES = "🩺 Yes, please"
NURSE_NO = "👍 No, thank you"
ASK_NURSE = "🩺 Ask the nurse to get in touch"
CARRY_ON = "▶️ Go on with check-in"
COUNT_HINT = "Use ➖ Take one off and ➕ Add one under it to change the number."

EDIT_LABELS = {
    "att": "✏️ Who came",
    "mood": "✏️ How it went",
    "well": "✏️ Worked well",
    "less": "✏️ Worked less well",
    "obst": "✏️ What got in the way",
}


def mark_label(name: str, present: bool, has_telegram: bool) -> str:
    """A name on the attendance list with its state in words: "✅ Ann — came".

    People without Telegram are named in the message above the list (see `attendance`).
    """
    state = " — came" if present else " — not ticked"
    prefix = f"{TICKED if present else UNTICKED} "
    room = LABEL_MAX_LENGTH - label_length(prefix) - len(state)
    return prefix + fit(name, room) + state


def without_telegram_label(count: int) -> str:
    return f"📵 No Telegram: {count}"


def newcomers_label(count: int) -> str:
    return f"🌱 Newcomers: {count}"


def chip_label(label: str, chosen: bool) -> str:
    """A choice you can tick; the message says in words which are ticked (`ticked_line`)."""
    return f"{TICKED if chosen else UNTICKED} {label}"


def ticked_line(labels: Sequence[str]) -> str:
    return f"Ticked: <b>{esc(', '.join(labels))}</b>." if labels else "Nothing ticked yet."


def chosen(label: str) -> str:
    """A button showing it is the chosen one; the message also says so (`said_line`)."""
    return f"{label} ✔"


def said_line(words: str) -> str:
    """The chosen answer in words, for people who cannot see the ✔ on a button."""
    return f"You said: <b>{esc(words)}</b>."


def _words(label: str) -> str:
    """A label without its leading emoji: "😄 Very well" -> "Very well"."""
    first, _, rest = label.partition(" ")
    return rest if rest and not first.isalnum() else label


def missed_you_label(on: bool) -> str:
    return "💌 Missed-you notes: on" if on else "💌 Missed-you notes: off"


def _meeting_line(view: CheckinView) -> str:
    local = view.meeting.starts_at.astimezone(view.tz)
    today = view.now.astimezone(view.tz).date()
    return f"{esc(view.group.name)}, {day_date(local.date(), today=today)}"


def _heading(view: CheckinView, number: int, question: str) -> str:
    if view.editing:
        return f"<b>Changing your check-in · {question}</b>"
    total = 5 if view.attendance.met else 2
    return f"<b>Check-in {number} of {total} · {question}</b>"


def _with_note(view: CheckinView, text: str) -> str:
    return f"{view.note}\n\n{text}" if view.note else text


def attendance(view: CheckinView) -> str:
    question = "Who came?" if view.attendance.met else "Why didn't the group meet?"
    heading = _heading(view, 1, question)
    lines = [heading, _meeting_line(view), ""]
    other = esc(view.confirmed_by_other) if view.confirmed_by_other else None
    if not view.attendance.met:
        reason = view.attendance.not_met_reason
        if other and reason:
            lines.append(
                f"{other} said the group didn't meet. Is that right? Tap the reason to confirm, "
                "or “We did meet after all”."
            )
        else:
            lines.append("Tap the reason. (If you did meet after all, tap the last button.)")
        if reason:
            lines += ["", said_line(NOT_MET_LABELS.get(reason, reason))]
        return _with_note(view, "\n".join(lines))
    if other:
        lines.append(f"{other} has ticked who came. Please check, change anything, and tap Done.")
    elif view.peers:
        lines.append("Tap a name to tick or untick it. I've ticked the people who said “Going”.")
    offline = [peer.name for peer in view.peers if not peer.has_telegram]
    if offline:
        lines.append(f"Not on Telegram: {esc(', '.join(offline))}.")
    lines.append(
        "Someone came who isn't on the list? Add them with the ➕ buttons: one for people "
        "without Telegram, one for newcomers."
    )
    lines += ["", f"So far: <b>{people(view.total)}</b> came."]
    return _with_note(view, "\n".join(lines))


def people(count: int) -> str:
    return "1 person" if count == 1 else f"{count} people"


def mood(view: CheckinView) -> str:
    text = f"{_heading(view, 2, 'How did it go?')}\n{_meeting_line(view)}\n\nTap a face."
    if view.editing and view.checkin.mood in MOOD_LABELS:
        text += "\n" + said_line(_words(MOOD_LABELS[view.checkin.mood]))
    return _with_note(view, text)


def free_text(view: CheckinView, *, well: bool) -> str:
    question = "What worked well?" if well else "What worked less well?"
    lines = [_heading(view, 3, question), _meeting_line(view), ""]
    written = view.checkin.went_well if well else view.checkin.less_well
    if view.editing and written:
        lines += [f"You wrote: <i>{esc(clip(written, 600))}</i>", ""]
        lines.append("To change it, type the new words and send them — or tap a button.")
    else:
        lines.append("Type a few words and send them — or tap Skip.")
    lines.append(
        "Your co-facilitator won't see what you write here. The study team reads it without names."
    )
    return _with_note(view, "\n".join(lines))


def obstacles(view: CheckinView) -> str:
    return _with_note(
        view,
        f"{_heading(view, 4, 'Did anything get in the way?')}\n{_meeting_line(view)}\n\n"
        "Tap everything that applies, then tap Done.\n"
        + ticked_line([OBSTACLE_LABELS[o] for o in OBSTACLE_LABELS if o in view.checkin.obstacles]),
    )


def nurse(view: CheckinView) -> str:
    number = 5 if view.attendance.met else 2
    return _with_note(
        view,
        f"{_heading(view, number, 'Would you like the nurse to get in touch?')}\n"
        f"{_meeting_line(view)}\n\n"
        "If anything came up that you'd like help with, the nurse can contact you. "
        "What you wrote in this check-in goes with it.",
    )


def _came_words(view: CheckinView) -> str:
    names = [clip(p.name.split(" ", 1)[0] or "…", 20) for p in view.peers if p.present]
    parts = [esc(name) for name in names]
    if view.attendance.without_telegram:
        parts.append(f"{view.attendance.without_telegram} without Telegram")
    if view.attendance.newcomers:
        new = view.attendance.newcomers
        parts.append(f"{new} newcomer{'s' if new != 1 else ''}")
    listed = f" — {', '.join(parts)}" if parts else ""
    return f"{people(view.total)}{listed}"


def _text_or_skipped(text: str | None) -> str:
    if text is None:
        return "<i>not answered</i>"
    return f"<i>{esc(clip(text, 300))}</i>" if text else "<i>skipped</i>"


def summary(view: CheckinView) -> str:
    """The finished check-in, with what the PSF can still change."""
    checkin, attendance_ = view.checkin, view.attendance
    title = (
        "✅ <b>" + ("Thank you — y" if view.finished_now else "Y") + "our check-in is saved.</b>"
    )
    lines = [title, _meeting_line(view), ""]
    if attendance_.met:
        lines.append(f"👥 Who came: {_came_words(view)}")
        lines.append(
            "How it went: " + (MOOD_LABELS[checkin.mood] if checkin.mood else "<i>not answered</i>")
        )
        lines.append(f"Worked well: {_text_or_skipped(checkin.went_well)}")
        lines.append(f"Worked less well: {_text_or_skipped(checkin.less_well)}")
        chips = [OBSTACLE_LABELS[key] for key in OBSTACLE_LABELS if key in checkin.obstacles]
        lines.append("Got in the way: " + ("; ".join(chips) if chips else "nothing"))
    else:
        reason = NOT_MET_LABELS.get(attendance_.not_met_reason or "", "")
        lines.append(f"🚫 The group didn't meet{': ' + reason.lower() if reason else ''}.")
    lines.append(
        "Nurse: asked to get in touch" if checkin.wants_nurse else "Nurse: not asked this time"
    )
    lines += [
        "",
        "You can change any of this until the next meeting starts.",
        "💌 Someone who said “Going” but didn't come gets a kind “we missed you” note. "
        "It gives the next date, and never goes twice in a row. "
        "The last button turns these notes on or off for your group.",
    ]
    return _with_note(view, "\n".join(lines))


def peers_told(told: PeerMessages, tz: ZoneInfo, now: datetime) -> str | None:
    """What happens next for the peers, after attendance is confirmed."""
    lines = []
    if told.feedback:
        lines.append(f"{_names(told.feedback)} will get a one-tap “How was today?”.")
    if told.missed and told.missed_due is not None:
        lines.append(
            f"{_names(told.missed)} said “Going” but didn't come. They'll get a warm "
            f"“we missed you” with the next date {when_opens(told.missed_due, tz, now)}."
        )
    if not lines:
        return None
    return "Thank you. " + " ".join(lines)


def _names(names: Sequence[str]) -> str:
    shown = [esc(name) for name in names]
    if len(shown) == 1:
        return shown[0]
    return ", ".join(shown[:-1]) + " and " + shown[-1]


# --- prompts -----------------------------------------------------------------------------------


def which_meeting(meeting: Meeting, tz: ZoneInfo, now: datetime) -> str:
    """ "today's meeting", "yesterday's meeting", "the meeting on Tuesday"."""
    day = relative_day(meeting.starts_at.astimezone(tz).date(), now.astimezone(tz).date())
    if day in ("today", "yesterday"):
        return f"{day}'s meeting"
    return f"the meeting {day}"


def prompt_intro(meeting: Meeting, tz: ZoneInfo, now: datetime) -> str:
    return (
        f"📝 <b>Check-in time: how did {which_meeting(meeting, tz, now)} go?</b>\n"
        "A minute of tapping helps the nurses support you in good time. Each answer is saved "
        "as you go, so you can stop and carry on later with the ✅ Check-in button."
    )


def reminder_intro(meeting: Meeting, tz: ZoneInfo, now: datetime) -> str:
    return (
        f"🌅 <b>A gentle reminder:</b> your check-in for {which_meeting(meeting, tz, now)} "
        "isn't finished yet. It takes about a minute and carries on where you left off. "
        "This is the only reminder."
    )


def for_the_nurse(view: CheckinView) -> str:
    """The concern's description when a check-in asks for the nurse (the PSF's own words)."""
    checkin = view.checkin
    local = view.meeting.starts_at.astimezone(view.tz)
    lines = [f"From my check-in after {view.group.name}'s meeting on {day_date(local.date())}:"]
    if not view.attendance.met:
        reason = NOT_MET_LABELS.get(view.attendance.not_met_reason or "", "")
        lines.append(f"The group didn't meet{': ' + reason.lower() if reason else ''}.")
    else:
        lines.append(f"Who came: {view.total}")
        if checkin.mood:
            lines.append("How it went: " + MOOD_LABELS[checkin.mood].split(" ", 1)[1])
        if checkin.went_well:
            lines.append(f"Worked well: {checkin.went_well}")
        if checkin.less_well:
            lines.append(f"Worked less well: {checkin.less_well}")
        chips = [OBSTACLE_LABELS[key] for key in OBSTACLE_LABELS if key in checkin.obstacles]
        if chips:
            lines.append("Got in the way: " + "; ".join(chips))
    return "\n".join(lines)


NURSE_NEXT = "Now a few questions for the nurse — they take a moment."

# --- peers -------------------------------------------------------------------------------------

RATING_LABELS = {"helpful": "👍 Helpful", "ok": "👌 OK", "not_for_me": "👎 Not for me"}
RATING_WORDS = {"helpful": "Helpful", "ok": "OK", "not_for_me": "Not for me"}
MIN_ANSWERS_SHOWN = 2
SUGGEST = "💡 Suggest a topic"
TOPIC_CANCEL = "Never mind"


def feedback_question(view: FeedbackView) -> str:
    which = which_meeting(view.meeting, view.tz, view.now)
    text = (
        f"Thank you for coming to {esc(view.group.name)}! How was {which} for you? "
        "One tap is enough — it helps your facilitators."
    )
    if view.rating is not None:
        text += (
            f"\n\nYou said: <b>{RATING_WORDS.get(view.rating, view.rating)}</b>. Thank you. "
            "Your facilitators see the group's answers together, not who said what."
        )
    return text


def feedback_thanks(rating: str) -> str:
    return {
        "helpful": "Thank you — glad it helped!",
        "ok": "Thank you for letting us know.",
        "not_for_me": "Thank you for saying so — it helps.",
    }.get(rating, "Thank you!")


def topic_ask(group: str) -> str:
    return (
        f"💡 What would you like {esc(group)} to talk about next time? "
        "Type it in a few words and send it."
    )


TOPIC_THANKS = (
    "💡 Thank you. The people who run your group will see your idea before the next "
    "meeting. To send another, tap the button above."
)
TOPIC_CANCELLED = "All right — no topic this time."


def missed_you(
    group: str,
    meeting: Meeting,
    next_meeting: Meeting | None,
    tz: ZoneInfo,
    now: datetime,
) -> str:
    day = relative_day(meeting.starts_at.astimezone(tz).date(), now.astimezone(tz).date())
    text = f"💐 We missed you at {esc(group)} {day}. We hope you're well."
    if next_meeting is None:
        return text + "\n\nYour facilitators will let you know the next date."
    today = now.astimezone(tz).date()
    when = meeting_when(next_meeting.starts_at, next_meeting.ends_at, tz, today=today)
    place = esc(next_meeting.venue_name)
    return (
        f"{text}\n\nThe next meeting is <b>{when}</b> at {place}. "
        "It would be lovely to see you — will you come?"
    )


# --- "last time" -------------------------------------------------------------------------------


def recap(view: Recap) -> str:
    """Before the next meeting: what the check-ins said about the last one."""
    tz, today = view.tz, view.now.astimezone(view.tz).date()
    last_day = day_date(view.meeting.starts_at.astimezone(tz).date(), today=today)
    next_day = relative_day(view.next_meeting.starts_at.astimezone(tz).date(), today)
    lines = [
        f"🔁 <b>Last time at {esc(view.group.name)}</b> ({last_day})",
        f"Ready for your meeting {next_day}:",
        "",
    ]
    attendance_ = view.attendance
    if attendance_ is not None and view.recorded and not attendance_.met:
        reason = NOT_MET_LABELS.get(attendance_.not_met_reason or "", "")
        lines.append(f"🚫 The group didn't meet{': ' + reason.lower() if reason else ''}.")
    elif view.recorded and attendance_ is not None:
        parts = [esc(clip(name, 30)) for name in view.present if name]
        if attendance_.without_telegram:
            parts.append(f"{attendance_.without_telegram} without Telegram")
        if attendance_.newcomers:
            parts.append(
                f"{attendance_.newcomers} newcomer{'s' if attendance_.newcomers != 1 else ''}"
            )
        listed = f": {', '.join(parts)}" if parts else ""
        lines.append(f"👥 {people(view.total)} came{listed}.")
    else:
        lines.append("👥 Who came wasn't recorded.")
    if view.moods:
        faces = ", ".join(f"{MOOD_FACES[m]} {_words(MOOD_LABELS[m]).lower()}" for m in view.moods)
        lines.append(f"How it went for the facilitators: {faces}")
    if view.obstacles:
        chips = "; ".join(
            OBSTACLE_LABELS[o] + (f" ({n})" if n > 1 else "") for o, n in view.obstacles
        )
        lines.append(f"What got in the way: {chips}")
    own = view.own
    if own is not None and own.went_well:
        lines.append(f"You wrote that this worked well: <i>{esc(clip(own.went_well, 400))}</i>")
    if own is not None and own.less_well:
        lines.append(
            f"You wrote that this worked less well: <i>{esc(clip(own.less_well, 400))}</i>"
        )
    counts = {rating.value: n for rating, n in view.feedback.items()}
    said = [
        f"{counts[key]} {label.split(' ', 1)[1].lower()}"
        for key, label in RATING_LABELS.items()
        if counts.get(key)
    ]
    # One answer alone would say who said what: peers are promised answers are seen together.
    if sum(counts.values()) >= MIN_ANSWERS_SHOWN:
        lines.append(f"Peers said: {', '.join(said)}")
    if view.topics:
        lines += ["", "💡 <b>Topics peers suggested</b>"]
        lines += [f"• {esc(clip(topic, 200))}" for topic in view.topics]
    return "\n".join(lines)
