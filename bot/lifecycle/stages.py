"""A group's stage in its life: forming → running → (extended) → ending → ended."""

from __future__ import annotations

from enum import StrEnum

from bot.models import Group
from bot.storage import Repos


class Stage(StrEnum):
    FORMING = "forming"
    RUNNING = "running"
    EXTENDED = "extended"
    ENDING = "ending"
    ENDED = "ended"


LIVE_STAGES = frozenset({Stage.FORMING, Stage.RUNNING, Stage.EXTENDED})


async def stage_of(repos: Repos, group: Group) -> Stage:
    """Where the group stands: its life-cycle row, else what groups.status says."""
    row = await repos.lifecycle.stage(group.id)
    return Stage(row.stage) if row is not None else Stage(group.status.value)


async def is_archived(repos: Repos, group_id: int) -> bool:
    """An ended group is read-only: no reminders, no planning, no tasks."""
    row = await repos.lifecycle.stage(group_id)
    return row is not None and row.archived_at is not None
