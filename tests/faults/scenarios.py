"""Telegram misbehaving for a while, then recovering, with the real bot over HTTP.

One scenario, run short in `make test` (a second or two of fault) and long in `make faults`
(a minute): a group with a meeting tomorrow and a concern waiting for the nurse's office to
open. While the fault lasts, the day-before reminders and the concern card fall due, sweeps
run (as the scheduler would) and people tap buttons and the menu. When it ends, the scenario
waits for everything to arrive and counts: due, delivered during and after the fault, lost,
duplicated, and the log lines written meanwhile.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.devserver import Fault, SimUser
from bot.logs import QUIET_LIBRARIES
from bot.meetings import texts as meeting_texts
from bot.models import Answer
from bot.ratelimit import FloodLimiter
from bot.texts import common as common_texts
from tests.builders import Programme
from tests.concerns.steps import raise_concern
from tests.harness import BotHarness
from tests.meetings.helpers import plan

GOING = meeting_texts.ANSWER_LABELS[Answer.YES]
TOLD_GOING = meeting_texts.answered(Answer.YES)
SEVEN_DAYS_BEFORE = datetime(2026, 11, 10, 10, 30, tzinfo=UTC)
SATURDAY = datetime(2026, 11, 14, 10, 0, tzinfo=UTC)
DAY_BEFORE = datetime(2026, 11, 16, 10, 30, tzinfo=UTC)  # the concern went at 9:00 meanwhile
READ_TIMEOUT = 0.5  # seconds the bot waits for an answer (PTB's default is 5)
RECOVERY_LIMIT = 60.0  # seconds after the fault for everything to have arrived


@dataclass
class Expected:
    """One answer or message that must arrive exactly once, recognised by `marker`: a new
    message containing it, or (toast) a button answer saying it. `tap`: the answer to
    something a person did, rather than a message due."""

    what: str
    user: SimUser
    marker: str
    toast: bool = False
    tap: bool = False
    inbox_before: int = 0
    answers_before: int = 0

    def __post_init__(self) -> None:
        self.inbox_before = len(self.user.inbox)
        self.answers_before = len(self.user.callback_answers)

    def count(self) -> int:
        new = self.user.inbox[self.inbox_before :]
        found = sum(1 for message in new if self.marker in message.text)
        if self.toast:
            answers = self.user.callback_answers[self.answers_before :]
            found += sum(1 for answer in answers if answer and self.marker in answer)
        return found


@dataclass
class FaultRun:
    """What happened to the messages due and the taps made while a fault lasted."""

    fault: str
    seconds: float  # how long the fault lasted
    due: int = 0  # messages due meanwhile (reminders, a concern card, notices)
    during: int = 0  # of those, delivered while it lasted (to chats it did not touch)
    after: int = 0  # delivered after it ended
    lost: int = 0
    duplicated: int = 0
    taps: int = 0  # taps and messages people sent meanwhile
    taps_answered: int = 0  # answered (during or after)
    taps_refused: int = 0  # told kindly to try again
    taps_lost: int = 0
    taps_duplicated: int = 0
    recovery_seconds: float = 0.0  # from the end of the fault to the last one arriving
    clock_minutes: int = 0  # bot-clock minutes it took (retries of single chats back off)
    warnings: list[str] = field(default_factory=list)  # WARNING and worse, during and after
    telegram_lines: list[str] = field(default_factory=list)  # what bot.telegram said
    bot_stayed_up: bool = False

    def tally(self, expected: list[Expected], arrived_during: set[int]) -> None:
        """Count each expected item: lost, once or more, during or after."""
        for item in expected:
            found = item.count()
            if item.tap:
                self.taps += 1
                self.taps_answered += found > 0
                self.taps_lost += found == 0
                self.taps_duplicated += max(0, found - 1)
                continue
            self.due += 1
            self.duplicated += max(0, found - 1)
            if found == 0:
                self.lost += 1
            elif id(item) in arrived_during:
                self.during += 1
            else:
                self.after += 1

    def row(self) -> list[str]:
        recovery = f"{self.recovery_seconds:.1f} s"
        if self.clock_minutes:
            recovery += f" (+{self.clock_minutes} min bot clock)"
        taps = f"{self.taps_answered}/{self.taps}"
        if self.taps_refused:
            taps += f" ({self.taps_refused} told to try again)"
        return [
            self.fault,
            f"{self.seconds:g} s",
            str(self.due),
            str(self.after),
            str(self.lost),
            str(self.duplicated),
            str(self.during),
            taps,
            recovery,
            str(len(self.warnings)),
        ]


HEADER = [
    "fault",
    "duration",
    "messages due",
    "delivered after",
    "lost",
    "duplicated",
    "delivered during",
    "taps answered",
    "all in after",
    "log warnings",
]


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def collected_logs() -> Iterator[list[logging.LogRecord]]:
    """Every record logged meanwhile, with logging set up as `python -m bot run` sets it up
    (bot.logs): INFO and up from the bot, the libraries' own noise turned down."""
    handler = _Collect()
    root = logging.getLogger()
    levels = {"": logging.WARNING, "bot": logging.INFO, "handlers": logging.INFO}
    levels.update(QUIET_LIBRARIES)
    saved = {name: logging.getLogger(name or None).level for name in levels}
    root.addHandler(handler)
    for name, level in levels.items():
        logging.getLogger(name or None).setLevel(level)
    try:
        yield handler.records
    finally:
        root.removeHandler(handler)
        for name, level in saved.items():
            logging.getLogger(name or None).setLevel(level)


def _line(record: logging.LogRecord) -> str:
    return f"{record.levelname} {record.name}: {record.getMessage()}"


async def _wait_for(bot: BotHarness, expected: list[Expected], *, some_chats: bool) -> int:
    """Wait until every expected message is in; returns the bot-clock minutes it took.

    When only some chats failed, their messages are retried after a growing delay (1 minute
    first) on the bot's clock, so that clock is moved on a minute at a time; when Telegram as a
    whole failed, what is held goes as soon as it answers again, with no clock moved."""
    deadline = time.monotonic() + RECOVERY_LIMIT
    minutes = 0
    while any(item.count() == 0 for item in expected):
        if time.monotonic() > deadline:
            missing = [f"{item.what} to {item.user.id}" for item in expected if not item.count()]
            raise TimeoutError(f"still missing after {RECOVERY_LIMIT} s: {missing}")
        await asyncio.sleep(0.1)
        if some_chats and not bot.services.sweeper.busy:  # type: ignore[union-attr]
            minutes += 1
            await bot.advance(timedelta(minutes=1))
    await bot.settle()
    return minutes


async def telegram_fault(
    tmp_path: Path,
    fault: Fault,
    *,
    seconds: float,
    some_chats: bool = False,
    peers: int = 6,
    tap_every: float = 0.4,
    sweep_every: float = 0.5,
) -> FaultRun:
    """Run the scenario with `fault` for `seconds`: for every call, or (some_chats) only for
    the first half of the peers and the nurse."""
    run = FaultRun(f"{fault.value}, {'some chats' if some_chats else 'all calls'}", seconds)
    # The per-chat pace (1/s after 3) is real time: tests tap faster than people do.
    limiter = FloodLimiter(chat_burst=10_000)
    async with BotHarness.e2e(tmp_path, read_timeout=READ_TIMEOUT, rate_limiter=limiter) as bot:
        world = await Programme.build(bot, peers=peers)
        nurse = world.nurse
        assert nurse is not None
        await plan(bot, world, count=1)  # Tuesday 17 November, 10:30
        await bot.sweep()
        await bot.sweep(at=SEVEN_DAYS_BEFORE)
        reminded = [user for user in world.psfs + world.peers if "Reminder" in user.last.text]
        assert reminded, "nobody got the week-before reminder"
        await bot.sweep(at=SATURDAY)
        told = await raise_concern(bot, world.psf)
        assert "Monday" in told, told

        struck = [*world.peers[: peers // 2], nurse] if some_chats else None
        expected = [Expected("reminder", user, "meets tomorrow") for user in reminded]
        expected.append(Expected("concern card", nurse, "Concern from"))
        with collected_logs() as records:
            bot.telegram.inject(
                fault,
                seconds=seconds,
                chats=None if struck is None else [user.id for user in struck],
                hang=seconds,
            )
            bot.clock.set(DAY_BEFORE)
            started = time.monotonic()
            ends = started + seconds
            next_tap = next_sweep = started
            taps = 0
            sweeping: asyncio.Task[object] | None = None
            while (now := time.monotonic()) < ends:
                if now >= next_sweep and (sweeping is None or sweeping.done()):
                    # As the scheduler would: a sweep every so often, one at a time.
                    sweeping = asyncio.create_task(bot.services.sweep())
                    next_sweep = now + sweep_every
                if now >= next_tap and taps < len(world.peers):
                    user = world.peers[taps]
                    if taps % 2 == 0:
                        expected.append(
                            Expected("answer to Going", user, TOLD_GOING, toast=True, tap=True)
                        )
                        user.press(GOING)  # on the week-before reminder
                    else:
                        expected.append(
                            Expected("answer to the menu", user, "next meetings", tap=True)
                        )
                        user.send(meeting_texts.PEER_MENU_LABEL)
                    taps += 1
                    next_tap = now + tap_every
                await asyncio.sleep(0.02)
            ended = time.monotonic()
            arrived_during = {id(item) for item in expected if item.count()}
            if sweeping is not None:
                await sweeping
            run.clock_minutes = await _wait_for(bot, expected, some_chats=some_chats)
            run.recovery_seconds = time.monotonic() - ended
            stranger = bot.user(99_001, "Stranger")
            await bot.send(stranger, "/start")  # the bot is still there
            run.bot_stayed_up = bool(stranger.inbox)
        run.tally(expected, arrived_during)
        run.taps_refused = sum(
            note == common_texts.TELEGRAM_TROUBLE
            for user in world.peers
            for note in [*user.callback_answers, *user.texts]
        )
        run.warnings = [
            _line(r)
            for r in records
            if r.levelno >= logging.WARNING and not r.getMessage().startswith("Privacy notice:")
        ]
        run.telegram_lines = [_line(r) for r in records if r.name == "bot.telegram"]
    return run
