"""The one way the bot puts a message in a chat.

Flood limits and `RetryAfter` are handled below this, by bot.ratelimit. Here: network errors
are retried with backoff, a user who blocked the bot is reported once through `on_blocked`
(never retried), and anything Telegram rejects is reported instead of raised, so a caller
can record what happened to each message.

Telegram misbehaving (errors 5xx, time-outs, dropped lines, answers that are not JSON, flood
limits that outlast the retries) ends as UNAVAILABLE: try again later. It is logged once per
period by `health` (bot.health), not once per message, and while Telegram is down altogether
each send is tried once instead of several times. A chat that keeps failing with "chat not
found" is treated like one that blocked the bot: after CHAT_GONE_AFTER tries in a row.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import StrEnum

from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    KeyboardButton,
    LinkPreviewOptions,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)
from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError

from bot.messages import MAX_CAPTION, MAX_TEXT, Attachment, Button, OutMessage
from bot.telegram_health import TelegramHealth, transient_cause

log = logging.getLogger(__name__)

ReplyMarkup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove
CHAT_GONE_AFTER = 3  # "chat not found" this many times in a row: stop writing to that chat
_CHAT_NOT_FOUND = "chat not found"


class Outcome(StrEnum):
    SENT = "sent"
    BLOCKED = "blocked"  # the person blocked the bot: do not try again
    REJECTED = "rejected"  # Telegram refused this message: retrying will not help
    UNAVAILABLE = "unavailable"  # network trouble or flood limits: try again later


@dataclass(frozen=True)
class SendResult:
    outcome: Outcome
    message_id: int | None = None
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.outcome is Outcome.SENT


BlockedHandler = Callable[[int], Awaitable[None]]


class Outbound:
    """Sends OutMessages to chats, reliably and within Telegram's limits."""

    def __init__(
        self,
        bot: Bot,
        *,
        network_attempts: int = 4,
        backoff_seconds: float = 0.5,
        health: TelegramHealth | None = None,
    ) -> None:
        self._bot = bot
        self._attempts = network_attempts
        self._backoff = backoff_seconds
        self.health = health or TelegramHealth()
        self.on_blocked: BlockedHandler | None = None
        self._not_found: dict[int, int] = {}  # chat -> "chat not found" answers in a row

    async def send(self, chat_id: int, message: OutMessage) -> SendResult:
        """Send a message (and its file, if any) to a chat."""
        return await self._call(chat_id, lambda: self._send_once(chat_id, message))

    async def edit(self, chat_id: int, message_id: int, message: OutMessage) -> SendResult:
        """Replace the text and inline buttons of a message the bot sent earlier."""
        return await self._call(chat_id, lambda: self._edit_once(chat_id, message_id, message))

    async def edit_buttons(
        self, chat_id: int, message_id: int, rows: tuple[tuple[Button, ...], ...]
    ) -> SendResult:
        """Replace only the inline buttons of a message the bot sent earlier (text untouched)."""
        markup = reply_markup(OutMessage(" ", buttons=rows)) if rows else None
        inline = markup if isinstance(markup, InlineKeyboardMarkup) else None
        return await self._call(
            chat_id,
            lambda: self._bot.edit_message_reply_markup(
                chat_id=chat_id, message_id=message_id, reply_markup=inline
            ),
        )

    async def _call(  # noqa: PLR0911 - one return per way a send can end
        self, chat_id: int, attempt: Callable[[], Awaitable[Message | bool]]
    ) -> SendResult:
        delay = self._backoff
        # While Telegram (or this chat) is failing, one try is enough: the caller keeps the
        # message for later, and the bot is not held up retrying.
        failing = self.health.down or self.health.is_failing(chat_id)
        attempts = 1 if failing else self._attempts
        for number in range(1, attempts + 1):
            try:
                sent = await attempt()
            except Forbidden:
                log.info("A chat has blocked the bot")
                await self._gone(chat_id)
                return SendResult(Outcome.BLOCKED)
            except BadRequest as exc:
                if "message is not modified" in exc.message.lower():
                    return SendResult(Outcome.SENT)
                if _CHAT_NOT_FOUND in exc.message.lower():
                    return await self._chat_not_found(chat_id)
                log.warning("Telegram rejected a message: %s", exc.message)
                return SendResult(Outcome.REJECTED, detail=exc.message)
            except TelegramError as exc:
                cause = transient_cause(exc)
                if cause is None:
                    log.warning("Telegram error while sending: %s", type(exc).__name__)
                    return SendResult(Outcome.REJECTED, detail=str(exc))
                # A flood limit was already waited out below (bot.ratelimit); the rest may pass.
                retry = number < attempts and not isinstance(exc, RetryAfter)
                if not retry or self.health.down:
                    log.debug("Could not send (%s); will try again later", cause)
                    return SendResult(Outcome.UNAVAILABLE, detail=cause)
                await asyncio.sleep(delay)
                delay *= 2
            else:
                self._not_found.pop(chat_id, None)
                message_id = sent.message_id if isinstance(sent, Message) else None
                return SendResult(Outcome.SENT, message_id=message_id)
        raise AssertionError("unreachable")  # pragma: no cover

    async def _chat_not_found(self, chat_id: int) -> SendResult:
        """Once or twice may be Telegram's hiccup: try later. Every time: like a block."""
        count = self._not_found.get(chat_id, 0) + 1
        if count < CHAT_GONE_AFTER:
            self._not_found[chat_id] = count
            log.debug("Chat not found (%d in a row); will try again later", count)
            return SendResult(Outcome.UNAVAILABLE, detail=_CHAT_NOT_FOUND)
        log.info("A chat was not found %d times in a row; treating it as blocked", count)
        await self._gone(chat_id)
        return SendResult(Outcome.BLOCKED, detail=_CHAT_NOT_FOUND)

    async def _gone(self, chat_id: int) -> None:
        self._not_found.pop(chat_id, None)
        if self.on_blocked is not None:
            await self.on_blocked(chat_id)

    async def _send_once(self, chat_id: int, message: OutMessage) -> Message:
        markup = reply_markup(message)
        text = _clip(message.text, MAX_TEXT)
        attachment = message.attachment
        if attachment is None:
            return await self._bot.send_message(
                chat_id,
                text,
                reply_markup=markup,
                link_preview_options=LinkPreviewOptions(is_disabled=message.disable_preview),
            )
        caption = attachment.caption
        if caption is None and len(text) <= MAX_CAPTION:
            caption, text = text, ""
        if text:
            await self._bot.send_message(
                chat_id,
                text,
                link_preview_options=LinkPreviewOptions(is_disabled=message.disable_preview),
            )
        return await self._send_file(chat_id, attachment, _clip(caption or "", MAX_CAPTION), markup)

    async def _send_file(
        self, chat_id: int, attachment: Attachment, caption: str, markup: ReplyMarkup | None
    ) -> Message:
        payload: InputFile | str
        if attachment.file_id is not None:
            payload = attachment.file_id
        else:
            if attachment.data is None:
                raise RuntimeError("missing: attachment.data")
            payload = InputFile(attachment.data, filename=attachment.filename)
        caption_or_none = caption or None
        if attachment.kind == "photo":
            return await self._bot.send_photo(
                chat_id, payload, caption=caption_or_none, reply_markup=markup
            )
        if attachment.kind == "voice":
            return await self._bot.send_voice(
                chat_id, payload, caption=caption_or_none, reply_markup=markup
            )
        return await self._bot.send_document(
            chat_id,
            payload,
            caption=caption_or_none,
            reply_markup=markup,
            filename=attachment.filename,
        )

    async def _edit_once(
        self, chat_id: int, message_id: int, message: OutMessage
    ) -> Message | bool:
        markup = reply_markup(message)
        return await self._bot.edit_message_text(
            _clip(message.text, MAX_TEXT),
            chat_id=chat_id,
            message_id=message_id,
            reply_markup=markup if isinstance(markup, InlineKeyboardMarkup) else None,
            link_preview_options=LinkPreviewOptions(is_disabled=message.disable_preview),
        )


def reply_markup(message: OutMessage) -> ReplyMarkup | None:
    """Telegram's markup for a message: inline buttons, a big-button menu, or removal."""
    if message.buttons:
        return InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton(b.label, callback_data=b.data)
                    if b.data is not None
                    else InlineKeyboardButton(b.label, url=b.url)
                    for b in row
                ]
                for row in message.buttons
            ]
        )
    if message.menu is not None:
        return ReplyKeyboardMarkup(
            [[KeyboardButton(label) for label in row] for row in message.menu],
            resize_keyboard=True,
            is_persistent=True,
        )
    if message.remove_menu:
        return ReplyKeyboardRemove()
    return None


def _clip(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    log.warning("Clipped a message of %d characters to %d", len(text), limit)
    return text[: limit - 1] + "…"
