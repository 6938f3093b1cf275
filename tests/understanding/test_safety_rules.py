"""The detector's rules on the issue's own examples: kinds, who, and context."""

from __future__ import annotations

import pytest

from bot.understanding.safety import Emergency, EmergencyKind, assess, mentions_emergency

K = EmergencyKind


@pytest.mark.parametrize(
    ("text", "kind", "about_self"),
    [
        ("I'm all shaky and sweaty and can't think straight", K.HYPO, True),
        ("her face is drooping on one side", K.STROKE, False),
        ("I've got a crushing pain across my chest", K.HEART, True),
        ("I took too much insulin tonight", K.OVERDOSE, True),
        ("I don't want to be here any more", K.SUICIDAL, True),
        ("what's the point of going on", K.SUICIDAL, True),
        ("everyone would be better off without me", K.SUICIDAL, True),
        ("I just want to end it all", K.SUICIDAL, True),
        ("I've been saving up my tablets", K.SUICIDAL, True),
        ("my sugar is 2.8", K.HYPO, True),
        ("sugar dropped really low", K.HYPO, True),
        ("can't rouse him, he's diabetic", K.HYPO, False),
        ("meter says HI and I keep being sick", K.HIGH_SUGAR, True),
        ("his breath smells of pear drops", K.HIGH_SUGAR, False),
        ("she can't lift her arm and her speech is slurred", K.STROKE, False),
        ("pain down my left arm and I'm sweating", K.HEART, True),
        ("I can't breath", K.BREATHING, True),
        ("he's unconcious", K.COLLAPSE, False),
        ("she fell and hit her head", K.COLLAPSE, False),
        ("it's bleeding heavily and won't stop", K.COLLAPSE, True),
        ("he's having a fit", K.SEIZURE, False),
        ("I've been self-harming", K.SELF_HARM, True),
        ("I overdosed", K.OVERDOSE, True),
        ("took my gliclazide twice by mistake", K.OVERDOSE, True),
        ("my husband is collapsing", K.COLLAPSE, False),
        ("he keeps having seizures", K.SEIZURE, False),
        ("I keep thinking about killing myself", K.SUICIDAL, True),
        ("i think im having a heart attak", K.HEART, True),
        ("chestpain", K.HEART, True),
    ],
)
def test_emergencies(text: str, kind: EmergencyKind, about_self: bool) -> None:
    assert assess(text) == Emergency(kind, about_self)


@pytest.mark.parametrize(
    "text",
    [
        # the past
        "since his heart attack in 2019 he's been fine",
        "My dad had a stroke years ago",
        "had a hypo in the night but I'm fine now",
        # meetings and topics
        "we talked about chest pain at the meeting",
        "can we have a session on strokes",
        "a leaflet on hypos",
        "what are the signs of a stroke?",
        "what should you do if someone has a seizure",
        # idioms
        "my wife collapsed with laughter at the quiz",
        "dying to try the new cafe",
        "I'm going to die my hair",
        "my feet are killing me",
        "I nearly killed myself laughing",
        "the view took my breath away",
        "overdosed on mince pies lol",
        "what a stroke of luck",
        "I passed out the leaflets",
        # venue notes
        "emergency exit at the back of the hall",
    ],
)
def test_ordinary_messages(text: str) -> None:
    assert assess(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "I'm having chest pain now, we talked about it at the meeting",
        "since my stroke in 2019 I've been fine but now my face is drooping",
        "I had a hypo last week and I'm shaky again now",
        "I know there's a leaflet on it but I can't breathe",
    ],
)
def test_distress_now_is_never_lowered(text: str) -> None:
    assert assess(text) is not None


def test_extra_phrases_add_to_the_detector() -> None:
    assert assess("code red in the hall", ["code red"]) == Emergency(K.OTHER, True)
    # The built-in rules still work with extra phrases configured.
    assert assess("I can't breathe", ["code red"]) is not None
    assert assess("nothing to see here", ["code red"]) is None


def test_the_old_function_still_works() -> None:
    assert mentions_emergency("my husband has collapsed", [])
    assert not mentions_emergency("see you on Tuesday", [])
    assert mentions_emergency("code red", ["code red"])


def test_empty_and_huge_messages() -> None:
    assert assess("") is None
    assert assess("   ") is None
    assert assess("hello " * 2000) is None
    assert assess("I can't breathe. " + "hello " * 2000) is not None
