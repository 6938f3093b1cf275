"""Coordinator commands as a person reads them: peers CSVs from Excel, links that say who and
where, lists with headers, `admin status` and the end-of-study deletion."""

from __future__ import annotations

import asyncio
import csv
import re
import stat
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import cli
from bot.csvfiles import safe_cell, write_private_csv
from bot.storage import Database
from tests.builders import Programme
from tests.harness import BotHarness

Admin = Callable[..., tuple[int, str]]


@pytest.fixture
def admin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Admin:
    """`peer-circle admin …` in a fresh programme folder with an area and a group."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PEER_CIRCLE_HOME", raising=False)
    monkeypatch.setenv("DATABASE_PATH", str(tmp_path / "pc.sqlite3"))
    monkeypatch.setenv("BOT_USERNAME", "PeerCircleBot")
    runner = CliRunner()

    def run(*args: str) -> tuple[int, str]:
        result = runner.invoke(cli, ["admin", *args])
        return result.exit_code, result.output

    assert run("init")[0] == 0
    assert run("area", "add", "South Suffolk")[0] == 0
    assert run("group", "add", "Lavenham Circle", "--area", "South Suffolk")[0] == 0
    return run


def test_a_windows_excel_csv_is_read_with_a_note(tmp_path: Path, admin: Admin) -> None:
    """A Windows-1252 file (Excel on Windows) is read, saying so; names keep their accents."""
    (tmp_path / "peers.csv").write_bytes(
        "Name;x\r\n".replace(";", ",").encode() + "Zoë Brontë,\r\nRené Côté,\r\n".encode("cp1252")
    )
    code, out = admin("peers", "import", "peers.csv", "--group", "Lavenham Circle")
    assert code == 0, out
    assert "Note: the file is not UTF-8, so I read it as Windows-1252" in out
    assert "Zoë Brontë:" in out and "René Côté:" in out
    (tmp_path / "bom.csv").write_bytes("\ufeffname\nÅsa Öberg\n".encode())
    code, out = admin("peers", "import", "bom.csv", "--group", "Lavenham Circle")
    assert code == 0 and "Note:" not in out and "Åsa Öberg:" in out


def test_a_csv_without_a_name_column_names_the_columns_it_has(tmp_path: Path, admin: Admin) -> None:
    """The refusal lists the columns found, so the coordinator sees what to rename."""
    (tmp_path / "peers.csv").write_text("First name,Surname\nAnn,Clarke\n")
    code, out = admin("peers", "import", "peers.csv", "--group", "Lavenham Circle")
    assert code == 1
    assert (
        "needs a header row with a 'name' column; the columns it has: 'First name', 'Surname'"
        in out
    )


def test_importing_the_same_people_again_needs_again_and_withdraws_the_old_links(
    tmp_path: Path, admin: Admin
) -> None:
    """A second import of the same names refuses; with --again the old links stop working."""
    (tmp_path / "peers.csv").write_text("name\nAnn Clarke\nBob Harris\n")
    code, out = admin("peers", "import", "peers.csv", "--group", "Lavenham Circle")
    assert code == 0 and "Made 2 personal links for Lavenham Circle" in out
    first = (tmp_path / "peers-links.csv").read_text()
    code, out = admin("peers", "import", "peers.csv", "--group", "Lavenham Circle")
    assert code == 1
    assert "2 people in this file already have a personal link for Lavenham Circle" in out
    assert "--again" in out and "withdraw the old ones" in out
    assert (tmp_path / "peers-links.csv").read_text() == first
    code, out = admin("peers", "import", "peers.csv", "--group", "Lavenham Circle", "--again")
    assert code == 0 and "Made 2 personal links for Lavenham Circle (2 old links withdrawn)" in out
    code, out = admin("list", "invites", "--active")
    assert out.count("Ann Clarke") == 1
    code, out = admin("list", "invites")
    assert out.count("revoked") == 2


def test_links_file_is_private_and_safe_in_a_spreadsheet(tmp_path: Path, admin: Admin) -> None:
    """The names-and-links file is owner-only, and a name like =HYPERLINK(…) stays text."""
    (tmp_path / "peers.csv").write_text('name\n"=HYPERLINK(""http://x"")"\n@Ann\n')
    code, out = admin("peers", "import", "peers.csv", "--group", "Lavenham Circle")
    assert code == 0, out
    links = tmp_path / "peers-links.csv"
    assert stat.S_IMODE(links.stat().st_mode) == 0o600
    rows = list(csv.reader(links.read_text().splitlines()))
    assert [row[0] for row in rows[1:]] == ['\'=HYPERLINK("http://x")', "'@Ann"]


def test_every_csv_cell_that_a_spreadsheet_would_run_is_made_text(tmp_path: Path) -> None:
    """=, +, - and @ at the start get an apostrophe (numbers stay numbers), files owner-only."""
    assert [safe_cell(v) for v in ["=1+1", "+44 7700", "-x", "@SUM(A1)", "-3", "2.5", 7]] == [
        "'=1+1",
        "'+44 7700",
        "'-x",
        "'@SUM(A1)",
        "-3",
        "2.5",
        7,
    ]
    path = tmp_path / "out.csv"
    write_private_csv(path, [["=cmd|' /C calc'!A0"]])
    assert path.read_text().startswith("'=cmd")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_big_group_is_imported_with_a_warning(tmp_path: Path, admin: Admin) -> None:
    """Above 30 people in a group the import goes ahead but says the study's advice."""
    names = "\n".join(f"Peer {n}" for n in range(31))
    (tmp_path / "many.csv").write_text(f"name\n{names}\n")
    code, out = admin("peers", "import", "many.csv", "--group", "Lavenham Circle")
    assert code == 0
    assert "Note: Lavenham Circle will have 31 peers. The study found 8–9 ideal" in out


def test_links_say_who_they_are_for_and_where(tmp_path: Path, admin: Admin) -> None:
    """Each link names the role, the group or area, and the backup nurse; lists have headers."""
    code, out = admin("invite", "--role", "nurse", "--area", "South Suffolk", "--backup")
    assert code == 0
    assert out.startswith("Invitation for a backup nurse for South Suffolk: 1 use, until ")
    code, out = admin("invite", "--role", "peer", "--group", "Lavenham Circle", "--uses", "20")
    assert "Invitation for a peer for Lavenham Circle (South Suffolk): 20 uses, until " in out
    code, out = admin("invite", "--role", "psf", "--group", "Lavenham Circle")
    assert "for a facilitator (PSF) for Lavenham Circle" in out
    (tmp_path / "peers.csv").write_text("name\nAnn Clarke\n")
    assert admin("peers", "import", "peers.csv", "--group", "Lavenham Circle")[0] == 0
    code, out = admin("list", "invites", "--group", "Lavenham Circle")
    lines = out.splitlines()
    assert lines[0].split() == ["Token", "For", "Uses", "left", "Expires", "State", "Name"]
    assert re.search(r"peer · Lavenham Circle +20 of 20 +\w+day \d+ \w+ 20\d\d +open", out)
    assert re.search(r"peer · Lavenham Circle +1 of 1 .* open +Ann Clarke", out)
    assert "backup nurse" not in out  # not in this group
    assert lines[-1] == "3 invitations."
    code, out = admin("list", "invites")
    assert "backup nurse · South Suffolk" in out and "4 invitations." in out
    code, out = admin("list", "members")
    assert out.splitlines() == [
        "Lavenham Circle: 0 facilitators, 0 peers, 1 not joined yet",
        "  not joined yet     Ann Clarke  (personal link sent)",
    ]
    code, out = admin("list", "groups")
    assert "0 PSFs, 0 peers" in out


async def test_status_says_what_an_operator_checks_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Database, schema, last sweep, deliveries waiting and failed, late concerns."""
    async with BotHarness.fast(tmp_path) as bot:
        await Programme.build(bot)
        await bot.sweep()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_PATH", str(tmp_path / "peer-circle.sqlite3"))
    result = await asyncio.to_thread(CliRunner().invoke, cli, ["admin", "status"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert f"Database:        {tmp_path}/peer-circle.sqlite3" in out
    assert "Schema:          " in out and "migrations, newest 0" in out
    assert "Bot running:     no" in out
    assert "Last sweep:      " in out and "never" not in out
    assert "Deliveries:      " in out and " failed" in out
    assert "0 concerns delivered to a nurse and not acknowledged for over 60 minutes" in out


async def test_retention_deletes_peoples_data_only_after_the_period_and_with_apply(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Too early: nothing; a dry run counts; --apply forgets everyone, keeping counts."""
    async with BotHarness.fast(tmp_path) as bot:
        world = await Programme.build(bot)
        names = [world.psf.first_name, world.peer.first_name]
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_PATH", str(tmp_path / "peer-circle.sqlite3"))
    monkeypatch.setenv("RETENTION_DAYS", "365")
    runner = CliRunner()
    today = datetime.now(UTC).date()  # the command runs on the real clock

    async def retention(*args: str) -> str:
        result = await asyncio.to_thread(runner.invoke, cli, ["admin", "retention", *args])
        assert result.exit_code == 0, result.output
        return result.output

    recent = (today - timedelta(days=30)).isoformat()
    assert "Not yet: people's data is kept until" in await retention(
        "--study-ended", recent, "--apply"
    )
    long_ago = "2020-01-31"
    dry = await retention("--study-ended", long_ago)
    assert "Dry run: this would delete" in dry and "--apply" in dry
    done = await retention("--study-ended", long_ago, "--apply")
    assert "Deleted the data of" in done
    db = Database(tmp_path / "peer-circle.sqlite3")
    await db.open()
    try:
        async with db.read() as repos:
            assert await repos.people.remembered_ids() == []
    finally:
        await db.close()
    dump = (tmp_path / "peer-circle.sqlite3").read_bytes()
    for name in names:
        assert name.encode() not in dump  # vacuumed: no old bytes left in free pages
