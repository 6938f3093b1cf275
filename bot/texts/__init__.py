"""Every text a user sees, in one package: one module per feature, reviewed together.

Texts are plain UK English for people who may be new to smartphones: short sentences, no jargon,
one thing at a time. Anything a user typed is escaped with `esc` before it goes into HTML.
"""

from html import escape

LABEL_MAX_LENGTH = 24  # a button label longer than this wraps or is cut on a phone


def esc(text: str) -> str:
    """User-supplied text made safe for Telegram's HTML parse mode."""
    return escape(text, quote=False)


def clip(text: str, limit: int) -> str:
    """Shorten user text shown back to someone, marking the cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def label_length(label: str) -> int:
    """Characters a label shows: an emoji's invisible joiners and style marks do not count."""
    return sum(1 for char in label if char not in "\ufe0f\u200d")


def fit(text: str, room: int) -> str:
    """`text` in at most `room` characters, cut after a whole word and marked "…".

    A single word longer than `room` (a long name) is the one case cut inside a word.
    """
    text = " ".join(text.split())
    if label_length(text) <= room:
        return text
    cut = text[: max(room - 1, 1)]
    if " " in cut:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:—-(") + "…"


def button_label(title: str, short_title: str | None = None, *, prefix: str = "") -> str:
    """A content title on a button: its short title if it has one, never cut mid-word.

    Content is checked for titles that need a short one (tests/words/test_labels.py); this only
    keeps a label whole-worded if a coordinator's new title is still too long.
    """
    return prefix + fit(short_title or title, LABEL_MAX_LENGTH - label_length(prefix))


__all__ = ["LABEL_MAX_LENGTH", "button_label", "clip", "esc", "fit", "label_length"]
