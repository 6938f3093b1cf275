"""The delivery sweep: claim due rows, render them, send them, record what happened.

Each kind of delivery (a reminder, a notice, a concern for a nurse …) says how to render a
row into a message at the moment of sending — so a reminder always shows the meeting as it is
now — and optionally what to record once it is sent. A renderer returning None drops the row
(the meeting was cancelled, the concern was answered meanwhile).

A sweep works in batches of 64 claimed rows. Each batch is rendered at once, right before it
goes, in one read of the database: a kind with `render_many` renders all its rows of the batch
in a few queries (a person's second row in the same batch is rendered when its turn comes, after
the first is recorded). What happened to each message is written in groups: whichever messages
finished while the previous group was being written go together, in one transaction. A sender
waits until its message is recorded before it sends the next one, so at any moment at most
`concurrency` (8) messages have gone to Telegram without being recorded: a crash sends at most
those again.

When Telegram is down altogether (bot.health), rows are put back unsent and uncounted, and the
sweep stops; the next sweep tries one message first and carries on if it goes. So a fault of any
length loses nothing, and what fell due meanwhile goes out as soon as Telegram answers again.
A single chat that fails is retried later with growing delays, as before.

While the disk is full nothing is sent (what is sent must be recorded, or it would go again):
each sweep checks whether there is room again and carries on when there is.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections import defaultdict
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.messages import OutMessage
from bot.models import Delivery, DeliveryState, Person
from bot.outbound import Outcome, SendResult
from bot.services import Services
from bot.storage import Repos, StorageUnavailable

log = logging.getLogger(__name__)

Renderer = Callable[[Services, Repos, Delivery, Person], Awaitable[OutMessage | None]]
# A batch of one kind's rows, each with its person (known to be reachable): delivery id ->
# the message, or None to drop the row. Rows left out are rendered one by one with `render`.
BatchRenderer = Callable[
    [Services, Repos, Sequence[tuple[Delivery, Person]]],
    Awaitable[Mapping[int, OutMessage | None]],
]
AfterSend = Callable[[Services, Repos, Delivery, SendResult], Awaitable[None]]

NOTICE = "notice"
_RECORD_TRIES = 4  # recording a sent message: tries before giving up (it may then go twice)
_RECORD_PAUSE_SECONDS = 1.0
_STATE_AFTER = {
    Outcome.SENT: DeliveryState.SENT,
    Outcome.BLOCKED: DeliveryState.DROPPED,
    Outcome.REJECTED: DeliveryState.FAILED,
}
_RETRY_DELAYS = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=15),
    timedelta(hours=1),
    timedelta(hours=4),
)


@dataclass(frozen=True)
class DeliveryKind:
    name: str
    render: Renderer
    after_send: AfterSend | None = None
    # Whether this may reach someone who paused messages (a reply they are waiting for may).
    ignores_pause: bool = False
    # Renders a whole batch of this kind's rows in a few queries (see BatchRenderer); it must
    # give what `render` would give for each row.
    render_many: BatchRenderer | None = None


@dataclass
class DeliveryReport:
    sent: int = 0
    dropped: int = 0
    blocked: int = 0
    failed: int = 0
    retrying: int = 0
    held: int = 0  # put back unsent because Telegram was down
    no_room: bool = False  # the disk is full: nothing was sent
    by_kind: dict[str, int] = field(default_factory=lambda: defaultdict(int))


async def _render_notice(
    services: Services, repos: Repos, delivery: Delivery, person: Person
) -> OutMessage | None:
    return OutMessage.from_json(delivery.payload) if delivery.payload else None


NOTICE_KIND = DeliveryKind(NOTICE, render=_render_notice)
# The answer to something a person did, which Telegram could not take at the time: it goes
# when Telegram answers again, even to someone who paused reminders.
HELD_REPLY = "held_reply"
HELD_REPLY_KIND = DeliveryKind(HELD_REPLY, render=_render_notice, ignores_pause=True)


async def schedule_notice(
    repos: Repos,
    *,
    person_id: int,
    message: OutMessage,
    due_at: datetime,
    key: str,
    subject_id: int = 0,
    priority: int = 0,
) -> bool:
    """Queue a ready-made message; `key` makes it unique (a second call is a no-op)."""
    return await repos.deliveries.schedule(
        kind=NOTICE,
        person_id=person_id,
        subject_id=subject_id,
        variant=key,
        due_at=due_at,
        priority=priority,
        payload=message.to_json(),
    )


async def hold_reply(services: Services, telegram_id: int, message: OutMessage) -> bool:
    """Keep an answer Telegram could not take just now; it goes when Telegram answers again.

    False for someone the bot doesn't know (a stranger's answer is not kept)."""
    async with services.db.transaction() as repos:
        person = await repos.people.by_telegram_id(telegram_id)
        if person is None:
            return False
        await repos.deliveries.schedule(
            kind=HELD_REPLY,
            person_id=person.id,
            variant=secrets.token_hex(8),
            due_at=services.clock.now(),
            payload=message.to_json(),
        )
    return True


@dataclass(frozen=True)
class _Rendered:
    """A row rendered for sending: the message, or None and why it is dropped."""

    person: Person | None
    message: OutMessage | None
    reason: str = ""
    failed: bool = False  # the renderer raised: the row is tried again later


_FAILED = _Rendered(None, None, failed=True)


@dataclass(frozen=True)
class _Finished:
    """How a claimed row ended, to be recorded: sent (or refused) by Telegram, or dropped."""

    delivery: Delivery
    state: DeliveryState
    at: datetime
    outcome: str | None = None
    kind: DeliveryKind | None = None
    result: SendResult | None = None  # None: dropped before sending

    @property
    def went_out(self) -> bool:
        return self.result is not None


class _Recorder:
    """Records how deliveries ended, a group to a transaction (a group commit).

    `write` returns once the row is committed. The first row to finish starts a writer; rows
    finishing while it writes are written together next, with one statement and one commit."""

    def __init__(self, services: Services) -> None:
        self._services = services
        self._queue: list[tuple[_Finished, asyncio.Future[None]]] = []
        self._writer: asyncio.Task[None] | None = None

    async def write(self, finished: _Finished) -> None:
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._queue.append((finished, future))
        if self._writer is None:
            self._writer = asyncio.create_task(self._drain())
        await future

    async def _drain(self) -> None:
        group: list[tuple[_Finished, asyncio.Future[None]]] = []
        try:
            while self._queue:
                group, self._queue = self._queue, []
                try:
                    await self._commit([finished for finished, _ in group])
                except Exception as error:
                    if len(group) == 1:
                        _settle(group, error)
                    else:
                        # A hook failed: each row alone, so only its own row is held back.
                        await self._commit_each(group)
                else:
                    _settle(group)
        finally:
            self._writer = None
            # Cancelled (the bot is stopping): so are the senders waiting for these.
            for _, future in [*group, *self._queue]:
                future.cancel()  # a no-op for those already settled
            self._queue = []

    async def _commit_each(self, group: list[tuple[_Finished, asyncio.Future[None]]]) -> None:
        for finished, future in group:
            try:
                await self._commit([finished])
            except Exception as error:
                _settle([(finished, future)], error)
            else:
                _settle([(finished, future)])

    async def _commit(self, group: Sequence[_Finished]) -> None:
        """Write the group in one transaction. Sent messages have gone: if the database is
        locked or full for a moment, keep trying, or they would be sent again later."""
        services = self._services
        for attempt in range(1, _RECORD_TRIES + 1):
            try:
                async with services.db.transaction() as repos:
                    await repos.deliveries.finish_many(
                        [
                            (
                                f.delivery.id,
                                f.state,
                                f.at,
                                f.result.message_id if f.result else None,
                                f.outcome,
                            )
                            for f in group
                        ]
                    )
                    for f in group:
                        hook = f.kind.after_send if f.kind is not None else None
                        if f.result is not None and f.result.ok and hook is not None:
                            await hook(services, repos, f.delivery, f.result)
            except StorageUnavailable as error:
                if attempt == _RECORD_TRIES:
                    for f in group:
                        if f.went_out:
                            log.error(
                                "Delivery %s went out but could not be recorded (%s); "
                                "it may go once more",
                                f.delivery.id,
                                type(error).__name__,
                            )
                        else:
                            log.debug(
                                "Could not drop delivery %s; its claim will lapse", f.delivery.id
                            )
                    return
                await asyncio.sleep(_RECORD_PAUSE_SECONDS * attempt)
            else:
                return


def _settle(
    group: Iterable[tuple[_Finished, asyncio.Future[None]]], error: BaseException | None = None
) -> None:
    for _, future in group:
        if future.done():
            continue  # its sender was cancelled
        if error is None:
            future.set_result(None)
        else:
            future.set_exception(error)


class DeliveryEngine:
    """Sends what is due through the one outbound path."""

    def __init__(
        self, kinds: Iterable[DeliveryKind], *, batch: int = 64, concurrency: int = 8
    ) -> None:
        self._kinds: dict[str, DeliveryKind] = {}
        for kind in kinds:
            # Two features choosing the same name would silently send each other's rows.
            if kind.name in self._kinds:
                raise ValueError(f"delivery kind {kind.name!r} is registered twice")
            self._kinds[kind.name] = kind
        self._batch = batch
        self._concurrency = concurrency

    async def deliver_due(self, services: Services) -> DeliveryReport:
        """Send everything due at the clock's current time; returns what happened."""
        report = DeliveryReport()
        now = services.clock.now()
        if not await services.db.has_room():
            report.no_room = True
            return report
        recorder = _Recorder(services)
        while True:
            async with services.db.transaction() as repos:
                claimed = await repos.deliveries.claim_due(now, limit=self._batch)
            if not claimed:
                return report
            await self._send_batch(services, claimed, report, recorder)
            if report.held:
                return report  # Telegram is down: the rest waits for the next sweep

    async def _send_batch(
        self,
        services: Services,
        claimed: Sequence[Delivery],
        report: DeliveryReport,
        recorder: _Recorder,
    ) -> None:
        rest = list(claimed)
        if services.outbound.health.down:
            # Telegram was down at the last look: one message finds out whether it is back.
            await self._deliver_one(services, rest.pop(0), report, recorder, probe=True)
        # One person's messages go in order; different people's go side by side.
        per_person: dict[int, list[Delivery]] = defaultdict(list)
        for delivery in rest:
            per_person[delivery.person_id].append(delivery)
        # Each person's first row is rendered now, with the whole batch; a later row of the
        # same person when its turn comes, after the rows before it are recorded (its renderer
        # may read what they recorded).
        rendered: dict[int, _Rendered] = {}
        if per_person and not services.outbound.health.down and not services.db.full.active:
            rendered = await self._render_all(services, [rows[0] for rows in per_person.values()])
        gate = asyncio.Semaphore(self._concurrency)

        async def send_all(deliveries: list[Delivery]) -> None:
            async with gate:
                for delivery in deliveries:
                    await self._deliver_one(
                        services, delivery, report, recorder, rendered.pop(delivery.id, None)
                    )

        await asyncio.gather(*(send_all(rows) for rows in per_person.values()))

    async def _deliver_one(
        self,
        services: Services,
        delivery: Delivery,
        report: DeliveryReport,
        recorder: _Recorder,
        rendered: _Rendered | None = None,
        *,
        probe: bool = False,
    ) -> None:
        if services.outbound.health.down and not probe:
            await self._put_back(services, delivery, report)
            return
        if services.db.full.active:  # found full meanwhile: what can't be recorded isn't sent
            await self._put_back(services, delivery, report)
            return
        if rendered is None:
            rendered = (await self._render_all(services, [delivery]))[delivery.id]
        if rendered.failed:
            await self._retry_or_fail(services, delivery, "render error", report)
            return
        person, message = rendered.person, rendered.message
        if message is None or person is None or person.telegram_id is None:
            await recorder.write(
                _Finished(
                    delivery, DeliveryState.DROPPED, services.clock.now(), outcome=rendered.reason
                )
            )
            report.dropped += 1
            return
        result = await services.outbound.send(person.telegram_id, message)
        if result.outcome is Outcome.UNAVAILABLE:
            if services.outbound.health.down:
                await self._put_back(services, delivery, report)
            else:
                await self._retry_or_fail(
                    services, delivery, result.detail or "unavailable", report
                )
            return
        # Waits until it is recorded: the bound on what a crash can send twice.
        await recorder.write(
            _Finished(
                delivery,
                _STATE_AFTER.get(result.outcome, DeliveryState.FAILED),
                services.clock.now(),
                outcome=result.outcome.value if not result.ok else None,
                kind=self._kinds.get(delivery.kind),
                result=result,
            )
        )
        if result.ok:
            report.sent += 1
            report.by_kind[delivery.kind] += 1
        elif result.outcome is Outcome.BLOCKED:
            report.blocked += 1
        else:
            report.failed += 1

    async def _render_all(
        self, services: Services, deliveries: Sequence[Delivery]
    ) -> dict[int, _Rendered]:
        """Render rows as they are now, in one read: their people in one query, each kind's
        rows together where the kind can (render_many), else one by one."""
        try:
            async with services.db.read() as repos:
                people = await repos.people.get_many(d.person_id for d in deliveries)
                return await self._render_rows(services, repos, deliveries, people)
        except Exception:
            log.exception(
                "Could not render deliveries %s", ", ".join(str(d.id) for d in deliveries)
            )
            return dict.fromkeys((d.id for d in deliveries), _FAILED)

    async def _render_rows(
        self,
        services: Services,
        repos: Repos,
        deliveries: Sequence[Delivery],
        people: Mapping[int, Person],
    ) -> dict[int, _Rendered]:
        rendered: dict[int, _Rendered] = {}
        by_kind: dict[str, list[tuple[Delivery, Person]]] = defaultdict(list)
        for delivery in deliveries:
            person = people.get(delivery.person_id)
            reason = self._unsendable(delivery, person)
            if reason or person is None:
                rendered[delivery.id] = _Rendered(person, None, reason)
            else:
                by_kind[delivery.kind].append((delivery, person))
        for name, rows in by_kind.items():
            kind = self._kinds[name]
            done: Mapping[int, OutMessage | None] = {}
            if kind.render_many is not None:
                try:
                    done = await kind.render_many(services, repos, rows)
                except Exception:
                    # Each row alone below: a row the renderer can't manage fails by itself.
                    log.exception("Could not render a batch of %s deliveries", name)
            for delivery, person in rows:
                if delivery.id in done:
                    message = done[delivery.id]
                else:
                    try:
                        message = await kind.render(services, repos, delivery, person)
                    except Exception:
                        log.exception(
                            "Could not render delivery %s (%s)", delivery.id, delivery.kind
                        )
                        rendered[delivery.id] = _FAILED
                        continue
                rendered[delivery.id] = _Rendered(
                    person, message, "obsolete" if message is None else ""
                )
        return rendered

    def _unsendable(self, delivery: Delivery, person: Person | None) -> str:
        """Why this row can't go to this person at all ("" if it can)."""
        kind = self._kinds.get(delivery.kind)
        if kind is None:
            log.error("No renderer for delivery kind %r", delivery.kind)
            return "unknown kind"
        if person is None or person.telegram_id is None or person.forgotten_at is not None:
            return "no longer here"
        if person.unreachable_at is not None:
            return "unreachable"
        if person.paused_at is not None and not kind.ignores_pause:
            return "paused"
        return ""

    @staticmethod
    async def _put_back(services: Services, delivery: Delivery, report: DeliveryReport) -> None:
        """Back to pending, unsent and uncounted (if even that can't be written, the claim
        lapses after its lease and the row is taken again: it was not sent, so no harm)."""
        try:
            async with services.db.transaction() as repos:
                await repos.deliveries.put_back(delivery.id)
        except StorageUnavailable:
            log.debug("Could not put delivery %s back; its claim will lapse", delivery.id)
        report.held += 1

    @staticmethod
    async def _retry_or_fail(
        services: Services, delivery: Delivery, reason: str, report: DeliveryReport
    ) -> None:
        now = services.clock.now()
        async with services.db.transaction() as repos:
            if delivery.attempts > len(_RETRY_DELAYS):
                await repos.deliveries.finish(
                    delivery.id, DeliveryState.FAILED, now, outcome=reason
                )
                report.failed += 1
                return
            delay = _RETRY_DELAYS[delivery.attempts - 1]
            await repos.deliveries.retry_later(delivery.id, now + delay, reason)
        report.retrying += 1
