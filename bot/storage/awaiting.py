"""What each person is expected to send next; kept in the database so a restart keeps it."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime

from bot.models import Awaiting
from bot.storage.base import Repository
from bot.storage.times import to_db


class AwaitingRepo(Repository):
    async def expect(
        self, person_id: int, kind: str, payload: Mapping[str, object], now: datetime
    ) -> None:
        await self._run(
            "INSERT INTO awaiting (person_id, kind, payload, created_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (person_id) DO UPDATE SET kind = excluded.kind, "
            "payload = excluded.payload, created_at = excluded.created_at",
            (person_id, kind, json.dumps(dict(payload)), to_db(now)),
        )

    async def get(self, person_id: int) -> Awaiting | None:
        row = await self._one(
            "SELECT kind, payload FROM awaiting WHERE person_id = ?", (person_id,)
        )
        if row is None:
            return None
        return Awaiting(kind=row["kind"], payload=json.loads(row["payload"]))

    async def clear(self, person_id: int) -> None:
        await self._run("DELETE FROM awaiting WHERE person_id = ?", (person_id,))
