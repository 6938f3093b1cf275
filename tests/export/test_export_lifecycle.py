"""The research export's life-cycle and task events (group_events.csv) and the groups' stage."""

from __future__ import annotations

from datetime import date

from bot.export.rules import TABLES, csv_cell, readme_text, research_export
from bot.lifecycle import texts
from bot.tasks import texts as task_texts
from tests.harness import BotHarness
from tests.lifecycle.helpers import FAREWELL_AT, PEERS_ASKED, six_meetings
from tests.oversight.helpers import utc

EXPORT_AT = utc(2026, 12, 20, 12, 0)


async def test_group_events_are_exported_without_names(bot: BotHarness) -> None:
    """A task taken, a peer's answer, the decision, the stages, the goodbye, "how was it" and
    the archive are rows with pseudonymous ids, local dates, and no names; the group's row
    shows its stage, the decision and the archive date."""
    world, planned = await six_meetings(bot)
    await bot.send(world.psf, task_texts.MENU_LABEL)
    await bot.press(world.psf, "✋ Bring refreshments")
    await bot.sweep(at=PEERS_ASKED)
    await bot.press(world.peer, texts.COME_LABELS["maybe"])
    await bot.send(world.psf, "/future")
    await bot.press(world.psf, texts.END)
    await bot.press(world.psf, texts.YES_END)
    await bot.press(world.psf, texts.MAKE_GOODBYE)
    await bot.sweep(at=FAREWELL_AT)
    await bot.press(world.peers[1], texts.HOW_LABELS["not_for_me"])
    await bot.sweep(at=EXPORT_AT)
    async with bot.services.db.read() as repos:
        tables = await research_export(repos, now=EXPORT_AT, settings=bot.services.settings)
    g, psf, peer = f"G{world.group.id}", world.person_id(world.psf), world.person_id(world.peer)
    [group] = tables["groups"]
    assert (group["status"], group["decision"], group["archived"]) == (
        "ended", "end", "2026-12-20",
    )  # fmt: skip
    steps = [(r["kind"], r["value"], r["person"], r["role"]) for r in tables["group_events"]]
    assert steps == [
        ("claim", "Bring refreshments", f"P{psf}", "psf"),
        ("stage", "running", None, "system"),
        ("would_come", "maybe", f"P{peer}", "peer"),
        ("stage", "ending", None, "system"),
        ("decision", "end", f"P{psf}", "psf"),
        ("goodbye", None, f"P{psf}", "psf"),
        ("stage", "ended", None, "system"),
        ("how_was_it", "not_for_me", f"P{world.person_id(world.peers[1])}", "peer"),
        ("archived", None, None, "system"),
    ]
    first = tables["group_events"][0]
    assert first["group"] == g and first["meeting"] == f"M{planned[0].id}"
    assert first["date"] == "2026-11-04" and first["time"] == "10:00"
    values = [csv_cell(v) for row in tables["group_events"] for v in row.values()]
    assert not [v for v in values if "Psf1" in v or "Peer" in v or "Lavenham" in v]
    [table] = [t for t in TABLES if t.name == "group_events"]
    readme = readme_text(exported_at=EXPORT_AT, since=None, until=None, counts={})
    assert table.file_name in readme and "would_come (a peer answered" in readme
    assert all(f"- {column.name}: " in readme for column in table.columns)


async def test_the_date_range_limits_group_events(bot: BotHarness) -> None:
    """Events outside --since/--until are left out."""
    await six_meetings(bot)
    await bot.sweep(at=utc(2026, 11, 5, 11, 0))
    async with bot.services.db.read() as repos:
        inside = await research_export(repos, now=EXPORT_AT, since=date(2026, 11, 5))
        outside = await research_export(repos, now=EXPORT_AT, since=date(2026, 11, 6))
    assert [r["kind"] for r in inside["group_events"]] == ["stage"]
    assert outside["group_events"] == []
