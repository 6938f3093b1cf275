"""The contact_offers table: a peer asked, after an emergency answer, whether they would like
their facilitator or the nurse to get in touch (see bot/concerns/contact.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.storage.base import Repository
from bot.storage.times import from_db, to_db


@dataclass(frozen=True)
class ContactOffer:
    id: int
    person_id: int
    group_id: int
    kind: str
    words: str | None
    offered_at: datetime
    answer: str | None
    concern_id: int | None


class ContactOfferRepo(Repository):
    async def add(
        self, *, person_id: int, group_id: int, kind: str, words: str | None, now: datetime
    ) -> int:
        return await self._run(
            "INSERT INTO contact_offers (person_id, group_id, kind, words, offered_at) "
            "VALUES (?, ?, ?, ?, ?)",
            (person_id, group_id, kind, words, to_db(now)),
        )

    async def get(self, offer_id: int) -> ContactOffer | None:
        row = await self._one("SELECT * FROM contact_offers WHERE id = ?", (offer_id,))
        if row is None:
            return None
        return ContactOffer(
            id=row["id"],
            person_id=row["person_id"],
            group_id=row["group_id"],
            kind=row["kind"],
            words=row["words"],
            offered_at=from_db(row["offered_at"]),
            answer=row["answer"],
            concern_id=row["concern_id"],
        )

    async def answer(
        self, offer_id: int, answer: str, now: datetime, concern_id: int | None = None
    ) -> bool:
        """Record the answer; False if it had been answered already (a second tap)."""
        changed = await self._run(
            "UPDATE contact_offers SET answer = ?, answered_at = ?, concern_id = ? "
            "WHERE id = ? AND answer IS NULL",
            (answer, to_db(now), concern_id, offer_id),
        )
        return changed > 0

    async def declined_since(self, person_id: int, since: datetime) -> bool:
        row = await self._one(
            "SELECT 1 FROM contact_offers WHERE person_id = ? AND answer = 'no' "
            "AND answered_at >= ? LIMIT 1",
            (person_id, to_db(since)),
        )
        return row is not None

    async def of_person(self, person_id: int) -> list[ContactOffer]:
        rows = await self._all(
            "SELECT id FROM contact_offers WHERE person_id = ? ORDER BY id", (person_id,)
        )
        found = [await self.get(int(r["id"])) for r in rows]
        return [offer for offer in found if offer is not None]

    async def erase_words(self, person_id: int) -> None:
        await self._run("UPDATE contact_offers SET words = NULL WHERE person_id = ?", (person_id,))
