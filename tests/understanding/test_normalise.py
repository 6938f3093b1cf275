"""The shared normaliser: apostrophes, texting, repeated letters, misspellings, word forms."""

from __future__ import annotations

import pytest

from bot.understanding.normalise import lemma, normalise


@pytest.mark.parametrize(
    ("typed", "plain"),
    [
        ("I CANT come", "i can not come"),
        ("I can’t breathe", "i can not breathe"),
        ("wont wake up", "will not wake up"),
        ("dont know", "do not know"),
        ("im so tired", "i am so tired"),
        ("she’s had a stroke", "she has had a stroke"),
        ("my husband’s face", "my husband face"),
        ("sooo shaky", "so shaky"),
        ("pleeease helllp", "please help"),
        ("he is unconcious", "he is unconscious"),
        ("a heart attak", "a heart attack"),
        ("chestpain", "chest pain"),
        ("I cant breath", "i can not breathe"),
        ("struggling to breath", "struggling to breathe"),
        ("diabetc", "diabetic"),
        ("diabeties", "diabetes"),
        ("hypoo", "hypo"),
        ("a siezure", "a seizure"),
        ("collasped", "collapsed"),
        ("i od'd", "i overdosed"),
    ],
)
def test_spelling_and_contractions(typed: str, plain: str) -> None:
    assert normalise(typed).text == plain


@pytest.mark.parametrize(
    ("word", "base"),
    [
        ("overdosed", "overdose"),
        ("harming", "harm"),
        ("killing", "kill"),
        ("seizures", "seizure"),
        ("collapsing", "collapse"),
        ("collapsed", "collapse"),
        ("drooping", "droop"),
        ("slurred", "slur"),
        ("took", "take"),
        ("better", "better"),  # not "good": "better off without me"
        ("me", "me"),
    ],
)
def test_word_forms(word: str, base: str) -> None:
    assert lemma(word) == base


def test_self_harming_and_killing_myself() -> None:
    assert normalise("self-harming").lemma_text == "self harm"
    assert normalise("killing myself").lemma_text == "kill myself"


def test_names_and_ordinary_words_are_left_alone() -> None:
    assert normalise("Margaret and Brian walked to Lavenham").text == (
        "margaret and brian walked to lavenham"
    )


def test_a_breath_is_still_a_breath() -> None:
    assert normalise("a breath of fresh air").text == "a breath of fresh air"
