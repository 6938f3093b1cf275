"""How the delivery sweep renders a PSF's pre-meeting suggestion, and the sweep step arranging them.

The renderer reads the meeting and its plan at the moment of sending and drops the row when it
no longer makes sense: the meeting was cancelled, has started or is less than a day away, or the
person is no longer a PSF of the group. Once sent, the plan is kept (the same for every PSF of
the group).
"""

from __future__ import annotations

from datetime import timedelta

from bot.content.library import content_of
from bot.delivery import DeliveryKind
from bot.meetings.deliveries import base_rules
from bot.messages import OutMessage
from bot.models import Delivery, Person
from bot.outbound import SendResult
from bot.services import Services
from bot.sessions import plans as session_plans
from bot.sessions.messages import card_message
from bot.sessions.plans import Arranged, arrange_suggestions
from bot.storage import Repos

# Ideas arriving less than this before the meeting are dropped, like a late reminder.
TOO_LATE = timedelta(days=1)


async def render_suggestion(
    services: Services, repos: Repos, delivery: Delivery, person: Person
) -> OutMessage | None:
    """The suggestion card for the meeting as it is now; None if it no longer applies."""
    meeting = await repos.meetings.get(delivery.subject_id)
    now = services.clock.now()
    if meeting is None or meeting.is_cancelled or meeting.has_started(now):
        return None
    if services.settings.topic_suggestion_days_before >= 1 and meeting.starts_at - now < TOO_LATE:
        return None  # ideas for a meeting less than a day away come too late to help (downtime)
    if not await session_plans.is_psf(repos, meeting.group_id, person.id):
        return None
    view = await session_plans.plan_view(repos, content_of(services), meeting, now)
    return card_message(view, now)


async def suggestion_sent(
    services: Services, repos: Repos, delivery: Delivery, result: SendResult
) -> None:
    """Keep the plan the PSF was sent (if the sweep step had not already) and when."""
    meeting = await repos.meetings.get(delivery.subject_id)
    if meeting is None:
        return
    now = services.clock.now()
    await session_plans.ensure_plan(repos, content_of(services).current, meeting, now)
    await repos.session_plans.mark_sent(meeting.id, now=now, starts_at=meeting.starts_at)


SUGGESTION_KINDS: tuple[DeliveryKind, ...] = (
    DeliveryKind(session_plans.SUGGESTION, render_suggestion, after_send=suggestion_sent),
)


async def suggestions_sweep(services: Services) -> Arranged:
    """Before the delivery step: every PSF's suggestion row in step with its meeting."""
    now = services.clock.now()
    content = content_of(services).current
    async with services.db.transaction() as repos:
        return await arrange_suggestions(
            repos,
            content,
            now,
            days_before=services.settings.topic_suggestion_days_before,
            rules=base_rules(services),
        )
