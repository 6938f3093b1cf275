"""Webhook mode, over HTTP: a call without Telegram's secret token is refused (403) and never
reaches the bot; with it, the bot answers. And webhook mode can't be set up without a secret."""

from __future__ import annotations

import asyncio
import socket
from pathlib import Path

import httpx
import pytest

from bot.app import build_application, start_services, stop_services, webhook_options
from bot.clock import ManualClock
from bot.config import SettingsError, load_settings
from bot.devserver import FakeTelegram, LocalBotApiServer
from tests.harness import DEFAULT_START, make_settings

SECRET = "k7RkQ9x_Vt2-b4LmN8pZ3sWq"
HEADER = "X-Telegram-Bot-Api-Secret-Token"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_webhook_refuses_calls_without_the_right_secret(tmp_path: Path) -> None:
    telegram = FakeTelegram()
    port = _free_port()
    async with LocalBotApiServer(telegram) as server:
        settings = make_settings(
            tmp_path,
            telegram_api_url=server.base_url,
            webhook_url="https://bot.example.org/telegram/hook",
            webhook_secret=SECRET,
            webhook_port=port,
        )
        assert settings.webhook_listen == "127.0.0.1"
        app = build_application(settings, clock=ManualClock(DEFAULT_START))
        async with app:
            await start_services(app)
            assert app.updater is not None
            await app.updater.start_webhook(**webhook_options(settings))
            await app.start()
            try:
                ann = telegram.user(1001, "Ann")
                ann.send("/start")
                [update] = telegram.take_updates()
                hook = f"http://127.0.0.1:{port}/telegram/hook"
                async with httpx.AsyncClient(timeout=5) as client:
                    refused = [
                        await client.post(hook, json=update),
                        await client.post(hook, json=update, headers={HEADER: "wrong" * 5}),
                        await client.post(hook, json=update, headers={HEADER: SECRET[:-1]}),
                    ]
                    assert [answer.status_code for answer in refused] == [403, 403, 403]
                    await asyncio.sleep(0.3)
                    assert ann.inbox == []  # none of them reached the bot
                    accepted = await client.post(hook, json=update, headers={HEADER: SECRET})
                    assert accepted.status_code == 200
                    await ann.wait_for(1)
                assert "invitation" in ann.last.text
                assert telegram.count("setWebhook") == 1
            finally:
                await app.updater.stop()
                await app.stop()
                await stop_services(app)


@pytest.mark.parametrize(
    ("settings", "complaint"),
    [
        ({"webhook_url": "https://bot.example.org/hook"}, "WEBHOOK_SECRET is not"),
        ({"webhook_url": "http://bot.example.org/hook", "webhook_secret": SECRET}, "https"),
        ({"webhook_url": "https://bot.example.org/hook", "webhook_secret": "short"}, "16 to 256"),
    ],
)
def test_webhook_mode_needs_https_and_a_strong_secret(
    tmp_path: Path, settings: dict[str, str], complaint: str
) -> None:
    env_file = tmp_path / ".env"
    env_file.touch()
    with pytest.raises(SettingsError, match=complaint) as refused:
        load_settings(
            env_file,
            telegram_bot_token="123456:TEST",
            database_path=tmp_path / "x",
            **settings,
        )
    assert "short" not in str(refused.value)  # a secret is never echoed back
