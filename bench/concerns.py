"""The Monday-morning backlog: a whole programme's weekend concerns reaching the nurses at 9:00.

At the study's scale (65 groups in 10 areas, 106 PSFs, a nurse and a backup per area) every
PSF raises two concerns over a weekend. The bench times raising them (the core, in one
transaction each) and then the Monday 09:00 sweep through the real Application, the local Bot
API server over HTTP and the flood limiter (about 30 messages/s overall, 1/s per chat after a
short burst), until every nurse has her cards and every PSF has been told.

Run: .venv/bin/python bench/concerns.py   (about half a minute; exits 1 if a concern is lost)
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from bot.app import build_application, running
from bot.auth import load_actor
from bot.clock import ManualClock
from bot.concerns import rules as concerns
from bot.concerns import texts
from bot.concerns.records import Category
from bot.config import Settings
from bot.devserver import FakeTelegram, LocalBotApiServer
from bot.devserver.settle import wait_settled
from bot.models import Role

TOKEN = "123456:BENCH"
AREAS = 10
GROUPS = 65
PSFS = 106
PER_PSF = 2
SATURDAY = datetime(2026, 11, 7, 10, tzinfo=UTC)
MONDAY_9 = datetime(2026, 11, 9, 9, tzinfo=UTC)


async def bench(workdir: Path) -> int:
    clock = ManualClock(SATURDAY)
    telegram = FakeTelegram(token=TOKEN, clock=clock.now)
    async with LocalBotApiServer(telegram) as server:
        settings = Settings(
            _env_file=None,
            telegram_bot_token=TOKEN,
            telegram_api_url=server.base_url,
            database_path=workdir / "bench.sqlite3",
            sweep_interval_seconds=3600,
        )
        app = build_application(settings, clock=clock)
        async with running(app) as services:
            psf_ids, nurse_ids = [], []
            async with services.db.transaction() as repos:
                areas = [
                    await repos.programme.add_area(
                        name=f"Area {n}",
                        slug=f"area-{n}",
                        timezone="Europe/London",
                        now=clock.now(),
                    )
                    for n in range(AREAS)
                ]
                for n, area in enumerate(areas):
                    for backup in (False, True):
                        telegram_id = 50_000 + 2 * n + backup
                        person = await repos.people.add(
                            display_name=f"Nurse {n}{'b' if backup else ''}",
                            telegram_id=telegram_id,
                            now=clock.now(),
                        )
                        await repos.people.add_nurse(
                            area_id=area.id, person_id=person.id, is_backup=backup, now=clock.now()
                        )
                        nurse_ids.append(telegram_id)
                groups = [
                    await repos.programme.add_group(
                        name=f"Group {n}",
                        area_id=areas[n % AREAS].id,
                        venue=None,
                        start_date=None,
                        now=clock.now(),
                    )
                    for n in range(GROUPS)
                ]
                for n in range(PSFS):
                    person = await repos.people.add(
                        display_name=f"Psf {n}", telegram_id=10_000 + n, now=clock.now()
                    )
                    await repos.people.join_group(
                        group_id=groups[n % GROUPS].id,
                        person_id=person.id,
                        role=Role.PSF,
                        now=clock.now(),
                    )
                    psf_ids.append(10_000 + n)
            for telegram_id in psf_ids + nurse_ids:
                telegram.user(telegram_id).has_chat = True

            raise_times = []
            for round_ in range(PER_PSF):
                for telegram_id in psf_ids:
                    started = time.perf_counter()
                    async with services.db.transaction() as repos:
                        actor = await load_actor(repos, telegram_id)
                        assert actor is not None
                        group = await repos.programme.group(actor.group_ids()[0])
                        now = clock.now()
                        draft = await concerns.start_draft(repos, actor, group, now)
                        await concerns.choose_category(repos, actor, draft.id, Category.PEER, now)
                        said = concerns.Said(f"Concern {round_} from {telegram_id}")
                        await concerns.describe(
                            repos, settings, actor, concern_id=draft.id, said=said, now=now
                        )
                        await concerns.submit(repos, settings, actor, draft.id, now)
                    raise_times.append(time.perf_counter() - started)

            clock.set(MONDAY_9)
            started = time.perf_counter()
            await services.sweep()
            await wait_settled(app, telegram, timeout=600)
            swept = time.perf_counter() - started

            total = PSFS * PER_PSF
            cards = sum(
                sum("Concern from" in m.text for m in telegram.user(i).inbox) for i in nurse_ids
            )
            told = sum(
                sum(m.text.startswith("📬") for m in telegram.user(i).inbox) for i in psf_ids
            )
            per_nurse = max(
                sum("Concern from" in m.text for m in telegram.user(i).inbox) for i in nurse_ids
            )
            raise_ms = sorted(t * 1000 for t in raise_times)
            print(f"concerns raised over the weekend: {total} ({AREAS} areas, {GROUPS} groups)")
            print(
                f"raising one (core, one transaction): p50 {statistics.median(raise_ms):.1f} ms, "
                f"p99 {raise_ms[int(len(raise_ms) * 0.99)]:.1f} ms"
            )
            print(
                f"Monday 9:00 sweep until settled: {swept:.1f} s for {cards} cards to nurses and "
                f"{told} 'it has reached' notes to PSFs ({(cards + told) / swept:.0f} messages/s; "
                f"busiest nurse: {per_nurse} cards)"
            )
            lost = total - cards
            print(f"lost: {lost}")
            assert texts.MENU_LABEL  # the feature's texts load
            return 0 if lost == 0 and told == total else 1


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="peer-circle-bench-") as workdir:
        return asyncio.run(bench(Path(workdir)))


if __name__ == "__main__":
    sys.exit(main())
