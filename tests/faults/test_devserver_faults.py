"""The local Bot API server's fault windows, as python-telegram-bot sees them over HTTP."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from telegram import Bot
from telegram.error import BadRequest, NetworkError, RetryAfter, TelegramError, TimedOut
from telegram.request import HTTPXRequest

from bot.devserver import FakeTelegram, Fault, LocalBotApiServer

TOKEN = "123456:TEST"
ALICE, BOB = 1001, 1002


@pytest.fixture
async def telegram() -> FakeTelegram:
    fake = FakeTelegram(token=TOKEN)
    for user_id in (ALICE, BOB):
        fake.user(user_id).has_chat = True
    return fake


@pytest.fixture
async def bot(telegram: FakeTelegram) -> AsyncIterator[Bot]:
    async with LocalBotApiServer(telegram) as server:
        request = HTTPXRequest(read_timeout=0.3, connect_timeout=1.0)
        async with Bot(TOKEN, base_url=server.base_url, request=request) as client:
            yield client


@pytest.mark.parametrize(
    ("fault", "error"),
    [
        (Fault.FLOOD, RetryAfter),
        (Fault.SERVER_ERROR, NetworkError),
        (Fault.BAD_GATEWAY, NetworkError),
        (Fault.TIMEOUT, TimedOut),
        (Fault.DROP, NetworkError),
        (Fault.MALFORMED, TelegramError),
        (Fault.CHAT_NOT_FOUND, BadRequest),
    ],
)
async def test_each_fault_reaches_the_client_as_telegram_would_fail(
    telegram: FakeTelegram, bot: Bot, fault: Fault, error: type[Exception]
) -> None:
    window = telegram.inject(fault, seconds=0.8, retry_after=2)
    with pytest.raises(error) as raised:
        await bot.send_message(ALICE, "during")
    if fault is Fault.FLOOD:
        assert isinstance(raised.value, RetryAfter)
        assert raised.value.retry_after.total_seconds() == 2  # type: ignore[union-attr]
    if fault is Fault.MALFORMED:
        assert "Invalid server response" in str(raised.value)
    assert telegram.user(ALICE).texts == []  # a failed call is not carried out
    assert window.hits == 1
    await asyncio.sleep(0.85)  # the window ends by itself
    await bot.send_message(ALICE, "after")
    assert telegram.user(ALICE).texts == ["after"]
    assert telegram.faults == []


async def test_a_chat_scoped_fault_spares_other_chats_and_polling(
    telegram: FakeTelegram, bot: Bot
) -> None:
    telegram.inject(Fault.BAD_GATEWAY, chats={ALICE})
    with pytest.raises(NetworkError):
        await bot.send_message(ALICE, "to Alice")
    await bot.send_message(BOB, "to Bob")
    assert await bot.get_updates(timeout=0) == ()
    assert telegram.user(BOB).texts == ["to Bob"]
    telegram.clear_faults()
    await bot.send_message(ALICE, "to Alice")
    assert telegram.user(ALICE).texts == ["to Alice"]


async def test_a_chat_scoped_fault_covers_that_users_button_answers(
    telegram: FakeTelegram, bot: Bot
) -> None:
    message = await bot.send_message(ALICE, "Tap", reply_markup=None)
    query = telegram.user(ALICE).press_data("x", message_id=message.message_id)
    telegram.inject(Fault.SERVER_ERROR, chats={ALICE})
    with pytest.raises(NetworkError):
        await bot.answer_callback_query(query["id"])
    telegram.clear_faults()
    assert await bot.answer_callback_query(query["id"])


async def test_a_method_scoped_fault_and_the_record_of_calls(
    telegram: FakeTelegram, bot: Bot
) -> None:
    telegram.inject(Fault.SERVER_ERROR, methods=["sendMessage"])
    await bot.get_me()
    with pytest.raises(NetworkError):
        await bot.send_message(ALICE, "x")
    assert telegram.count("sendMessage") == 0
    failed = [call for call in telegram.calls if call.fault is not None]
    assert [(call.method, call.status, call.fault) for call in failed] == [
        ("sendMessage", 500, Fault.SERVER_ERROR)
    ]
    with pytest.raises(ValueError, match="unknown Bot API method"):
        telegram.inject(Fault.DROP, methods=["sendTelepathy"])


async def test_a_malformed_answer_is_not_counted_as_sent(telegram: FakeTelegram, bot: Bot) -> None:
    telegram.inject(Fault.MALFORMED)
    with pytest.raises(TelegramError):
        await bot.send_message(ALICE, "x")
    sends = [call for call in telegram.calls if call.method == "sendMessage"]
    assert [(call.status, call.fault) for call in sends] == [(200, Fault.MALFORMED)]
    assert telegram.count("sendMessage") == 0


async def test_chat_not_found_lasts_until_cleared(telegram: FakeTelegram, bot: Bot) -> None:
    telegram.inject(Fault.CHAT_NOT_FOUND, chats={BOB})
    for _ in range(3):
        with pytest.raises(BadRequest, match=r"(?i)chat not found"):
            await bot.send_message(BOB, "x")
    await bot.send_message(ALICE, "fine")
    assert len(telegram.faults) == 1
