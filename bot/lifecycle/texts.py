"""Texts of the group's life cycle: what happens after the first six months, ending well, the
last message to peers, and asking a peer who has been away whether they would like to stay."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from bot.texts import esc
from bot.texts.dates import day_date

FUTURE_COMMAND = "future"
FUTURE_EXPLAINS = "Decide what happens after the first six months"

HELPLINE_NAME = "Diabetes UK's helpline"
HELPLINE_PHONE = "0345 123 2399"
GOODBYE_TOPIC = "Our goodbye meeting"

# --- the decision around session 5 --------------------------------------------------------------

COME_LABELS = {"yes": "👍 Yes, I'd come", "maybe": "🤔 Maybe", "no": "👋 No, thank you"}
COME_WORDS = {"yes": "would come", "maybe": "maybe", "no": "would not come"}
EXTEND = "➕ Carry on 6 more months"
END = "🏁 End the group"
YES_EXTEND = "✅ Yes, carry on"
YES_END = "✅ Yes, end the group"
NOT_YET = "↩️ Not yet"
SEE_FUTURE = "🌱 Our group's future"
ENDING_GUIDE = "📖 Ending well guide"
MAKE_GOODBYE = "🎉 Make it a goodbye"


def ask_peers(group: str) -> str:
    return (
        f"🌱 <b>{esc(group)}</b> has met five times now.\n\n"
        "The group may carry on for up to six more months, choosing its own topics. "
        "If it did, would you come?\n\n"
        "Just tap one. The facilitators will decide and let you know."
    )


def future(
    group: str,
    *,
    stage: str,
    asked: bool,
    answers: dict[str, list[str]],
    not_answered: int,
    decided: str | None,
    decided_by: str | None,
    last_meeting: str | None,
) -> str:
    lines = [f"🌱 <b>The future of {esc(group)}</b>", ""]
    if asked:
        lines.append("Peers were asked: “If the group carried on, would you come?”")
        for key in ("yes", "maybe", "no"):
            names = answers.get(key, [])
            listed = ", ".join(esc(n) for n in names) if names else "nobody"
            lines.append(f"{COME_LABELS[key]}: {len(names)} — {listed}")
        lines.append(f"Not answered yet: {not_answered}")
    else:
        lines.append(
            "After the fifth meeting, we ask peers whether they would come if the group "
            "carried on. Their answers will show here."
        )
    lines.append("")
    if stage == "extended":
        lines.append(
            f"✅ {esc(decided_by or 'You')} decided to carry on for up to six more months, "
            "with topics the group chooses. When the time comes, you can end the group here."
        )
    elif stage in ("ending", "ended"):
        when = f" Its last meeting is {last_meeting}." if last_meeting else ""
        lines.append(f"🏁 {esc(decided_by or 'You')} decided to end the group.{when}")
    elif decided is None:
        lines.append(
            "Talk it over with your co-facilitators (and the group, if you like), then choose "
            "below. Your study nurse will be told."
        )
    return "\n".join(lines)


def extension_ending(group: str, ends: date) -> str:
    return (
        f"🌱 <b>{esc(group)}</b>'s six more months come to an end around {day_date(ends)}.\n\n"
        "When you're ready, plan the last meeting. Then tap below to end the group after it. "
        "You'll get the ending-well guide, and every peer will get a thank-you with where to "
        "find support. If the group would like to carry on by itself, talk to your study nurse."
    )


CONFIRM_EXTEND = (
    "Carry on for up to six more months, with topics the group chooses?\n\n"
    "You can plan the next meetings as usual. Your study nurse will be told."
)
CONFIRM_END = (
    "End the group after its last planned meeting?\n\n"
    "Before it, you'll get the ending-well guide and ideas for the goodbye. Afterwards, every "
    "peer gets a thank-you with where to find support. Your study nurse will be told."
)
EXTENDED_DONE = "✅ Decided: the group carries on. Thank you!"
ENDING_DONE = "🏁 Decided: the group will end after its last planned meeting. Thank you!"
ALREADY_DECIDED = "This has already been decided. Tap “Our group's future” to see it."
COME_THANKS = "Thank you! The facilitators can see your answer."
COME_CLOSED = "Thank you! It has been decided already, so there is no need to answer."
BAD_ANSWER = "Sorry, that button is out of date. Nothing has changed."


def decided_for_nurse(
    group: str, area: str, decision: str, by: str, answers: dict[str, int]
) -> str:
    what = (
        "will carry on for up to six more months, with an open agenda"
        if decision == "extend"
        else "will end after its last planned meeting"
    )
    counts = ", ".join(f"{answers.get(key, 0)} {COME_WORDS[key]}" for key in ("yes", "maybe", "no"))
    heard = (
        f"Peers asked if they would come: {counts}."
        if sum(answers.values())
        else "No peer had answered whether they would come."
    )
    return f"🌱 <b>{esc(group)}</b> ({esc(area)}) {what}.\nDecided by {esc(by)}. {heard}"


# --- ending well ----------------------------------------------------------------------------


def ending_soon(group: str, when: str, points: Sequence[str]) -> str:
    listed = "\n".join(f"• {esc(p)}" for p in points)
    return (
        f"🌅 <b>{esc(group)}</b>'s last meeting is {when}.\n\n"
        f"A few ideas for ending well:\n{listed}\n\n"
        "The full guide is below. You could make the last meeting a goodbye: a look back, "
        "a celebration, and where people can turn afterwards."
    )


def goodbye_set(when: str, points: Sequence[str]) -> str:
    listed = "\n".join(f"• {esc(p)}" for p in points)
    return (
        f"🎉 The meeting {when} is now “{GOODBYE_TOPIC}”. Peers will see it in their reminders."
        f"\n\nFor the goodbye:\n{listed}"
    )


NO_LAST_MEETING = "There is no meeting planned, so there is no last meeting to change."


def farewell_peer(group: str) -> str:
    return (
        f"💐 <b>Thank you for being part of {esc(group)}.</b>\n\n"
        "The group has now finished. What you shared and learned goes on with you.\n\n"
        "<b>Where to find support now</b>\n"
        "• Your GP, practice nurse and pharmacist, for your own health.\n"
        f"• {HELPLINE_NAME}: <b>{HELPLINE_PHONE}</b> (Monday to Friday, 9am to 6pm).\n"
        "• Local groups and services near you: tap “Support near you” below.\n\n"
        "If you'd like, tell us in one tap: how was the group for you?"
    )


def farewell_psf(group: str) -> str:
    return (
        f"💐 <b>{esc(group)} has finished. Thank you</b> for everything you gave.\n\n"
        "Every peer has had a thank-you with where to find support. You are not responsible "
        "for everyone's wellbeing from here: pointing people to other support is enough. If "
        "you are worried about anyone, tell your study nurse.\n\n"
        "The group's page stays in the bot to look back on, but nothing new can be planned."
    )


SUPPORT_NEAR_YOU = "📚 Support near you"
HOW_LABELS = {"helped": "😊 It helped me", "ok": "😐 It was OK", "not_for_me": "🙁 Not for me"}
HOW_THANKS = "Thank you for telling us. Take care!"

# --- a peer who has been away -------------------------------------------------------------------

STAY_LABELS = {
    "stay": "🙂 Yes, I'd like to stay",
    "pause": "⏸ Pause my messages",
    "leave": "👋 Leave the group",
}


def ask_stay(group: str) -> str:
    return (
        f"👋 Hello from <b>{esc(group)}</b>. We've missed you at the last few meetings, and "
        "we hope you are keeping well.\n\n"
        "There's no pressure at all. Would you like to stay in the group?"
    )


STAY_REPLIES = {
    "stay": "Lovely — you'll keep getting the meeting reminders. Hope to see you soon!",
    "pause": ("Your messages are paused. Whenever you'd like them back, send /resume. Take care!"),
    "leave": (
        "You've left the group. Thank you for being part of it. If you ever want to come back, "
        "ask a facilitator for a new invite. Take care!"
    ),
}


def stay_for_psfs(name: str, group: str, answer: str) -> str:
    if answer == "stay":
        said = "would like to stay in the group 🙂"
    elif answer == "pause":
        said = "has paused their messages for now ⏸"
    else:
        said = "has left the group 👋"
    return f"👋 After missing a few meetings, {esc(name)} {said} ({esc(group)})."


STAY_ALREADY = "Thank you, we have your answer already."

# --- archive ------------------------------------------------------------------------------------

ARCHIVED = "This group has finished, so nothing new can be done in it. Thank you for all you did!"
