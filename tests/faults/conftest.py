"""The fault tests start the real bot many times: load the shipped content once for all.
And `make faults` prints its table of figures here, at the end of the run."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from bot.content import ContentStore
from tests.faults.scenarios import HEADER


@cache
def _shared_content(directory: Path) -> ContentStore:
    return ContentStore(directory)


@pytest.fixture(autouse=True)
def _content_loaded_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # These tests never edit content; loading and indexing it takes most of a second.
    monkeypatch.setattr("bot.app.ContentStore", _shared_content)


RESULTS = Path(__file__).resolve().parents[2] / "bench" / "results" / "faults.md"


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """The long runs' figures as a table (their rows come back from xdist workers too)."""
    rows = []
    for outcome in ("passed", "failed"):
        for report in terminalreporter.stats.get(outcome, []):
            for name, value in getattr(report, "user_properties", []):
                if name == "fault_run":
                    rows.append(value)
    if not rows:
        return
    rows.sort(key=lambda row: row[0])
    lines = [HEADER, ["---"] * len(HEADER), *(row[1:] for row in rows)]
    table = "\n".join("| " + " | ".join(str(cell) for cell in line) + " |" for line in lines)
    terminalreporter.write_sep("=", "faults: what was due while each lasted, and what became of it")
    terminalreporter.write_line(table)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(table + "\n", encoding="utf-8")
    terminalreporter.write_line(f"(also written to {RESULTS})")
