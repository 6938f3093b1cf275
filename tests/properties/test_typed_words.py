"""What people type, normalised before the bot acts on it: the emergency check (safety first),
search words, and the names and notes people type. Any text gives an answer — never an error;
the emergency check finds a phrase however it is typed around; normalising twice changes
nothing."""

from __future__ import annotations

import string

from hypothesis import given
from hypothesis import strategies as st

from bot.checkins.rules import CheckinError, clean_text
from bot.config import DEFAULT_EMERGENCY_PHRASES
from bot.content.search import normalise
from bot.membership.roster import MAX_NAME, RosterError, clean_name
from bot.safety import mentions_emergency
from bot.sessions.ideas import SuggestionError, clean_suggestion
from tests.properties import ROUND_TRIPS

anything = st.text(max_size=300)
phrases = st.lists(st.text(max_size=30), max_size=6) | st.just(list(DEFAULT_EMERGENCY_PHRASES))
gaps = st.sampled_from([" ", "  ", "\t", "\n", "\u00a0", " \u2009 "])
# Words around the phrase, kept apart from it by a gap or punctuation.
around = st.text(string.ascii_letters + string.digits + " ,.!?'", max_size=40)
apart = st.sampled_from([" ", ", ", ". ", "! ", "\n", " - ", " ("])


@given(text=anything, configured=phrases)
def test_any_text_and_any_phrases_give_an_answer(text: str, configured: list[str]) -> None:
    assert mentions_emergency(text, configured) in (True, False)


@given(
    phrase=st.sampled_from(DEFAULT_EMERGENCY_PHRASES),
    before=around,
    after=around,
    left=apart,
    right=apart,
    gap=gaps,
    shout=st.booleans(),
    curly=st.booleans(),
)
def test_an_emergency_phrase_is_found_however_it_is_typed_around(
    *,
    phrase: str,
    before: str,
    after: str,
    left: str,
    right: str,
    gap: str,
    shout: bool,
    curly: bool,
) -> None:
    typed = gap.join(phrase.split())
    typed = typed.upper() if shout else typed
    typed = typed.replace("'", "\u2019") if curly else typed
    message = f"{before}{left}{typed}{right}{after}"
    assert mentions_emergency(message, DEFAULT_EMERGENCY_PHRASES)


@given(text=st.text(string.printable, max_size=200))
def test_case_and_spacing_do_not_change_the_answer(text: str) -> None:
    answer = mentions_emergency(text, DEFAULT_EMERGENCY_PHRASES)
    assert mentions_emergency(text.upper(), DEFAULT_EMERGENCY_PHRASES) == answer
    assert mentions_emergency("  ".join(text.split()), DEFAULT_EMERGENCY_PHRASES) == answer


@given(text=anything)
def test_search_words_are_plain_and_normalising_twice_changes_nothing(text: str) -> None:
    words = normalise(text)
    assert all(word.isascii() and word.isalnum() and word == word.lower() for word in words)
    assert normalise(" ".join(words)) == words


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
    assert clean_name(f"  {name}\t") == name or name.startswith("/")
