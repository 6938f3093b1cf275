"""What the bot sends, independent of Telegram's classes: text, buttons, a menu, a file.

Core services and renderers build these; the outbound path turns them into Bot API calls.
They serialise to JSON so a notice can wait in the deliveries table.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from typing import Any, Literal

MAX_TEXT = 4096
MAX_CAPTION = 1024


@dataclass(frozen=True)
class Button:
    """An inline button: callback data (at most 64 bytes) or a link."""

    label: str
    data: str | None = None
    url: str | None = None

    def __post_init__(self) -> None:
        if (self.data is None) == (self.url is None):
            raise ValueError("a button needs exactly one of data or url")
        if self.data is not None and len(self.data.encode()) > 64:
            raise ValueError(f"callback data over 64 bytes: {self.data!r}")


@dataclass(frozen=True)
class Attachment:
    """A file to send: bytes we made (a calendar file, a slip) or a Telegram file id."""

    filename: str
    kind: Literal["document", "photo", "voice"] = "document"
    data: bytes | None = None
    file_id: str | None = None
    caption: str | None = None


@dataclass(frozen=True)
class OutMessage:
    """One message: text with optional inline buttons, or a big-button menu, or a file."""

    text: str
    buttons: tuple[tuple[Button, ...], ...] = ()
    menu: tuple[tuple[str, ...], ...] | None = None
    remove_menu: bool = False
    attachment: Attachment | None = None
    disable_preview: bool = True
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps(
            {
                "text": self.text,
                "buttons": [[_button_json(b) for b in row] for row in self.buttons],
                "menu": [list(row) for row in self.menu] if self.menu is not None else None,
                "remove_menu": self.remove_menu,
                "attachment": _attachment_json(self.attachment) if self.attachment else None,
            }
        )

    @classmethod
    def from_json(cls, text: str) -> OutMessage:
        raw = json.loads(text)
        attachment = raw.get("attachment")
        return cls(
            text=raw["text"],
            buttons=tuple(tuple(Button(**b) for b in row) for row in raw.get("buttons", [])),
            menu=tuple(tuple(row) for row in raw["menu"]) if raw.get("menu") else None,
            remove_menu=raw.get("remove_menu", False),
            attachment=_attachment_from_json(attachment) if attachment else None,
        )


def buttons(*rows: tuple[Button, ...] | list[Button]) -> tuple[tuple[Button, ...], ...]:
    """Rows of inline buttons, written as lists for readability."""
    return tuple(tuple(row) for row in rows)


def _button_json(button: Button) -> dict[str, str]:
    if button.data is not None:
        return {"label": button.label, "data": button.data}
    if button.url is None:
        raise RuntimeError("missing: button.url")
    return {"label": button.label, "url": button.url}


def _attachment_json(attachment: Attachment) -> dict[str, Any]:
    return {
        "filename": attachment.filename,
        "kind": attachment.kind,
        "data": base64.b64encode(attachment.data).decode() if attachment.data else None,
        "file_id": attachment.file_id,
        "caption": attachment.caption,
    }


def _attachment_from_json(raw: dict[str, Any]) -> Attachment:
    return Attachment(
        filename=raw["filename"],
        kind=raw["kind"],
        data=base64.b64decode(raw["data"]) if raw.get("data") else None,
        file_id=raw.get("file_id"),
        caption=raw.get("caption"),
    )
