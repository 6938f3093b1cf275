"""Texts for contacting the nurse: raising a concern, what happens next, the nurse's side."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.concerns.records import URGENT_DRAFT_SENDS_AFTER, Category, FileKind
from bot.texts import LABEL_MAX_LENGTH, clip, esc, fit
from bot.texts.dates import MONTH_NAMES, WEEKDAY_NAMES, clock, day_date

# --- menu --------------------------------------------------------------------------------------

MENU_LABEL = "🩺 Contact the nurse"
EXPLAINS = "tell the study nurse about a worry: a peer, the group, or yourself"
# audience: staff
NURSE_MENU_LABEL = "🩺 Concerns"
NURSE_EXPLAINS = "what facilitators have raised: waiting, seen and recently closed"
# audience: psf

# --- raising a concern -------------------------------------------------------------------------

DANGER_QUESTION = (
    "🩺 <b>Contact the nurse</b>\n\n"
    "First: is anyone in danger, or in need of urgent help right now?"
)
DANGER_YES = "🚨 Yes, help needed now"
DANGER_NO = "No"
CANCEL = "✖️ Don't send anything"
CHOOSE_GROUP = "Which group is it about?"


def urgent_noted(sends_after: timedelta) -> str:
    """Said when the PSF answers "someone needs help now": what happens if they stop here."""
    minutes = int(sends_after.total_seconds() // 60)
    wait = "an hour" if minutes == 60 else "half an hour" if minutes == 30 else f"{minutes} minutes"
    return (
        "I've noted that this is urgent. When you are able to, tell me a little more so the "
        f"nurse can follow up. If you don't finish, I'll send what I have to the nurse in {wait}."
        "\n\nWhat is it about?"
    )


URGENT_NOTED = urgent_noted(URGENT_DRAFT_SENDS_AFTER)
CHOOSE_CATEGORY = "What is it about?"
CATEGORY_LABELS = {
    Category.PEER: "A peer's health",
    Category.GROUP: "Something in the group",
    Category.SAFEGUARDING: "Someone may be at risk",
    Category.MYSELF: "I need support myself",
    Category.ADMIN: "The venue or admin",
    Category.OTHER: "Something else",
}
# Shorter words for "your message about …".
CATEGORY_WORDS = {
    Category.PEER: "a peer's health",
    Category.GROUP: "the group",
    Category.SAFEGUARDING: "safeguarding",
    Category.MYSELF: "support for yourself",
    Category.ADMIN: "the venue or admin",
    Category.OTHER: "something else",
}

ASK_DESCRIPTION = (
    "In a few words, what is happening?\n\n"
    "Type it here, or send a voice message or a photo if that's easier."
)
INPUT_PROBLEM = {
    "empty": "Please type a few words, or send a voice message or a photo.",
    "too long": (
        "That's a bit long for one message. Please keep it under {limit} characters "
        "and send it again."
    ),
    "sticker": (
        "I can't pass stickers on. Please type a few words, or send a voice message or a photo."
    ),
    "file": "I can only pass on words, voice messages and photos. Please send one of those.",
}
NEED_TEXT = "Please type the words (a photo or voice message can't be used here)."

SEND = "✅ Send to the nurse"
CHANGE = "✏️ Change what I wrote"


def _file_words(kind: FileKind | None) -> str:
    if kind is FileKind.VOICE:
        return "🎤 a voice message"
    if kind is FileKind.PHOTO:
        return "📷 a photo"
    return ""


def confirm(
    group: str,
    category: Category | None,
    text: str | None,
    *,
    file_kind: FileKind | None,
    urgent: bool,
) -> str:
    """What will be sent, before the PSF taps Send."""
    lines = ["<b>This is what the nurse will get:</b>", ""]
    lines.append(f"<b>Group:</b> {esc(group)}")
    if category is not None:
        lines.append(f"<b>About:</b> {CATEGORY_LABELS[category]}")
    if urgent:
        lines.append("⚠️ <b>Marked urgent</b>")
    lines.append("")
    if text:
        lines.append(f"<i>{esc(clip(text, 1500))}</i>")
    if file_kind is not None:
        lines.append(f"With {_file_words(file_kind)}.")
    lines += ["", "Shall I send it?"]
    return "\n".join(lines)


def sent_now(nurse: str) -> str:
    return f"✅ Sent to {esc(nurse)} now.\nYou'll get a message here when {esc(nurse)} has seen it."


def queued(nurse: str, when: str, urgent_number: str, closed_because: str | None) -> str:
    why = f" ({esc(closed_because)})" if closed_because else ""
    return (
        f"✅ Saved. {esc(nurse)} is off now{why}. This will reach {esc(nurse)} {when}.\n"
        f"If it can't wait, call {esc(urgent_number)}."
    )


def goes_to_backup(away: str, until: date | None, nurse: str) -> str:
    back = f" until {day_date(until)}" if until else ""
    return f"{esc(away)} is away{back}, so this goes to {esc(nurse)}, another nurse for your area."


def waits_for_return(nurse: str, until: date | None, when: str, urgent_number: str) -> str:
    back = f" until {day_date(until)}" if until else ""
    return (
        f"✅ Saved. {esc(nurse)} is away{back}. This will reach {esc(nurse)} {when}.\n"
        f"If it can't wait, call {esc(urgent_number)}."
    )


def no_nurse(urgent_number: str) -> str:
    return (
        "✅ Saved. There is no nurse who can take it for your area at the moment, so I've told "
        "the programme coordinator. It will go to a nurse as soon as there is one.\n"
        f"If it can't wait, call {esc(urgent_number)}."
    )


def danger_reminder(emergency_number: str) -> str:
    """Said again after a concern that can't reach the nurse at once, or that is urgent."""
    return (
        f"⚠️ If someone is in danger or very ill now, call {esc(emergency_number)}. "
        "Don't wait for the nurse."
    )


ALREADY_SENT = "That has already been sent to the nurse. You'll hear here when there's news."
WITHDRAWN = "OK, nothing has been sent. If you change your mind, tap 🩺 Contact the nurse."
PUT_ASIDE = "That message was put aside. To start again, tap 🩺 Contact the nurse."


def unfinished_urgent_sent(nurse: str) -> str:
    to = esc(nurse) if nurse else "the programme coordinator"
    return (
        "Earlier you told me someone needed urgent help. I've passed what you told me to "
        f"{to}, marked urgent, so they can follow up with you."
    )


# --- peers and others --------------------------------------------------------------------------


# audience: peer
def peer_pointer(psf_names: list[str], emergency_number: str, urgent_number: str) -> str:
    who = " and ".join(esc(name) for name in psf_names)
    who = f"{who}, your group's facilitators" if psf_names else "your group's facilitators"
    return (
        f"If something is worrying you, please talk to {who}. "
        "They can pass it on to the study nurse.\n\n"
        "For your own health, your GP, practice nurse or pharmacist can help.\n"
        f"In an emergency, call {esc(emergency_number)}. "
        f"For urgent advice, call {esc(urgent_number)}."
    )


# audience: staff
def no_nurse_for_coordinator(group: str, area: str) -> str:
    return (
        f"⚠️ A facilitator of <b>{esc(group)}</b> raised a concern, but no nurse of "
        f"<b>{esc(area)}</b> can receive it (none is set up, or none can be reached). It is kept "
        "and will go out as soon as a nurse can take it. Please add or check the area's nurse: "
        "python -m bot admin list areas"
    )


# --- the concern as the nurse sees it ----------------------------------------------------------

ACKNOWLEDGE = "✅ Acknowledge"
REPLY = "💬 Reply"
RESOLVE = "✔️ Resolve"
BACK_TO_LIST = "⬅️ All concerns"


def short_when(at: datetime, tz: ZoneInfo) -> str:
    """ "Sat 7 Nov 14:05" in local time."""
    local = at.astimezone(tz)
    weekday = WEEKDAY_NAMES[local.weekday()][:3]
    return f"{weekday} {local.day} {MONTH_NAMES[local.month - 1][:3]} {clock(local.time())}"


CARD_TEXT = 2500
CARD_TEXT_IN_THREAD = 1500


def card(
    *,
    limit: int = CARD_TEXT,
    psf: str,
    group: str,
    category: Category | None,
    raised: str,
    urgent: bool,
    text: str | None,
    file_kind: FileKind | None,
) -> str:
    """The concern itself, for the nurse."""
    lines = [f"🩺 <b>Concern from {esc(psf)}</b>, facilitator of {esc(group)}"]
    if urgent:
        lines.append(
            "⚠️ <b>Urgent:</b> they said someone needed urgent help, and were given the "
            "emergency numbers."
        )
    if category is not None:
        lines.append(f"<b>About:</b> {CATEGORY_LABELS[category]}")
    lines.append(f"<b>Raised:</b> {raised}")
    lines.append("")
    if text:
        lines.append(esc(clip(text, limit)))
    elif file_kind is None:
        lines.append("<i>No details given.</i>")
    if file_kind is not None:
        lines.append(f"<i>With {_file_words(file_kind)}.</i>")
    return "\n".join(lines)


def status_waiting() -> str:
    return "⏳ Not acknowledged yet."


def status_seen(nurse: str, when: str) -> str:
    return f"✅ Acknowledged by {esc(nurse)}, {when}."


def status_closed(nurse: str, when: str, outcome: str | None) -> str:
    said = f": {esc(outcome)}" if outcome else "."
    return f"✔️ Resolved by {esc(nurse)}, {when}{said}"


def reminder_header(delivered: str) -> str:
    return f"⏰ <b>Reminder:</b> this reached you {delivered} and hasn't been acknowledged yet."


def backup_header(nurse: str, area: str) -> str:
    return (
        f"🆘 <b>{esc(nurse)} hasn't acknowledged this yet.</b> As a nurse for {esc(area)}, "
        "could you pick it up?"
    )


def ask_reply(psf: str) -> str:
    return (
        f"Type your message to {esc(psf)}, or send a voice message or photo. It goes through "
        "Peer Circle, so no phone numbers are shared."
    )


def reply_sent(psf: str) -> str:
    return f"✅ Sent to {esc(psf)}."


def ask_outcome(psf: str) -> str:
    return f"In one line, what was the outcome? {esc(psf)} will see it."


def resolved_done(psf: str) -> str:
    return f"✔️ Resolved. {esc(psf)} has been told."


ALREADY_CLOSED = "This concern has already been resolved."
NEED_OUTCOME_TEXT = "Please type the outcome in words (one line is enough)."

# audience: psf

# --- updates to the PSF ------------------------------------------------------------------------


def about(category: Category | None) -> str:
    return CATEGORY_WORDS[category] if category else "your concern"


def acknowledged(nurse: str, category: Category | None) -> str:
    return (
        f"👍 {esc(nurse)} has seen your message about {about(category)} "
        "and will reply here or be in touch."
    )


def nurse_wrote(nurse: str, category: Category | None, text: str | None) -> str:
    body = esc(text) if text else "<i>(see below)</i>"
    return f"💬 <b>{esc(nurse)}, the nurse, writes</b> about {about(category)}:\n\n{body}"


def reply_to(name: str) -> str:
    return f"↩️ Reply to {name}"


def resolved(nurse: str, category: Category | None, outcome: str | None) -> str:
    said = f"\n<b>Outcome:</b> {esc(outcome)}" if outcome else ""
    return (
        f"✔️ {esc(nurse)} has closed your message about {about(category)}.{said}\n\n"
        "If anything else comes up, tap 🩺 Contact the nurse."
    )


def delivered(nurse: str, category: Category | None) -> str:
    return f"📬 Your message about {about(category)} has reached {esc(nurse)}."


def rerouted(nurse: str, category: Category | None, when: str) -> str:
    return (
        f"The usual nurse will be away, so your message about {about(category)} will go to "
        f"{esc(nurse)} instead. It will reach {esc(nurse)} {when}."
    )


def escalated(nurse: str, backup: str) -> str:
    return (
        f"{esc(nurse)} hasn't picked up your message yet, so it has also gone to "
        f"{esc(backup)}, another nurse for your area."
    )


def ask_answer(nurse: str) -> str:
    return (
        f"Type your answer to {esc(nurse)}, or send a voice message or photo. It goes through "
        "Peer Circle, so nobody's phone number is shared."
    )


def answer_sent(nurse: str) -> str:
    return f"✅ Sent to {esc(nurse)}."


def answer_queued(nurse: str, when: str, urgent_number: str) -> str:
    return (
        f"✅ Saved. {esc(nurse)} is off now. This will reach {esc(nurse)} {when}.\n"
        f"If it can't wait, call {esc(urgent_number)}."
    )


CLOSED_FOR_PSF = (
    "That concern has been closed, so I can't pass on more messages about it. "
    "If something new comes up, tap 🩺 Contact the nurse."
)

# audience: staff

# --- updates to the nurse ----------------------------------------------------------------------


def psf_wrote(psf: str, group: str, category: Category | None, text: str | None) -> str:
    body = esc(text) if text else "<i>(see below)</i>"
    return f"💬 <b>{esc(psf)}</b> ({esc(group)}) answers about {about(category)}:\n\n{body}"


# --- /concerns ---------------------------------------------------------------------------------

NURSE_LIST_TITLE = "<b>Concerns</b>, oldest first"
NURSE_LIST_EMPTY = (
    "<b>Concerns</b>\n\nNothing open at the moment. New concerns arrive here during office hours."
)
OPEN_HEADING = "<b>Open</b>"
CLOSED_HEADING = "<b>Recently resolved</b>"
OPEN_BUTTON_HINT = "Tap one to open it."
# audience: psf
PSF_LIST_TITLE = "<b>Your messages to the nurse</b>"
PSF_LIST_EMPTY = (
    "You have no open messages to the nurse. To raise something, tap 🩺 Contact the nurse."
)
# audience: everyone
NOT_A_NURSE_OR_PSF = (
    "Sorry, this is only for the people who run groups, and for nurses. If something worries "
    "you, please talk to the person who runs your group."
)

# audience: staff
STATE_WORDS = {
    "queued": "⏳ waiting to be sent",
    "delivered": "📬 not acknowledged yet",
    "acknowledged": "✅ acknowledged",
    "resolved": "✔️ resolved",
}


def list_line(
    number: int,
    raised: str,
    psf: str,
    group: str,
    *,
    category: Category | None,
    state: str,
    nurse: str | None,
    urgent: bool,
) -> str:
    flag = "⚠️ " if urgent else ""
    with_whom = f", with {esc(nurse)}" if nurse and state != "resolved" else ""
    who = f"{esc(psf)} ({esc(group)})" if psf else esc(group)
    return (
        f"{number}. {flag}{raised}: {who}, {about(category)}: "
        f"{STATE_WORDS.get(state, state)}{with_whom}"
    )


def list_button(number: int, psf: str) -> str:
    prefix = f"{number}. "
    return prefix + fit(psf, LABEL_MAX_LENGTH - len(prefix))


def thread_line(when: str, words: str) -> str:
    return f"• {when}: {words}"


def step_words(kind: str, who: str, text: str | None) -> str:
    """One step of a concern, for the nurse's thread view."""
    said = f": «{esc(clip(text, 300))}»" if text else ""
    words = {
        "urgent": f"{esc(who)} said someone needed urgent help (given the emergency numbers)",
        "raised": f"raised by {esc(who)}" if who else "sent automatically (urgent, unfinished)",
        "routed": f"queued for {esc(who)}",
        "delivered": f"reached {esc(who)}",
        "reminded": f"reminder to {esc(who)}",
        "escalated": f"sent to {esc(who)} as well",
        "acknowledged": f"acknowledged by {esc(who)}",
        "replied": f"{esc(who)} wrote{said}",
        "answered": f"{esc(who)} answered{said}",
        "resolved": f"resolved by {esc(who)}{said}",
        "no_nurse": "no nurse could receive it; coordinators told",
        "withdrawn": f"withdrawn by {esc(who)}",
    }
    return words.get(kind, kind)


THREAD_HEADING = "<b>So far</b>"
EARLIER_STEPS = "• …"

# audience: staff

# --- away --------------------------------------------------------------------------------------

AWAY = "🏖 I'll be away"
BACK = "👋 I'm back"
ASK_AWAY_FROM = (
    "What is the <b>first</b> day you'll be away? Type a date like <i>21 December</i> "
    "or <i>21/12/2026</i>."
)
ASK_AWAY_UNTIL = "And the <b>last</b> day you'll be away?"
BAD_DATE = (
    "Sorry, I couldn't read that date. Please type it like <i>21 December</i> or <i>21/12/2026</i>."
)
PAST_DATE = "That day has already passed. Please type a date from today on."
UNTIL_BEFORE_FROM = "The last day can't be before the first day ({first}). Please type it again."
TOO_FAR = "Please choose a last day within a year."


def away_status(first: date, last: date) -> str:
    return (
        f"🏖 You're marked away from {day_date(first)} to {day_date(last)}. "
        "New concerns go to the other nurse for your area."
    )


def away_set(first: date, last: date, moved: int) -> str:
    moved_words = (
        f"\n{moved} concern{'s' if moved != 1 else ''} waiting for you "
        f"{'have' if moved != 1 else 'has'} gone to the other nurse."
        if moved
        else ""
    )
    return (
        f"🏖 Done. You're away from {day_date(first)} to {day_date(last)}. "
        f"New concerns will go to the other nurse for your area.{moved_words}"
    )


BACK_DONE = "👋 Welcome back. New concerns will come to you again."


# --- after an emergency answer: would a peer like someone to get in touch? ---------------------

CONTACT_QUESTION = "Would you like your facilitator or the nurse to get in touch with you?"
CONTACT_YES = "✅ Yes, please"
CONTACT_NO = "No, thank you"
CONTACT_DECLINED = (
    "That's fine. I won't ask again today.\n"
    "If you change your mind, tell your facilitator, or call the numbers above."
)
CONTACT_ALREADY = "Thank you, I have your answer already."


def contact_raised(next_steps: str, facilitators: tuple[str, ...], emergency_number: str) -> str:
    told = (
        f"I've told {' and '.join(esc(name) for name in facilitators)} too."
        if facilitators
        else "I've told your group's facilitators too."
    )
    return (
        f"Thank you. I've asked the nurse to get in touch, marked urgent.\n{next_steps}\n{told}\n\n"
        f"If you feel worse, or are in danger, call {esc(emergency_number)} now."
    )


def peer_asked_for_contact(peer: str) -> str:
    return (
        f"⚠️ {esc(peer)} wrote something that sounded like an emergency, and asked for you or "
        "the nurse to get in touch. The nurse has it too, marked urgent.\n"
        "If you think they are in danger now, call 999."
    )


LOW_QUESTION = "Would you like me to tell your facilitator, so they can get in touch?"


def low_told(facilitators: tuple[str, ...]) -> str:
    who = " and ".join(esc(name) for name in facilitators) or "your facilitators"
    return f"Thank you. I've told {who}, and they'll be in touch. Take care. 💙"


def peer_feels_low(peer: str) -> str:
    return (
        f"💙 {esc(peer)} told me they are feeling low, and would like you to get in touch "
        "when you can."
    )
