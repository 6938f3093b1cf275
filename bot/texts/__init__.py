"""Every text a user sees, in one package: one module per feature, reviewed together.

Texts are plain UK English for people who may be new to smartphones: short sentences, no jargon,
one thing at a time. Anything a user typed is escaped with `esc` before it goes into HTML.
"""

from html import escape


def esc(text: str) -> str:
    """User-supplied text made safe for Telegram's HTML parse mode."""
    return escape(text, quote=False)


def clip(text: str, limit: int) -> str:
    """Shorten user text shown back to someone, marking the cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


__all__ = ["clip", "esc"]
