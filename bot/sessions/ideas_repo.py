"""Peers' topic suggestions for their group."""

from __future__ import annotations

from datetime import datetime

import aiosqlite

from bot.models import TopicSuggestion
from bot.storage.base import Repository
from bot.storage.times import from_db, to_db


def _suggestion(row: aiosqlite.Row) -> TopicSuggestion:
    return TopicSuggestion(
        id=row["id"],
        group_id=row["group_id"],
        person_id=row["person_id"],
        meeting_id=row["meeting_id"],
        text=row["text"],
        created_at=from_db(row["created_at"]),
    )


class SuggestionRepo(Repository):
    async def add(
        self,
        *,
        group_id: int,
        person_id: int | None,
        text: str,
        now: datetime,
        meeting_id: int | None = None,
    ) -> TopicSuggestion:
        suggestion_id = await self._run(
            "INSERT INTO topic_suggestions (group_id, person_id, meeting_id, text, created_at) "
            "VALUES (?, ?, ?, ?, ?)",
            (group_id, person_id, meeting_id, text, to_db(now)),
        )
        return TopicSuggestion(
            id=suggestion_id,
            group_id=group_id,
            person_id=person_id,
            meeting_id=meeting_id,
            text=text,
            created_at=now,
        )

    async def for_group(
        self, group_id: int, *, since: datetime | None = None
    ) -> list[TopicSuggestion]:
        rows = await self._all(
            "SELECT * FROM topic_suggestions WHERE group_id = ? AND text != '' "
            "AND (? IS NULL OR created_at >= ?) ORDER BY created_at, id",
            (group_id, to_db(since) if since else None, to_db(since) if since else None),
        )
        return [_suggestion(row) for row in rows]

    async def by_person(self, person_id: int) -> list[TopicSuggestion]:
        rows = await self._all(
            "SELECT * FROM topic_suggestions WHERE person_id = ? ORDER BY created_at, id",
            (person_id,),
        )
        return [_suggestion(row) for row in rows]

    async def erase_person(self, person_id: int) -> None:
        await self._run(
            "UPDATE topic_suggestions SET text = '', person_id = NULL WHERE person_id = ?",
            (person_id,),
        )
