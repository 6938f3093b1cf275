"""The emergency answers: numbers first, the right numbers per kind, plain words."""

from __future__ import annotations

import re

import pytest

from bot.understanding.safety import EmergencyKind
from bot.understanding.texts import all_sentences, emergency_answer

MAX_WORDS = 20
MIN_FLESCH = 70


def _syllables(word: str) -> int:
    word = re.sub(r"[^a-z]", "", word.lower())
    if not word:
        return 0
    groups = re.findall(r"[aeiouy]+", word)
    count = len(groups) - (1 if word.endswith("e") and len(groups) > 1 else 0)
    return max(1, count)


def flesch(sentences: list[str]) -> float:
    words = [w for s in sentences for w in s.split()]
    syllables = sum(_syllables(w) for w in words)
    return 206.835 - 1.015 * len(words) / len(sentences) - 84.6 * syllables / len(words)


@pytest.mark.parametrize("kind", list(EmergencyKind))
def test_numbers_first_and_plain(kind: EmergencyKind) -> None:
    text = emergency_answer(kind, "999", "NHS 111")
    assert "999" in text.split("\n")[0]
    assert "NHS 111" in text
    sentences = all_sentences(text)
    assert all(len(s.split()) <= MAX_WORDS for s in sentences), sentences
    assert flesch(sentences) >= MIN_FLESCH, (kind, flesch(sentences))


@pytest.mark.parametrize("kind", [EmergencyKind.SUICIDAL, EmergencyKind.SELF_HARM])
def test_samaritans_for_feelings(kind: EmergencyKind) -> None:
    text = emergency_answer(kind, "999", "NHS 111", "116 123")
    assert "116 123" in text
    assert "free" in text


def test_what_to_do_while_waiting() -> None:
    assert "sugary drink" in emergency_answer(EmergencyKind.HYPO)
    assert "even if the signs go away" in emergency_answer(EmergencyKind.STROKE)
    assert "300 mg aspirin" in emergency_answer(EmergencyKind.HEART)


def test_numbers_are_escaped() -> None:
    text = emergency_answer(EmergencyKind.COLLAPSE, "<999>", "111 & more")
    assert "&lt;999&gt;" in text
    assert "111 &amp; more" in text


def test_advice_for_someone_else_speaks_of_them() -> None:
    text = emergency_answer(EmergencyKind.HEART, about_self=False)
    assert "Help them sit down" in text
    sentences = all_sentences(text)
    assert all(len(s.split()) <= MAX_WORDS for s in sentences)
    assert flesch(sentences) >= MIN_FLESCH
