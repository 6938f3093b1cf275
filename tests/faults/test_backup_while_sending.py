"""`admin backup` while the bot is busy sending: the copy is one consistent moment (sound,
with every row it should have), and a bot restored from it sends everything that was still due
at that moment — nothing is lost."""

from __future__ import annotations

from pathlib import Path

from tests.faults.machine_runs import backup_while_sending


async def test_backup_while_sending_is_consistent_and_restoring_it_loses_nothing(
    tmp_path: Path,
) -> None:
    run, facts = await backup_while_sending(tmp_path, people=20, each=10, rate=150.0)
    assert facts["integrity"] == "ok"
    assert facts["copy counts"] == facts["counts"]  # every row, in every table
    total = facts["total"]
    assert isinstance(total, int)
    sent_live = facts["sent live"]
    assert isinstance(sent_live, list) and len(set(sent_live)) == len(sent_live) == total
    sent_in_copy = facts["sent in copy"]
    assert isinstance(sent_in_copy, int)
    assert 0 < sent_in_copy < total, "the copy is to be taken in the middle of sending"
    assert facts["copy mode"] == 0o600
    # Restored: whatever the copy had not recorded as sent goes now, once; nothing is lost,
    # and nothing the copy knew was sent goes again. (What went out after the copy was taken
    # goes again after a restore: the copy can't know about it.)
    assert run.due == total - sent_in_copy
    assert (run.after, run.lost) == (run.due, 0), run
    assert facts["sent again though recorded"] == facts["resent twice"] == 0
    assert run.warnings == []
