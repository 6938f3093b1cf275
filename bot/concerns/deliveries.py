"""How the delivery sweep renders what the concerns feature queued (the concern for the nurse,
the reminder, the backup's copy, updates to the other side), and its sweep step.

Renderers run at send time, so a concern acknowledged meanwhile drops its reminder.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.concerns import rules as concerns
from bot.concerns import texts
from bot.concerns.buttons import ConcernAnswer
from bot.concerns.messages import (
    attachment_of,
    concern_button,
    concern_card,
    name_of,
    nurse_buttons,
)
from bot.concerns.records import Concern, ConcernEvent, ConcernState, EventKind
from bot.delivery import DeliveryKind
from bot.messages import Button, OutMessage, buttons
from bot.models import Delivery, Person
from bot.outbound import SendResult
from bot.services import Services
from bot.storage import Repos
from bot.texts.dates import when_opens


async def _area_tz(repos: Repos, concern: Concern) -> ZoneInfo:
    area = await repos.programme.area(concern.area_id)
    return area.tz if area else ZoneInfo("Europe/London")


async def _render_concern(
    services: Services, repos: Repos, delivery: Delivery, person: Person
) -> OutMessage | None:
    concern = await repos.concerns.get(delivery.subject_id)
    if concern is None or concern.state not in (ConcernState.QUEUED, ConcernState.DELIVERED):
        return None
    area = await repos.programme.area(concern.area_id)
    if area is None:
        raise RuntimeError("missing: area")
    now = services.clock.now()
    if not (await concerns.office_hours_of(repos, services.settings, area, now)).is_open(now):
        # Closed after all (a closure added since, or a retry in the evening): dropped here,
        # the concerns sweep queues it again for the next opening.
        return None
    return await concern_card(repos, concern, area.tz)


async def _after_concern(
    services: Services, repos: Repos, delivery: Delivery, result: SendResult
) -> None:
    await concerns.after_delivered(
        repos, services.settings, delivery.subject_id, delivery.person_id, services.clock.now()
    )


async def _render_nudge(
    services: Services, repos: Repos, delivery: Delivery, person: Person
) -> OutMessage | None:
    concern = await repos.concerns.get(delivery.subject_id)
    if concern is None or concern.state is not ConcernState.DELIVERED:
        return None
    tz = await _area_tz(repos, concern)
    delivered = when_opens(concern.delivered_at or delivery.due_at, tz, services.clock.now())
    return await concern_card(repos, concern, tz, header=texts.reminder_header(delivered))


async def _after_nudge(
    services: Services, repos: Repos, delivery: Delivery, result: SendResult
) -> None:
    await concerns.after_reminded(
        repos, delivery.subject_id, delivery.person_id, services.clock.now()
    )


async def _render_backup(
    services: Services, repos: Repos, delivery: Delivery, person: Person
) -> OutMessage | None:
    concern = await repos.concerns.get(delivery.subject_id)
    if concern is None or concern.state not in (ConcernState.QUEUED, ConcernState.DELIVERED):
        return None
    area = await repos.programme.area(concern.area_id)
    if area is None:
        raise RuntimeError("missing: area")
    nurse = concerns.first_name(await name_of(repos, concern.nurse_id))
    header = texts.backup_header(nurse, area.name)
    return await concern_card(repos, concern, area.tz, header=header)


async def _after_backup(
    services: Services, repos: Repos, delivery: Delivery, result: SendResult
) -> None:
    await concerns.after_escalated(
        repos, delivery.subject_id, delivery.person_id, services.clock.now()
    )


async def _render_update(
    services: Services, repos: Repos, delivery: Delivery, person: Person
) -> OutMessage | None:
    event = await repos.concerns.event(delivery.subject_id)
    concern = await repos.concerns.get(event.concern_id) if event else None
    if event is None or concern is None:
        return None
    return await update_message(repos, concern, event)


async def update_message(repos: Repos, concern: Concern, event: ConcernEvent) -> OutMessage | None:
    """One step of a concern, told to the other side."""
    actor = concerns.first_name(await name_of(repos, event.person_id))
    category = concern.category
    if event.kind is EventKind.REPLIED:
        answer: tuple[tuple[Button, ...], ...] = ()
        if concern.state.is_open:
            answer = buttons([concern_button(texts.reply_to(actor), ConcernAnswer(concern.id))])
        return OutMessage(
            texts.nurse_wrote(actor, category, event.text),
            buttons=answer,
            attachment=attachment_of(event.file_kind, event.file_id),
        )
    if event.kind is EventKind.ANSWERED:
        group = await repos.programme.group(concern.group_id)
        text = texts.psf_wrote(
            await name_of(repos, event.person_id),
            group.name if group else "?",
            category,
            event.text,
        )
        return OutMessage(
            text,
            buttons=nurse_buttons(concern),
            attachment=attachment_of(event.file_kind, event.file_id),
        )
    if event.kind is EventKind.ROUTED:
        pending = await repos.deliveries.pending_for(
            kind=concerns.CONCERN_KIND, subject_id=concern.id
        )
        if not pending or concern.state is not ConcernState.QUEUED:
            return None  # it has reached someone already: that news is on its way
        tz = await _area_tz(repos, concern)
        when = when_opens(pending[0].due_at, tz, event.at)
        return OutMessage(texts.rerouted(actor, category, when))
    nurse = concerns.first_name(await name_of(repos, concern.nurse_id))
    words = {
        EventKind.ACKNOWLEDGED: lambda: texts.acknowledged(actor, category),
        EventKind.DELIVERED: lambda: texts.delivered(actor, category),
        EventKind.ESCALATED: lambda: texts.escalated(nurse, actor),
        EventKind.RESOLVED: lambda: texts.resolved(actor, category, concern.outcome),
    }.get(event.kind)
    return OutMessage(words()) if words else None


CONCERN_KINDS: tuple[DeliveryKind, ...] = (
    DeliveryKind(concerns.CONCERN_KIND, _render_concern, after_send=_after_concern),
    DeliveryKind(concerns.NUDGE_KIND, _render_nudge, after_send=_after_nudge),
    DeliveryKind(concerns.BACKUP_KIND, _render_backup, after_send=_after_backup),
    # The person is waiting for these (they raised the concern, or are handling it).
    DeliveryKind(concerns.UPDATE_KIND, _render_update, ignores_pause=True),
)


async def sweep(services: Services) -> concerns.SweepReport:
    """The sweep step (before deliveries): urgent unfinished drafts, old drafts, stranded ones."""
    async with services.db.transaction() as repos:
        return await concerns.sweep_concerns(repos, services.settings, services.clock.now())
