"""The delivery sweep in batches: a batch is rendered in a few queries right before it goes, and
what happened is recorded a group of messages to a transaction, without weakening the crash
guarantee (a crash sends again at most the messages in flight: 8)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from bot.delivery import (
    NOTICE,
    NOTICE_KIND,
    DeliveryKind,
    DeliveryReport,
    _Recorder,
    schedule_notice,
)
from bot.meetings import rules as meetings
from bot.meetings.deliveries import render_reminder, render_reminders
from bot.messages import OutMessage
from bot.models import Answer, Delivery, DeliveryState
from bot.ratelimit import FloodLimiter
from tests.builders import Programme
from tests.harness import BotHarness
from tests.meetings.helpers import plan

IN_FLIGHT = 8  # DeliveryEngine's concurrency: messages sent side by side


def _row(delivery_id: int, person_id: int, meeting_id: int, variant: str) -> Delivery:
    return Delivery(
        id=delivery_id,
        kind=meetings.REMINDER,
        person_id=person_id,
        subject_id=meeting_id,
        variant=variant,
        priority=0,
        due_at=None,  # type: ignore[arg-type]  # renderers don't read it
        payload=None,
        attempts=1,
    )


async def _states(bot: BotHarness, meeting_id: int) -> dict[int, tuple[str, str | None]]:
    async with bot.services.db.read() as repos:
        rows = await repos.deliveries._all(
            "SELECT person_id, state, outcome FROM deliveries "
            "WHERE kind = 'reminder' AND subject_id = ? AND variant = '1d'",
            (meeting_id,),
        )
    return {row[0]: (row[1], row[2]) for row in rows}


async def test_batch_rendering_gives_what_rendering_one_by_one_gives(bot: BotHarness) -> None:
    """Reminders of live, cancelled and other groups' meetings, answered or not, to members who
    left, with days that are not reminder days: the batch renders each as `render_reminder`."""
    world = await Programme.build(bot)
    planned = await plan(bot, world, count=3)
    live, cancelled, later = planned
    peer, other, gone = world.peers
    async with bot.services.db.transaction() as repos:
        await repos.meetings.set_rsvp(live.id, world.person_id(peer), Answer.YES, bot.clock.now())
        await repos.meetings.cancel(cancelled.id, bot.clock.now())
        await repos.deliveries._run(
            "UPDATE memberships SET left_at = ? WHERE person_id = ?",
            ("2026-11-01T00:00:00Z", world.person_id(gone)),
        )
        # `other` had the week-before reminder about `live`: no calendar file again.
        await repos.deliveries._run(
            "UPDATE deliveries SET state = 'sent' WHERE kind = 'reminder' AND person_id = ? "
            "AND subject_id = ? AND variant = '7d'",
            (world.person_id(other), live.id),
        )
    users = [*world.psfs, *world.peers]
    rows = [
        _row(number, world.person_id(user), meeting.id, variant)
        for number, (user, meeting, variant) in enumerate(
            (
                (user, meeting, variant)
                for user in users
                for meeting in (live, cancelled, later)
                for variant in ("7d", "1d", "3d", "soon")
            ),
            start=1,
        )
    ]
    async with bot.services.db.read() as repos:
        people = await repos.people.get_many(row.person_id for row in rows)
        pairs = [(row, people[row.person_id]) for row in rows]
        together = await render_reminders(bot.services, repos, pairs)
        alone = {
            row.id: await render_reminder(bot.services, repos, row, person) for row, person in pairs
        }
    assert together == alone
    sent = [message for message in together.values() if message is not None]
    assert len(sent) == 2 * 4 * 2  # live and later, 7d and 1d, to everyone still in the group
    assert any("calendar" in str(m.buttons).lower() for m in sent)


async def test_a_cancelled_meeting_in_a_batch_drops_only_its_rows(bot: BotHarness) -> None:
    world = await Programme.build(bot)
    first, second = await plan(bot, world, count=2)
    now = bot.clock.now()
    async with bot.services.db.transaction() as repos:
        # One batch: the PSFs' day-before reminders about the first meeting, the peers' about
        # the second; then the second is cancelled (its rows left pending, as after a crash).
        for users, meeting in ((world.psfs, first), (world.peers, second)):
            for user in users:
                await repos.deliveries.schedule(
                    kind=meetings.REMINDER,
                    person_id=world.person_id(user),
                    subject_id=meeting.id,
                    variant="1d",
                    due_at=now,
                )
        await repos.meetings.cancel(second.id, now)
    swept = await bot.sweep()
    report = swept["deliveries"]
    assert isinstance(report, DeliveryReport)
    assert (report.by_kind[meetings.REMINDER], report.dropped) == (
        len(world.psfs),
        len(world.peers),
    )
    psfs = {world.person_id(user) for user in world.psfs}
    assert {p: s for p, s in (await _states(bot, first.id)).items() if p in psfs} == dict.fromkeys(
        psfs, ("sent", None)
    )
    peers = {world.person_id(user) for user in world.peers}
    assert {
        p: s for p, s in (await _states(bot, second.id)).items() if p in peers
    } == dict.fromkeys(peers, ("dropped", "obsolete"))


async def test_a_crash_before_the_batched_record_sends_again_at_most_those_in_flight(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bot dies while recording (nothing is written from that moment): what Telegram took
    but the database does not know of is at most the messages in flight, and after a restart
    everything goes, nothing twice but those. Send limits lifted: nothing holds senders back
    but the recording."""
    unlimited = FloodLimiter(overall_per_second=1e9, chat_burst=10**9)
    async with BotHarness.fast(tmp_path, rate_limiter=unlimited) as bot:
        await _crash_while_recording(bot, monkeypatch)


async def _crash_while_recording(bot: BotHarness, monkeypatch: pytest.MonkeyPatch) -> None:
    world = await Programme.build(bot, psfs=0, peers=30, with_nurse=False)
    people = [world.person_id(user) for user in world.peers]
    each = 3
    async with bot.services.db.transaction() as repos:
        for person_id in people:
            for number in range(each):
                await schedule_notice(
                    repos,
                    person_id=person_id,
                    message=OutMessage(f"Notice {number} for {person_id}"),
                    due_at=bot.clock.now(),
                    key=f"n{number}",
                )
    commit = _Recorder._commit
    written = 0
    dead = asyncio.Event()

    async def commit_then_die(self: _Recorder, group: Any) -> None:
        nonlocal written
        if written >= 20:
            dead.set()
            await asyncio.Event().wait()  # the process is gone: nothing more is written
        written += len(group)
        await commit(self, group)

    monkeypatch.setattr(_Recorder, "_commit", commit_then_die)
    sweep = asyncio.create_task(bot.services.sweep())
    await asyncio.wait_for(dead.wait(), timeout=30)
    calls, still = -1, 0
    while still < 20:  # let every sender get as far as it can
        await asyncio.sleep(0.005)
        still = still + 1 if len(bot.telegram.calls) == calls else 0
        calls = len(bot.telegram.calls)
    sweep.cancel()
    for task in asyncio.all_tasks():
        if task.get_coro().__qualname__.startswith("_Recorder._drain"):  # type: ignore[union-attr]
            task.cancel()
    await asyncio.gather(sweep, return_exceptions=True)
    sent_before = [text for user in world.peers for text in user.texts]
    async with bot.services.db.transaction() as repos:
        recorded = await repos.deliveries.count(state=DeliveryState.SENT)
        await repos.deliveries.release_claims()  # what the restarted bot does first
    assert 0 < recorded < len(people) * each
    assert len(sent_before) - recorded <= IN_FLIGHT

    monkeypatch.setattr(_Recorder, "_commit", commit)
    await bot.sweep()
    texts = [text for user in world.peers for text in user.texts]
    expected = {f"Notice {n} for {p}" for p in people for n in range(each)}
    assert set(texts) == expected  # nothing lost
    assert len(texts) - len(expected) <= IN_FLIGHT  # sent twice: at most those in flight
    for user in world.peers:  # and each person's in order
        numbers = [int(text.split()[1]) for text in user.texts]
        assert numbers == sorted(numbers)


async def test_an_after_send_hook_failing_holds_back_only_its_own_row(
    bot: BotHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rows recorded together: one whose hook raises is left claimed (it goes again after its
    lease, and the sweep step fails, as before), the others of its group are recorded."""
    world = await Programme.build(bot, psfs=0, peers=12, with_nurse=False)
    unlucky = world.person_id(world.peers[3])

    async def after(services: Any, repos: Any, delivery: Delivery, result: Any) -> None:
        if delivery.person_id == unlucky:
            raise RuntimeError("a hook's bug")

    deliver_due = dict(bot.services.sweeper._steps)["deliveries"]  # type: ignore[union-attr]
    kinds = deliver_due.__self__._kinds  # type: ignore[attr-defined]
    monkeypatch.setitem(kinds, NOTICE, DeliveryKind(NOTICE, NOTICE_KIND.render, after))
    async with bot.services.db.transaction() as repos:
        for user in world.peers:
            await schedule_notice(
                repos,
                person_id=world.person_id(user),
                message=OutMessage("hello"),
                due_at=bot.clock.now(),
                key="hello",
            )
    with pytest.raises(RuntimeError, match="a hook's bug"):
        await deliver_due(bot.services)
    states: dict[int, str] = {}
    for _ in range(100):  # the other senders finish after the step has failed
        async with bot.services.db.read() as repos:
            rows = await repos.deliveries._all("SELECT person_id, state FROM deliveries")
        states = {row[0]: row[1] for row in rows}
        if list(states.values()).count("sent") == len(world.peers) - 1:
            break
        await asyncio.sleep(0.01)
    assert states.pop(unlucky) == "sending"
    assert set(states.values()) == {"sent"}
    assert all(user.texts == ["hello"] for user in world.peers)
