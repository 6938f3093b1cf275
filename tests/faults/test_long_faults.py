"""`make faults`: each fault for a minute (FAULT_SECONDS), with the figures in a table.

Excluded from `make test` (the marker); the same scenarios run there for a second or two.
Each run records its row; tests/faults/conftest.py prints the table at the end and writes it
to bench/results/faults.md.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.devserver import Fault
from tests.faults.machine_runs import backup_while_sending, database_locked, disk_full_for
from tests.faults.scenarios import FaultRun, telegram_fault
from tests.faults.test_telegram_faults import EVERYTHING, SOME_CHATS, assert_survived

pytestmark = pytest.mark.faults_long

LONG = float(os.environ.get("FAULT_SECONDS", "60"))
LOCKED = 5.0  # an `admin backup` of a huge file, a person with the sqlite3 shell open
PEERS = 12
SWEEP_EVERY = 30.0  # as the bot runs by default (SWEEP_INTERVAL_SECONDS)


def _record(record_property: pytest.RecordProperty, order: int, run: FaultRun) -> None:
    record_property("fault_run", [order, *run.row()])


@pytest.mark.parametrize("fault", EVERYTHING, ids=lambda fault: fault.name.lower())
async def test_every_call_fails_for_a_minute(
    tmp_path: Path, fault: Fault, record_property: pytest.RecordProperty
) -> None:
    run = await telegram_fault(
        tmp_path,
        fault,
        seconds=LONG,
        peers=PEERS,
        tap_every=LONG / (PEERS + 1),
        sweep_every=SWEEP_EVERY,
    )
    _record(record_property, EVERYTHING.index(fault), run)
    assert_survived(run)
    assert run.during == 0


@pytest.mark.parametrize("fault", SOME_CHATS, ids=lambda fault: fault.name.lower())
async def test_some_chats_fail_for_a_minute(
    tmp_path: Path, fault: Fault, record_property: pytest.RecordProperty
) -> None:
    run = await telegram_fault(
        tmp_path,
        fault,
        seconds=LONG,
        some_chats=True,
        peers=PEERS,
        tap_every=LONG / (PEERS + 1),
        sweep_every=SWEEP_EVERY,
    )
    _record(record_property, 10 + SOME_CHATS.index(fault), run)
    assert_survived(run)


async def test_database_locked_for_five_seconds(
    tmp_path: Path, record_property: pytest.RecordProperty
) -> None:
    run = await database_locked(tmp_path, seconds=LOCKED, peers=PEERS)
    _record(record_property, 20, run)
    assert (run.lost, run.duplicated, run.taps_lost, run.taps_duplicated) == (0, 0, 0, 0), run
    assert run.taps_refused == 0  # 5 s is within the bot's patience: the taps just wait
    assert run.warnings == []  # nothing gave up waiting, so nothing to report


async def test_disk_full_for_a_minute(
    tmp_path: Path, record_property: pytest.RecordProperty
) -> None:
    run = await disk_full_for(tmp_path, seconds=LONG, peers=PEERS, sweep_every=5.0)
    _record(record_property, 21, run)
    assert (run.lost, run.duplicated, run.taps_lost, run.taps_duplicated) == (0, 0, 0, 0), run
    assert run.taps_refused == run.taps > 0  # each was told to try again, and then it worked
    assert len(run.warnings) == 1 and "disk is full" in run.warnings[0]


async def test_backup_while_sending_2000(
    tmp_path: Path, record_property: pytest.RecordProperty
) -> None:
    run, facts = await backup_while_sending(tmp_path, people=100, each=20)
    _record(record_property, 22, run)
    assert facts["integrity"] == "ok"
    assert facts["copy counts"] == facts["counts"]
    assert (run.after, run.lost) == (run.due, 0), run
    assert facts["sent again though recorded"] == 0
