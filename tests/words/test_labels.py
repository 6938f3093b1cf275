"""Button labels fit a phone: 24 characters or fewer, never cut in the middle of a word."""

from __future__ import annotations

import ast
from collections.abc import Iterator

import pytest
from pydantic import ValidationError

from bot.checkins import texts as checkin_texts
from bot.concerns import texts as concern_texts
from bot.content import ContentStore
from bot.content import texts as content_texts
from bot.content.models import Topic
from bot.meetings import texts as meeting_texts
from bot.membership import account_texts
from bot.sessions import texts as session_texts
from bot.texts import LABEL_MAX_LENGTH, button_label, fit, label_length
from tests.harness import CONTENT_DIR
from tests.words.corpus import ROOT, texts_modules

# Constants that are never on a button: what /help says, command descriptions, goodbyes.
NOT_LABELS = frozenset(
    {"EXPLAINS", "COMMAND_DESCRIPTION", "GOODBYE", "MENU_EXPLAINS", "BOT_DESCRIPTION", "FILE_NAME"}
)


def _looks_like_label(name: str, text: str) -> bool:
    if any(name.endswith(word) for word in NOT_LABELS) or "<" in text or "{" in text:
        return False
    return len(text.split()) <= 7 and not text.rstrip().endswith((".", "?", "!", ":", "…"))


def code_labels() -> Iterator[tuple[str, str]]:
    """Short, unpunctuated constants of the texts modules (and their dicts and tuples)."""
    for path in texts_modules():
        for node in ast.parse(path.read_text()).body:
            if not (isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name)):
                continue
            name = node.targets[0].id
            value = node.value
            values = value.values if isinstance(value, ast.Dict) else [value]
            values = value.elts if isinstance(value, ast.Tuple) else values
            for item in values:
                is_text = isinstance(item, ast.Constant) and isinstance(item.value, str)
                if is_text and _looks_like_label(name, str(item.value)):  # type: ignore[union-attr]
                    yield f"{path.relative_to(ROOT)}:{name}", item.value


def built_labels() -> Iterator[tuple[str, str]]:
    """Labels that functions build, with long names and numbers."""
    long_name = "Margaret Smith-Johnston"
    for present in (True, False):
        yield "mark_label", checkin_texts.mark_label(long_name, present, True)
        yield "mark_label", checkin_texts.mark_label("Ann", present, False)
        yield (
            "chip_label",
            checkin_texts.chip_label(checkin_texts.OBSTACLE_LABELS["venue"], present),
        )
        yield "missed_you_label", checkin_texts.missed_you_label(present)
        for days in meeting_texts.REMINDER_DAY_CHOICES:
            yield "reminder_day_label", meeting_texts.reminder_day_label(days, present)
    yield "without_telegram_label", checkin_texts.without_telegram_label(12)
    yield "newcomers_label", checkin_texts.newcomers_label(12)
    for label in meeting_texts.ANSWER_LABELS.values():
        yield "chosen", meeting_texts.chosen(label)
    for label in checkin_texts.MOOD_LABELS.values():
        yield "chosen", checkin_texts.chosen(label)
    yield "list_button", concern_texts.list_button(12, long_name)
    yield "yes_leave", account_texts.yes_leave("Lavenham Circle")


def content_labels() -> Iterator[tuple[str, str]]:
    """Every content title as its button shows it, local resources with their 📍."""
    content = ContentStore(CONTENT_DIR).current
    for category in content.categories:
        yield f"category {category.key}", content_texts.category_button(category)
    for resource in content.resources:
        local = resource.area != "national"
        yield f"resource {resource.key}", content_texts.resource_button(resource, local)
    for session in content.curriculum:
        yield f"session {session.key}", content_texts.session_button(session)
        yield (
            f"session {session.key}",
            session_texts.session_label(session.number, session.theme, session.short_title),
        )
    for topic in content.topics:
        yield (
            f"topic {topic.key}",
            session_texts.list_label(topic.title, topic.short_title, had=True),
        )
    for ice in content.icebreakers:
        yield f"icebreaker {ice.key}", button_label(ice.title, ice.short_title)
    for tip in content.tips:
        yield f"tip {tip.key}", button_label(tip.problem, tip.short_title)


def test_every_label_in_code_fits() -> None:
    """Every button label written in a texts module is 24 characters or fewer."""
    labels = list(code_labels()) + list(built_labels())
    assert len(labels) > 100
    long = [f"{where}: {text!r} ({label_length(text)})" for where, text in labels
            if label_length(text) > LABEL_MAX_LENGTH]  # fmt: skip
    assert not long, "\n".join(long)


def test_every_content_label_fits_whole() -> None:
    """Content titles on buttons fit whole: a long title carries a short_title."""
    labels = list(content_labels())
    long = [f"{where}: {text!r}" for where, text in labels
            if label_length(text) > LABEL_MAX_LENGTH or text.endswith("…")]  # fmt: skip
    assert not long, f"{len(long)} content labels need a short_title:\n" + "\n".join(long)


@pytest.mark.parametrize(
    ("text", "room", "shown"),
    [
        ("Free prescriptions for diabetes (medical exemption)", 24, "Free prescriptions for…"),
        ("Someone dominates the conversation", 20, "Someone dominates…"),
        ("Short", 24, "Short"),
        ("Bartholomew-Fitzwilliams", 10, "Bartholom…"),
    ],
)
def test_fit_cuts_after_a_whole_word(text: str, room: int, shown: str) -> None:
    """A title too long for its room is cut after a whole word; only one long word is split."""
    assert fit(text, room) == shown
    assert label_length(fit(text, room)) <= room


def test_a_short_title_longer_than_a_button_is_refused() -> None:
    """A coordinator's short_title over 24 characters is a content error with the reason."""
    with pytest.raises(ValidationError, match="24 at most"):
        Topic(
            key="k",
            title="A title",
            short_title="A short title that is not short",
            summary="s",
            prompts=("p",),
            health=False,
        )
