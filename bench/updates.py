"""Updates per second through the real Application, against a bare python-telegram-bot echo.

Seeds a national programme (tests/fakes/programme.py: 1,000 groups of 10 members, 2 PSFs and 8
peers each, a year of history), starts the real Application (`bot.app.build_application`) on
the in-process recording request (tests/fakes) with a manual clock and the send limits lifted,
and in the same process a bare python-telegram-bot Application on the same kind of request
stub: one MessageHandler replying with the text, one CallbackQueryHandler answering. The bot is
started as tests/harness.py starts it (`start_services`: database, content, commands), with its
job queue idle: the catch-up sweep of the seeded year would take minutes, and sweeps the
updates ask for are counted, not run (bench/scale.py measures the sweeps).

Four kinds of update, each from a different member every time (nobody is warm in a cache):
- plain text: a peer types "when is the next meeting", in a different wording each time (so
  the bot's cache of understood messages does not answer for it); the meeting's card back;
- menu button: a peer presses "📅 Our meetings" on the reply keyboard (their meetings list);
- RSVP tap: a peer taps "✅ Going" on that card (answered, the card edited);
- check-in tap: a PSF taps a face in the mood step of the post-session check-in (saved, the
  check-in message edited).

Each update is handed to `app.process_update` as an `Update` (decoded beforehand, as the
updater would have); its time runs from the hand-in to the return, by which the answer has gone
to the stub (every update is checked to have got its answer). Bot and echo take turns in
rounds, so a noisy machine slows both alike. Beside the wall times: CPU time per update (the
whole process, the database's thread included: what other programs on a shared machine do
does not count, so it is the steadier figure), and the database round trips per update
(calls crossing to aiosqlite's worker thread) and SQL statements per update (BEGIN and COMMIT
included).

A third app, also bare PTB, answers each update with the bot's own answer to it (the same Bot
API calls, text, HTML and buttons, made through PTB's typed methods): the echo's answers are a
short text or a bare toast, the bot's a card with buttons and an edit, and PTB's cost of those
alone is the floor under the bot. Its ratio is printed beside the echo's.

Run: .venv/bin/python bench/updates.py [--groups 1000] [--updates 150] [--rounds 2] [--keep DIR]
Targets: each kind at least 0.5x the echo's updates/s, and p99 under 20 ms. Exits 1 if missed.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sqlite3
import sys
import tempfile
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import aiosqlite  # noqa: E402
from telegram import (  # noqa: E402
    InlineKeyboardMarkup,
    LinkPreviewOptions,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    Update,
)
from telegram.ext import (  # noqa: E402
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.app import (  # noqa: E402
    PeerApplication,
    build_application,
    services_of,
    start_services,
    stop_services,
)
from bot.checkins.buttons import CheckinAct, CheckinButton  # noqa: E402
from bot.checkins.texts import MENU_LABEL as CHECKIN_LABEL  # noqa: E402
from bot.clock import ManualClock  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.devserver import FakeTelegram, SimUser  # noqa: E402
from bot.meetings.texts import ANSWER_LABELS, PEER_MENU_LABEL  # noqa: E402
from bot.membership.invites import PRIVACY_NOTICE_VERSION  # noqa: E402
from bot.models import Answer  # noqa: E402
from bot.ratelimit import FloodLimiter  # noqa: E402
from tests.fakes.programme import NOW, PEERS, PSFS, build, db_time  # noqa: E402
from tests.fakes.recording_request import RecordingRequest  # noqa: E402

CONTENT_DIR = ROOT / "content"
TELEGRAM_ID_OFFSET = 1_000_000  # tests/fakes/programme.py: a member's Telegram id
MEMBERS = PSFS + PEERS

RATIO_TARGET = 0.5
P99_TARGET_MS = 20.0

MIDDLE_FACE = 3
PLAIN_TEXT = "when is the next meeting"
# Plain text comes in 672 wordings, each understood as "when is the next meeting": the bot keeps
# what it made of recent messages, and people seldom type the same words twice.
GREETINGS = ("", "hi ", "hello ", "hiya, ", "morning! ", "hi there ", "sorry to bother you, ")
QUESTIONS = (
    "when is the next meeting", "when's the next meeting", "when is our next meeting",
    "when do we meet next", "what date is the next one", "when is the next session",
    "what day is the group", "remind me when the next meeting is", "when is the next get together",
    "what date is the next session", "when do we meet again", "whats the date of the next meeting",
)  # fmt: skip
ENDINGS = ("", "?", " please", " thanks", " pls", "? thank you", " x", "?? cheers")
WORDINGS = tuple(g + q + e for g in GREETINGS for q in QUESTIONS for e in ENDINGS)
KINDS = ("plain text", "menu button", "RSVP tap", "check-in tap")


# --- counting what crosses to the database's thread ---------------------------------------------


class Counters:
    """Round trips to aiosqlite's worker thread, and SQL statements SQLite ran."""

    def __init__(self) -> None:
        self.trips = 0
        self.statements = 0

    def install(self) -> None:
        original = aiosqlite.Connection._execute
        counters = self

        async def counted(self: aiosqlite.Connection, fn: Any, *args: Any, **kwargs: Any) -> Any:
            counters.trips += 1
            return await original(self, fn, *args, **kwargs)

        aiosqlite.Connection._execute = counted  # type: ignore[method-assign]

    def on_statement(self, _sql: str) -> None:  # called on the database's thread
        self.statements += 1


# --- the two applications ----------------------------------------------------------------------


async def _echo_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is not None and message.text is not None:
        await message.reply_text(message.text)


async def _echo_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if update.callback_query is not None:
        await update.callback_query.answer()


def echo_application(telegram: FakeTelegram) -> Application[Any, Any, Any, Any, Any, Any]:
    app = (
        ApplicationBuilder()
        .token(telegram.token)
        .request(RecordingRequest(telegram))
        .get_updates_request(RecordingRequest(telegram))
        .build()
    )
    app.add_handler(MessageHandler(filters.TEXT, _echo_text))
    app.add_handler(CallbackQueryHandler(_echo_button))
    return app


def _markup(raw: dict[str, Any] | None) -> Any:
    if not raw:
        return None
    if "inline_keyboard" in raw:
        return InlineKeyboardMarkup.de_json(raw, None)
    if "keyboard" in raw:
        return ReplyKeyboardMarkup.de_json(raw, None)
    return ReplyKeyboardRemove()


async def _same_answer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Makes the Bot API calls the bot made for the same update, through PTB's typed methods
    (so PTB builds and parses the same objects), and nothing else."""
    calls: list[tuple[str, dict[str, Any]]] = context.bot_data["answers"].popleft()
    chat = update.effective_chat
    if chat is None:
        raise RuntimeError("an update without a chat")
    for method, params in calls:
        preview = params.get("link_preview_options")
        options = LinkPreviewOptions.de_json(preview, None) if preview else None
        if method == "sendMessage":
            await context.bot.send_message(
                chat.id,
                params["text"],
                parse_mode=params.get("parse_mode"),
                reply_markup=_markup(params.get("reply_markup")),
                link_preview_options=options,
            )
        elif method == "answerCallbackQuery" and update.callback_query is not None:
            await update.callback_query.answer(params.get("text"))
        elif method == "editMessageText":
            await context.bot.edit_message_text(
                params["text"] + "\u2060",  # the bot has just set this text: differ, or a 400
                chat_id=chat.id,
                message_id=params["message_id"],
                parse_mode=params.get("parse_mode"),
                reply_markup=_markup(params.get("reply_markup")),
                link_preview_options=options,
            )
        else:
            raise RuntimeError(f"the same-answer app can't make a {method} call")


def same_answer_application(telegram: FakeTelegram) -> Application[Any, Any, Any, Any, Any, Any]:
    """A bare PTB app that answers each update exactly as the bot did: the floor for the bot's
    own answers (the echo's are much smaller)."""
    app = (
        ApplicationBuilder()
        .token(telegram.token)
        .request(RecordingRequest(telegram))
        .get_updates_request(RecordingRequest(telegram))
        .build()
    )
    app.bot_data["answers"] = deque()
    app.add_handler(MessageHandler(filters.TEXT, _same_answer))
    app.add_handler(CallbackQueryHandler(_same_answer))
    return app


# --- updates -------------------------------------------------------------------------------------


class Updates:
    """Update JSON as Telegram would send it, made without queueing it on the fake: each is
    handed to process_update directly."""

    def __init__(self, telegram: FakeTelegram) -> None:
        self.telegram = telegram
        self._next_id = 10_000_000

    def _wrap(self, kind: str, payload: dict[str, Any]) -> dict[str, Any]:
        self._next_id += 1
        return {"update_id": self._next_id, kind: payload}

    def text(self, user: SimUser, text: str) -> dict[str, Any]:
        message = {
            "message_id": user.next_message_id(),
            "from": user.user_json(),
            "chat": user.chat_json(),
            "date": self.telegram.unix_now(),
            "text": text,
        }
        return self._wrap("message", message)

    def press(self, user: SimUser, label: str) -> dict[str, Any]:
        """A tap on the inline button `label` of the newest message that shows it."""
        for message in reversed(user.inbox):
            for row in message.inline_keyboard:
                for button in row:
                    if button["text"] == label and "callback_data" in button:
                        return self.tap(user, button["callback_data"], message.message_id)
        raise LookupError(f"no button {label!r} in chat {user.id}")

    def tap(self, user: SimUser, data: str, message_id: int | None = None) -> dict[str, Any]:
        message = user.last if message_id is None else user.bot_message(message_id)
        if message is None:
            raise LookupError(f"no message {message_id} in chat {user.id}")
        return self._wrap("callback_query", self.telegram.open_callback_query(user, message, data))


def member(telegram: FakeTelegram, person_id: int) -> SimUser:
    """A seeded member as a Telegram user, with the name the programme knows them by."""
    user = telegram.user(TELEGRAM_ID_OFFSET + person_id, f"Person {person_id}")
    user.has_chat = True
    return user


def peer_ids(groups: int, count: int, skip: int) -> list[int]:
    """`count` different peers, spread over the groups, starting at peer number `skip`."""
    found = []
    for n in range(skip, skip + count):
        group = n % groups
        index = PSFS + (n // groups) % PEERS
        found.append(group * MEMBERS + index + 1)
    return found


def psf_ids(groups: int, count: int) -> list[int]:
    return [(n % groups) * MEMBERS + (n // groups) % PSFS + 1 for n in range(count)]


# --- measuring -----------------------------------------------------------------------------------


@dataclass
class Figures:
    walls: list[float] = field(default_factory=list)
    cpus: list[float] = field(default_factory=list)
    answers: Counter[str] = field(default_factory=Counter)
    trips: int = 0
    statements: int = 0

    @property
    def count(self) -> int:
        return len(self.walls)

    @property
    def per_second(self) -> float:
        return self.count / sum(self.walls) if self.walls else 0.0

    def percentile_ms(self, p: float, *, cpu: bool = False) -> float:
        ordered = sorted(self.cpus if cpu else self.walls)
        index = min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))
        return ordered[index] * 1000

    @property
    def cpu_ms(self) -> float:
        return sum(self.cpus) / max(self.count, 1) * 1000


async def measure(  # noqa: PLR0917 - the bench's one measuring loop
    app: Application[Any, Any, Any, Any, Any, Any],
    updates: list[dict[str, Any]],
    figures: Figures,
    counters: Counters,
    answers: Answers,
    record: deque[list[tuple[str, dict[str, Any]]]] | None = None,
) -> None:
    """Hand each update to `app.process_update`; each must have been answered on return (and
    its answer kept in `record`, if given)."""
    decoded = [Update.de_json(data, app.bot) for data in updates]
    trips, statements = counters.trips, counters.statements
    for update in decoded:
        answers.take()
        started, cpu_started = time.perf_counter(), time.process_time()
        await app.process_update(update)
        figures.walls.append(time.perf_counter() - started)
        figures.cpus.append(time.process_time() - cpu_started)
        answered = answers.take()
        if not answered:
            raise RuntimeError(f"update {update.update_id} got no answer")
        if record is not None:
            record.append([(call.method, dict(call.params)) for call in answered])
        figures.answers[" + ".join(call.method for call in answered)] += 1
    figures.trips += counters.trips - trips
    figures.statements += counters.statements - statements


class Answers:
    """The Bot API calls the fake has taken since last asked (its record only grows)."""

    def __init__(self, telegram: FakeTelegram) -> None:
        self.telegram = telegram
        self._seen = 0

    def take(self) -> list[Any]:
        calls = self.telegram.calls
        new = calls[self._seen :]
        self._seen = len(calls)
        for call in new:
            if call.status != 200:
                raise RuntimeError(f"{call.method} failed with {call.status}: {call.params}")
        return list(new)


# --- the run ------------------------------------------------------------------------------------


def prepare_database(path: Path) -> None:
    """Everyone has agreed to the current privacy notice (the programme was seeded before it
    changed); the next meetings' answers are cleared, so every Going tap is a first one; and
    every check-in's face is the middle one, so every face tapped changes it."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("UPDATE people SET consent_version = ?", (PRIVACY_NOTICE_VERSION,))
        conn.execute(
            "DELETE FROM rsvps WHERE meeting_id IN (SELECT id FROM meetings WHERE starts_at > ?)",
            (db_time(NOW),),
        )
        conn.execute("UPDATE checkins SET mood = ?", (MIDDLE_FACE,))
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


async def run(path: Path, groups: int, per_kind: int, rounds: int) -> Result:
    """The bot as the tests run it in-process (tests/harness.py): started, but with its job
    queue idle, so no sweep runs meanwhile; wake-ups for one are counted instead."""
    counters = Counters()
    counters.install()
    clock = ManualClock(NOW)
    telegram = FakeTelegram(clock=clock.now)
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        telegram_bot_token=telegram.token,
        database_path=path,
        content_dir=CONTENT_DIR,
        sweep_interval_seconds=3600,
    )
    app = build_application(
        settings,
        clock=clock,
        request=RecordingRequest(telegram),
        rate_limiter=FloodLimiter(overall_per_second=1e9, chat_burst=10**9),
    )
    echo = echo_application(telegram)
    same = same_answer_application(telegram)
    result = Result()
    async with app, echo, same:
        await start_services(app)
        try:
            services = services_of(app)
            services.wake_sweeper = result.count_wake
            await services.db._require().set_trace_callback(counters.on_statement)
            bench = Bench(app, telegram, groups, per_kind * rounds)
            await bench.set_up()
            answers = Answers(telegram)
            for r in range(rounds):
                for kind in KINDS:
                    ours, theirs, mirrored = bench.updates(kind, r * per_kind, (r + 1) * per_kind)
                    await measure(
                        app, ours, result.bot[kind], counters, answers, same.bot_data["answers"]
                    )
                    await measure(echo, theirs, result.echo[kind], counters, answers)
                    await measure(same, mirrored, result.same[kind], counters, answers)
        finally:
            await stop_services(app)
    return result


@dataclass
class Result:
    bot: dict[str, Figures] = field(default_factory=lambda: {kind: Figures() for kind in KINDS})
    echo: dict[str, Figures] = field(default_factory=lambda: {kind: Figures() for kind in KINDS})
    same: dict[str, Figures] = field(default_factory=lambda: {kind: Figures() for kind in KINDS})
    wakes: int = 0

    def count_wake(self) -> None:
        self.wakes += 1


class Bench:
    """Who sends what: a different member for every update of every kind."""

    def __init__(
        self, app: PeerApplication, telegram: FakeTelegram, groups: int, total: int
    ) -> None:
        self.app = app
        self.telegram = telegram
        self.make = Updates(telegram)
        self.people = {
            "plain text": peer_ids(groups, total, 0),
            "menu button": peer_ids(groups, total, total),
            "RSVP tap": peer_ids(groups, total, 2 * total),
            "check-in tap": psf_ids(groups, total),
        }
        peers = {p for kind in KINDS[:3] for p in self.people[kind]}
        psfs = set(self.people["check-in tap"])
        if len(peers) < 3 * total or len(psfs) < total:
            raise SystemExit(f"{groups:,} groups have too few members for {total} updates a kind")

    def member(self, person_id: int) -> SimUser:
        return member(self.telegram, person_id)

    async def set_up(self) -> None:
        """Through the bot itself (not timed): each RSVP peer gets the next meeting's card, each
        PSF opens the check-in of their group's latest meeting (its summary, all answered)."""
        setup = [self.make.text(self.member(p), PLAIN_TEXT) for p in self.people["RSVP tap"]]
        setup += [
            self.make.text(self.member(p), CHECKIN_LABEL) for p in self.people["check-in tap"]
        ]
        for data in setup:
            await self.app.process_update(Update.de_json(data, self.app.bot))

    def updates(self, kind: str, start: int, end: int) -> tuple[list[Any], list[Any], list[Any]]:
        """The updates of `kind` from people start..end: for the bot, and the same for the echo
        and for the same-answer app (each its own callback queries: one answer each)."""
        chosen = list(enumerate(self.people[kind][start:end], start))
        ours, theirs, mirrored = ([self._one(kind, p, n) for n, p in chosen] for _ in range(3))
        return ours, theirs, mirrored

    def _one(self, kind: str, person_id: int, n: int) -> dict[str, Any]:
        user = self.member(person_id)
        if kind == "plain text":
            return self.make.text(user, WORDINGS[n % len(WORDINGS)])
        if kind == "menu button":
            return self.make.text(user, PEER_MENU_LABEL)
        if kind == "RSVP tap":
            return self.make.press(user, ANSWER_LABELS[Answer.YES])
        # A face in the "how did it go" step: 1 (badly) to 5 (very well), never the middle one.
        shown = next(
            CheckinButton.parse(button["callback_data"])
            for message in reversed(user.inbox)
            for row in message.inline_keyboard
            for button in row
            if button.get("callback_data", "").startswith(CheckinButton.prefix + ":")
        )
        face = CheckinButton(shown.meeting_id, CheckinAct.MOOD, (1, 2, 4, 5)[n % 4]).pack()
        return self.make.tap(user, face)


# --- reporting -----------------------------------------------------------------------------------


def report(result: Result, groups: int) -> bool:
    print()
    count = result.bot[KINDS[0]].count
    print(f"{groups:,} groups; each update from a different member, handed to process_update "
          f"one after another; {count} of each kind; bot, echo and same-answer app in "
          "turn")  # fmt: skip
    print(
        f"{'':<14} {' bot ':-^53} | {' echo ':-^30} |\n"
        f"{'kind':<14} {'upd/s':>7} {'p50 ms':>7} {'p99 ms':>7} {'cpu ms':>7} {'cpu p99':>7} "
        f"{'trips':>6} {'stmts':>6} | {'upd/s':>6} {'p50 ms':>7} {'p99 ms':>7} {'cpu ms':>7} | "
        f"{'ratio':>6} {'(cpu)':>6}"
    )
    missed = []
    for kind in KINDS:
        b, e = result.bot[kind], result.echo[kind]
        ratio = b.per_second / e.per_second
        cpu_ratio = e.cpu_ms / b.cpu_ms
        p99 = b.percentile_ms(99)
        print(
            f"{kind:<14} {b.per_second:>7.0f} {b.percentile_ms(50):>7.2f} {p99:>7.2f} "
            f"{b.cpu_ms:>7.2f} {b.percentile_ms(99, cpu=True):>7.2f} {b.trips / b.count:>6.1f} "
            f"{b.statements / b.count:>6.1f} | {e.per_second:>6.0f} {e.percentile_ms(50):>7.2f} "
            f"{e.percentile_ms(99):>7.2f} {e.cpu_ms:>7.2f} | {ratio:>5.2f}x {cpu_ratio:>5.2f}x"
        )
        if ratio < RATIO_TARGET:
            missed.append(f"{kind}: {ratio:.2f}x the echo's updates/s (target {RATIO_TARGET}x)")
        if p99 >= P99_TARGET_MS:
            missed.append(f"{kind}: p99 {p99:.1f} ms (target < {P99_TARGET_MS:.0f} ms)")
    print(
        f"targets: at least {RATIO_TARGET}x the echo's updates/s, p99 < {P99_TARGET_MS:.0f} ms "
        "(wall).\ncpu ms, cpu p99: the process's CPU time per update, mean and 99th percentile "
        "(the database's thread included;\nother programs on the machine don't count); trips: "
        "calls to aiosqlite's thread; stmts: SQL statements run\n(BEGIN and COMMIT included); "
        "ratio: updates/s against the echo's (in brackets: the same for CPU time)."
    )
    print("answers (Bot API calls per update, bot; echo):")
    for kind in KINDS:
        bot, echo = (
            ", ".join(f"{n} x {calls}" for calls, n in figures[kind].answers.most_common())
            for figures in (result.bot, result.echo)
        )
        print(f"  {kind:<14} {bot}; {echo}")
    print()
    print("against a bare PTB app making the bot's own answers (the same Bot API calls, text,")
    print("HTML and buttons, through PTB's typed methods; nothing else):")
    print(f"{'kind':<14} {'upd/s':>7} {'p50 ms':>7} {'cpu ms':>7} | {'ratio':>6} {'(cpu)':>6}")
    for kind in KINDS:
        b, m = result.bot[kind], result.same[kind]
        print(
            f"{kind:<14} {m.per_second:>7.0f} {m.percentile_ms(50):>7.2f} {m.cpu_ms:>7.2f} | "
            f"{b.per_second / m.per_second:>5.2f}x {m.cpu_ms / b.cpu_ms:>5.2f}x"
        )
    print(f"sweeps asked for by the updates (not run here): {result.wakes}")
    for line in missed:
        print(f"missed: {line}")
    return not missed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--groups", type=int, default=1_000, help="groups of 10 (default 1,000)")
    parser.add_argument("--updates", type=int, default=150, help="of each kind, per round")
    parser.add_argument("--rounds", type=int, default=2, help="bot and echo take turns")
    parser.add_argument("--keep", type=Path, help="build (or reuse) the database in this folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="peer-circle-updates-") as work:
        folder = args.keep or Path(work)
        folder.mkdir(parents=True, exist_ok=True)
        built = folder / f"updates-{args.groups}.sqlite3"
        if not built.exists():
            seconds = build(built, args.groups)
            print(f"built {args.groups:,} groups in {seconds:.1f} s", flush=True)
        path = Path(work) / "measured.sqlite3"
        source = sqlite3.connect(built)
        with sqlite3.connect(path) as target:
            source.backup(target)
        source.close()
        prepare_database(path)
        started = time.perf_counter()
        result = asyncio.run(run(path, args.groups, args.updates, args.rounds))
        print(f"measured in {time.perf_counter() - started:.1f} s")
    return 0 if report(result, args.groups) else 1


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sys.exit(main())
