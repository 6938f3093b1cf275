"""The README's coordinator commands, run as written from a fresh programme folder."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import cli
from tests.harness import CONTENT_DIR

README = CONTENT_DIR.parent / "README.md"
MUST_WORK = {"init", "area", "group", "invite", "peers", "list", "status", "revoke", "backup"}
MUST_WORK |= {"hours", "export", "concerns"}


def readme_admin_commands() -> list[str]:
    """Every `peer-circle admin …` line of the setting-up block, comments removed."""
    text = README.read_text()
    block = text[text.index("### Setting up a programme") :]
    block = block[block.index("```sh") + 5 : block.index("```", block.index("```sh") + 5)]
    lines = []
    for line in block.splitlines():
        if line.startswith("peer-circle admin"):
            lines.append(re.sub(r"\s+#.*$", "", line))
    return lines


def test_the_readme_setup_commands_work_as_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """From an empty folder, each command works or refuses in one line (never a traceback)."""
    monkeypatch.chdir(tmp_path)
    for name in ("DATABASE_PATH", "PEER_CIRCLE_HOME"):
        monkeypatch.delenv(name, raising=False)
    (tmp_path / ".env").write_text(f"BOT_USERNAME=PeerCircleBot\nCONTENT_DIR={CONTENT_DIR}\n")
    (tmp_path / "peers.csv").write_text("name\nAnn Clarke\nBob Harris\n")
    runner = CliRunner()
    token = ""
    commands = readme_admin_commands()
    assert commands[0] == "peer-circle admin init" and len(commands) > 15
    for line in commands:
        args = shlex.split(line)[1:]
        if args[:2] == ["admin", "list"]:
            choices = args[2].split("|")
            runs = [[*args[:2], choice] for choice in choices]
        elif args[:3] == ["admin", "content", "reload"]:
            runs = [[*args, "--wait", "0.1"]]  # no bot is running here to pick it up
        else:
            runs = [[arg.replace("TOKEN", token) for arg in args]]
        for run in runs:
            result = runner.invoke(cli, run)
            out = result.output
            assert "Traceback" not in out, (run, out)
            if run[1] in MUST_WORK:
                assert result.exit_code == 0, (run, out)
            else:
                assert result.exit_code in (0, 1), (run, out)
            if run[1] == "invite" and not token:
                token = out.splitlines()[1].rsplit("=", 1)[1]
    assert (tmp_path / "data" / "peer-circle.sqlite3").is_file()
    assert (tmp_path / "backups" / "2026-12-01.sqlite3").is_file()
    assert (tmp_path / "peers-links.csv").is_file()
    assert (tmp_path / "research" / "2027-05" / "README.txt").is_file()
