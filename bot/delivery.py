"""The delivery sweep: claim due rows, render them, send them, record what happened.

Each kind of delivery (a reminder, a notice, a concern for a nurse …) says how to render a
row into a message at the moment of sending — so a reminder always shows the meeting as it is
now — and optionally what to record once it is sent. A renderer returning None drops the row
(the meeting was cancelled, the concern was answered meanwhile).

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
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.messages import OutMessage
from bot.models import Delivery, DeliveryState, Person
from bot.outbound import Outcome, SendResult
from bot.services import Services
from bot.storage import Repos, StorageUnavailable

log = logging.getLogger(__name__)

Renderer = Callable[[Services, Repos, Delivery, Person], Awaitable[OutMessage | None]]
AfterSend = Callable[[Services, Repos, Delivery, SendResult], Awaitable[None]]

NOTICE = "notice"
_RECORD_TRIES = 4  # recording a sent message: tries before giving up (it may then go twice)
_RECORD_PAUSE_SECONDS = 1.0
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
        while True:
            async with services.db.transaction() as repos:
                claimed = await repos.deliveries.claim_due(now, limit=self._batch)
            if not claimed:
                return report
            await self._send_batch(services, claimed, report)
            if report.held:
                return report  # Telegram is down: the rest waits for the next sweep

    async def _send_batch(
        self, services: Services, claimed: Sequence[Delivery], report: DeliveryReport
    ) -> None:
        rest = list(claimed)
        if services.outbound.health.down:
            # Telegram was down at the last look: one message finds out whether it is back.
            await self._deliver_one(services, rest.pop(0), report, probe=True)
        # One person's messages go in order; different people's go side by side.
        per_person: dict[int, list[Delivery]] = defaultdict(list)
        for delivery in rest:
            per_person[delivery.person_id].append(delivery)
        gate = asyncio.Semaphore(self._concurrency)

        async def send_all(deliveries: list[Delivery]) -> None:
            async with gate:
                for delivery in deliveries:
                    await self._deliver_one(services, delivery, report)

        await asyncio.gather(*(send_all(rows) for rows in per_person.values()))

    async def _deliver_one(
        self, services: Services, delivery: Delivery, report: DeliveryReport, *, probe: bool = False
    ) -> None:
        if services.outbound.health.down and not probe:
            await self._put_back(services, delivery, report)
            return
        if services.db.full.active:  # found full meanwhile: what can't be recorded isn't sent
            await self._put_back(services, delivery, report)
            return
        kind = self._kinds.get(delivery.kind)
        try:
            async with services.db.read() as repos:
                person = await repos.people.get(delivery.person_id)
                message, reason = await self._render(services, repos, kind, delivery, person)
        except Exception:
            log.exception("Could not render delivery %s (%s)", delivery.id, delivery.kind)
            await self._retry_or_fail(services, delivery, "render error", report)
            return
        if message is None or person is None or person.telegram_id is None:
            async with services.db.transaction() as repos:
                await repos.deliveries.finish(
                    delivery.id, DeliveryState.DROPPED, services.clock.now(), outcome=reason
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
        await self._record(services, kind, delivery, result)
        if result.ok:
            report.sent += 1
            report.by_kind[delivery.kind] += 1
        elif result.outcome is Outcome.BLOCKED:
            report.blocked += 1
        else:
            report.failed += 1

    @staticmethod
    async def _render(
        services: Services,
        repos: Repos,
        kind: DeliveryKind | None,
        delivery: Delivery,
        person: Person | None,
    ) -> tuple[OutMessage | None, str]:
        if kind is None:
            log.error("No renderer for delivery kind %r", delivery.kind)
            return None, "unknown kind"
        if person is None or person.telegram_id is None or person.forgotten_at is not None:
            return None, "no longer here"
        if person.unreachable_at is not None:
            return None, "unreachable"
        if person.paused_at is not None and not kind.ignores_pause:
            return None, "paused"
        message = await kind.render(services, repos, delivery, person)
        return message, "obsolete" if message is None else ""

    @staticmethod
    async def _record(
        services: Services, kind: DeliveryKind | None, delivery: Delivery, result: SendResult
    ) -> None:
        """Note what happened to a message that went to Telegram. It has gone: if the database
        is locked or full for a moment, keep trying, or it would be sent again later."""
        state = {Outcome.SENT: DeliveryState.SENT, Outcome.BLOCKED: DeliveryState.DROPPED}.get(
            result.outcome, DeliveryState.FAILED
        )
        for attempt in range(1, _RECORD_TRIES + 1):
            try:
                async with services.db.transaction() as repos:
                    await repos.deliveries.finish(
                        delivery.id,
                        state,
                        services.clock.now(),
                        message_id=result.message_id,
                        outcome=result.outcome.value if not result.ok else None,
                    )
                    if result.ok and kind is not None and kind.after_send is not None:
                        await kind.after_send(services, repos, delivery, result)
            except StorageUnavailable as error:
                if attempt == _RECORD_TRIES:
                    log.error(
                        "Delivery %s went out but could not be recorded (%s); it may go once more",
                        delivery.id,
                        type(error).__name__,
                    )
                    return
                await asyncio.sleep(_RECORD_PAUSE_SECONDS * attempt)
            else:
                return

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
