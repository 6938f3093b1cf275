"""Texts of co-facilitation: each meeting's tasks, who has them, and covering for each other."""

from __future__ import annotations

from bot.texts import esc

MENU_LABEL = "🧩 Tasks"
EXPLAINS = "share the next meeting's jobs with your co-facilitators, and say if you can't come"

DEFAULT_TASKS = (
    "Confirm the venue",
    "Bring refreshments",
    "Lead the icebreaker",
    "Lead the topic",
    "Fill in the check-in",
)

NO_MEETING = "There is no meeting planned yet, so there are no tasks to share."
NOBODY = "nobody yet"
CANT_MAKE_IT = "🙁 I can't make it"
CAN_MAKE_IT = "🙂 I can come after all"
TAKEN_BY_OTHER = "{name} has this one. Ask them if you'd like to swap."
TOO_LATE = "This meeting has started, so its tasks can't change now."
ARCHIVED = "This group has finished, so its tasks are closed. Thank you for all you did!"
CLAIMED = "It's yours. Thank you!"
RELEASED = "Given back."
AWAY_NOTED = "Thanks for letting us know. We've told the others who run your group."
BACK_NOTED = "Good to have you back."
CLAIM_PREFIX = "✋ "
MINE_PREFIX = "✅ "


def heading(group: str, when: str) -> str:
    return (
        f"🧩 <b>Tasks for {esc(group)}</b>\n{when}\n\n"
        "Tap a task to take it (tap again to give it back)."
    )


def task_line(label: str, owner: str | None) -> str:
    return f"• {esc(label)} — {esc(owner) if owner else NOBODY}"


def owned_label(label: str, owner: str) -> str:
    return f"{label}: {owner}"


def away_line(names: list[str]) -> str:
    return "🙁 Can't make it: " + ", ".join(esc(n) for n in names)


def co_psf_away(name: str, group: str, when: str, tasks: list[str]) -> str:
    given = (
        "\n\nThese tasks of theirs need someone now:\n" + "\n".join(f"• {esc(t)}" for t in tasks)
        if tasks
        else ""
    )
    return (
        f"🙁 {esc(name)} can't make the {esc(group)} meeting on {when}.{given}\n\n"
        "Tap below to see the tasks and pick some up."
    )


def remind(group: str, when: str, tasks: list[str]) -> str:
    listed = "\n".join(f"• {esc(t)}" for t in tasks)
    return f"🧩 Tomorrow's {esc(group)} meeting ({when}). Your tasks:\n{listed}\n\nThank you!"


def unclaimed(group: str, when: str, tasks: list[str]) -> str:
    listed = "\n".join(f"• {esc(t)}" for t in tasks)
    return (
        f"🧩 The {esc(group)} meeting on {when} still needs someone for:\n{listed}\n\n"
        "Could you take one?"
    )


SEE_TASKS = "🧩 See the tasks"
