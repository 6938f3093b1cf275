"""Nothing personal reaches the logs: not names, not Telegram ids, not what people wrote."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest

from bot.logs import QUIET_LIBRARIES, setup_logging
from bot.membership import invites, joining_texts
from bot.models import Role
from tests.builders import Programme
from tests.concerns.steps import raise_concern
from tests.harness import BotHarness
from tests.meetings.helpers import plan_with_taps

SECRET_NAME = "Zebedee Quirkleworth"
SECRET_TEXT = "my neighbour Philippa Snodgrass fell over twice"


async def test_a_busy_day_logs_nothing_personal(
    bot: BotHarness, caplog: pytest.LogCaptureFixture
) -> None:
    """Joining, planning, a concern, bad input and a blocked peer log nothing personal."""
    setup_logging("DEBUG")  # as the bot runs with LOG_LEVEL=DEBUG
    caplog.set_level(logging.DEBUG)
    world = await Programme.build(bot)
    async with bot.services.db.transaction() as repos:
        link = await invites.create_invite(
            repos, role=Role.PEER, group=world.group, now=bot.clock.now()
        )
    newcomer = bot.user(987654321, "Zebedee", last_name="Quirkleworth")
    await bot.send(newcomer, f"/start {link.token}")
    await bot.press(newcomer, joining_texts.AGREE)
    await plan_with_taps(bot, world.psf)
    await bot.send(newcomer, SECRET_TEXT)  # free text where a tap was expected
    newcomer.send_sticker()
    await bot.press_data(newcomer, "rsvp:99999:yes")  # a forged button
    await raise_concern(bot, world.psf, SECRET_TEXT)
    await bot.send(world.peer, f"I have chest pain, {SECRET_TEXT}")
    world.peers[1].block()
    await bot.advance(timedelta(days=30))
    logged = "\n".join(record.getMessage() + (record.exc_text or "") for record in caplog.records)
    assert caplog.records, "the journey should log something (or this test proves nothing)"
    for secret in ("Zebedee", "Quirkleworth", "Philippa", "Snodgrass", "987654321", "chest pain"):
        assert secret not in logged, f"{secret!r} reached the logs"
    for user in (world.psf, world.peer, *world.peers):
        assert str(user.id) not in logged
    # The libraries stay quiet however verbose the bot's own logs are.
    for name, level in QUIET_LIBRARIES.items():
        assert logging.getLogger(name).level == level  # DEBUG asked: each at its safe level
