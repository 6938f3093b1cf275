"""Helpers for the pre-meeting suggestion tests: past meetings, ideas, and reading the cards."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from bot.content import Content
from bot.devserver import SimUser
from bot.meetings import rules as meetings
from bot.meetings.rules import ReminderRules
from bot.models import Meeting
from bot.sessions.ideas import add_suggestion
from bot.sessions.records import PlanRecord
from tests.builders import Programme
from tests.harness import BotHarness
from tests.meetings.helpers import venue

CARD = "💡 <b>Ideas for"


def content_of(bot: BotHarness) -> Content:
    assert bot.services.content is not None
    return bot.services.content.current


def cards(user: SimUser) -> list[str]:
    """Every suggestion card the person has been sent (as first sent, not as edited)."""
    return [text for text in user.texts if text.startswith(CARD)]


async def past_meetings(bot: BotHarness, world: Programme, count: int) -> list[Meeting]:
    """`count` monthly meetings already held, the last a week ago."""
    place = await venue(bot, world, "Old Hall")
    now = bot.clock.now()
    held = []
    async with bot.services.db.transaction() as repos:
        for back in range(count, 0, -1):
            start = now - timedelta(days=7 + 28 * (back - 1))
            held.append(
                await repos.meetings.add(
                    group_id=world.group.id,
                    plan_id=None,
                    venue_id=place.id,
                    starts_at=start,
                    ends_at=start + timedelta(minutes=90),
                    now=now,
                )
            )
    return held


async def ideas(
    bot: BotHarness, world: Programme, texts: Sequence[str], *, by: SimUser | None = None
) -> None:
    """Members' topic ideas for the group, made now."""
    async with bot.services.db.transaction() as repos:
        for text in texts:
            await add_suggestion(
                repos,
                group_id=world.group.id,
                person_id=world.person_id(by or world.peer),
                text=text,
                now=bot.clock.now(),
            )


async def plan_of(bot: BotHarness, meeting_id: int) -> PlanRecord | None:
    async with bot.services.db.read() as repos:
        return await repos.session_plans.get(meeting_id)


async def meeting(bot: BotHarness, meeting_id: int) -> Meeting:
    async with bot.services.db.read() as repos:
        found = await repos.meetings.get(meeting_id)
    assert found is not None
    return found


async def move(bot: BotHarness, world: Programme, meeting_id: int, day: date) -> None:
    async with bot.services.db.transaction() as repos:
        await meetings.move_meeting(
            repos,
            meeting=await repos.meetings.get(meeting_id),  # type: ignore[arg-type]
            day=day,
            start_time=time(10, 30),
            actor_id=world.person_id(world.psf),
            now=bot.clock.now(),
            rules=ReminderRules(),
        )


async def cancel(bot: BotHarness, world: Programme, meeting_id: int) -> None:
    async with bot.services.db.transaction() as repos:
        await meetings.cancel_meeting(
            repos,
            meeting=await repos.meetings.get(meeting_id),  # type: ignore[arg-type]
            actor_id=world.person_id(world.psf),
            now=bot.clock.now(),
        )


async def pending_suggestions(bot: BotHarness, meeting_id: int) -> dict[int, datetime]:
    """Person id -> due time of the suggestion rows still waiting for a meeting."""
    async with bot.services.db.read() as repos:
        rows = await repos.deliveries.pending_for(kind="topicidea", subject_id=meeting_id)
    return {row.person_id: row.due_at for row in rows}
