"""Every string a peer or PSF reads is plain: Flesch reading ease and sentence length."""

from bot.understanding import texts as understanding_texts
from tests.words.corpus import AUDIENCES, all_texts
from tests.words.readability import flesch, report, score_all, sentences

FLOOR = 60  # no peer- or PSF-facing string reads harder than this
LONGEST_SENTENCE = 25  # words
# The emergency answer is being rewritten for issue 11 in bot/understanding: its words are
# reported here but are that work's to change.
OWNED_ELSEWHERE = frozenset({understanding_texts.NOT_A_MEDICAL_SERVICE})


def test_peer_and_psf_texts_read_easily(capsys: object) -> None:
    """No peer or PSF string scores under 60, and no sentence runs over 25 words."""
    texts = all_texts()
    figures, problems = score_all(texts, floor=FLOOR, longest=LONGEST_SENTENCE)
    print("\n" + report(figures))  # noqa: T201 - the figures the issue asks to see
    assert set(figures) == set(AUDIENCES)
    assert figures["peer"].strings > 100 and figures["psf"].strings > 500
    for known in [p for p in problems if p.text in OWNED_ELSEWHERE]:
        print(f"(owned elsewhere) {known.where} {known.what}: {known.text!r}")  # noqa: T201
    problems = [p for p in problems if p.text not in OWNED_ELSEWHERE]
    listed = "\n".join(f"{p.where} [{p.audience}] {p.what}: {p.text[:160]!r}" for p in problems)
    assert not problems, f"{len(problems)} hard strings:\n{listed}"


def test_scoring_works_offline_and_tells_plain_from_hard() -> None:
    """textstat scores with the bundled dictionary: plain words score high, jargon low."""
    assert flesch("Tap a name to tick it. We meet on Tuesday.") > 90
    assert flesch("Comprehensive multidisciplinary pharmacological intervention evaluation.") < 0


def test_sentences_split_on_stops_and_new_lines() -> None:
    """A new line ends a sentence, as a full stop does; tags and symbols are not words."""
    assert sentences("<b>Hello</b> there. How are you?\n• A list line") == [
        "Hello there.",
        "How are you?",
        "A list line",
    ]
