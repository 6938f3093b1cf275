"""A simulated Telegram Bot API as plain Python, with no HTTP.

`FakeTelegram` answers Bot API calls the way Telegram does (shapes, limits, errors) and
`SimUser` is the other side of each private chat: it sends messages, presses buttons and reads
what the bot sent. `http.py` puts an HTTP front on it; the tests' `RecordingRequest` calls it
in-process. A FakeTelegram belongs to one event loop; call it from that loop's thread only.
"""

from __future__ import annotations

import asyncio
import html
import json
import math
import mimetypes
import re
import time
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from http import HTTPStatus
from pathlib import PurePosixPath
from typing import Any

from bot.devserver.faults import Fault, FaultWindow, Reply, make_window

JsonDict = dict[str, Any]


@dataclass
class Limits:
    """Telegram's limits; the flood limits only apply while `flood` is True."""

    flood: bool = False
    overall_per_second: int = 30
    per_chat_burst: int = 3
    per_chat_per_second: float = 1.0
    per_group_per_minute: int = 20
    max_text: int = 4096
    max_caption: int = 1024
    max_callback_data: int = 64


@dataclass(frozen=True)
class ApiCall:
    """One Bot API call as the fake saw it: decoded parameters and the HTTP status answered."""

    method: str
    params: JsonDict
    status: int
    at_monotonic: float
    fault: Fault | None = None  # answered by an injected fault window (not carried out)


@dataclass(frozen=True)
class UploadedFile:
    """A file part of a multipart request."""

    file_name: str
    data: bytes
    mime_type: str = "application/octet-stream"


@dataclass(frozen=True)
class SentFile:
    """A file Telegram holds: uploaded by the bot or sent by a user."""

    file_id: str
    file_unique_id: str
    kind: str  # document, photo, voice or sticker
    file_name: str | None
    mime_type: str | None
    data: bytes
    file_path: str


@dataclass
class BotMessage:
    """A message the bot sent into a private chat, in its current state."""

    message_id: int
    chat_id: int
    date: datetime
    text: str = ""  # the caption for media messages
    parse_mode: str | None = None
    reply_markup: JsonDict | None = None
    document: SentFile | None = None
    photo: SentFile | None = None
    voice: SentFile | None = None
    sticker: SentFile | None = None
    forward_origin: JsonDict | None = None
    edit_date: datetime | None = None
    deleted: bool = False

    @property
    def edited(self) -> bool:
        return self.edit_date is not None

    @property
    def media(self) -> dict[str, SentFile]:
        """The attached files by kind (at most one in practice)."""
        files = {
            "document": self.document,
            "photo": self.photo,
            "voice": self.voice,
            "sticker": self.sticker,
        }
        return {kind: sent for kind, sent in files.items() if sent is not None}

    @property
    def inline_keyboard(self) -> list[list[JsonDict]]:
        if self.reply_markup is None:
            return []
        rows: list[list[JsonDict]] = self.reply_markup.get("inline_keyboard", [])
        return rows

    @property
    def buttons(self) -> list[list[str]]:
        """Inline button labels, row by row."""
        return [[button["text"] for button in row] for row in self.inline_keyboard]

    @property
    def button_data(self) -> list[list[str | None]]:
        """Inline buttons' callback data in the shape of `buttons` (None for link buttons)."""
        return [[button.get("callback_data") for button in row] for row in self.inline_keyboard]


class _ApiError(Exception):
    """An error reply; status 0 means "drop the connection without a reply"."""

    def __init__(self, status: int, description: str, parameters: JsonDict | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters

    def body(self) -> JsonDict:
        if self.status == 0:
            return {}
        body: JsonDict = {"ok": False, "error_code": self.status, "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def _bad_request(detail: str) -> _ApiError:
    return _ApiError(400, f"Bad Request: {detail}")


def _retry_after(seconds: int) -> _ApiError:
    return _ApiError(429, f"Too Many Requests: retry after {seconds}", {"retry_after": seconds})


_BLOCKED = "Forbidden: bot was blocked by the user"
_CONFLICT = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)
_NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)

_DEFAULT_DESCRIPTIONS = {
    400: "Bad Request: injected failure",
    401: "Unauthorized",
    403: _BLOCKED,
    404: "Not Found",
    409: _CONFLICT,
}


def _utf16_len(text: str) -> int:
    """Telegram measures text in UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


# --- parameter decoding: form values arrive as strings, objects as JSON text -------------------

_INT_PARAMS = frozenset(
    [
        "chat_id",
        "from_chat_id",
        "message_id",
        "offset",
        "limit",
        "reply_to_message_id",
        "message_thread_id",
        "duration",
        "cache_time",
        "max_connections",
    ]
)
_BOOL_PARAMS = frozenset(
    [
        "disable_notification",
        "protect_content",
        "show_alert",
        "drop_pending_updates",
        "disable_web_page_preview",
        "allow_sending_without_reply",
        "has_spoiler",
        "disable_content_type_detection",
        "show_caption_above_media",
    ]
)
_JSON_PARAMS = frozenset(
    [
        "reply_markup",
        "entities",
        "caption_entities",
        "allowed_updates",
        "commands",
        "scope",
        "link_preview_options",
        "reply_parameters",
    ]
)


def decode_params(raw: Mapping[str, Any]) -> JsonDict:
    """Turn wire values (all strings in form data) into the types the Bot API documents.

    Only parameters known to be numbers, booleans or objects are decoded, so a text of "42"
    stays a string. Values that already have their type pass through unchanged.
    """
    return {
        name: _decode_value(name, value) if isinstance(value, str) else value
        for name, value in raw.items()
    }


def _decode_value(name: str, value: str) -> Any:
    if name in _JSON_PARAMS:
        try:
            return json.loads(value)
        except ValueError:
            if name == "reply_markup":
                raise _bad_request("can't parse reply keyboard markup JSON object") from None
            raise _bad_request(f"can't parse {name} JSON object") from None
    if name in _BOOL_PARAMS:
        return value.strip().lower() in {"true", "1"}
    if name in _INT_PARAMS or name == "timeout":
        try:
            return int(value)
        except ValueError:
            pass
        if name == "timeout":
            try:
                return float(value)
            except ValueError:
                pass
    return value  # e.g. chat_id "@channelname"; handlers reject what they cannot use


# --- text, HTML and keyboard checks -----------------------------------------------------------

_HTML_TAGS = frozenset(
    [
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ins",
        "s",
        "strike",
        "del",
        "a",
        "code",
        "pre",
        "tg-spoiler",
        "span",
        "blockquote",
        "tg-emoji",
    ]
)
_TAG = re.compile(r"<(/?)([A-Za-z][\w-]*)([^<>]*)>")
_SPOILER_CLASS = re.compile(r"""class\s*=\s*["']?tg-spoiler\b""")
_PARSE_MODES = {"html": "HTML", "markdown": "Markdown", "markdownv2": "MarkdownV2"}


def _entities_error(detail: str) -> _ApiError:
    return _bad_request(f"can't parse entities: {detail}")


def html_visible_text(text: str) -> str:
    """Check HTML as Telegram does (known tags, properly nested) and return the visible text."""
    open_tags: list[str] = []
    visible: list[str] = []
    position = 0
    while (start := text.find("<", position)) != -1:
        visible.append(text[position:start])
        offset = len(text[:start].encode())
        match = _TAG.match(text, start)
        if match is None:
            raise _entities_error(f'Unsupported start tag "" at byte offset {offset}')
        closing, name, attributes = match.group(1) == "/", match.group(2).lower(), match.group(3)
        if not closing:
            known = name in _HTML_TAGS and not attributes.rstrip().endswith("/")
            if not known or (name == "span" and not _SPOILER_CLASS.search(attributes)):
                raise _entities_error(f'Unsupported start tag "{name}" at byte offset {offset}')
            open_tags.append(name)
        elif not open_tags:
            raise _entities_error(f"Unexpected end tag at byte offset {offset}")
        elif open_tags[-1] != name:
            raise _entities_error(
                f'Unmatched end tag at byte offset {offset}, expected "</{open_tags[-1]}>", '
                f'found "</{name}>"'
            )
        else:
            open_tags.pop()
        position = match.end()
    visible.append(text[position:])
    if open_tags:
        raise _entities_error(f'Can\'t find end tag corresponding to start tag "{open_tags[-1]}"')
    return html.unescape("".join(visible))


_ENTITY_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "code": "code",
    "pre": "pre",
    "a": "text_link",
    "span": "spoiler",
    "tg-spoiler": "spoiler",
    "blockquote": "blockquote",
}
_HREF = re.compile(r"""href\s*=\s*["']([^"']*)["']""")


def html_entities(text: str) -> tuple[str, list[JsonDict]]:
    """Visible text and message entities, as Telegram returns an HTML message to the bot.

    Offsets and lengths count UTF-16 code units, as the Bot API does. The HTML is assumed valid
    (it was checked by `html_visible_text` when the message was sent).
    """
    visible = ""
    opened: list[tuple[str, int, str]] = []  # tag, offset, attributes
    entities: list[JsonDict] = []
    position = 0

    def units(part: str) -> int:
        return len(part.encode("utf-16-le")) // 2

    for match in _TAG.finditer(text):
        visible += html.unescape(text[position : match.start()])
        position = match.end()
        closing, name = match.group(1) == "/", match.group(2).lower()
        if not closing:
            opened.append((name, units(visible), match.group(3)))
            continue
        if not opened:
            continue
        tag, start, attributes = opened.pop()
        length = units(visible) - start
        kind = _ENTITY_TYPES.get(tag)
        if kind is None or length == 0:
            continue
        entity: JsonDict = {"type": kind, "offset": start, "length": length}
        if kind == "text_link":
            href = _HREF.search(attributes)
            entity["url"] = html.unescape(href.group(1)) if href else ""
        entities.append(entity)
    visible += html.unescape(text[position:])
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return visible, entities


def _parse_mode(value: Any) -> str | None:
    if value is None or value == "":
        return None
    canonical = _PARSE_MODES.get(str(value).lower())
    if canonical is None:
        raise _bad_request("unsupported parse_mode")
    return canonical


def _visible(text: str, parse_mode: str | None) -> str:
    return html_visible_text(text) if parse_mode == "HTML" else text


_INLINE_ACTIONS = frozenset(
    [
        "url",
        "callback_data",
        "web_app",
        "login_url",
        "switch_inline_query",
        "switch_inline_query_current_chat",
        "switch_inline_query_chosen_chat",
        "copy_text",
        "callback_game",
        "pay",
    ]
)


def _check_inline_button(button: Any, max_callback_data: int) -> None:
    if not isinstance(button, dict) or not isinstance(button.get("text"), str):
        raise _bad_request("can't parse inline keyboard button")
    if "callback_data" in button:
        data = button["callback_data"]
        if not isinstance(data, str) or not 1 <= len(data.encode()) <= max_callback_data:
            raise _bad_request("BUTTON_DATA_INVALID")
    elif not button.keys() & _INLINE_ACTIONS:
        raise _bad_request("text buttons are unallowed in the inline keyboard")
    url = button.get("url")
    if url is not None and not re.match(r"(https?|tg)://\S+$", str(url)):
        raise _bad_request("BUTTON_URL_INVALID")


def _rows(markup: JsonDict, key: str) -> list[list[Any]]:
    rows = markup[key]
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise _bad_request(f'field "{key}" must be an Array of Arrays')
    return rows


def _checked_markup(markup: Any, limits: Limits, *, inline_only: bool = False) -> JsonDict | None:
    """Validate reply_markup like Telegram; None means "no markup"."""
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise _bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in markup:
        for row in _rows(markup, "inline_keyboard"):
            for button in row:
                _check_inline_button(button, limits.max_callback_data)
        return markup
    if inline_only:
        raise _bad_request("inline keyboard expected")
    if "keyboard" in markup:
        for row in _rows(markup, "keyboard"):
            for button in row:
                if not isinstance(button, str | dict):
                    raise _bad_request("can't parse keyboard button")
        return markup
    if markup.get("remove_keyboard") is True or markup.get("force_reply") is True:
        return markup
    raise _bad_request("can't parse reply keyboard markup JSON object")


def _inline_only(markup: JsonDict | None) -> JsonDict | None:
    """The part of a markup that Telegram keeps on the message (reply keyboards are not)."""
    return markup if markup is not None and "inline_keyboard" in markup else None


# --- files --------------------------------------------------------------------------------------

FILE_KINDS = ("document", "photo", "voice", "sticker")
_FILE_FOLDERS = {
    "document": "documents",
    "photo": "photos",
    "voice": "voice",
    "sticker": "stickers",
}
_FILE_SUFFIXES = {"photo": ".jpg", "voice": ".oga", "sticker": ".webp"}
SAMPLE_JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00sample-photo\xff\xd9"
SAMPLE_VOICE = b"OggS\x00\x02sample-voice"
SAMPLE_STICKER = b"RIFF\x10\x00\x00\x00WEBPsample-sticker"


def _file_json(sent: SentFile) -> Any:
    common: JsonDict = {
        "file_id": sent.file_id,
        "file_unique_id": sent.file_unique_id,
        "file_size": len(sent.data),
    }
    if sent.kind == "photo":
        return [{**common, "width": 800, "height": 600}]
    if sent.kind == "voice":
        return {**common, "duration": 1, "mime_type": sent.mime_type or "audio/ogg"}
    if sent.kind == "sticker":
        sticker = {"type": "regular", "width": 512, "height": 512, "emoji": "🙂"}
        return {**common, **sticker, "is_animated": False, "is_video": False}
    document = {**common, "mime_type": sent.mime_type or "application/octet-stream"}
    if sent.file_name:
        document["file_name"] = sent.file_name
    return document


def _file_id_in(message: JsonDict, kind: str) -> str | None:
    attached = message.get(kind)
    if attached is None:
        return None
    if isinstance(attached, list):  # photos come as a list of sizes, biggest last
        attached = attached[-1]
    file_id: str = attached["file_id"]
    return file_id


# --- flood control ----------------------------------------------------------------------------

_CHAT_ACTIONS = frozenset(
    [
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    ]
)


def _is_sending(method: str) -> bool:
    # A chat action is not a message, so it does not use up the message budget.
    return method.startswith(("send", "copy", "forward", "edit")) and method != "sendChatAction"


class _FloodControl:
    """Telegram's flood limits: overall per second, a token bucket per private chat, per group."""

    def __init__(self) -> None:
        self._recent_sends: deque[float] = deque()
        self._chat_buckets: dict[int, tuple[float, float]] = {}  # chat -> (tokens, refilled at)
        self._group_sends: dict[int, deque[float]] = {}

    def seconds_to_wait(self, limits: Limits, chat_id: Any, now: float) -> int | None:
        """How long to wait if this send breaks a limit; otherwise count it and return None."""
        while self._recent_sends and self._recent_sends[0] <= now - 1.0:
            self._recent_sends.popleft()
        if len(self._recent_sends) >= limits.overall_per_second:
            return max(1, math.ceil(self._recent_sends[0] + 1.0 - now))
        if isinstance(chat_id, int) and chat_id > 0:
            wait = self._take_chat_token(limits, chat_id, now)
        elif isinstance(chat_id, int) and chat_id < 0:
            wait = self._count_group_send(limits, chat_id, now)
        else:
            wait = None
        if wait is None:
            self._recent_sends.append(now)
        return wait

    def _take_chat_token(self, limits: Limits, chat_id: int, now: float) -> int | None:
        tokens, refilled_at = self._chat_buckets.get(chat_id, (float(limits.per_chat_burst), now))
        tokens = min(
            float(limits.per_chat_burst),
            tokens + (now - refilled_at) * limits.per_chat_per_second,
        )
        if tokens < 1.0:
            self._chat_buckets[chat_id] = (tokens, now)
            return max(1, math.ceil((1.0 - tokens) / limits.per_chat_per_second))
        self._chat_buckets[chat_id] = (tokens - 1.0, now)
        return None

    def _count_group_send(self, limits: Limits, chat_id: int, now: float) -> int | None:
        sends = self._group_sends.setdefault(chat_id, deque())
        while sends and sends[0] <= now - 60.0:
            sends.popleft()
        if len(sends) >= limits.per_group_per_minute:
            return max(1, math.ceil(sends[0] + 60.0 - now))
        sends.append(now)
        return None


@dataclass(frozen=True)
class _Injected:
    status: int
    description: str
    parameters: JsonDict | None


@dataclass
class _Request:
    """One call's decoded parameters and uploaded files."""

    params: JsonDict
    files: Mapping[str, UploadedFile]

    def get(self, name: str) -> Any:
        return self.params.get(name)

    def int_param(self, name: str, *, missing: str) -> int:
        value = self.params.get(name)
        if value is None or value == "":
            raise _bad_request(missing)
        if not isinstance(value, int) or isinstance(value, bool):
            raise _bad_request(f"invalid {name} specified")
        return value


# --- the user side ------------------------------------------------------------------------------


class SimUser:
    """A Telegram user in a private chat with the bot, driven by tests, the demo or benchmarks."""

    def __init__(
        self,
        telegram: FakeTelegram,
        user_id: int,
        first_name: str,
        *,
        last_name: str | None,
        username: str | None,
        language_code: str | None,
    ) -> None:
        self.id = user_id
        self.first_name = first_name
        self.last_name = last_name
        self.username = username
        self.language_code = language_code
        self.blocked = False
        self.has_chat = False  # True once the user has written to or pressed anything of the bot
        self.callback_answers: list[str | None] = []
        self._telegram = telegram
        self._next_message_id = 1
        self._inbox: list[BotMessage] = []
        self._bot_messages: dict[int, BotMessage] = {}
        self._user_messages: dict[int, JsonDict] = {}
        self._keyboard: list[list[str]] | None = None
        self._arrived = 0
        self._seen = 0
        self._arrival = asyncio.Event()

    # What the bot sees of this user.

    def user_json(self) -> JsonDict:
        user: JsonDict = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.last_name:
            user["last_name"] = self.last_name
        if self.username:
            user["username"] = self.username
        if self.language_code:
            user["language_code"] = self.language_code
        return user

    def chat_json(self) -> JsonDict:
        chat: JsonDict = {"id": self.id, "type": "private", "first_name": self.first_name}
        if self.last_name:
            chat["last_name"] = self.last_name
        if self.username:
            chat["username"] = self.username
        return chat

    # Acting as the user.

    def send(self, text: str) -> JsonDict:
        """Send a text message; a leading /command gets its bot_command entity.

        Like Telegram's apps, a text over 4096 characters goes out as several messages; the
        last one is returned.
        """
        if not text:
            raise ValueError("Telegram apps do not send empty messages")
        limit = self._telegram.limits.max_text
        chunks = [text[start : start + limit] for start in range(0, len(text), limit)]
        sent = {}
        for chunk in chunks:
            content: JsonDict = {"text": chunk}
            command = re.match(r"/[A-Za-z0-9_]+(@\w+)?", chunk)
            if command:
                entity = {"type": "bot_command", "offset": 0, "length": _utf16_len(command[0])}
                content["entities"] = [entity]
            sent = self._post(content)
        return sent

    def send_sticker(self) -> JsonDict:
        sticker = self._telegram.store_file("sticker", None, "image/webp", SAMPLE_STICKER)
        return self._post({"sticker": _file_json(sticker)})

    def send_photo(self, caption: str | None = None, *, data: bytes = SAMPLE_JPEG) -> JsonDict:
        photo = self._telegram.store_file("photo", None, "image/jpeg", data)
        return self._post(self._with_caption({"photo": _file_json(photo)}, caption))

    def send_voice(self, *, data: bytes = SAMPLE_VOICE) -> JsonDict:
        voice = self._telegram.store_file("voice", None, "audio/ogg", data)
        return self._post({"voice": _file_json(voice)})

    def send_document(self, name: str, data: bytes, caption: str | None = None) -> JsonDict:
        mime_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        document = self._telegram.store_file("document", name, mime_type, data)
        return self._post(self._with_caption({"document": _file_json(document)}, caption))

    def press(self, label: str, *, message_id: int | None = None) -> JsonDict:
        """Press the inline button with this label on the newest message that has it."""
        if message_id is None:
            candidates = [message for message in reversed(self._inbox) if not message.deleted]
        else:
            candidates = [self._visible_bot_message(message_id)]
        for message in candidates:
            for button in (button for row in message.inline_keyboard for button in row):
                if button["text"] != label:
                    continue
                if "callback_data" not in button:
                    raise ValueError(f"button {label!r} opens a link; it has no callback data")
                return self._callback(message, button["callback_data"])
        shown = candidates[0].buttons if candidates else []
        raise LookupError(
            f"no inline button {label!r} in chat {self.id}; newest buttons shown: {shown}"
        )

    def press_data(self, data: str, *, message_id: int | None = None) -> JsonDict:
        """Send a callback query with any data, as a forged or stale button would."""
        if message_id is not None:
            message = self._visible_bot_message(message_id)
        else:
            visible = [message for message in self._inbox if not message.deleted]
            if not visible:
                raise LookupError(f"chat {self.id} has no bot message to attach a callback to")
            message = visible[-1]
        return self._callback(message, data)

    def block(self) -> None:
        """Block the bot: sends to this user fail with 403 and the bot gets my_chat_member."""
        if not self.blocked:
            self.blocked = True
            self._chat_member_changed("member", "kicked")

    def unblock(self) -> None:
        if self.blocked:
            self.blocked = False
            self._chat_member_changed("kicked", "member")

    def mark(self) -> None:
        """Count only messages arriving from now on as new for `wait_for`."""
        self._seen = self._arrived

    # The brief fixes the name `timeout` for this test helper.
    async def wait_for(self, n: int = 1, *, timeout: float = 5.0) -> BotMessage:  # noqa: ASYNC109
        """Wait until `n` new bot messages arrived since the last wait_for/mark; the newest."""
        try:
            async with asyncio.timeout(timeout):
                while self._arrived - self._seen < n:
                    self._arrival.clear()
                    await self._arrival.wait()
        except TimeoutError:
            got = self._arrived - self._seen
            raise TimeoutError(
                f"user {self.id} expected {n} new message(s) within {timeout}s, got {got}"
            ) from None
        self._seen = self._arrived
        return self._inbox[-1]

    # What the user sees.

    @property
    def inbox(self) -> list[BotMessage]:
        """Every message the bot sent here, in order, as it is now (deleted ones flagged)."""
        return list(self._inbox)

    @property
    def last(self) -> BotMessage:
        """The newest bot message still shown."""
        visible = [message for message in self._inbox if not message.deleted]
        if not visible:
            raise LookupError(f"the bot has sent nothing (left) to user {self.id}")
        return visible[-1]

    @property
    def texts(self) -> list[str]:
        """Texts (or captions) of the bot messages still shown, in order."""
        return [message.text for message in self._inbox if not message.deleted]

    @property
    def keyboard(self) -> list[list[str]] | None:
        """Labels of the current reply keyboard, or None if there is none."""
        return self._keyboard

    # Used by FakeTelegram.

    def next_message_id(self) -> int:
        message_id = self._next_message_id
        self._next_message_id += 1
        return message_id

    def receive(self, message: BotMessage) -> None:
        self._bot_messages[message.message_id] = message
        self._inbox.append(message)
        if message.reply_markup is not None and "keyboard" in message.reply_markup:
            self._keyboard = [
                [
                    button if isinstance(button, str) else str(button.get("text", ""))
                    for button in row
                ]
                for row in message.reply_markup["keyboard"]
            ]
        elif message.reply_markup is not None and message.reply_markup.get("remove_keyboard"):
            self._keyboard = None
        self._arrived += 1
        self._arrival.set()

    def bot_message(self, message_id: int) -> BotMessage | None:
        message = self._bot_messages.get(message_id)
        return None if message is None or message.deleted else message

    def user_message(self, message_id: int) -> JsonDict | None:
        return self._user_messages.get(message_id)

    def delete_user_message(self, message_id: int) -> bool:
        return self._user_messages.pop(message_id, None) is not None

    # Internals.

    def _visible_bot_message(self, message_id: int) -> BotMessage:
        message = self.bot_message(message_id)
        if message is None:
            raise LookupError(f"chat {self.id} shows no bot message {message_id}")
        return message

    @staticmethod
    def _with_caption(content: JsonDict, caption: str | None) -> JsonDict:
        return {**content, "caption": caption} if caption else content

    def _check_can_write(self) -> None:
        if self.blocked:
            raise RuntimeError(f"user {self.id} has blocked the bot; call unblock() first")
        self.has_chat = True

    def _post(self, content: JsonDict) -> JsonDict:
        self._check_can_write()
        message: JsonDict = {
            "message_id": self.next_message_id(),
            "from": self.user_json(),
            "chat": self.chat_json(),
            "date": self._telegram.unix_now(),
            **content,
        }
        self._user_messages[message["message_id"]] = message
        self._telegram.enqueue("message", message)
        return message

    def _callback(self, message: BotMessage, data: str) -> JsonDict:
        self._check_can_write()
        query = self._telegram.open_callback_query(self, message, data)
        self._telegram.enqueue("callback_query", query)
        return query

    def _chat_member_changed(self, old_status: str, new_status: str) -> None:
        if not self.has_chat:
            return
        bot_user = self._telegram.bot_json()

        def member(status: str) -> JsonDict:
            # A "kicked" (blocked) member always carries until_date; 0 means for ever.
            shown: JsonDict = {"user": bot_user, "status": status}
            if status == "kicked":
                shown["until_date"] = 0
            return shown

        update = {
            "chat": self.chat_json(),
            "from": self.user_json(),
            "date": self._telegram.unix_now(),
            "old_chat_member": member(old_status),
            "new_chat_member": member(new_status),
        }
        self._telegram.enqueue("my_chat_member", update)


# --- the bot side -------------------------------------------------------------------------------

_DEFAULT_ALLOWED_UPDATES = frozenset(
    {"message", "edited_message", "callback_query", "my_chat_member"}
)


class FakeTelegram:
    """The Bot API server side: answers calls and queues the users' updates."""

    def __init__(
        self,
        *,
        token: str = "123456:TEST",
        bot_id: int = 123456,
        bot_username: str = "PeerCircleBot",
        bot_name: str = "Peer Circle",
        clock: Callable[[], datetime] | None = None,
        limits: Limits | None = None,
        monotonic: Callable[[], float] | None = None,
    ) -> None:
        """`clock` dates messages; `monotonic` drives flood limits and `ApiCall.at_monotonic`."""
        self.token = token
        self.bot_id = bot_id
        self.bot_username = bot_username
        self.bot_name = bot_name
        self.limits = limits or Limits()
        self.calls: list[ApiCall] = []
        self._clock = clock
        self._monotonic = monotonic or time.monotonic
        self._users: dict[int, SimUser] = {}
        self._updates: list[JsonDict] = []
        self._next_update_id = 1
        self._fetched_up_to = 0
        self._allowed_updates: frozenset[str] = _DEFAULT_ALLOWED_UPDATES
        self._pollers: set[asyncio.Future[None]] = set()
        self._poll_generation = 0
        self._poll_releases = 0
        self._webhook_url = ""
        self._files: dict[str, SentFile] = {}
        self._files_by_path: dict[str, SentFile] = {}
        self._open_callbacks: dict[str, SimUser] = {}
        self._next_callback_id = 1
        self._commands: dict[tuple[str, str], list[JsonDict]] = {}
        self._injected: dict[str, deque[_Injected]] = {}
        self._faults: list[FaultWindow] = []
        self._flood = _FloodControl()
        self._in_flight = 0
        self._last_activity = time.monotonic()  # real time: wait_idle really waits
        self._handlers: dict[str, Callable[[_Request], Any]] = {
            "getMe": self._get_me,
            "logOut": self._always_true,
            "close": self._always_true,
            "deleteWebhook": self._delete_webhook,
            "setWebhook": self._set_webhook,
            "getWebhookInfo": self._get_webhook_info,
            "sendMessage": self._send_message,
            "editMessageText": self._edit_message_text,
            "editMessageReplyMarkup": self._edit_message_reply_markup,
            "deleteMessage": self._delete_message,
            "answerCallbackQuery": self._answer_callback_query,
            "sendDocument": lambda request: self._send_file(request, "document"),
            "sendPhoto": lambda request: self._send_file(request, "photo"),
            "sendVoice": lambda request: self._send_file(request, "voice"),
            "copyMessage": self._copy_message,
            "forwardMessage": self._forward_message,
            "sendChatAction": self._send_chat_action,
            "setMyCommands": self._set_my_commands,
            "getMyCommands": self._get_my_commands,
            "deleteMyCommands": self._delete_my_commands,
            "getFile": self._get_file,
        }
        # Telegram accepts method names in any letter case.
        self._method_names = {name.lower(): name for name in [*self._handlers, "getUpdates"]}

    # --- public API: the Bot API ------------------------------------------------------------

    async def call(
        self,
        method: str,
        params: Mapping[str, Any],
        files: Mapping[str, UploadedFile] | None = None,
        *,
        token: str | None = None,
    ) -> tuple[int, JsonDict]:
        """Answer one Bot API call: (HTTP status, JSON body), or (0, {}) for a dropped line.

        `params` may hold wire strings or typed values. Pass `token` to have it checked.
        A malformed answer from an injected fault comes back as (200, {}); use `reply` to
        see it as sent.
        """
        reply = await self.reply(method, params, files, token=token)
        return reply.status, reply.body or {}

    async def reply(
        self,
        method: str,
        params: Mapping[str, Any],
        files: Mapping[str, UploadedFile] | None = None,
        *,
        token: str | None = None,
    ) -> Reply:
        """Answer one Bot API call as the wire sees it, injected faults included."""
        received_at = self._monotonic()
        name = self._method_names.get(method.lower(), method)
        counts_as_activity = name != "getUpdates"
        if counts_as_activity:
            self._in_flight += 1
            self._last_activity = time.monotonic()
        decoded = dict(params)
        window: FaultWindow | None = None
        try:
            decoded = decode_params(params)
            window = self._fault_for(name, decoded)
            if window is not None:
                reply = window.reply(received_at)
            else:
                result = await self._dispatch(name, _Request(decoded, files or {}), token)
                reply = Reply(200, {"ok": True, "result": result})
        except _ApiError as error:
            reply = Reply(error.status, error.body())
        finally:
            if counts_as_activity:
                self._in_flight -= 1
                self._last_activity = time.monotonic()
        fault = window.fault if window is not None else None
        self.calls.append(ApiCall(name, decoded, reply.status, received_at, fault))
        return reply

    def download(self, file_path: str, *, token: str | None = None) -> bytes | None:
        """The bytes behind a getFile file_path, or None if unknown (or the token is wrong)."""
        if token is not None and token != self.token:
            return None
        sent = self._files_by_path.get(file_path)
        return None if sent is None else sent.data

    # --- public API: for tests, the demo and benchmarks -------------------------------------

    def user(
        self,
        user_id: int,
        first_name: str | None = None,
        *,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "en",
    ) -> SimUser:
        """The simulated user with this id (created on first use, the same object after)."""
        if user_id <= 0:
            raise ValueError("user ids are positive")
        if user_id not in self._users:
            self._users[user_id] = SimUser(
                self,
                user_id,
                first_name or f"User{user_id}",
                last_name=last_name,
                username=username,
                language_code=language_code,
            )
        return self._users[user_id]

    def count(self, method: str) -> int:
        """How many calls of `method` succeeded."""
        name = self._method_names.get(method.lower(), method)
        return sum(
            1
            for call in self.calls
            if call.method == name and call.status == 200 and call.fault is None
        )

    def inject(
        self,
        fault: Fault,
        *,
        seconds: float | None = None,
        methods: Iterable[str] | None = None,
        chats: Iterable[int] | None = None,
        retry_after: int = 1,
        hang: float = 30.0,
    ) -> FaultWindow:
        """Answer matching calls with `fault` for `seconds` (None: until `clear_faults`).

        `methods` and `chats` narrow it (None: all). A time-out holds each request for `hang`
        seconds at most (never past the window's end) and then drops the line; over HTTP the
        client's own read timeout usually ends it first.
        """
        names = None
        if methods is not None:
            names = []
            for method in methods:
                name = self._method_names.get(method.lower())
                if name is None:
                    raise ValueError(f"unknown Bot API method {method!r}")
                names.append(name)
        window = make_window(
            fault,
            now=self._monotonic(),
            seconds=seconds,
            methods=names,
            chats=chats,
            retry_after=retry_after,
            hang=hang,
        )
        self._faults.append(window)
        if window.matches("getUpdates", None):
            # A poll already waiting would otherwise sail through the fault: end it, and the
            # next one meets the fault.
            self.release_long_polls()
        return window

    def clear_faults(self) -> None:
        """End every injected fault window now: Telegram recovers."""
        for window in self._faults:
            window.cleared = True
        self._faults.clear()

    @property
    def faults(self) -> list[FaultWindow]:
        """The fault windows still open."""
        now = self._monotonic()
        return [window for window in self._faults if window.active(now)]

    def fail_next(
        self,
        method: str,
        *,
        status: int = 429,
        retry_after: int = 1,
        times: int = 1,
        description: str | None = None,
    ) -> None:
        """Answer the next `times` calls of `method` with an error; status 0 drops the line."""
        name = self._method_names.get(method.lower())
        if name is None:
            raise ValueError(f"unknown Bot API method {method!r}")
        parameters = None
        if status == 429:
            description = description or f"Too Many Requests: retry after {retry_after}"
            parameters = {"retry_after": retry_after}
        elif description is None:
            description = _DEFAULT_DESCRIPTIONS.get(status) or _status_phrase(status)
        queue = self._injected.setdefault(name, deque())
        queue.extend(_Injected(status, description, parameters) for _ in range(times))

    @property
    def pending_updates(self) -> int:
        """Updates queued and not yet confirmed by the bot."""
        return len(self._updates)

    @property
    def in_flight(self) -> int:
        """Bot API calls (other than getUpdates) being answered right now."""
        return self._in_flight

    def take_updates(self) -> list[JsonDict]:
        """Pop every queued update as if fetched and confirmed (for process_update harnesses)."""
        taken, self._updates = self._updates, []
        if taken:
            self._fetched_up_to = max(self._fetched_up_to, taken[-1]["update_id"])
        return taken

    # The brief fixes the name `timeout` for this test helper.
    async def wait_idle(self, quiet: float = 0.2, timeout: float = 10.0) -> None:  # noqa: ASYNC109
        """Wait until every update was fetched and the bot made no call for `quiet` seconds."""
        try:
            async with asyncio.timeout(timeout):
                # Polling, not an Event: "quiet" is the absence of activity for a span of time.
                while not self._is_idle(quiet):  # noqa: ASYNC110
                    await asyncio.sleep(min(quiet / 4, 0.02))
        except TimeoutError:
            unfetched = sum(1 for u in self._updates if u["update_id"] > self._fetched_up_to)
            raise TimeoutError(
                f"bot not idle after {timeout}s: {unfetched} update(s) unfetched, "
                f"{self._in_flight} call(s) in flight"
            ) from None

    def release_long_polls(self) -> None:
        """End every waiting getUpdates at once with no updates (the server is going away)."""
        self._poll_releases += 1
        self._wake_pollers()

    # --- used by SimUser ----------------------------------------------------------------------

    def unix_now(self) -> int:
        return int(self._now().timestamp())

    def bot_json(self) -> JsonDict:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.bot_name,
            "username": self.bot_username,
        }

    def enqueue(self, kind: str, payload: JsonDict) -> None:
        """Queue an update, unless the bot's allowed_updates exclude its kind."""
        if kind not in self._allowed_updates:
            return
        self._updates.append({"update_id": self._next_update_id, kind: payload})
        self._next_update_id += 1
        self._wake_pollers()

    def store_file(
        self, kind: str, file_name: str | None, mime_type: str | None, data: bytes
    ) -> SentFile:
        number = len(self._files) + 1
        suffix = _FILE_SUFFIXES.get(kind) or (PurePosixPath(file_name or "").suffix)
        sent = SentFile(
            file_id=f"BQAC{kind[:3].upper()}{self.bot_id}_{number:06d}",
            file_unique_id=f"AQAD{number:06d}",
            kind=kind,
            file_name=file_name,
            mime_type=mime_type,
            data=data,
            file_path=f"{_FILE_FOLDERS[kind]}/file_{number}{suffix}",
        )
        self._files[sent.file_id] = sent
        self._files_by_path[sent.file_path] = sent
        return sent

    def open_callback_query(self, user: SimUser, message: BotMessage, data: str) -> JsonDict:
        query_id = str(self._next_callback_id)
        self._next_callback_id += 1
        self._open_callbacks[query_id] = user
        return {
            "id": query_id,
            "from": user.user_json(),
            "message": self._message_json(user, message),
            # Stable per chat, as Telegram's is.
            "chat_instance": str(7_000_000_000_000 + user.id),
            "data": data,
        }

    # --- dispatch -------------------------------------------------------------------------------

    def _fault_for(self, name: str, params: JsonDict) -> FaultWindow | None:
        if not self._faults:
            return None
        now = self._monotonic()
        self._faults = [window for window in self._faults if window.active(now)]
        chat_id = params.get("chat_id")
        if name == "answerCallbackQuery":
            asker = self._open_callbacks.get(str(params.get("callback_query_id")))
            chat_id = asker.id if asker is not None else None
        chat = chat_id if isinstance(chat_id, int) and not isinstance(chat_id, bool) else None
        for window in self._faults:
            if window.matches(name, chat):
                return window
        return None

    async def _dispatch(self, name: str, request: _Request, token: str | None) -> Any:
        if token is not None and token != self.token:
            raise _ApiError(401, "Unauthorized")
        if name not in self._method_names.values():
            raise _ApiError(404, "Not Found")
        injected = self._injected.get(name)
        if injected:
            failure = injected.popleft()
            raise _ApiError(failure.status, failure.description, failure.parameters)
        if self.limits.flood and _is_sending(name):
            chat_id = request.get("chat_id")
            wait = self._flood.seconds_to_wait(self.limits, chat_id, self._monotonic())
            if wait is not None:
                raise _retry_after(wait)
        if name == "getUpdates":
            return await self._get_updates(request)
        return self._handlers[name](request)

    def _now(self) -> datetime:
        if self._clock is not None:
            return self._clock()
        return datetime.fromtimestamp(time.time(), UTC)

    def _is_idle(self, quiet: float) -> bool:
        all_fetched = all(u["update_id"] <= self._fetched_up_to for u in self._updates)
        quiet_enough = time.monotonic() - self._last_activity >= quiet
        return all_fetched and self._in_flight == 0 and quiet_enough

    # --- chats and messages ------------------------------------------------------------------

    def _chat(self, request: _Request, key: str = "chat_id") -> SimUser:
        chat_id = request.get(key)
        if chat_id is None or chat_id == "":
            raise _bad_request(f"{key} is empty")
        user = self._users.get(chat_id) if isinstance(chat_id, int) else None
        if user is None or not user.has_chat:
            raise _bad_request("chat not found")
        return user

    def _reachable_chat(self, request: _Request) -> SimUser:
        user = self._chat(request)
        if user.blocked:
            raise _ApiError(403, _BLOCKED)
        return user

    def _message_json(self, user: SimUser, message: BotMessage) -> JsonDict:
        data: JsonDict = {
            "message_id": message.message_id,
            "from": self.bot_json(),
            "chat": user.chat_json(),
            "date": int(message.date.timestamp()),
        }
        if message.edit_date is not None:
            data["edit_date"] = int(message.edit_date.timestamp())
        if message.forward_origin is not None:
            data["forward_origin"] = message.forward_origin
        media = message.media
        for kind, sent in media.items():
            data[kind] = _file_json(sent)
        # Like Telegram: the bot gets back the visible text with entities, not the HTML it sent.
        text, entities = (
            html_entities(message.text)
            if message.parse_mode == "HTML" and message.text
            else (message.text, [])
        )
        if not media:
            data["text"] = text
            if entities:
                data["entities"] = entities
        elif message.text:
            data["caption"] = text
            if entities:
                data["caption_entities"] = entities
        inline = _inline_only(message.reply_markup)
        if inline is not None and inline["inline_keyboard"]:
            data["reply_markup"] = inline
        return data

    def _deliver(self, user: SimUser, **content: Any) -> JsonDict:
        message = BotMessage(
            message_id=user.next_message_id(), chat_id=user.id, date=self._now(), **content
        )
        user.receive(message)
        return self._message_json(user, message)

    def _checked_text(self, request: _Request, key: str, parse_mode: str | None) -> str:
        """The text or caption to store as sent, after Telegram's checks."""
        text = request.get(key)
        if key == "caption" and (text is None or text == ""):
            return ""
        if not isinstance(text, str) or not text:
            raise _bad_request("message text is empty")
        visible = _visible(text, parse_mode)
        if key == "text" and not visible.strip():
            raise _bad_request("message text is empty")
        if key == "text" and _utf16_len(visible) > self.limits.max_text:
            raise _bad_request("message is too long")
        if key == "caption" and _utf16_len(visible) > self.limits.max_caption:
            raise _bad_request("message caption is too long")
        return text

    def _editable(self, request: _Request) -> tuple[SimUser, BotMessage]:
        if request.get("inline_message_id"):
            raise _bad_request("MESSAGE_ID_INVALID")
        user = self._reachable_chat(request)
        message_id = request.int_param("message_id", missing="message identifier is not specified")
        message = user.bot_message(message_id)
        if message is None:
            if user.user_message(message_id) is not None:
                raise _bad_request("message can't be edited")
            raise _bad_request("message to edit not found")
        return user, message

    def _content_of(self, request: _Request, verb: str) -> tuple[SimUser, JsonDict]:
        """The sender and content of the message to copy or forward, as `_deliver` fields."""
        source = self._chat(request, "from_chat_id")
        message_id = request.int_param("message_id", missing="message identifier is not specified")
        bot_message = source.bot_message(message_id)
        if bot_message is not None:
            content = {
                "text": bot_message.text,
                "parse_mode": bot_message.parse_mode,
                **bot_message.media,
            }
            return source, {"from_bot": True, "date": bot_message.date, **content}
        user_message = source.user_message(message_id)
        if user_message is None:
            raise _bad_request(f"message to {verb} not found")
        content = {"text": user_message.get("text") or user_message.get("caption") or ""}
        for kind in FILE_KINDS:
            file_id = _file_id_in(user_message, kind)
            if file_id is not None:
                content[kind] = self._files[file_id]
        when = datetime.fromtimestamp(user_message["date"], UTC)
        return source, {"from_bot": False, "date": when, **content}

    # --- method handlers ---------------------------------------------------------------------

    def _get_me(self, _request: _Request) -> JsonDict:
        return {
            **self.bot_json(),
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    @staticmethod
    def _always_true(_request: _Request) -> bool:
        return True

    def _delete_webhook(self, request: _Request) -> bool:
        self._webhook_url = ""
        if request.get("drop_pending_updates"):
            self._updates.clear()
        return True

    def _set_webhook(self, request: _Request) -> bool:
        url = request.get("url") or ""
        if url and not str(url).startswith("https://"):
            raise _bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        self._webhook_url = str(url)
        if request.get("drop_pending_updates"):
            self._updates.clear()
        return True

    def _get_webhook_info(self, _request: _Request) -> JsonDict:
        return {
            "url": self._webhook_url,
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }

    async def _get_updates(self, request: _Request) -> list[JsonDict]:
        if self._webhook_url:
            raise _ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        allowed = request.get("allowed_updates")
        if isinstance(allowed, list):
            self._allowed_updates = frozenset(allowed) or _DEFAULT_ALLOWED_UPDATES
        self._confirm(request.get("offset"))
        limit = request.get("limit")
        limit = min(max(limit, 1), 100) if isinstance(limit, int) else 100
        timeout = request.get("timeout")
        timeout = float(timeout) if isinstance(timeout, int | float) else 0.0

        # A newer getUpdates ends older ones with 409, as Telegram does.
        self._poll_generation += 1
        generation, releases = self._poll_generation, self._poll_releases
        self._wake_pollers()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + max(timeout, 0.0)
        while True:
            if generation != self._poll_generation:
                raise _ApiError(409, _CONFLICT)
            if releases != self._poll_releases:
                return []
            ready = self._updates[:limit]
            if ready or loop.time() >= deadline:
                break
            await self._wait_for_wakeup(deadline - loop.time())
        if ready:
            self._fetched_up_to = max(self._fetched_up_to, ready[-1]["update_id"])
            self._last_activity = time.monotonic()  # the bot is busy with what it fetched
        return ready

    def _confirm(self, offset: Any) -> None:
        if not isinstance(offset, int) or offset == 0:
            return
        if offset > 0:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        else:  # a negative offset keeps only the newest -offset updates
            self._updates = self._updates[offset:]

    async def _wait_for_wakeup(self, seconds: float) -> None:
        wakeup = asyncio.get_running_loop().create_future()
        self._pollers.add(wakeup)
        try:
            await asyncio.wait_for(wakeup, seconds)
        except TimeoutError:
            pass
        finally:
            self._pollers.discard(wakeup)

    def _wake_pollers(self) -> None:
        for wakeup in self._pollers:
            if not wakeup.done():
                wakeup.set_result(None)

    def _send_message(self, request: _Request) -> JsonDict:
        user = self._reachable_chat(request)
        parse_mode = _parse_mode(request.get("parse_mode"))
        text = self._checked_text(request, "text", parse_mode)
        markup = _checked_markup(request.get("reply_markup"), self.limits)
        return self._deliver(user, text=text, parse_mode=parse_mode, reply_markup=markup)

    def _send_file(self, request: _Request, kind: str) -> JsonDict:
        user = self._reachable_chat(request)
        parse_mode = _parse_mode(request.get("parse_mode"))
        caption = self._checked_text(request, "caption", parse_mode)
        markup = _checked_markup(request.get("reply_markup"), self.limits)
        sent = self._file_to_send(request, kind)
        content = {"text": caption, "parse_mode": parse_mode, "reply_markup": markup}
        return self._deliver(user, **content, **{kind: sent})

    def _file_to_send(self, request: _Request, kind: str) -> SentFile:
        value = request.get(kind)
        if isinstance(value, str) and value.startswith("attach://"):
            upload = request.files.get(value.removeprefix("attach://"))
        elif value is None or value == "":
            upload = request.files.get(kind)
        else:
            existing = self._files.get(str(value))
            if existing is None:
                raise _bad_request("wrong file identifier/HTTP URL specified")
            if existing.kind != kind:
                raise _bad_request(f"can't use file of type {existing.kind} as {kind}")
            return existing
        if upload is None:
            raise _bad_request(f"there is no {kind} in the request")
        if not upload.data:
            raise _bad_request("file must be non-empty")
        file_name = upload.file_name if kind == "document" else None
        return self.store_file(kind, file_name, upload.mime_type, upload.data)

    def _edit_message_text(self, request: _Request) -> JsonDict:
        user, message = self._editable(request)
        parse_mode = _parse_mode(request.get("parse_mode"))
        text = self._checked_text(request, "text", parse_mode)
        markup = _checked_markup(request.get("reply_markup"), self.limits, inline_only=True)
        if message.media:
            raise _bad_request("there is no text in the message to edit")
        if text == message.text and _same_markup(markup, message.reply_markup):
            raise _bad_request(_NOT_MODIFIED)
        message.text, message.parse_mode, message.reply_markup = text, parse_mode, markup
        message.edit_date = self._now()
        return self._message_json(user, message)

    def _edit_message_reply_markup(self, request: _Request) -> JsonDict:
        user, message = self._editable(request)
        markup = _checked_markup(request.get("reply_markup"), self.limits, inline_only=True)
        if _same_markup(markup, message.reply_markup):
            raise _bad_request(_NOT_MODIFIED)
        message.reply_markup = markup
        message.edit_date = self._now()
        return self._message_json(user, message)

    def _delete_message(self, request: _Request) -> bool:
        user = self._chat(request)
        message_id = request.int_param("message_id", missing="message identifier is not specified")
        message = user.bot_message(message_id)
        if message is not None:
            message.deleted = True
            return True
        if user.delete_user_message(message_id):
            return True
        raise _bad_request("message to delete not found")

    def _answer_callback_query(self, request: _Request) -> bool:
        user = self._open_callbacks.pop(str(request.get("callback_query_id")), None)
        if user is None:
            raise _bad_request(
                "query is too old and response timeout expired or query ID is invalid"
            )
        text = request.get("text")
        user.callback_answers.append(str(text) if text else None)
        return True

    def _copy_message(self, request: _Request) -> JsonDict:
        user = self._reachable_chat(request)
        _source, content = self._content_of(request, "copy")
        del content["from_bot"], content["date"]
        if "caption" in request.params and any(kind in content for kind in FILE_KINDS):
            content["parse_mode"] = _parse_mode(request.get("parse_mode"))
            content["text"] = self._checked_text(request, "caption", content["parse_mode"])
        content["reply_markup"] = _checked_markup(request.get("reply_markup"), self.limits)
        copied = self._deliver(user, **content)
        return {"message_id": copied["message_id"]}

    def _forward_message(self, request: _Request) -> JsonDict:
        user = self._reachable_chat(request)
        source, content = self._content_of(request, "forward")
        sender = self.bot_json() if content.pop("from_bot") else source.user_json()
        original_date: datetime = content.pop("date")
        origin = {"type": "user", "sender_user": sender, "date": int(original_date.timestamp())}
        return self._deliver(user, forward_origin=origin, **content)

    def _send_chat_action(self, request: _Request) -> bool:
        self._reachable_chat(request)
        if request.get("action") not in _CHAT_ACTIONS:
            raise _bad_request("wrong parameter action in request")
        return True

    @staticmethod
    def _commands_key(request: _Request) -> tuple[str, str]:
        scope = request.get("scope") or {"type": "default"}
        return json.dumps(scope, sort_keys=True), str(request.get("language_code") or "")

    def _set_my_commands(self, request: _Request) -> bool:
        commands = request.get("commands")
        if not isinstance(commands, list):
            raise _bad_request('parameter "commands" is required')
        for command in commands:
            name = command.get("command") if isinstance(command, dict) else None
            if not isinstance(name, str) or not re.fullmatch(r"[a-z0-9_]{1,32}", name):
                raise _bad_request("BOT_COMMAND_INVALID")
            description = command.get("description")
            if not isinstance(description, str) or not 1 <= len(description) <= 256:
                raise _bad_request("command description is empty")
        self._commands[self._commands_key(request)] = [
            {"command": c["command"], "description": c["description"]} for c in commands
        ]
        return True

    def _get_my_commands(self, request: _Request) -> list[JsonDict]:
        return list(self._commands.get(self._commands_key(request), []))

    def _delete_my_commands(self, request: _Request) -> bool:
        self._commands.pop(self._commands_key(request), None)
        return True

    def _get_file(self, request: _Request) -> JsonDict:
        sent = self._files.get(str(request.get("file_id") or ""))
        if sent is None:
            raise _bad_request("invalid file_id")
        return {
            "file_id": sent.file_id,
            "file_unique_id": sent.file_unique_id,
            "file_size": len(sent.data),
            "file_path": sent.file_path,
        }


def _same_markup(new: JsonDict | None, current: JsonDict | None) -> bool:
    def normal(markup: JsonDict | None) -> JsonDict | None:
        inline = _inline_only(markup)
        return inline if inline is not None and inline["inline_keyboard"] else None

    return normal(new) == normal(current)


def _status_phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return f"Error {status}"


__all__ = [
    "FILE_KINDS",
    "ApiCall",
    "BotMessage",
    "FakeTelegram",
    "Limits",
    "SentFile",
    "SimUser",
    "UploadedFile",
    "decode_params",
    "html_visible_text",
]
