"""The buttons offered when a typed message was not understood for sure: "did you mean…?"."""

from __future__ import annotations

from dataclasses import dataclass

from bot.callbacks import CallbackData
from bot.messages import Button, OutMessage, buttons
from bot.understanding import texts
from bot.understanding.intents import Intent


@dataclass(frozen=True)
class IntentChoice(CallbackData, prefix="uwant"):
    intent: Intent


def choices_message(intents: tuple[Intent, ...]) -> OutMessage:
    """Two or three likely meanings as buttons (the menu stays below)."""
    rows = [
        [Button(texts.CHOICE_LABELS[i.value], data=IntentChoice(i).pack())]
        for i in intents[:3]
        if i is not Intent.UNKNOWN
    ]
    rows.append([Button(texts.CHOICE_LABELS["help"], data=IntentChoice(Intent.HELP).pack())])
    unique = list({row[0].data: row for row in rows}.values())
    return OutMessage(texts.UNSURE, buttons=buttons(*unique))
