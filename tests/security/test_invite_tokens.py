"""Invitation tokens: made with `secrets`, compared in constant time, never written to a log."""

from __future__ import annotations

import hmac
import logging
from pathlib import Path
from typing import Any

import pytest

from bot.membership import invites, joining_texts
from bot.membership.repo import SELECTOR
from bot.models import Role
from tests.faults.scenarios import collected_logs
from tests.harness import BotHarness


async def _group(bot: BotHarness) -> Any:
    now = bot.clock.now()
    async with bot.services.db.transaction() as repos:
        area = await repos.programme.add_area(
            name="South Suffolk", slug="south-suffolk", timezone="Europe/London", now=now
        )
        return await repos.programme.add_group(
            name="Lavenham Circle", area_id=area.id, venue="Hall", start_date=None, now=now
        )


async def test_tokens_are_made_with_secrets(
    bot: BotHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[int] = []
    real = invites.secrets.token_urlsafe

    def token_urlsafe(nbytes: int) -> str:
        asked.append(nbytes)
        return real(nbytes)

    monkeypatch.setattr(invites.secrets, "token_urlsafe", token_urlsafe)
    group = await _group(bot)
    async with bot.services.db.transaction() as repos:
        made = await invites.create_invite(repos, role=Role.PEER, group=group, now=bot.clock.now())
    assert asked and asked[-1] == invites.TOKEN_BYTES >= 16  # 128 bits from the OS's CSPRNG
    assert len(made.token) >= 22


async def test_a_token_is_compared_in_constant_time(
    bot: BotHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found by its first characters only; the whole token is then compared with
    hmac.compare_digest, so a guess right but for its last character is refused the same way
    and takes the same time as any other."""
    compared: list[tuple[bytes, bytes]] = []
    real = hmac.compare_digest

    def compare_digest(a: bytes, b: bytes) -> bool:
        compared.append((a, b))
        return real(a, b)

    monkeypatch.setattr("bot.membership.repo.hmac.compare_digest", compare_digest)
    group = await _group(bot)
    async with bot.services.db.transaction() as repos:
        made = await invites.create_invite(repos, role=Role.PEER, group=group, now=bot.clock.now())
    token = made.token
    almost = token[:-1] + ("A" if token[-1] != "A" else "B")
    async with bot.services.db.read() as repos:
        compared.clear()
        assert await repos.invites.get(almost) is None
        assert compared == [(token.encode(), almost.encode())]  # decided by compare_digest
        found = await repos.invites.get(token)
        assert found is not None and found.token == token
        assert await repos.invites.get(token[:SELECTOR]) is None
        assert await repos.invites.get("") is None


async def test_tokens_are_never_logged(tmp_path: Path) -> None:
    """Joining over HTTP with the bot logging everything it ever logs (LOG_LEVEL=DEBUG, the
    libraries as `run` sets them up): no token in any line, used, mistyped or withdrawn."""
    with collected_logs() as records:
        for name in ("bot", "handlers", ""):
            logging.getLogger(name or None).setLevel(logging.DEBUG)
        async with BotHarness.e2e(tmp_path) as bot:
            group = await _group(bot)
            async with bot.services.db.transaction() as repos:
                made = await invites.create_invite(
                    repos, role=Role.PEER, group=group, now=bot.clock.now()
                )
                withdrawn = await invites.create_invite(
                    repos, role=Role.PEER, group=group, now=bot.clock.now()
                )
                await repos.invites.revoke(withdrawn.token, bot.clock.now())
            ann, bob = bot.user(1001, "Ann"), bot.user(1002, "Bob")
            await bot.send(ann, f"/start {made.token}")
            await bot.press(ann, joining_texts.AGREE)
            mistyped = made.token[:-2] + "xy"
            await bot.send(bob, f"/start {mistyped}")
            await bot.send(bob, f"/start {withdrawn.token}")
            await bot.send(bob, f"my code is {made.token}")
        assert "Lavenham Circle" in ann.texts[-1]
    assert records  # logging was on, at every level the bot uses
    for record in records:
        written = " ".join(
            [record.getMessage(), repr(record.args), record.exc_text or "", str(record.exc_info)]
        )
        for secret in (made.token, mistyped, withdrawn.token):
            assert secret not in written, f"{record.name}: {record.getMessage()}"
