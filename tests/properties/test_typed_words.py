"""What people type, understood in one place (bot/understanding): the normaliser, the safety
check and the intent; and the other words people type (search, names, notes). Any text gets an
answer — never an error. Normalising twice changes nothing, and the answer does not depend on
how the words are cased, spaced or apostrophed."""

from __future__ import annotations

import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.checkins.rules import CheckinError, clean_text
from bot.content.search import normalise as search_words
from bot.membership.roster import MAX_NAME, RosterError, clean_name
from bot.sessions.ideas import SuggestionError, clean_suggestion
from bot.understanding.intents import Intent, understand
from bot.understanding.normalise import normalise
from bot.understanding.safety import Emergency, assess
from tests.properties import ROUND_TRIPS
from tests.understanding.corpus import NONE, safety_cases

anything = st.text(max_size=300)
roles = st.sampled_from(["peer", "psf", "nurse", "coordinator", ""]) | st.text(max_size=8)
extra_phrases = st.lists(st.text(max_size=30), max_size=5)
gaps = st.sampled_from([" ", "  ", "\t", " \u00a0 "])

# Emergencies the check recognises today, from the realistic corpus; how they are typed
# around must not change that (which it recognises at all is tests/understanding's business).
RECOGNISED = [
    case
    for case in safety_cases()
    if case.kind != NONE
    and (found := assess(case.text)) is not None
    and found.kind.value == case.kind
    and case.text.isascii()
]


@given(text=anything)
def test_normalising_gives_plain_words_and_twice_changes_nothing(text: str) -> None:
    said = normalise(text)
    assert len(said.words) == len(said.lemmas)
    assert all(word and not any(ch.isspace() for ch in word) for word in said.words)
    assert normalise(said.text).words == said.words


@given(text=anything, phrases=extra_phrases)
def test_any_text_is_an_emergency_or_not(text: str, phrases: list[str]) -> None:
    found = assess(text, phrases)
    assert found is None or isinstance(found, Emergency)


@given(text=anything, role=roles, subjects=st.lists(st.text(max_size=12), max_size=4))
def test_any_text_has_an_intent(text: str, role: str, subjects: list[str]) -> None:
    understood = understand(text, role, subjects)
    assert isinstance(understood.intent, Intent)
    assert 0.0 <= understood.confidence <= 1.0
    assert all(isinstance(alternative, Intent) for alternative in understood.alternatives)


@ROUND_TRIPS
@given(
    case=st.sampled_from(RECOGNISED),
    gap=gaps,
    shout=st.booleans(),
    curly=st.booleans(),
)
def test_an_emergency_is_found_however_it_is_cased_spaced_or_apostrophed(
    *, case: object, gap: str, shout: bool, curly: bool
) -> None:
    text = str(case.text)  # type: ignore[attr-defined]
    typed = gap.join(text.split())
    typed = typed.upper() if shout else typed
    typed = typed.replace("'", "\u2019") if curly else typed
    found = assess(typed)
    assert found is not None and found.kind.value == case.kind, typed  # type: ignore[attr-defined]


@given(text=st.text(string.printable, max_size=200), role=st.sampled_from(["peer", "psf"]))
def test_case_and_spacing_change_no_answer(text: str, role: str) -> None:
    typed = "  ".join(text.upper().split())
    assert normalise(typed).words == normalise(text).words
    assert assess(typed) == assess(text)
    assert understand(typed, role) == understand(text, role)


@given(text=anything)
def test_search_words_are_plain_and_normalising_twice_changes_nothing(text: str) -> None:
    words = search_words(text)
    assert all(word.isascii() and word.isalnum() and word == word.lower() for word in words)
    assert search_words(" ".join(words)) == words


@given(text=anything)
def test_typed_names_and_notes_are_tidy_or_refused(text: str) -> None:
    for clean, refusal in (
        (clean_name, RosterError),
        (clean_suggestion, SuggestionError),
        (clean_text, CheckinError),
    ):
        try:
            cleaned = clean(text)
        except refusal:
            continue
        assert cleaned and cleaned == cleaned.strip()
        assert clean(cleaned) == cleaned  # tidying twice changes nothing


@ROUND_TRIPS
@given(
    name=st.text(
        st.characters(blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp")), min_size=1, max_size=20
    )
)
def test_a_name_with_spaces_around_reads_as_itself(name: str) -> None:
    assert len(name) <= MAX_NAME
    if name.startswith("/"):  # a command, never a name
        with pytest.raises(RosterError):
            clean_name(f"  {name}\t")
    else:
        assert clean_name(f"  {name}\t") == name
