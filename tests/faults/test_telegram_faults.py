"""Telegram failing for a while, then recovering: the bot stays up, loses nothing, sends
nothing twice, answers the taps made meanwhile, and says so once in the log.

Each fault lasts SHORT seconds here; `make faults` runs the same scenario for a minute each
(tests/faults/test_long_faults.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.devserver import Fault
from tests.faults.scenarios import FaultRun, telegram_fault

SHORT = 1.0

EVERYTHING = [
    Fault.FLOOD,
    Fault.SERVER_ERROR,
    Fault.BAD_GATEWAY,
    Fault.TIMEOUT,
    Fault.DROP,
    Fault.MALFORMED,
]
SOME_CHATS = [Fault.FLOOD, Fault.SERVER_ERROR, Fault.TIMEOUT]


def assert_survived(run: FaultRun) -> None:
    assert run.bot_stayed_up
    assert (run.lost, run.duplicated) == (0, 0), run
    assert (run.taps_lost, run.taps_duplicated) == (0, 0), run
    assert run.after > 0, run
    assert len(run.warnings) == 1, run.warnings
    assert "Telegram is failing" in run.warnings[0]
    opened = [line for line in run.telegram_lines if "Telegram is failing" in line]
    closed = [line for line in run.telegram_lines if "answering again" in line]
    assert (len(opened), len(closed)) == (1, 1), run.telegram_lines


@pytest.mark.parametrize("fault", EVERYTHING, ids=lambda fault: fault.name.lower())
async def test_telegram_failing_for_every_call(tmp_path: Path, fault: Fault) -> None:
    run = await telegram_fault(tmp_path, fault, seconds=SHORT)
    assert_survived(run)
    assert run.during == 0  # nothing can get through while every call fails
    assert run.clock_minutes == 0  # and what was held goes at once, no retry delay


@pytest.mark.parametrize("fault", SOME_CHATS, ids=lambda fault: fault.name.lower())
async def test_telegram_failing_for_some_chats(tmp_path: Path, fault: Fault) -> None:
    run = await telegram_fault(tmp_path, fault, seconds=SHORT, some_chats=True)
    assert_survived(run)
    if fault is not Fault.FLOOD:  # a 429 pauses every send (bot.ratelimit), as Telegram asks
        assert run.during > 0  # the other chats were not held up
