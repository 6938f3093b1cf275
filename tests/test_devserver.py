"""The fake Telegram acts like the Bot API over HTTP and in-process, so other tests can trust it."""

from __future__ import annotations

import asyncio
import datetime as dtm
import re
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import aiohttp
import pytest
from telegram import (
    Bot,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    Update,
)
from telegram.error import (
    BadRequest,
    Conflict,
    EndPointNotFound,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
)
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
)

from bot.devserver import FakeTelegram, LocalBotApiServer, SimUser
from bot.devserver.telegram import SAMPLE_JPEG, decode_params
from tests.fakes.recording_request import RecordingRequest, process_pending_updates

NOON = dtm.datetime(2025, 3, 4, 12, 0, tzinfo=dtm.UTC)


class ManualClock:
    """A monotonic clock that moves only when told to."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def monotonic() -> ManualClock:
    return ManualClock()


@pytest.fixture
def fake(monotonic: ManualClock) -> FakeTelegram:
    return FakeTelegram(clock=lambda: NOON, monotonic=monotonic)


@pytest.fixture
async def server(fake: FakeTelegram) -> AsyncIterator[LocalBotApiServer]:
    async with LocalBotApiServer(fake) as running:
        yield running


def http_bot(fake: FakeTelegram, server: LocalBotApiServer, token: str | None = None) -> Bot:
    return Bot(token or fake.token, base_url=server.base_url, base_file_url=server.base_file_url)


def in_process_bot(fake: FakeTelegram, token: str | None = None) -> Bot:
    return Bot(
        token or fake.token,
        request=RecordingRequest(fake),
        get_updates_request=RecordingRequest(fake),
    )


@pytest.fixture(params=["http", "in_process"])
async def make_bot(
    request: pytest.FixtureRequest, fake: FakeTelegram
) -> AsyncIterator[Callable[[str], Bot]]:
    """Builds Bots for a token, once over HTTP and once on RecordingRequest."""
    if request.param == "http":
        async with LocalBotApiServer(fake) as server:
            yield lambda token: http_bot(fake, server, token)
    else:
        yield lambda token: in_process_bot(fake, token)


@pytest.fixture
async def bot(fake: FakeTelegram, make_bot: Callable[[str], Bot]) -> AsyncIterator[Bot]:
    async with make_bot(fake.token) as made:
        yield made


def started(fake: FakeTelegram, user_id: int, first_name: str = "Ann") -> SimUser:
    """A user who has opened the chat, so the bot may write to them."""
    user = fake.user(user_id, first_name)
    user.send("/start")
    return user


def refused(fragment: str) -> str:
    """A match= pattern for a Bot API error (PTB drops "Bad Request: " and recases the rest)."""
    return f"(?i){re.escape(fragment)}"


def keyboard(*buttons: tuple[str, str]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(t, callback_data=d) for t, d in buttons]])


# --- shapes -------------------------------------------------------------------------------------


async def test_get_me_has_telegram_shape(fake: FakeTelegram, bot: Bot) -> None:
    """getMe answers ok/result with the bot's id, username and is_bot."""
    me = await bot.get_me()
    status, body = await fake.call("getMe", {})

    assert (me.id, me.username, me.is_bot) == (123456, "PeerCircleBot", True)
    assert status == 200
    assert body["ok"] is True
    assert body["result"]["username"] == "PeerCircleBot"


async def test_wrong_token_is_unauthorized(
    fake: FakeTelegram, make_bot: Callable[[str], Bot]
) -> None:
    """A token other than the fake's is refused with 401 Unauthorized."""
    with pytest.raises(InvalidToken):
        async with make_bot("999:WRONG"):  # starting a Bot calls getMe
            pass

    assert fake.calls[-1].status == 401


async def test_unknown_method_is_not_found(fake: FakeTelegram, bot: Bot) -> None:
    """A method Telegram does not have answers 404 Not Found."""
    with pytest.raises(EndPointNotFound):
        await bot.do_api_request("sendTelepathy")

    assert await fake.call("sendTelepathy", {}) == (
        404,
        {"ok": False, "error_code": 404, "description": "Not Found"},
    )


async def test_dates_come_from_the_injected_clock(fake: FakeTelegram, bot: Bot) -> None:
    """Message dates are whole seconds of the injected clock, on both sides of the chat."""
    user = started(fake, 1001)

    sent = await bot.send_message(1001, "Hello")

    assert sent.date == NOON
    assert user.last.date == NOON
    assert fake.take_updates()[0]["message"]["date"] == int(NOON.timestamp())


# --- updates ------------------------------------------------------------------------------------


async def test_long_poll_returns_as_soon_as_a_user_sends(
    fake: FakeTelegram, server: LocalBotApiServer
) -> None:
    """A waiting getUpdates returns the user's message at once, not at its timeout."""
    async with http_bot(fake, server) as bot:
        poll = asyncio.create_task(bot.get_updates(timeout=30))
        await asyncio.sleep(0.05)
        fake.user(1001).send("hello")

        updates = await asyncio.wait_for(poll, timeout=2)

    assert [update.message.text for update in updates if update.message] == ["hello"]


async def test_get_updates_honours_offset_and_timeout(
    fake: FakeTelegram, server: LocalBotApiServer
) -> None:
    """Updates below the offset are dropped for good; an empty poll lasts its timeout."""
    user = fake.user(1001)
    user.send("one")
    user.send("two")
    async with http_bot(fake, server) as bot:
        first, second = await bot.get_updates()
        after_offset = await bot.get_updates(offset=second.update_id)
        loop = asyncio.get_running_loop()
        started_at = loop.time()
        empty = await bot.get_updates(
            offset=second.update_id + 1, timeout=dtm.timedelta(milliseconds=200)
        )
        waited = loop.time() - started_at

    assert second.update_id == first.update_id + 1
    assert [update.update_id for update in after_offset] == [second.update_id]
    assert empty == ()
    assert 0.15 <= waited < 1.5
    assert fake.pending_updates == 0


async def test_new_get_updates_ends_an_older_one_with_conflict(
    fake: FakeTelegram, server: LocalBotApiServer
) -> None:
    """Two pollers at once: the older one gets 409 Conflict, as on Telegram."""
    async with http_bot(fake, server) as first, http_bot(fake, server) as second:
        older = asyncio.create_task(first.get_updates(timeout=30))
        await asyncio.sleep(0.05)
        await second.get_updates()

        with pytest.raises(Conflict):
            await asyncio.wait_for(older, timeout=2)


async def test_allowed_updates_filter_later_updates(fake: FakeTelegram, bot: Bot) -> None:
    """After getUpdates with allowed_updates, other kinds of update are not queued."""
    user = started(fake, 1001)
    await bot.send_message(1001, "Going?", reply_markup=keyboard(("Yes", "y")))
    await bot.get_updates(allowed_updates=["message"])

    user.press("Yes")
    user.send("hello")

    assert [list(u)[1] for u in fake.take_updates()] == ["message", "message"]


async def test_webhook_blocks_get_updates_until_deleted(fake: FakeTelegram, bot: Bot) -> None:
    """With a webhook set getUpdates is a Conflict; deleteWebhook clears it and its queue."""
    fake.user(1001).send("hi")
    await bot.set_webhook("https://example.org/hook")

    with pytest.raises(Conflict):
        await bot.get_updates()
    assert (await bot.get_webhook_info()).url == "https://example.org/hook"

    await bot.delete_webhook(drop_pending_updates=True)
    assert await bot.get_updates() == ()


async def test_start_payload_reaches_command_handler_over_http(
    fake: FakeTelegram, server: LocalBotApiServer
) -> None:
    """A polling Application sees `/start abc` as a command with args ["abc"]."""
    seen_args: list[list[str]] = []

    async def on_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        seen_args.append(list(context.args or []))
        assert update.effective_message is not None
        await update.effective_message.reply_text("Welcome")

    app = polling_app(fake, server)
    app.add_handler(CommandHandler("start", on_start))
    user = fake.user(1001)
    async with running(app):
        sent = user.send("/start abc")
        reply = await user.wait_for()

    assert sent["entities"] == [{"type": "bot_command", "offset": 0, "length": 6}]
    assert seen_args == [["abc"]]
    assert reply.text == "Welcome"


async def test_button_press_reaches_callback_handler_over_http(
    fake: FakeTelegram, server: LocalBotApiServer
) -> None:
    """Pressing an inline button delivers a callback query with data and chat_instance."""
    queries: list[CallbackQuery] = []

    async def on_start(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_text(
            "Coming on Tuesday?", reply_markup=keyboard(("Going", "rsvp:1:yes"))
        )

    async def on_press(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None
        queries.append(query)
        await query.answer("Thanks")
        await query.edit_message_text("You are going")

    app = polling_app(fake, server)
    app.add_handler(CommandHandler("start", on_start))
    app.add_handler(CallbackQueryHandler(on_press))
    user = fake.user(1001)
    async with running(app):
        user.send("/start")
        await user.wait_for()
        user.press("Going")
        await fake.wait_idle(quiet=0.1, timeout=5)

    (query,) = queries
    assert query.data == "rsvp:1:yes"
    assert query.chat_instance
    assert user.callback_answers == ["Thanks"]
    assert (user.last.text, user.last.edited, user.last.buttons) == ("You are going", True, [])


async def test_in_process_application_handles_commands_and_buttons(fake: FakeTelegram) -> None:
    """An Application on RecordingRequest gets the same updates through process_update."""
    seen: list[tuple[str, Any]] = []

    async def on_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        seen.append(("start", list(context.args or [])))
        assert update.effective_message is not None
        await update.effective_message.reply_text("Pick one", reply_markup=keyboard(("A", "a")))

    async def on_press(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.callback_query is not None
        seen.append(("press", update.callback_query.chat_instance))
        await update.callback_query.answer()

    app = (
        ApplicationBuilder()
        .token(fake.token)
        .request(RecordingRequest(fake))
        .get_updates_request(RecordingRequest(fake))
        .build()
    )
    app.add_handler(CommandHandler("start", on_start))
    app.add_handler(CallbackQueryHandler(on_press))
    user = fake.user(1001)
    async with app:
        user.send("/start xyz")
        assert await process_pending_updates(app, fake) == 1
        user.press("A")
        assert await process_pending_updates(app, fake) == 1

    assert seen == [("start", ["xyz"]), ("press", "7000000001001")]
    assert user.texts == ["Pick one"]
    assert user.callback_answers == [None]
    assert fake.pending_updates == 0


# --- messages -----------------------------------------------------------------------------------


async def test_send_edit_delete_show_in_the_inbox(fake: FakeTelegram, bot: Bot) -> None:
    """The user's inbox shows sends, edits and deletes in their current state."""
    user = started(fake, 1001)

    first = await bot.send_message(1001, "<b>Meeting</b> soon", parse_mode="HTML")
    second = await bot.send_message(1001, "Going?", reply_markup=keyboard(("Yes", "y")))
    edited = await bot.edit_message_text("Going? (answered)", 1001, second.message_id)
    await bot.delete_message(1001, first.message_id)

    assert (first.message_id, second.message_id) == (2, 3)  # the user's /start was 1
    assert isinstance(edited, type(second))
    assert edited.edit_date is not None
    assert [m.text for m in user.inbox] == ["<b>Meeting</b> soon", "Going? (answered)"]
    assert [m.deleted for m in user.inbox] == [True, False]
    assert user.texts == ["Going? (answered)"]
    assert user.last.buttons == []  # editing without reply_markup removes the keyboard
    assert fake.count("sendMessage") == 2


async def test_editing_to_the_same_content_is_not_modified(fake: FakeTelegram, bot: Bot) -> None:
    """Editing a message to its current text and keyboard is a 400, as on Telegram."""
    started(fake, 1001)
    sent = await bot.send_message(1001, "Same", reply_markup=keyboard(("Ok", "ok")))

    with pytest.raises(BadRequest, match=refused("message is not modified")):
        await bot.edit_message_text(
            "Same", 1001, sent.message_id, reply_markup=keyboard(("Ok", "ok"))
        )
    with pytest.raises(BadRequest, match=refused("message is not modified")):
        await bot.edit_message_reply_markup(
            1001, sent.message_id, reply_markup=keyboard(("Ok", "ok"))
        )


async def test_unknown_messages_cannot_be_edited_or_deleted(fake: FakeTelegram, bot: Bot) -> None:
    """Editing or deleting a message that is not there is a 400 'not found'."""
    user = started(fake, 1001)

    with pytest.raises(BadRequest, match=refused("message to edit not found")):
        await bot.edit_message_text("x", 1001, 99)
    with pytest.raises(BadRequest, match=refused("message to delete not found")):
        await bot.delete_message(1001, 99)
    with pytest.raises(BadRequest, match=refused("message can't be edited")):
        await bot.edit_message_text("x", 1001, 1)  # the user's own /start
    assert user.inbox == []


async def test_two_users_keep_separate_chats_and_ids(fake: FakeTelegram, bot: Bot) -> None:
    """Each private chat has its own inbox and its own message id sequence."""
    ann = started(fake, 1001, "Ann")
    bob = started(fake, 1002, "Bob")
    bob.send("hello")

    to_ann = await bot.send_message(1001, "Hi Ann")
    to_bob = await bot.send_message(1002, "Hi Bob")

    assert (to_ann.message_id, to_bob.message_id) == (2, 3)
    assert (ann.texts, bob.texts) == (["Hi Ann"], ["Hi Bob"])
    assert to_bob.chat.first_name == "Bob"
    assert fake.user(1001) is ann


async def test_reply_keyboard_is_shown_until_removed(fake: FakeTelegram, bot: Bot) -> None:
    """The user's keyboard follows ReplyKeyboardMarkup and ReplyKeyboardRemove."""
    user = started(fake, 1001)
    rows = [[KeyboardButton("Going"), KeyboardButton("Maybe")], [KeyboardButton("Can't come")]]

    sent = await bot.send_message(1001, "Coming?", reply_markup=ReplyKeyboardMarkup(rows))
    shown = user.keyboard
    await bot.send_message(1001, "Thanks", reply_markup=ReplyKeyboardRemove())

    assert shown == [["Going", "Maybe"], ["Can't come"]]
    assert user.keyboard is None
    assert sent.reply_markup is None  # Telegram echoes only inline keyboards


async def test_copy_and_forward_a_users_message(fake: FakeTelegram, bot: Bot) -> None:
    """A peer's photo can be copied or forwarded to another chat with its file."""
    peer = started(fake, 1001, "Ann")
    nurse = started(fake, 2001, "Nurse")
    photo = peer.send_photo(caption="my meter")

    copied = await bot.copy_message(2001, 1001, photo["message_id"])
    forwarded = await bot.forward_message(2001, 1001, photo["message_id"])

    assert copied.message_id == 2
    assert nurse.inbox[0].photo is not None
    assert nurse.inbox[0].photo.file_id == photo["photo"][-1]["file_id"]
    assert nurse.inbox[0].photo.data == SAMPLE_JPEG
    assert nurse.inbox[0].text == "my meter"
    assert forwarded.forward_origin is not None
    assert forwarded.caption == "my meter"
    assert nurse.inbox[1].forward_origin == {
        "type": "user",
        "sender_user": peer.user_json(),
        "date": int(NOON.timestamp()),
    }


# --- files --------------------------------------------------------------------------------------


async def test_document_and_photo_uploads_read_back_as_bytes(fake: FakeTelegram, bot: Bot) -> None:
    """Uploaded documents and photos keep their bytes, via the inbox and via getFile."""
    user = started(fake, 1001)

    doc = await bot.send_document(1001, b"date,venue\n", filename="dates.csv", caption="Dates")
    photo = await bot.send_photo(1001, b"\x89PNG fake image")
    assert doc.document is not None
    downloaded = await (await bot.get_file(doc.document.file_id)).download_as_bytearray()
    again = await bot.send_document(1001, doc.document.file_id)

    sent_doc = user.inbox[0].document
    assert sent_doc is not None
    assert (sent_doc.file_name, sent_doc.data) == ("dates.csv", b"date,venue\n")
    assert sent_doc.mime_type == "text/csv"
    assert user.inbox[0].text == "Dates"
    assert user.inbox[1].photo is not None
    assert user.inbox[1].photo.data == b"\x89PNG fake image"
    assert photo.photo[-1].file_id == user.inbox[1].photo.file_id
    assert bytes(downloaded) == b"date,venue\n"
    assert again.document is not None
    assert again.document.file_id == doc.document.file_id


async def test_a_users_document_can_be_downloaded(fake: FakeTelegram, bot: Bot) -> None:
    """A file a user sent is fetched through getFile and the file URL."""
    user = fake.user(1001)
    message = user.send_document("notes.txt", b"my notes")

    file = await bot.get_file(message["document"]["file_id"])

    assert bytes(await file.download_as_bytearray()) == b"my notes"
    with pytest.raises(BadRequest, match=refused("invalid file_id")):
        await bot.get_file("no-such-file")


async def test_unknown_file_id_cannot_be_sent(fake: FakeTelegram, bot: Bot) -> None:
    """A made-up file_id is refused like Telegram does."""
    started(fake, 1001)

    with pytest.raises(BadRequest, match=refused("wrong file identifier")):
        await bot.send_document(1001, "made-up-id")


# --- limits and errors --------------------------------------------------------------------------


async def test_text_over_4096_characters_is_refused(fake: FakeTelegram, bot: Bot) -> None:
    """4096 characters go through, 4097 are a 400 'message is too long'."""
    user = started(fake, 1001)

    await bot.send_message(1001, "x" * 4096)
    with pytest.raises(BadRequest, match=refused("message is too long")):
        await bot.send_message(1001, "x" * 4097)
    assert len(user.inbox) == 1


async def test_callback_data_over_64_bytes_is_refused(fake: FakeTelegram, bot: Bot) -> None:
    """Callback data of 64 bytes is fine, 65 is BUTTON_DATA_INVALID."""
    started(fake, 1001)

    await bot.send_message(1001, "ok", reply_markup=keyboard(("A", "a" * 64)))
    with pytest.raises(BadRequest, match=refused("BUTTON_DATA_INVALID")):
        await bot.send_message(1001, "too long", reply_markup=keyboard(("A", "a" * 65)))


async def test_malformed_html_is_refused_and_good_html_kept(fake: FakeTelegram, bot: Bot) -> None:
    """Unclosed or unknown tags fail to parse; allowed HTML is stored with its tags."""
    user = started(fake, 1001)

    for broken in ["<b>unclosed", "<blink>no</blink>", "<b><i>x</b></i>", "1 < 2"]:
        with pytest.raises(BadRequest, match=refused("can't parse entities")):
            await bot.send_message(1001, broken, parse_mode="HTML")
    await bot.send_message(
        1001,
        '<b>Hi</b> <a href="https://nhs.uk">NHS</a> &amp; <span class="tg-spoiler">x</span>',
        parse_mode="HTML",
    )

    assert user.texts == [
        '<b>Hi</b> <a href="https://nhs.uk">NHS</a> &amp; <span class="tg-spoiler">x</span>'
    ]


async def test_empty_text_and_unknown_chat_are_bad_requests(fake: FakeTelegram, bot: Bot) -> None:
    """No text, or a chat that never wrote to the bot, are 400s with Telegram's wording."""
    fake.user(1001)  # exists, but has never written to the bot
    started(fake, 1002)

    with pytest.raises(BadRequest, match=refused("chat not found")):
        await bot.send_message(1001, "hello")
    with pytest.raises(BadRequest, match=refused("message text is empty")):
        await bot.send_message(1002, "")
    with pytest.raises(BadRequest, match=refused("message text is empty")):
        await bot.send_message(1002, "<b> </b>", parse_mode="HTML")


async def test_blocked_user_is_forbidden(fake: FakeTelegram, bot: Bot) -> None:
    """Sending to a user who blocked the bot is 403; unblocking makes them reachable again."""
    user = started(fake, 1001)
    user.block()

    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(1001, "Reminder")
    statuses = [u["my_chat_member"]["new_chat_member"]["status"] for u in fake.take_updates()[1:]]
    user.unblock()
    await bot.send_message(1001, "Welcome back")

    assert statuses == ["kicked"]
    assert user.texts == ["Welcome back"]


async def test_flood_overall_limit_raises_retry_after(
    fake: FakeTelegram, bot: Bot, monotonic: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The 31st send within one second is a 429 with retry_after; a second later sends work."""
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    for user_id in range(1, 32):
        started(fake, user_id)
    fake.limits.flood = True

    for user_id in range(1, 31):
        await bot.send_message(user_id, "Reminder")
    with pytest.raises(RetryAfter) as refused:
        await bot.send_message(31, "Reminder")
    monotonic.advance(1.0)
    await bot.send_message(31, "Reminder")

    assert refused.value.retry_after == dtm.timedelta(seconds=1)
    assert [call.status for call in fake.calls if call.method == "sendMessage"][-2:] == [429, 200]
    assert fake.count("sendMessage") == 31


async def test_flood_chat_burst_raises_retry_after(
    fake: FakeTelegram, bot: Bot, monotonic: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A private chat takes a burst of 3, then about one message a second."""
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    user = started(fake, 1001)
    fake.limits.flood = True

    for n in range(3):
        await bot.send_message(1001, f"part {n}")
    with pytest.raises(RetryAfter) as refused:
        await bot.send_message(1001, "part 3")
    monotonic.advance(1.0)
    await bot.send_message(1001, "part 3")

    assert refused.value.retry_after == dtm.timedelta(seconds=1)
    assert len(user.texts) == 4


async def test_flood_limits_are_off_by_default(fake: FakeTelegram, bot: Bot) -> None:
    """Without `limits.flood` a burst to one chat is never refused."""
    user = started(fake, 1001)

    for n in range(10):
        await bot.send_message(1001, f"part {n}")

    assert len(user.texts) == 10


async def test_dropped_connection_raises_network_error(fake: FakeTelegram, bot: Bot) -> None:
    """fail_next(status=0) fails the next call with NetworkError; the one after succeeds."""
    user = started(fake, 1001)
    fake.fail_next("sendMessage", status=0)

    with pytest.raises(NetworkError):
        await bot.send_message(1001, "lost")
    await bot.send_message(1001, "delivered")

    assert user.texts == ["delivered"]
    assert [call.status for call in fake.calls if call.method == "sendMessage"] == [0, 200]


async def test_injected_errors_come_back_as_telegram_errors(
    fake: FakeTelegram, bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """fail_next injects 429 with retry_after, 403 and 400 for the next calls only."""
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    started(fake, 1001)
    fake.fail_next("sendMessage", status=429, retry_after=7)
    fake.fail_next("sendMessage", status=403)
    fake.fail_next("sendmessage", status=400, description="Bad Request: chat not found")

    with pytest.raises(RetryAfter) as limited:
        await bot.send_message(1001, "a")
    with pytest.raises(Forbidden):
        await bot.send_message(1001, "b")
    with pytest.raises(BadRequest, match=refused("chat not found")):
        await bot.send_message(1001, "c")
    await bot.send_message(1001, "d")

    assert limited.value.retry_after == dtm.timedelta(seconds=7)
    with pytest.raises(ValueError, match="unknown Bot API method"):
        fake.fail_next("sendTelepathy")


async def test_answering_a_callback_twice_is_refused(fake: FakeTelegram, bot: Bot) -> None:
    """A callback query is answered once; a second answer is the 'query is too old' 400."""
    user = started(fake, 1001)
    await bot.send_message(1001, "Going?", reply_markup=keyboard(("Yes", "y")))
    query = user.press("Yes")

    await bot.answer_callback_query(query["id"], text="Noted")
    with pytest.raises(BadRequest, match=refused("query is too old")):
        await bot.answer_callback_query(query["id"])

    assert user.callback_answers == ["Noted"]


async def test_commands_are_set_read_and_deleted(bot: Bot) -> None:
    """setMyCommands stores the menu that getMyCommands returns until deleteMyCommands."""
    await bot.set_my_commands([("start", "Start"), ("help", "Help")])
    commands = await bot.get_my_commands()
    await bot.delete_my_commands()

    assert [(c.command, c.description) for c in commands] == [("start", "Start"), ("help", "Help")]
    assert await bot.get_my_commands() == ()
    with pytest.raises(BadRequest, match=refused("BOT_COMMAND_INVALID")):
        await bot.set_my_commands([("Start Now", "bad")])


# --- the user side ------------------------------------------------------------------------------


async def test_press_finds_the_newest_message_with_that_button(
    fake: FakeTelegram, bot: Bot
) -> None:
    """press() uses the newest message showing the label and explains when there is none."""
    user = started(fake, 1001)
    await bot.send_message(1001, "Old", reply_markup=keyboard(("Going", "old")))
    await bot.send_message(1001, "New", reply_markup=keyboard(("Going", "new"), ("Maybe", "m")))
    fake.take_updates()

    query = user.press("Going")
    forged = user.press_data("rsvp:999:yes")

    assert query["data"] == "new"
    assert query["message"]["text"] == "New"
    assert forged["data"] == "rsvp:999:yes"
    assert fake.pending_updates == 2
    with pytest.raises(LookupError, match="no inline button 'Nope'"):
        user.press("Nope")


async def test_wait_for_counts_new_messages_only(fake: FakeTelegram, bot: Bot) -> None:
    """wait_for returns once n new messages arrived since the last wait and times out clearly."""
    user = started(fake, 1001)
    await bot.send_message(1001, "one")
    await bot.send_message(1001, "two")

    newest = await user.wait_for(2, timeout=0.1)
    with pytest.raises(TimeoutError, match="expected 1 new message"):
        await user.wait_for(timeout=0.05)

    assert newest.text == "two"


def test_user_messages_look_like_telegram(fake: FakeTelegram) -> None:
    """User messages carry from, chat, date and per-chat ids; long texts split like the apps."""
    user = fake.user(1001, "Ann", username="ann")
    command = user.send("/start@PeerCircleBot token")
    sticker = user.send_sticker()
    voice = user.send_voice()
    last = user.send("y" * 5000)

    updates = fake.take_updates()
    assert [u["update_id"] for u in updates] == [1, 2, 3, 4, 5]
    assert command["entities"][0]["length"] == len("/start@PeerCircleBot")
    assert command["chat"] == {
        "id": 1001,
        "type": "private",
        "first_name": "Ann",
        "username": "ann",
    }
    assert sticker["sticker"]["type"] == "regular"
    assert voice["voice"]["mime_type"] == "audio/ogg"
    assert len(updates[3]["message"]["text"]) == 4096
    assert (last["message_id"], len(last["text"])) == (5, 904)


def test_blocked_user_cannot_write(fake: FakeTelegram) -> None:
    """A user who blocked the bot must unblock before sending, as in the apps."""
    user = fake.user(1001)
    user.send("hi")
    user.block()

    with pytest.raises(RuntimeError, match="unblock"):
        user.send("hello?")


def test_form_values_are_decoded_by_parameter_type() -> None:
    """Numbers, booleans and JSON objects are decoded; texts stay strings even if numeric."""
    decoded = decode_params(
        {
            "chat_id": "42",
            "text": "42",
            "disable_notification": "true",
            "reply_markup": '{"inline_keyboard": []}',
            "timeout": "0.5",
        }
    )

    assert decoded == {
        "chat_id": 42,
        "text": "42",
        "disable_notification": True,
        "reply_markup": {"inline_keyboard": []},
        "timeout": 0.5,
    }


# --- the HTTP server itself ---------------------------------------------------------------------


async def test_server_accepts_json_bodies_and_get_queries(
    fake: FakeTelegram, server: LocalBotApiServer
) -> None:
    """Besides PTB's forms, JSON bodies and GET query strings reach the same methods."""
    user = started(fake, 1001)
    api = f"{server.base_url}{fake.token}"
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{api}/getMe") as response:
            me = await response.json()
        async with session.post(
            f"{api}/sendMessage",
            json={
                "chat_id": 1001,
                "text": "hi",
                "reply_markup": {"inline_keyboard": [[{"text": "A", "callback_data": "a"}]]},
            },
        ) as response:
            sent = await response.json()
        async with session.get(f"{server.base_url}x/nope/deeper") as response:
            unknown = (response.status, await response.json())

    assert me["result"]["id"] == 123456
    assert sent["result"]["reply_markup"]["inline_keyboard"][0][0]["text"] == "A"
    assert user.last.buttons == [["A"]]
    assert unknown == (404, {"ok": False, "error_code": 404, "description": "Not Found"})


def test_server_refuses_to_bind_beyond_loopback(fake: FakeTelegram) -> None:
    """The server binds 127.0.0.1 only."""
    with pytest.raises(ValueError, match=r"127\.0\.0\.1"):
        LocalBotApiServer(fake, host="0.0.0.0")


async def test_server_stops_promptly_during_a_long_poll(
    fake: FakeTelegram, monotonic: ManualClock
) -> None:
    """Stopping the server ends a waiting getUpdates instead of waiting for its timeout."""
    server = LocalBotApiServer(fake)
    await server.start()
    async with http_bot(fake, server) as bot:
        poll = asyncio.create_task(bot.get_updates(timeout=30))
        await asyncio.sleep(0.05)
        loop = asyncio.get_running_loop()
        started_at = loop.time()
        await server.stop()
        stopped_in = loop.time() - started_at
        result = await asyncio.wait_for(poll, timeout=2)

    assert stopped_in < 1.0
    assert result == ()


# --- helpers for Applications polling over HTTP -------------------------------------------------


def polling_app(
    fake: FakeTelegram, server: LocalBotApiServer
) -> Application[Any, Any, Any, Any, Any, Any]:
    return (
        ApplicationBuilder()
        .token(fake.token)
        .base_url(server.base_url)
        .base_file_url(server.base_file_url)
        .build()
    )


@asynccontextmanager
async def running(app: Application[Any, Any, Any, Any, Any, Any]) -> AsyncIterator[None]:
    """Runs an Application's polling for the duration of an `async with` block."""
    assert app.updater is not None
    async with app:
        await app.updater.start_polling(timeout=5, poll_interval=0)
        await app.start()
        try:
            yield
        finally:
            await app.updater.stop()
            await app.stop()
