"""Texts for browsing and searching the content library: local help and session ideas.

Everything that comes from content/ (titles, prompts, resource details) is escaped here: the
files are edited by hand, and a stray "<" must never break a message.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from bot.content import (
    Category,
    CurriculumSession,
    GroundRules,
    Guide,
    Icebreaker,
    Resource,
    Tip,
    Topic,
)
from bot.texts import button_label, clip, esc
from bot.texts.dates import MONTH_NAMES

# Menu buttons and what /help says about them.
PEER_MENU_LABEL = "📚 Find local help"
PEER_EXPLAINS = "local groups and services near you, and what peer support is — and isn't"
RESOURCES_LABEL = "📚 Resources"
RESOURCES_EXPLAINS = (
    "local help to point people to, such as walking groups, foot care or money advice"
)
IDEAS_LABEL = "💡 Session ideas"
IDEAS_EXPLAINS = "themes for the six sessions, topics, icebreakers, ground rules and tips"
COMMAND_DESCRIPTION = "Find local help. Try: /resources walking group"
TOPICS_COMMAND_DESCRIPTION = "Find session ideas. Try: /topics feet"

# Buttons inside the library.
BACK = "⬅️ Back"
MORE = "More ➡️"
PEER_SUPPORT_LABEL = "ℹ️ What peer support is — and isn't"
IDEAS_LINK = "💡 Session ideas"
SESSIONS_LABEL = "📅 The six sessions"
TOPICS_LABEL = "🗂 Topics"
ICEBREAKERS_LABEL = "👋 Icebreakers"
GROUND_RULES_LABEL = "📜 Ground rules"
TIPS_LABEL = "🧭 Tips for tricky times"
ENDING_LABEL = "🌅 Ending well"
ALL_HELP_LABEL = "📚 All kinds of help"

RESOURCES_HOME = (
    "📚 <b>Local help</b>\n\n"
    "Tap the kind of help you're looking for.\n\n"
    "Or just type a few words and I'll search for you — for example "
    "<i>walking group</i> or <i>help with prescriptions</i>."
)
IDEAS_HOME = (
    "💡 <b>Session ideas</b>\n\n"
    "Ideas for planning and running your meetings. What would you like to look at?"
)
SESSIONS_TITLE = (
    "📅 <b>The six sessions</b>\n"
    "A theme for each of the first six meetings. Tap one to see its aims, questions and a "
    "running order."
)
TOPICS_TITLE = (
    "🗂 <b>Topics</b>\n"
    "For the meetings after the first six, or whenever the group would like a change. "
    "Tap one to see questions to start the conversation."
)
ICEBREAKERS_TITLE = (
    "👋 <b>Icebreakers</b>\nA few minutes at the start of a meeting to help people relax and talk."
)
TIPS_TITLE = "🧭 <b>Tips for tricky moments</b>\nProblems other PSFs met, and what helped."
CATEGORY_HINT = "Tap one to see what it offers and how to get in touch."
NOTHING_IN_CATEGORY = (
    "There's nothing listed here for your area yet. Your GP practice may know what is "
    "available near you."
)

SEARCH_NEEDS_WORDS = (
    "I can only search with words. Please type what you're looking for — for example "
    "<i>walking group</i> — or tap a button."
)
SEARCH_TOO_LONG = (
    "That's a lot of words! Please type just a few — for example <i>foot care</i> or "
    "<i>help with money</i>."
)


def page_of(page: int, pages: int) -> str:
    """The line under a long text split into pages (page counts from 0)."""
    if page + 1 < pages:
        return f"<i>Page {page + 1} of {pages} — tap {MORE} for the rest.</i>"
    return f"<i>Page {page + 1} of {pages}.</i>"


def continued(title: str) -> str:
    return f"<b>{esc(title)}</b> <i>(continued)</i>"


def _bullets(points: Sequence[str]) -> str:
    return "\n".join(f"• {esc(point)}" for point in points)


def _heading(text: str) -> str:
    return f"<b>{esc(text)}</b>"


def category_button(category: Category) -> str:
    return button_label(category.name, category.short_title, prefix=_icon(category.icon))


def _icon(icon: str) -> str:
    return f"{icon} " if icon else ""


def category_page(category: Category, empty: bool) -> str:
    icon = f"{category.icon} " if category.icon else ""
    hint = NOTHING_IN_CATEGORY if empty else CATEGORY_HINT
    return f"{icon}<b>{esc(category.name)}</b>\n{esc(category.description)}\n\n{hint}"


def resource_button(resource: Resource, local: bool) -> str:
    return button_label(resource.name, resource.short_title, prefix="📍 " if local else "")


def _checked(day: date) -> str:
    return f"<i>Details checked {MONTH_NAMES[day.month - 1]} {day.year}.</i>"


def resource_blocks(resource: Resource, category: Category | None, local: bool) -> list[str]:
    """A resource's details: what it offers, how to reach it, when it is open."""
    icon = f"{category.icon} " if category and category.icon else ""
    where = " <i>(near you)</i>" if local else ""
    blocks = [f"{icon}<b>{esc(resource.name)}</b>{where}", esc(resource.offers)]
    details = [f"<b>How to get it:</b> {esc(resource.how_to_reach)}"]
    if resource.phone:
        details.append(f"📞 {esc(resource.phone)}")
    if resource.website:
        details.append(f"🌐 {esc(resource.website)}")
    if resource.address:
        details.append(f"📍 {esc(resource.address)}")
    if resource.opening_times:
        details.append(f"🕒 {esc(resource.opening_times)}")
    blocks.append("\n".join(details))
    if resource.last_checked:
        blocks.append(_checked(resource.last_checked))
    return blocks


def session_button(session: CurriculumSession) -> str:
    return button_label(session.theme, session.short_title, prefix=f"{session.number}. ")


def session_title(session: CurriculumSession) -> str:
    return f"Session {session.number}: {session.theme}"


def session_blocks(session: CurriculumSession) -> list[str]:
    total = sum(step.minutes for step in session.running_order)
    blocks = [
        f"📅 <b>{esc(session_title(session))}</b>\n{esc(session.summary)}",
        f"{_heading('Aims')}\n{_bullets(session.aims)}",
        f"{_heading('Questions to start the conversation')}\n{_bullets(session.prompts)}",
        f"{_heading('Activity')}\n{esc(session.activity)}",
        f"{_heading('To finish')}\n{esc(session.closing_question)}",
        f"{_heading(f'Running order ({total} minutes)')}\n"
        + "\n".join(f"• {step.minutes} min — {esc(step.what)}" for step in session.running_order),
    ]
    if session.facilitator_notes:
        blocks.append(
            f"{_heading('Notes for facilitators')}\n{_bullets(session.facilitator_notes)}"
        )
    return blocks


def personal_advice(text: str) -> str:
    """The line every health topic carries: who to ask for advice about your own health."""
    return f"🩺 <i>{esc(text)}</i>"


def topic_blocks(topic: Topic) -> list[str]:
    return [
        f"🗂 <b>{esc(topic.title)}</b>\n{esc(topic.summary)}",
        f"{_heading('Questions to talk about')}\n{_bullets(topic.prompts)}",
    ]


def icebreaker_blocks(icebreaker: Icebreaker) -> list[str]:
    blocks = [
        f"👋 <b>{esc(icebreaker.title)}</b> · about {icebreaker.minutes} minutes",
        esc(icebreaker.how),
    ]
    extras = []
    if icebreaker.materials:
        extras.append(f"<b>You'll need:</b> {esc(icebreaker.materials)}")
    if icebreaker.good_for:
        extras.append(f"<b>Good for:</b> {esc(icebreaker.good_for)}")
    if extras:
        blocks.append("\n".join(extras))
    return blocks


def tip_blocks(tip: Tip) -> list[str]:
    blocks = [
        f"🧭 <b>{esc(tip.problem)}</b>",
        f"{_heading('How you might notice it')}\n{esc(tip.signs)}",
        f"{_heading('Things to try')}\n{_bullets(tip.try_this)}",
    ]
    if tip.words_to_use:
        quoted = "\n".join(f"• “{esc(words)}”" for words in tip.words_to_use)
        blocks.append(f"{_heading('Words you could use')}\n{quoted}")
    if tip.ask_the_nurse_if:
        blocks.append(f"<b>Talk to your study nurse if:</b> {esc(tip.ask_the_nurse_if)}")
    return blocks


def ground_rules_blocks(rules: GroundRules) -> list[str]:
    blocks = [f"📜 <b>{esc(rules.title)}</b>\n{esc(rules.intro)}"]
    blocks += [
        f"<b>{number}. {esc(rule.heading)}</b>\n{esc(rule.text)}"
        for number, rule in enumerate(rules.rules, start=1)
    ]
    blocks.append(f"<i>{esc(rules.closing)}</i>")
    return blocks


def guide_blocks(guide: Guide, icon: str) -> list[str]:
    blocks = [f"{icon} <b>{esc(guide.title)}</b>\n{esc(guide.intro)}"]
    blocks += [
        f"{_heading(section.heading)}\n{_bullets(section.points)}" for section in guide.sections
    ]
    return blocks


# Search


def search_results(query: str, hits: Sequence[tuple[Resource, Category | None, bool]]) -> str:
    """The answer to a search: each hit with a line about what it offers."""
    lines = [f"🔎 Here's what I found for <i>{esc(clip(query, 60))}</i>:", ""]
    for number, (resource, category, local) in enumerate(hits, start=1):
        icon = f"{category.icon} " if category and category.icon else ""
        where = " <i>(near you)</i>" if local else ""
        lines.append(f"{number}. {icon}<b>{esc(resource.name)}</b>{where}")
        lines.append(esc(clip(" ".join(resource.offers.split()), 140)))
        lines.append("")
    lines.append("Tap a name to see how to get in touch. To search again, just type other words.")
    return "\n".join(lines)


def nothing_found(query: str, facilitator: bool) -> str:
    """No match: say so, suggest other words and the categories, and who else may know."""
    who = (
        "The study nurse or a GP practice may also know what there is near you."
        if facilitator
        else "Your PSF or your GP practice may also know what is available near you."
    )
    return (
        f"🔎 Sorry, I couldn't find anything for <i>{esc(clip(query, 60))}</i>.\n\n"
        "Try other words — for example <i>walking</i>, <i>feet</i> or <i>money</i> — or "
        f"choose a kind of help below.\n\n{who}"
    )


# --- session ideas found by words (PSFs: "feet", "someone keeps dominating the discussion") ----

WHOLE_LIST_LABELS = {
    "ices": ICEBREAKERS_LABEL,
    "rules": GROUND_RULES_LABEL,
    "tips": TIPS_LABEL,
    "end": ENDING_LABEL,
    "sess": SESSIONS_LABEL,
}


def tip_button(problem: str) -> str:
    return button_label(f"🧭 {problem}")


def topic_button(title: str) -> str:
    return button_label(f"🗂 {title}")


def ideas_found(query: str) -> str:
    return (
        f"💡 Session ideas for <i>{esc(clip(query, 60))}</i>: tap one to read it.\n"
        "To look for something else, just type other words."
    )


def no_ideas_found(query: str) -> str:
    return (
        f"💡 Sorry, I couldn't find session ideas for <i>{esc(clip(query, 60))}</i>.\n\n"
        "Try other words — for example <i>feet</i>, <i>sleep</i> or <i>someone talks too "
        "much</i> — or look through all the ideas below."
    )
