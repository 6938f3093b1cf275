"""Texts for the pre-meeting suggestion to PSFs, choosing a topic, and peers' topic ideas.

Content titles and prompts come from content/ (edited by hand) and ideas are typed by members:
everything from either is escaped here.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.texts import button_label, clip, esc
from bot.texts.dates import meeting_when, relative_day

CURRICULUM_SESSIONS = 6

# --- the suggestion card (PSFs) ------------------------------------------------------------

USE_THIS = "✅ Use this topic"
ANOTHER_TOPIC = "🔄 Another topic"
ANOTHER_ICEBREAKER = "👋 Another icebreaker"
SESSION_GUIDE = "📖 The full session guide"
TOPIC_GUIDE = "📖 All the questions"
BACK = "⬅️ Back"
MORE = "More ➡️"
FROM_CURRICULUM = "📅 One of six sessions"
FROM_LIBRARY = "🗂 A library topic"
IDEAS_SHOWN = 8  # members' ideas listed on the card; the rest are counted
IDEA_CHARS = 120  # each idea shown up to this length
SUMMARY_CHARS = 400  # the card stays well under Telegram's 4,096 characters; the full guide
QUESTION_CHARS = 300  # is a tap away

CHOOSE_KIND = (
    "🔄 <b>Another topic</b>\n\n"
    "Would you like one of the six themed sessions, or a topic from the library?"
)
SESSIONS_LIST = "📅 <b>The six sessions</b>\n\nTap one to see it. Nothing changes until you tap ✅."
TOPICS_LIST = (
    "🗂 <b>Topics from the library</b>\n\n"
    "Tap one to see it. Nothing changes until you tap ✅. "
    "Topics marked ☑️ are ones your group has had or has coming up."
)


def ordinal(number: int) -> str:
    words = ("first", "second", "third", "fourth", "fifth", "sixth")
    return words[number - 1] if 1 <= number <= len(words) else f"{number}th"


def session_line(number: int) -> str:
    """Which meeting of the group this is."""
    if number <= CURRICULUM_SESSIONS:
        return (
            f"This is the group's session {number} — the {ordinal(number)} of the six "
            "themed sessions."
        )
    return (
        f"This is the group's session {number}. The six themed sessions are done, so here is "
        "a topic from the library."
    )


def card_title(
    group: str, starts_at: datetime, ends_at: datetime, tz: ZoneInfo, now: datetime
) -> str:
    today = now.astimezone(tz).date()
    when = relative_day(starts_at.astimezone(tz).date(), today)
    return (
        f"💡 <b>Ideas for {esc(group)}'s meeting {when}</b>\n"
        f"🗓 {meeting_when(starts_at, ends_at, tz, today=today)}"
    )


def chosen_so_far(title: str, by: str | None) -> str:
    """At the top of the card when it shows another topic than the one chosen."""
    who = f" (by {esc(by)})" if by else ""
    return f"✅ Chosen so far: <b>{esc(title)}</b>{who}. Tap ✅ below to change it to this one."


def topic_heading(
    title: str, *, session: bool, suggested: bool, chosen: bool, by: str | None = None
) -> str:
    icon = "📅" if session else "🗂"
    if chosen:
        what = "Chosen theme" if session else "Chosen topic"
        who = f"Chosen by {esc(by)}. " if by else ""
        return (
            f"✅ <b>{what}: {esc(title)}</b>\n<i>{who}Members will see it in their reminders.</i>"
        )
    if suggested:
        what = "Suggested theme" if session else "Suggested topic"
    else:
        what = "Theme" if session else "Topic"
    return f"{icon} <b>{what}: {esc(title)}</b>"


def first_question(prompt: str) -> str:
    return f"<b>A question to start with:</b> {esc(clip(prompt, QUESTION_CHARS))}"


def asked_for(ideas: Sequence[str]) -> str:
    quoted = ", ".join(f"“{esc(clip(idea, IDEA_CHARS))}”" for idea in ideas[:3])
    return f"💬 Members asked about this: {quoted}"


def icebreaker(title: str, minutes: int, how: str, materials: str | None) -> str:
    lines = [f"👋 <b>Icebreaker: {esc(title)}</b> (about {minutes} minutes)", esc(how)]
    if materials:
        lines.append(f"<i>You'll need: {esc(materials)}</i>")
    return "\n".join(lines)


def new_ideas(ideas: Sequence[str]) -> str:
    if not ideas:
        return "💬 No new topic ideas from members since last time."
    lines = ["💬 <b>Topic ideas from your group</b>"]
    lines += [f"• {esc(clip(idea, IDEA_CHARS))}" for idea in ideas[:IDEAS_SHOWN]]
    if len(ideas) > IDEAS_SHOWN:
        lines.append(f"<i>…and {len(ideas) - IDEAS_SHOWN} more.</i>")
    return "\n".join(lines)


def card_footer(*, shown_is_chosen: bool) -> str:
    if shown_is_chosen:
        return "To change it, tap 🔄 Another topic."
    return (
        "Tap <b>✅ Use this topic</b> and members will see it in their reminders. "
        "Or pick a new topic or icebreaker below."
    )


def card(
    *,
    title: str,
    chosen: str | None,
    session: str,
    heading: str,
    summary: str,
    question: str | None,
    asked: str | None,
    icebreaker_text: str,
    ideas: str,
    footer: str,
) -> str:
    parts = [title]
    if chosen:
        parts.append(chosen)
    topic = [session, "", heading, esc(clip(" ".join(summary.split()), SUMMARY_CHARS))]
    if question:
        topic.append(question)
    if asked:
        topic.append(asked)
    parts += ["\n".join(topic), icebreaker_text, ideas, footer]
    return "\n\n".join(parts)


def list_label(title: str, short_title: str | None = None, *, had: bool) -> str:
    """A topic in the list; ☑️ marks one the group has had (said in words in TOPICS_LIST)."""
    return button_label(title, short_title, prefix="☑️ " if had else "")


def session_label(number: int, theme: str, short_title: str | None = None) -> str:
    return button_label(theme, short_title, prefix=f"{number}. ")


def page_line(page: int, pages: int) -> str:
    return f"<i>Page {page + 1} of {pages}.</i>"


def chose_toast(title: str) -> str:
    return clip(f"Chosen: {title}. Members will see it in their reminders.", 190)


ALREADY_CHOSEN = "That topic has been chosen already."
NEW_ICEBREAKER = "Here's one more icebreaker."

PROBLEM = {
    "cancelled": "This meeting has been cancelled, so there's nothing to choose.",
    "started": "This meeting has already started or is over, so its topic can't be changed now.",
}


def psf_told(chooser: str, title: str, starts_at: datetime, tz: ZoneInfo, now: datetime) -> str:
    """To the group's other PSFs when one of them chooses the topic."""
    when = relative_day(starts_at.astimezone(tz).date(), now.astimezone(tz).date())
    return (
        f"✅ {esc(chooser)} chose the topic for the meeting {when}: <b>{esc(title)}</b>.\n"
        "Members will see it in their reminders."
    )


# --- suggesting a topic (peers and PSFs) ---------------------------------------------------

COMMAND_DESCRIPTION = "Suggest a topic for a meeting"
MENU_LABEL = "💬 Suggest a topic"
MENU_EXPLAINS = "tell your group what you'd like to talk about at a meeting"
NEVER_MIND = "✖️ Never mind"
YES_KEEP = "✅ Yes, keep the idea"
NO_THANKS = "✖️ No"
WHICH_GROUP = "💬 Which group is your topic idea for?"


def ask(group: str | None) -> str:
    where = f" of {esc(group)}" if group else ""
    return (
        "💬 <b>Suggest a topic</b>\n\n"
        f"What would you like the group{where} to talk about at a meeting? Just type it in a "
        "few words — for example <i>eating out</i> or <i>sleeping badly</i>.\n\n"
        "Your group's facilitators will see it a few days before the next meeting."
    )


def thanks(idea: str) -> str:
    return (
        f"🙏 Thank you! I've kept your idea: <i>“{esc(clip(idea, IDEA_CHARS))}”</i>\n\n"
        "Your group's facilitators will see it a few days before the next meeting. "
        f"To suggest something else, tap {MENU_LABEL} again."
    )


NEEDS_WORDS = (
    "I can only keep ideas typed in words, not stickers, photos or voice notes. "
    "Please type your idea, for example <i>eating out</i>, or tap ✖️ Never mind."
)
EMPTY = "Please type a few words about what you'd like to talk about, or tap ✖️ Never mind."


def too_long(limit: int) -> str:
    return (
        "That's a bit long for a topic idea. Please say it in fewer words "
        f"(under {limit} characters) and send it again — or tap ✖️ Never mind."
    )


def check_before_keeping(idea: str) -> str:
    """After the emergency answer: the words may still be a real topic idea ("stroke")."""
    return (
        "Would you like me to keep this as a topic idea for the group to talk about?\n\n"
        f"<i>“{esc(clip(idea, IDEA_CHARS))}”</i>"
    )


NOTHING_KEPT = "All right — nothing was kept."
GONE = f"That question has already been answered. To suggest a topic, tap {MENU_LABEL}."
