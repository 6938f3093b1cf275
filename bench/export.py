"""The research export at the study's scale, after a whole year.

Seeds a database straight through the repositories: 65 groups in 10 areas, 106 PSFs and 652
peers (as in the study), 12 monthly meetings per group (6 + 6), every peer answering, the
attendance, a check-in from every PSF with a few words, peers' feedback, two concerns per PSF
with their steps, and topic ideas. Then times `python -m bot admin export`'s work (snapshot,
every table, the CSV files and README.txt) and checks the row counts.

Run: .venv/bin/python bench/export.py   (seconds; exits 1 if the export takes over 5 s or a
count is wrong)
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.concerns.records import Category, EventKind
from bot.config import Settings
from bot.export.admin import make_export
from bot.models import Answer, Role
from bot.storage import Database

AREAS = 10
GROUPS = 65
PSFS = 106
PEERS = 652
MEETINGS = 12
CONCERNS_PER_PSF = 2
START = datetime(2026, 1, 6, 10, 30, tzinfo=UTC)
EXPORT_AT = START + timedelta(days=365)
TARGET_SECONDS = 5.0


async def seed(path: Path) -> None:
    db = Database(path)
    await db.open()
    now = START - timedelta(days=30)
    try:
        async with db.transaction() as repos:
            areas = [
                await repos.programme.add_area(
                    name=f"Area {n}", slug=f"area-{n}", timezone="Europe/London", now=now
                )
                for n in range(AREAS)
            ]
            groups = [
                await repos.programme.add_group(
                    name=f"Group {n}",
                    area_id=areas[n % AREAS].id,
                    venue=None,
                    start_date=None,
                    now=now,
                )
                for n in range(GROUPS)
            ]
            members: dict[int, dict[Role, list[int]]] = {
                g.id: {Role.PSF: [], Role.PEER: []} for g in groups
            }
            for n in range(PSFS + PEERS):
                role = Role.PSF if n < PSFS else Role.PEER
                group = groups[n % GROUPS]
                person = await repos.people.add(
                    display_name=f"Person {n}", telegram_id=10_000 + n, now=now
                )
                await repos.people.join_group(
                    group_id=group.id, person_id=person.id, role=role, now=now
                )
                members[group.id][role].append(person.id)
            for g in groups:
                venue = await repos.meetings.add_venue(
                    group_id=g.id, name="Hall", address="", notes="", created_by=None, now=now
                )
                psfs, peers = members[g.id][Role.PSF], members[g.id][Role.PEER]
                for k in range(MEETINGS):
                    starts = START + timedelta(days=28 * k, hours=g.id % 5)
                    meeting = await repos.meetings.add(
                        group_id=g.id,
                        plan_id=None,
                        venue_id=venue.id,
                        starts_at=starts,
                        ends_at=starts + timedelta(minutes=90),
                        now=now,
                    )
                    for i, peer in enumerate(peers):
                        answer = (Answer.YES, Answer.YES, Answer.MAYBE, Answer.NO)[(i + k) % 4]
                        await repos.meetings.set_rsvp(meeting.id, peer, answer, now)
                    after = meeting.ends_at + timedelta(hours=2)
                    marks = {peer: i % 3 != 0 for i, peer in enumerate(peers)}
                    await repos.checkins.set_marks(meeting.id, marks, by=psfs[0], now=after)
                    await repos.checkins.save_attendance(
                        meeting.id, by=psfs[0], now=after, newcomers=k % 2, confirmed_at=after
                    )
                    for psf in psfs:
                        checkin = await repos.checkins.get_or_create(
                            meeting_id=meeting.id, group_id=g.id, person_id=psf, now=after
                        )
                        await repos.checkins.update(
                            checkin,
                            after,
                            attendance_at=after,
                            mood=1 + (psf + k) % 5,
                            went_well="The icebreaker got Person 3 talking about walking",
                            less_well="",
                            obstacles=frozenset({"wandered"}) if k % 3 == 0 else frozenset(),
                            obstacles_at=after,
                            wants_nurse=False,
                            completed_at=after,
                        )
                    for i, (peer, came) in enumerate(marks.items()):
                        if came:
                            rating = ("helpful", "ok", "not_for_me")[i % 3]
                            await repos.checkins.set_feedback(meeting.id, peer, rating, after)
                    await repos.suggestions.add(
                        group_id=g.id, person_id=peers[0], text="Feet", now=after,
                        meeting_id=meeting.id,
                    )  # fmt: skip
            raisers = [(g, psf) for g in groups for psf in members[g.id][Role.PSF]]
            for n, (g, psf) in enumerate(raisers):
                for c in range(CONCERNS_PER_PSF):
                    raised = START + timedelta(days=7 * (n % 50) + c, hours=n % 8)
                    concern = await repos.concerns.add_draft(
                        group_id=g.id, area_id=g.area_id, raised_by=psf, now=raised,
                        description="Private words",
                    )  # fmt: skip
                    await repos.concerns.set_category(concern.id, Category.PEER)
                    await repos.concerns.mark_raised(concern.id, raised)
                    await repos.concerns.add_event(concern.id, EventKind.RAISED, raised)
                    await repos.concerns.mark_delivered(concern.id, raised + timedelta(hours=1))
                    seen = raised + timedelta(hours=5)
                    await repos.concerns.mark_acknowledged(concern.id, psf, seen)
                    await repos.concerns.add_event(concern.id, EventKind.REPLIED, seen, text="x")
                    await repos.concerns.mark_resolved(
                        concern.id, psf, "done", raised + timedelta(days=1)
                    )
    finally:
        await db.close()


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="peer-circle-bench-export-") as work:
        path = Path(work) / "bench.sqlite3"
        started = time.perf_counter()
        asyncio.run(seed(path))
        print(f"seeded in {time.perf_counter() - started:.1f} s ({path.stat().st_size:,} bytes)")
        settings = Settings(_env_file=None, database_path=path)  # type: ignore[call-arg]
        started = time.perf_counter()
        counts = make_export(Path(work) / "out", settings, EXPORT_AT, None, None)
        took = time.perf_counter() - started
    for name, rows in counts.items():
        print(f"  {name:<18} {rows:>6} rows")
    print(f"export: {took:.2f} s (target under {TARGET_SECONDS:.0f} s)")
    expected = {
        "groups.csv": GROUPS,
        "meetings.csv": GROUPS * MEETINGS,
        "attendance.csv": GROUPS * MEETINGS,
        "checkins.csv": PSFS * MEETINGS,
        "peer_feedback.csv": GROUPS * MEETINGS,
        "concerns.csv": PSFS * CONCERNS_PER_PSF,
    }
    wrong = {name: counts[name] for name, n in expected.items() if counts[name] != n}
    if wrong:
        print(f"wrong row counts: {wrong}")
    return 0 if took < TARGET_SECONDS and not wrong else 1


if __name__ == "__main__":
    sys.exit(main())
