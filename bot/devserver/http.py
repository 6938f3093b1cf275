"""The local Bot API server: an aiohttp front for a FakeTelegram, on 127.0.0.1 only.

python-telegram-bot talks to it unmodified with `base_url=server.base_url` and
`base_file_url=server.base_file_url`.
"""

from __future__ import annotations

import asyncio
import json
import socket
from types import TracebackType
from typing import Any

from aiohttp import web

from bot.devserver.faults import Reply, reply_bytes
from bot.devserver.telegram import FakeTelegram, UploadedFile

_LOOPBACK = "127.0.0.1"
_MAX_UPLOAD_BYTES = 50 * 1024 * 1024  # Telegram's limit for bot uploads
_NOT_FOUND = {"ok": False, "error_code": 404, "description": "Not Found"}


class LocalBotApiServer:
    """Serves the Bot API (`/bot<token>/<method>`) and file downloads over HTTP."""

    def __init__(self, telegram: FakeTelegram, *, host: str = _LOOPBACK, port: int = 0) -> None:
        if host != _LOOPBACK:
            raise ValueError("the local Bot API server only binds 127.0.0.1")
        self.telegram = telegram
        self._host = host
        self._requested_port = port
        self._port: int | None = None
        self._runner: web.AppRunner | None = None

    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("the server is not started")
        return self._port

    @property
    def base_url(self) -> str:
        """python-telegram-bot's `base_url` (it appends the token)."""
        return f"http://{_LOOPBACK}:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        """python-telegram-bot's `base_file_url` (it appends the token)."""
        return f"http://{_LOOPBACK}:{self.port}/file/bot"

    async def start(self) -> None:
        if self._runner is not None:
            raise RuntimeError("the server is already started")
        app = web.Application(client_max_size=_MAX_UPLOAD_BYTES)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_get("/file/bot{token}/{file_path:.+}", self._handle_file)
        app.router.add_route("*", "/{tail:.*}", self._handle_unknown)
        # No access log: URLs carry the token and GET parameters may carry message texts.
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self._host, self._requested_port))
        await web.SockSite(runner, sock).start()
        self._port = sock.getsockname()[1]
        self._runner = runner

    async def stop(self) -> None:
        if self._runner is None:
            return
        # Long polls would otherwise hold the shutdown until their timeout.
        self.telegram.release_long_polls()
        await self._runner.cleanup()
        self._runner = None
        self._port = None

    async def __aenter__(self) -> LocalBotApiServer:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.stop()

    async def _handle_api(self, request: web.Request) -> web.StreamResponse:
        params, files = await _read_params(request)
        reply = await self.telegram.reply(
            request.match_info["method"], params, files, token=request.match_info["token"]
        )
        return await _answer(request, reply)

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        data = self.telegram.download(
            request.match_info["file_path"], token=request.match_info["token"]
        )
        if data is None:
            return web.json_response(_NOT_FOUND, status=404)
        return web.Response(body=data, content_type="application/octet-stream")

    async def _handle_unknown(self, _request: web.Request) -> web.StreamResponse:
        return web.json_response(_NOT_FOUND, status=404)


async def _read_params(request: web.Request) -> tuple[dict[str, Any], dict[str, UploadedFile]]:
    """Query string plus a JSON, form-urlencoded or multipart body, as Telegram accepts."""
    params: dict[str, Any] = dict(request.query)
    files: dict[str, UploadedFile] = {}
    if request.content_type == "application/json":
        body = await request.read()
        if body:
            decoded = json.loads(body)
            if isinstance(decoded, dict):
                params.update(decoded)
    elif request.method == "POST":
        for name, value in (await request.post()).items():
            if isinstance(value, web.FileField):
                files[name] = UploadedFile(
                    file_name=value.filename,
                    data=value.file.read(),
                    mime_type=value.content_type,
                )
            else:
                params[name] = value if isinstance(value, str) else value.decode()
    return params, files


async def _answer(request: web.Request, reply: Reply) -> web.StreamResponse:
    if reply.hold > 0:
        # A time-out: say nothing for a while (the client usually gives up first), then hang up.
        await asyncio.sleep(reply.hold)
    if reply.dropped:
        return _drop_connection(request)
    return web.Response(
        body=reply_bytes(reply), status=reply.status, content_type="application/json"
    )


def _drop_connection(request: web.Request) -> web.StreamResponse:
    """Close the socket without answering, like a network failure mid-request."""
    if request.transport is not None:
        request.transport.close()
    return web.Response(status=500)
