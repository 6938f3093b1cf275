"""`make demo`: Peer Circle in a terminal, with no Telegram account and no network.

The real bot runs against the local Bot API server on 127.0.0.1 with a demo programme (an
area, a nurse, a group with two PSFs and five peers). You act as any of them, press buttons
by number, and move the clock forward to watch reminders, check-ins and escalations happen.
"""

from __future__ import annotations

import asyncio
import html
import re
import sys
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.app import PeerApplication, build_application, running
from bot.clock import ManualClock
from bot.config import Settings
from bot.devserver import BotMessage, FakeTelegram, LocalBotApiServer, SimUser
from bot.devserver.settle import wait_settled
from bot.logs import setup_logging
from bot.meetings import rules as meetings
from bot.membership import invites
from bot.models import Answer, Role
from bot.ratelimit import FloodLimiter
from bot.services import Services
from bot.storage import Repos

DEMO_TOKEN = "424242:DEMO-peer-circle"
DEMO_BOT = "PeerCircleDemoBot"
# A Monday morning in December: a week before the demo group's usual meeting day.
DEMO_TIMEZONE = "Europe/London"
DEMO_START = datetime(2026, 12, 7, 9, 30, tzinfo=ZoneInfo(DEMO_TIMEZONE))
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MENU_KEYS = "ABCDEFGHIJKLMNOP"


@dataclass(frozen=True)
class DemoPerson:
    key: str
    telegram_id: int | None
    first_name: str
    last_name: str
    role: Role
    joined: bool = True
    backup: bool = False  # for a nurse: the area's backup nurse


DEMO_PEOPLE = (
    DemoPerson("jean", 1001, "Jean", "Parker", Role.PSF),
    DemoPerson("mike", 1002, "Mike", "Turner", Role.PSF),
    DemoPerson("ann", 2001, "Ann", "Clarke", Role.PEER),
    DemoPerson("bob", 2002, "Bob", "Harris", Role.PEER),
    DemoPerson("carol", 2003, "Carol", "Evans", Role.PEER),
    DemoPerson("dev", 2004, "Dev", "Patel", Role.PEER),
    DemoPerson("edna", 2005, "Edna", "Moore", Role.PEER),
    DemoPerson("helen", 3001, "Helen", "Ward", Role.NURSE),
    DemoPerson("sam", 3002, "Sam", "Okafor", Role.NURSE, backup=True),
    DemoPerson("cora", 4001, "Cora", "Bennett", Role.COORDINATOR),
    DemoPerson("frank", 2006, "Frank", "Hill", Role.PEER, joined=False),
)
DEMO_AREA = "South Suffolk (demo)"
DEMO_GROUP = "Lavenham Circle"
DEMO_VENUE = "Lavenham Village Hall"

HELP = """\
Commands (anything else is sent as a message from the current person):
  as NAME          switch person: {names}
  1, 2, 3 …        press inline button number N of the newest message that has buttons
  A, B, C …        press the big menu button with that letter
  skip 2 days | skip 3h | skip 30m | skip to Monday 09:00 | skip to 2026-12-15 10:30
                   move the clock forward; the bot's sweeps run at once
  sticker | photo | voice | block | unblock | tap link (as frank)
                   send a sticker / photo / voice note, or block the bot on this phone
  time             show the demo clock        chat   show this person's whole chat
  who              list everyone             help    this text        quit    leave"""


@dataclass(frozen=True)
class DemoSeed:
    person_ids: dict[str, int]
    frank_token: str  # Frank's personal invitation, not used yet


async def seed_demo(repos: Repos, now: datetime) -> DemoSeed:
    """Create the demo area, group and people (already joined and agreed), and Frank's link."""
    area = await repos.programme.add_area(
        name=DEMO_AREA, slug="sample-area", timezone="Europe/London", now=now
    )
    group = await repos.programme.add_group(
        name=DEMO_GROUP, area_id=area.id, venue=DEMO_VENUE, start_date=None, now=now
    )
    ids: dict[str, int] = {}
    for demo in DEMO_PEOPLE:
        if not demo.joined:
            continue
        person = await repos.people.add(
            display_name=f"{demo.first_name} {demo.last_name}",
            telegram_id=demo.telegram_id,
            is_coordinator=demo.role is Role.COORDINATOR,
            now=now,
        )
        await repos.people.record_consent(person.id, invites.PRIVACY_NOTICE_VERSION, now)
        ids[demo.key] = person.id
        if demo.role in (Role.PSF, Role.PEER):
            await repos.people.join_group(
                group_id=group.id, person_id=person.id, role=demo.role, now=now
            )
        elif demo.role is Role.NURSE:
            await repos.people.add_nurse(
                area_id=area.id, person_id=person.id, is_backup=demo.backup, now=now
            )
    frank = await invites.create_invite(
        repos, role=Role.PEER, group=group, personal_name="Frank Hill", now=now
    )
    await seed_todays_meeting(repos, group.id, ids, now)
    return DemoSeed(person_ids=ids, frank_token=frank.token)


# Today's meeting (10:00–11:30) has happened by lunchtime, so the check-in can be shown: skip to
# 13:30 and Jean gets it. Ann and Bob said Going, Carol Maybe, Dev Can't come.
DEMO_ANSWERS = {"ann": Answer.YES, "bob": Answer.YES, "carol": Answer.MAYBE, "dev": Answer.NO}


async def seed_todays_meeting(
    repos: Repos, group_id: int, ids: dict[str, int], now: datetime
) -> None:
    """Today's meeting and the same time next week, answered as in DEMO_ANSWERS."""
    group = await repos.programme.group(group_id)
    if group is None:
        raise RuntimeError("missing: group")
    venue = await meetings.usual_venue(repos, group, now)
    if venue is None:
        raise RuntimeError("missing: venue")
    tz = ZoneInfo(DEMO_TIMEZONE)
    day = now.astimezone(tz).date()
    plan_id = await repos.meetings.add_plan(group_id=group_id, created_by=ids["jean"], now=now)
    planned = []
    for start in (day, day + timedelta(days=7)):
        starts_at = datetime.combine(start, time(10, 0), tz).astimezone(UTC)
        planned.append(
            await repos.meetings.add(
                group_id=group_id,
                plan_id=plan_id,
                venue_id=venue.id,
                starts_at=starts_at,
                ends_at=starts_at + timedelta(minutes=90),
                now=now,
            )
        )
    for key, answer in DEMO_ANSWERS.items():
        await repos.meetings.set_rsvp(planned[0].id, ids[key], answer, now)
    rules = meetings.ReminderRules().with_offsets([1])
    for person_id in ids.values():
        await meetings.schedule_member_reminders(
            repos, group_id, person_id, now, rules=rules, welcome=False
        )


class Screen:
    """Prints what each phone shows, turning the bot's HTML into plain terminal text."""

    def __init__(self, telegram: FakeTelegram, tz: ZoneInfo) -> None:
        self._telegram = telegram
        self._tz = tz
        self._seen: dict[int, dict[int, tuple[str, str]]] = {}

    def mark_all_seen(self) -> None:
        for demo in DEMO_PEOPLE:
            if demo.telegram_id is not None:
                self._changes(self._telegram.user(demo.telegram_id))

    def show_news(self, current: SimUser) -> None:
        """Print what changed on every phone since last time, the current person's first."""
        users = [current] + [
            self._telegram.user(d.telegram_id)
            for d in DEMO_PEOPLE
            if d.telegram_id is not None and d.telegram_id != current.id
        ]
        # Phones that got exactly the same news are shown once, under all their names.
        shown: dict[str, list[str]] = {}
        for user in users:
            changes = self._changes(user)
            if changes:
                news = "\n".join(self.render(m, edited=edited) for m, edited in changes)
                owner = "your" if user is current else f"{user.first_name}'s"
                shown.setdefault(news, []).append(owner)
        for news, owners in shown.items():
            heading = _phones(owners)
            print(f"\n── {heading} " + "─" * max(4, 50 - len(heading)))
            print(news)
        print()

    def show_chat(self, user: SimUser) -> None:
        for message in user.inbox:
            if not message.deleted:
                print(self.render(message, edited=message.edited))
        print()

    def show_menu(self, user: SimUser) -> None:
        if user.keyboard:
            labels = [label for row in user.keyboard for label in row]
            print(
                "  Menu: "
                + "  ".join(f"[{MENU_KEYS[i]}] {label}" for i, label in enumerate(labels))
            )

    def render(self, message: BotMessage, *, edited: bool) -> str:
        lines = []
        stamp = screen_date(message.date, self._tz, "%a %d %b", " %H:%M")
        marker = " (changed)" if edited else ""
        for kind, sent in message.media.items():
            lines.append(f"  📎 {kind}: {sent.file_name or kind} ({len(sent.data):,} bytes)")
        body = _plain(message.text)
        lines.insert(0, f"[{stamp}] Peer Circle{marker}:")
        lines += ["  " + line if line else "" for line in body.splitlines()]
        number = 1
        for row in message.buttons:  # one line per row, as Telegram lays them out
            cells = []
            for label in row:
                cells.append(f"[{number}] {label}")
                number += 1
            lines.append("  " + "  ".join(cells))
        return "\n".join(lines)

    def _changes(self, user: SimUser) -> list[tuple[BotMessage, bool]]:
        seen = self._seen.setdefault(user.id, {})
        changes = []
        for message in user.inbox:
            if message.deleted:
                continue
            state = (message.text, repr(message.buttons))
            before = seen.get(message.message_id)
            if before != state:
                changes.append((message, before is not None))
                seen[message.message_id] = state
        return changes


def _phones(owners: list[str]) -> str:
    """'your phone', "Ann's phone", or "your, Ann's and Bob's phones"."""
    if len(owners) == 1:
        return f"{owners[0]} phone"
    return f"{', '.join(owners[:-1])} and {owners[-1]} phones"


def _plain(text: str) -> str:
    text = re.sub(r"</?(b|strong)>", "*", text)
    text = re.sub(r"<[^>]+>", "", text)
    return html.unescape(text)


def screen_date(at: datetime, tz: ZoneInfo, day: str, clock: str) -> str:
    """A date for the demo's screen, with its year when that is not the demo's year."""
    local = at.astimezone(tz)
    year = f" {local.year}" if local.year != DEMO_START.year else ""
    return local.strftime(day) + year + local.strftime(clock)


def parse_skip(words: str, now: datetime, tz: ZoneInfo) -> datetime:
    """'2 days', '3h', '30m', 'to Monday 09:00', 'to 2026-12-15 10:30' → the new time."""
    words = words.strip().lower()
    if words.startswith("to "):
        return _skip_to(words[3:].strip(), now, tz)
    match = re.fullmatch(
        r"(\d+)\s*(d|day|days|h|hour|hours|m|min|mins|minutes|w|week|weeks)", words
    )
    if not match:
        raise ValueError(SKIP_HINT)
    amount, unit = int(match.group(1)), match.group(2)[0]
    step = {"d": timedelta(days=1), "h": timedelta(hours=1), "m": timedelta(minutes=1)}
    return now + amount * step.get(unit, timedelta(weeks=1))


SKIP_HINT = "try: skip 2 days, skip 3h, skip to 13:30, skip to Monday 09:00, skip to 2026-12-15"


def _clock_time(text: str) -> time:
    hour, _, minute = text.partition(":")
    return time(int(hour), int(minute or 0))


def _skip_to(target: str, now: datetime, tz: ZoneInfo) -> datetime:
    """'13:30' (next time it is 13:30), 'monday 09:00', 'tomorrow', '2026-12-15 10:30'."""
    local_now = now.astimezone(tz)
    parts = target.split()
    try:
        if len(parts) == 1 and ":" in parts[0]:
            candidate = datetime.combine(local_now.date(), _clock_time(parts[0]), tz)
            return candidate if candidate > now else candidate + timedelta(days=1)
        at = _clock_time(parts[1]) if len(parts) == 2 else time(9, 0)
        day_word = parts[0]
        short_days = [w[:3] for w in WEEKDAYS]
        if day_word[:3] in short_days and day_word.isalpha():
            ahead = (short_days.index(day_word[:3]) - local_now.weekday()) % 7
            day = local_now.date() + timedelta(days=ahead)
            candidate = datetime.combine(day, at, tz)
            return candidate if candidate > now else candidate + timedelta(days=7)
        if day_word == "tomorrow":
            return datetime.combine(local_now.date() + timedelta(days=1), at, tz)
        if day_word == "today":
            return datetime.combine(local_now.date(), at, tz)
        return datetime.combine(date.fromisoformat(day_word), at, tz)
    except (ValueError, IndexError):
        raise ValueError(SKIP_HINT) from None


class DemoSession:
    def __init__(
        self,
        *,
        app: PeerApplication,
        telegram: FakeTelegram,
        services: Services,
        clock: ManualClock,
        screen: Screen,
        seed: DemoSeed,
    ) -> None:
        self.seed = seed
        self.app = app
        self.telegram = telegram
        self.services = services
        self.clock = clock
        self.screen = screen
        self.tz = services.settings.tz
        for demo in DEMO_PEOPLE:
            if demo.telegram_id is not None:
                user = telegram.user(demo.telegram_id, demo.first_name, last_name=demo.last_name)
                # Someone who joined has opened the chat, so the bot may write to them first.
                user.has_chat = demo.joined
        self.current = self._user("jean")

    async def settle(self) -> None:
        await wait_settled(self.app, self.telegram)

    def _user(self, key: str) -> SimUser:
        for demo in DEMO_PEOPLE:
            if demo.key == key and demo.telegram_id is not None:
                return self.telegram.user(
                    demo.telegram_id, demo.first_name, last_name=demo.last_name
                )
        raise KeyError(key)

    def prompt(self) -> str:
        now = self._when(self.clock.now(), "%a %d %b", " %H:%M")
        return f"[{now}] {self.current.first_name}> "

    async def handle(self, line: str) -> bool:
        """Do one command; False when the person wants to leave."""
        line = line.strip()
        if not line:
            return True
        word, _, rest = line.partition(" ")
        if word.lower() in ("quit", "exit"):
            return False
        commands = {
            "help": self._help,
            "as": self._switch,
            "who": self._who,
            "time": self._time,
            "chat": self._chat,
            "skip": self._skip,
        }
        command = commands.get(word.lower())
        # "who is coming?" or "help me" is the person talking: only "as" and "skip" take words.
        if command is not None and rest.strip() and word.lower() not in ("as", "skip"):
            command = None
        if command is not None:
            await command(rest.strip())
        else:
            await self._act(line)
        return True

    async def _help(self, _: str) -> None:
        print(HELP.format(names=", ".join(d.key for d in DEMO_PEOPLE)))

    async def _who(self, _: str) -> None:
        for demo in DEMO_PEOPLE:
            status = "" if demo.joined else " (not joined yet: has an invite link)"
            role = "backup nurse" if demo.backup else demo.role.value
            print(f"  {demo.key:6} {demo.first_name} {demo.last_name}, {role}{status}")

    async def _time(self, _: str) -> None:
        print("  " + self.clock.now().astimezone(self.tz).strftime("%A %d %B %Y, %H:%M"))

    async def _chat(self, _: str) -> None:
        self.screen.show_chat(self.current)
        self.screen.show_menu(self.current)

    async def _switch(self, key: str) -> None:
        try:
            self.current = self._user(key.lower())
        except KeyError:
            print(f"  Nobody called {key!r}. Try: who")
            return
        print(f"  You are now {self.current.first_name}.")
        await self.open_chat()

    async def open_chat(self) -> None:
        """The first time someone's phone is picked up, open the chat so the menu shows."""
        user = self.current
        if user.inbox:
            self.screen.show_menu(user)
        elif user.first_name == "Frank":
            print(
                "  Frank has been sent a personal invitation link. Tapping it is the same as "
                f"typing:\n  /start {self.seed.frank_token}\n  (or type: tap link)"
            )
        else:
            await self._act("/start")

    def _when(self, at: datetime, day: str, clock: str) -> str:
        return screen_date(at, self.tz, day, clock)

    async def _skip(self, words: str) -> None:
        try:
            target = parse_skip(words, self.clock.now(), self.tz)
        except ValueError as exc:
            print(f"  {exc}")
            return
        if target <= self.clock.now():
            print("  The clock only moves forward.")
            return
        # Stop at each moment something falls due, and at each meeting's start (when its
        # check-ins are arranged), so everything happens at the time it would have.
        last_swept: datetime | None = None
        while True:
            now = self.clock.now()
            async with self.services.db.read() as repos:
                due = await repos.deliveries.next_due()
                starts = await repos.meetings.next_start_after(now)
            if due is not None and last_swept is not None and due <= last_swept:
                due = None  # something is stuck at an instant already swept; don't spin on it
            stops = [at for at in (due, starts) if at is not None and at <= target]
            if not stops:
                break
            self.clock.set(max(min(stops), now))
            await self.services.sweep()
            await self.settle()
            last_swept = self.clock.now()
        self.clock.set(target)
        await self.services.sweep()
        await self.settle()
        print(f"  It is now {self._when(target, '%A %d %B', ', %H:%M')}.")
        self.screen.show_news(self.current)

    async def _act(self, line: str) -> None:
        user = self.current
        try:
            if line.isdigit():
                self._press_number(user, int(line))
            elif len(line) == 1 and line.upper() in MENU_KEYS and user.keyboard:
                labels = [label for row in user.keyboard for label in row]
                index = MENU_KEYS.index(line.upper())
                if index >= len(labels):
                    print("  There is no menu button with that letter.")
                    return
                user.send(labels[index])
            elif line == "sticker":
                user.send_sticker()
            elif line == "photo":
                user.send_photo()
            elif line == "voice":
                user.send_voice()
            elif line == "block":
                user.block()
            elif line == "unblock":
                user.unblock()
            elif line == "tap link" and user.first_name == "Frank":
                user.send(f"/start {self.seed.frank_token}")
            else:
                user.send(line)
        except (LookupError, ValueError, RuntimeError) as exc:
            print(f"  {exc}")
            return
        await self.settle()
        self.screen.show_news(user)
        self.screen.show_menu(user)

    @staticmethod
    def _press_number(user: SimUser, number: int) -> None:
        for message in reversed(user.inbox):
            if message.deleted:
                continue
            labels = [label for row in message.buttons for label in row]
            if labels:
                if not 1 <= number <= len(labels):
                    raise LookupError(f"The newest buttons are numbered 1 to {len(labels)}.")
                user.press(labels[number - 1], message_id=message.message_id)
                return
        raise LookupError("There are no buttons to press yet.")


async def _demo(lines: Iterable[str] | None, *, echo: bool, workdir: Path) -> int:
    clock = ManualClock(DEMO_START.astimezone(UTC))
    telegram = FakeTelegram(
        token=DEMO_TOKEN, bot_username=DEMO_BOT, bot_name="Peer Circle", clock=clock.now
    )
    async with LocalBotApiServer(telegram) as server:
        settings = Settings(
            _env_file=None,
            telegram_bot_token=DEMO_TOKEN,
            telegram_api_url=server.base_url,
            database_path=workdir / "demo.sqlite3",
            sweep_interval_seconds=3600,  # the demo runs sweeps when you move the clock
        )
        if not settings.content_dir.is_absolute():
            settings = settings.model_copy(update={"content_dir": _content_folder(settings)})
        # The local server has no flood limits: pacing each chat at Telegram's 1/s would only
        # keep the trainer waiting (the limiter is exercised end to end and in bench/).
        unpaced = FloodLimiter(overall_per_second=1e9, chat_burst=10**9)
        app = build_application(settings, clock=clock, rate_limiter=unpaced)
        async with running(app, poll_interval=0.0) as services:
            async with services.db.transaction() as repos:
                seed = await seed_demo(repos, clock.now())
                # The demo begins now: what the seeded history made due earlier is not sent.
                await repos.deliveries.drop_due_before(clock.now(), "before the demo began")
            screen = Screen(telegram, settings.tz)
            session = DemoSession(
                app=app,
                telegram=telegram,
                services=services,
                clock=clock,
                screen=screen,
                seed=seed,
            )
            print(_banner(server.base_url))
            await session.open_chat()
            source = _script(lines, session, echo) if lines is not None else None
            while True:
                if source is not None:
                    line = next(source, None)
                    if line is None:
                        break
                else:
                    try:
                        line = await asyncio.to_thread(input, session.prompt())
                    except EOFError:
                        break
                if not await session.handle(line):
                    break
    return 0


def _content_folder(settings: Settings) -> Path:
    """CONTENT_DIR from the current folder if it is there, else the content shipped with it."""
    here = Path.cwd() / settings.content_dir
    return here if here.is_dir() else Path(__file__).resolve().parent.parent / "content"


def _script(lines: Iterable[str], session: DemoSession, echo: bool) -> Iterator[str]:
    for raw in lines:
        line = raw.rstrip("\n")
        if not line.strip() or line.lstrip().startswith("#"):
            if echo and line.lstrip().startswith("#"):
                print(line)
            continue
        if echo:
            print(session.prompt() + line)
        yield line


def _banner(url: str) -> str:
    return (
        "Peer Circle demo — a pretend Telegram on your computer (" + url + ").\n"
        "You are Jean, a peer support facilitator. Type `help` for what you can do, "
        "`who` for the other people, `as ann` to become Ann (a peer).\n"
    )


def run_demo(*, script: Path | None = None, echo: bool = True) -> int:
    """Entry point for `python -m bot demo`."""
    setup_logging("WARNING")
    lines: list[str] | None = None
    if script is not None:
        lines = script.read_text("utf-8").splitlines()
    elif not sys.stdin.isatty():
        lines = sys.stdin.read().splitlines()
    with tempfile.TemporaryDirectory(prefix="peer-circle-demo-") as workdir:
        try:
            return asyncio.run(_demo(lines, echo=echo, workdir=Path(workdir)))
        except KeyboardInterrupt:
            print("\nBye.")
            return 0
