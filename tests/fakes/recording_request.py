"""A python-telegram-bot request object that answers in-process from a FakeTelegram.

The fast test layer: a real `Application` whose Bot API calls never touch a socket.

    fake = FakeTelegram()
    app = (ApplicationBuilder().token(fake.token).request(RecordingRequest(fake))
           .get_updates_request(RecordingRequest(fake)).build())
    fake.user(1001).send("/start")
    async with app:
        await process_pending_updates(app, fake)
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import unquote

from telegram import Update
from telegram.error import NetworkError, TimedOut
from telegram.ext import Application
from telegram.request import BaseRequest, RequestData

from bot.devserver.faults import reply_bytes
from bot.devserver.telegram import FakeTelegram, UploadedFile

_API_URL = re.compile(r"/bot(?P<token>[^/]+)/(?P<method>[^/?]+)$")
_FILE_URL = re.compile(r"/file/bot(?P<token>[^/]+)/(?P<file_path>.+)$")
_NOT_FOUND = json.dumps({"ok": False, "error_code": 404, "description": "Not Found"}).encode()


class RecordingRequest(BaseRequest):
    """Sends each Bot API call straight to `telegram.call`; FakeTelegram.calls records them."""

    def __init__(self, telegram: FakeTelegram) -> None:
        self.telegram = telegram

    @property
    def read_timeout(self) -> float | None:
        return None

    async def initialize(self) -> None:
        """Nothing to open: there is no connection."""

    async def shutdown(self) -> None:
        """Nothing to close: there is no connection."""

    # The signature is BaseRequest's, positional arguments and all.
    async def do_request(  # noqa: PLR0917
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """Answer like the HTTP server would, from the same FakeTelegram."""
        file_url = _FILE_URL.search(url)
        if file_url:
            # PTB percent-encodes the token in file URLs.
            data = self.telegram.download(
                unquote(file_url["file_path"]), token=unquote(file_url["token"])
            )
            return (404, _NOT_FOUND) if data is None else (200, data)
        api_url = _API_URL.search(url)
        if api_url is None:
            return 404, _NOT_FOUND
        # The wire form (JSON text for objects), so decoding is exercised as over HTTP.
        params = request_data.json_parameters if request_data else {}
        files = _uploaded_files(request_data) if request_data else {}
        reply = await self.telegram.reply(api_url["method"], params, files, token=api_url["token"])
        if reply.hold > 0:
            # No socket to wait on: the client's read timeout fires at once.
            raise TimedOut("the fake Telegram did not answer (injected time-out)")
        if reply.dropped:
            raise NetworkError("connection dropped by the fake Telegram (injected failure)")
        return reply.status, reply_bytes(reply)


def _uploaded_files(request_data: RequestData) -> dict[str, UploadedFile]:
    files = {}
    for name, (file_name, content, mime_type) in request_data.multipart_data.items():
        data = content if isinstance(content, bytes) else content.read()
        files[name] = UploadedFile(file_name=file_name, data=data, mime_type=mime_type)
    return files


async def process_pending_updates(
    application: Application[Any, Any, Any, Any, Any, Any], telegram: FakeTelegram
) -> int:
    """Feed every queued update to `application.process_update`; how many there were."""
    updates = telegram.take_updates()
    for data in updates:
        await application.process_update(Update.de_json(data, application.bot))
    return len(updates)
