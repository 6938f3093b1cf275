"""The intents on the issue's own examples, per role, and what happens when unsure."""

from __future__ import annotations

import pytest

from bot.understanding.intents import Intent, understand


@pytest.mark.parametrize(
    ("text", "role", "intent"),
    [
        ("when's the next meeting", "peer", Intent.NEXT_MEETING),
        ("when is the next meeting?", "peer", Intent.NEXT_MEETING),
        ("sorry, can't come", "peer", Intent.CANT_COME),
        ("sorry I can't make it this time", "peer", Intent.CANT_COME),
        ("I'll be there", "peer", Intent.WILL_COME),
        ("I feel a bit low today", "peer", Intent.FEELING_LOW),
        ("thank you", "peer", Intent.THANKS),
        ("hello", "peer", Intent.HELLO),
        ("bye", "peer", Intent.GOODBYE),
        ("stop these messages", "peer", Intent.STOP_MESSAGES),
        ("who runs the group", "peer", Intent.WHO_RUNS_GROUP),
        ("is there a walking group near me", "peer", Intent.FIND_HELP),
        ("can we talk about holidays next time", "peer", Intent.TOPIC_IDEA),
        ("feet", "psf", Intent.FIND_SESSION_IDEAS),
        ("a topic about eating out", "psf", Intent.FIND_SESSION_IDEAS),
        ("someone keeps dominating the discussion", "psf", Intent.FIND_SESSION_IDEAS),
        ("who's coming", "psf", Intent.WHO_IS_COMING),
        ("I need to talk to the nurse", "psf", Intent.TALK_TO_NURSE),
        ("invite someone", "psf", Intent.INVITE_SOMEONE),
        ("open concerns", "nurse", Intent.OPEN_CONCERNS),
        ("menu", "nurse", Intent.HELP),
    ],
)
def test_examples(text: str, role: str, intent: Intent) -> None:
    understood = understand(text, role)
    assert understood.intent is intent
    assert understood.sure


def test_roles_only_get_their_intents() -> None:
    assert understand("open concerns", "peer").intent is not Intent.OPEN_CONCERNS
    assert understand("who's coming", "nurse").intent is not Intent.WHO_IS_COMING


def test_unsure_offers_two_or_three_choices() -> None:
    understood = understand("hmm", "peer")
    assert understood.intent is Intent.UNKNOWN
    assert 2 <= len(understood.alternatives) <= 3
    assert not understood.sure


def test_subjects_from_the_content_are_looked_up() -> None:
    assert understand("pilates", "psf").intent is Intent.UNKNOWN
    assert understand("pilates", "psf", {"pilates"}).intent is Intent.FIND_SESSION_IDEAS
    assert understand("pilates", "peer", {"pilates"}).intent is Intent.FIND_HELP
