"""Read-only queries for the research export (bot/export/rules.py): whole-programme, in bulk.

Each query selects only the columns the export needs. Concern descriptions, replies and
outcomes, topic suggestions' words, venue addresses and Telegram ids are never read here, so
they cannot end up in an export by mistake.
"""

from __future__ import annotations

from bot.export.records import (
    CheckinFacts,
    ConcernFacts,
    GroupEventFacts,
    GroupFacts,
    MeetingFacts,
    Stint,
    SuggestionFacts,
)
from bot.storage.base import Repository
from bot.storage.times import from_db, maybe_from_db


class ExportRepo(Repository):
    async def group_events(self) -> list[GroupEventFacts]:
        """Every life-cycle and task step; the person is an id (NULL once forgotten)."""
        rows = await self._all(
            "SELECT e.id, e.group_id, a.timezone, e.meeting_id, e.person_id, e.role, e.kind, "
            "e.value, e.at FROM group_events e JOIN groups g ON g.id = e.group_id "
            "JOIN areas a ON a.id = g.area_id ORDER BY e.at, e.id"
        )
        return [
            GroupEventFacts(
                id=row["id"],
                group_id=row["group_id"],
                timezone=row["timezone"],
                meeting_id=row["meeting_id"],
                person_id=row["person_id"],
                role=row["role"],
                kind=row["kind"],
                value=row["value"],
                at=from_db(row["at"]),
            )
            for row in rows
        ]

    async def groups(self) -> list[GroupFacts]:
        rows = await self._all(
            "SELECT g.id, g.area_id, COALESCE(gs.stage, g.status) AS status, a.timezone, "
            "gs.decision, gs.archived_at, "
            "(SELECT COUNT(*) FROM memberships mb WHERE mb.group_id = g.id "
            " AND mb.left_at IS NULL AND mb.role = 'peer') AS peers, "
            "(SELECT COUNT(*) FROM memberships mb WHERE mb.group_id = g.id "
            " AND mb.left_at IS NULL AND mb.role = 'psf') AS psfs, "
            "(SELECT COUNT(*) FROM memberships mb JOIN people p ON p.id = mb.person_id "
            " WHERE mb.group_id = g.id AND mb.left_at IS NULL AND mb.role = 'peer' "
            " AND p.telegram_id IS NULL AND p.forgotten_at IS NULL) AS offline, "
            "(SELECT COUNT(*) FROM memberships mb WHERE mb.group_id = g.id "
            " AND mb.left_at IS NOT NULL AND mb.role = 'peer') AS peers_left, "
            "(SELECT MIN(starts_at) FROM meetings m WHERE m.group_id = g.id "
            " AND m.status = 'scheduled') AS first_start, "
            "(SELECT MAX(starts_at) FROM meetings m WHERE m.group_id = g.id "
            " AND m.status = 'scheduled') AS last_start, "
            "(SELECT COUNT(*) FROM meetings m WHERE m.group_id = g.id "
            " AND m.status = 'scheduled') AS planned, "
            "(SELECT COUNT(*) FROM meetings m WHERE m.group_id = g.id "
            " AND m.status = 'cancelled') AS cancelled "
            "FROM groups g JOIN areas a ON a.id = g.area_id "
            "LEFT JOIN group_stages gs ON gs.group_id = g.id ORDER BY g.id"
        )
        return [
            GroupFacts(
                id=row["id"],
                area_id=row["area_id"],
                status=row["status"],
                timezone=row["timezone"],
                peers=row["peers"],
                psfs=row["psfs"],
                peers_without_telegram=row["offline"],
                peers_left=row["peers_left"],
                first_start=maybe_from_db(row["first_start"]),
                last_start=maybe_from_db(row["last_start"]),
                meetings_planned=row["planned"],
                meetings_cancelled=row["cancelled"],
                decision=row["decision"],
                archived_at=maybe_from_db(row["archived_at"]),
            )
            for row in rows
        ]

    async def meetings(self) -> list[MeetingFacts]:
        """Every meeting of every group, by group and start."""
        rows = await self._all(
            "SELECT m.id, m.group_id, a.timezone, m.starts_at, m.ends_at, m.status, "
            "m.topic_title, sp.suggested_kind, sp.suggested_key, sp.chosen_kind, sp.chosen_key, "
            "sp.icebreaker_key FROM meetings m JOIN groups g ON g.id = m.group_id "
            "JOIN areas a ON a.id = g.area_id "
            "LEFT JOIN session_plans sp ON sp.meeting_id = m.id "
            "ORDER BY m.group_id, m.starts_at, m.id"
        )
        return [
            MeetingFacts(
                id=row["id"],
                group_id=row["group_id"],
                timezone=row["timezone"],
                starts_at=from_db(row["starts_at"]),
                ends_at=from_db(row["ends_at"]),
                cancelled=row["status"] == "cancelled",
                topic_title=row["topic_title"],
                suggested_kind=row["suggested_kind"],
                suggested_key=row["suggested_key"],
                chosen_kind=row["chosen_kind"],
                chosen_key=row["chosen_key"],
                icebreaker_key=row["icebreaker_key"],
            )
            for row in rows
        ]

    async def stints(self) -> list[Stint]:
        """Every membership, current or ended."""
        rows = await self._all(
            "SELECT group_id, person_id, role, joined_at, left_at FROM memberships ORDER BY id"
        )
        return [
            Stint(
                group_id=row["group_id"],
                person_id=row["person_id"],
                role=row["role"],
                joined_at=from_db(row["joined_at"]),
                left_at=maybe_from_db(row["left_at"]),
            )
            for row in rows
        ]

    async def answers(self) -> dict[int, dict[int, str]]:
        """Every answer to every meeting: meeting id -> person id -> yes / maybe / no."""
        found: dict[int, dict[int, str]] = {}
        for row in await self._all("SELECT meeting_id, person_id, answer FROM rsvps"):
            found.setdefault(row["meeting_id"], {})[row["person_id"]] = row["answer"]
        return found

    async def sent_counts(self, kinds: list[str]) -> dict[tuple[int, str], int]:
        """Deliveries of these kinds that were sent: (subject id, kind) -> how many."""
        marks = ",".join("?" for _ in kinds) or "NULL"
        rows = await self._all(
            "SELECT subject_id, kind, COUNT(*) AS n FROM deliveries "
            f"WHERE state = 'sent' AND kind IN ({marks}) GROUP BY subject_id, kind",
            kinds,
        )
        return {(row["subject_id"], row["kind"]): row["n"] for row in rows}

    async def forgotten(self) -> set[int]:
        """Ids of people who asked to be forgotten."""
        rows = await self._all("SELECT id FROM people WHERE forgotten_at IS NOT NULL")
        return {row["id"] for row in rows}

    async def without_telegram(self) -> set[int]:
        """Ids of people on a list who have no Telegram (not those who were forgotten)."""
        rows = await self._all(
            "SELECT id FROM people WHERE telegram_id IS NULL AND forgotten_at IS NULL"
        )
        return {row["id"] for row in rows}

    async def checkins(self) -> list[CheckinFacts]:
        rows = await self._all(
            "SELECT meeting_id, person_id, attendance_at, mood, went_well, less_well, obstacles, "
            "obstacles_at, wants_nurse, completed_at FROM checkins ORDER BY meeting_id, id"
        )
        return [
            CheckinFacts(
                meeting_id=row["meeting_id"],
                person_id=row["person_id"],
                attendance_at=maybe_from_db(row["attendance_at"]),
                mood=row["mood"],
                went_well=row["went_well"],
                less_well=row["less_well"],
                obstacles=tuple(part for part in row["obstacles"].split(",") if part),
                obstacles_at=maybe_from_db(row["obstacles_at"]),
                wants_nurse=None if row["wants_nurse"] is None else bool(row["wants_nurse"]),
                completed_at=maybe_from_db(row["completed_at"]),
            )
            for row in rows
        ]

    async def feedback_counts(self) -> dict[int, dict[str, int]]:
        """Peers' ratings per meeting: meeting id -> rating -> how many (nobody named)."""
        found: dict[int, dict[str, int]] = {}
        for row in await self._all(
            "SELECT meeting_id, rating, COUNT(*) AS n FROM peer_feedback "
            "GROUP BY meeting_id, rating"
        ):
            found.setdefault(row["meeting_id"], {})[row["rating"]] = row["n"]
        return found

    async def concerns(self) -> list[ConcernFacts]:
        """Concerns that were raised (drafts, withdrawn and put-aside ones never were)."""
        rows = await self._all(
            "SELECT c.id, c.group_id, c.area_id, a.timezone, c.source, c.urgent, c.category, "
            "c.state, c.raised_at, c.delivered_at, c.acknowledged_at, c.resolved_at "
            "FROM concerns c JOIN areas a ON a.id = c.area_id "
            "WHERE c.raised_at IS NOT NULL ORDER BY c.id"
        )
        return [
            ConcernFacts(
                id=row["id"],
                group_id=row["group_id"],
                area_id=row["area_id"],
                timezone=row["timezone"],
                source=row["source"],
                urgent=bool(row["urgent"]),
                category=row["category"],
                state=row["state"],
                raised_at=from_db(row["raised_at"]),
                delivered_at=maybe_from_db(row["delivered_at"]),
                acknowledged_at=maybe_from_db(row["acknowledged_at"]),
                resolved_at=maybe_from_db(row["resolved_at"]),
            )
            for row in rows
        ]

    async def concern_steps(self) -> dict[int, dict[str, int]]:
        """How many steps of each kind each concern had: concern id -> kind -> count."""
        found: dict[int, dict[str, int]] = {}
        for row in await self._all(
            "SELECT concern_id, kind, COUNT(*) AS n FROM concern_events GROUP BY concern_id, kind"
        ):
            found.setdefault(row["concern_id"], {})[row["kind"]] = row["n"]
        return found

    async def suggestions(self) -> list[SuggestionFacts]:
        rows = await self._all(
            "SELECT group_id, created_at, meeting_id IS NOT NULL AS after_meeting "
            "FROM topic_suggestions ORDER BY created_at, id"
        )
        return [
            SuggestionFacts(
                group_id=row["group_id"],
                created_at=from_db(row["created_at"]),
                after_meeting=bool(row["after_meeting"]),
            )
            for row in rows
        ]

    async def known_names(self) -> list[str]:
        """People's names the programme knows (not forgotten, and names on personal
        invitations): the export takes them out of facilitators' words."""
        rows = await self._all(
            "SELECT display_name AS name FROM people WHERE forgotten_at IS NULL "
            "UNION SELECT personal_name FROM invites WHERE personal_name IS NOT NULL"
        )
        return [row["name"] for row in rows if row["name"]]

    async def known_places(self) -> list[str]:
        """Names of areas, groups and venues, and venues' addresses (taken out likewise)."""
        rows = await self._all(
            "SELECT name FROM areas UNION SELECT name FROM groups UNION SELECT name FROM venues "
            "UNION SELECT address FROM venues UNION SELECT venue FROM groups"
        )
        return [row["name"] for row in rows if row["name"]]

    # /forget: a person's name in facilitators' words

    async def checkin_words_with(self, words: list[str]) -> list[tuple[int, str, str]]:
        """Check-ins whose free text contains any of these words (any case, roughly):
        (id, what worked well, what worked less well)."""
        if not words:
            return []
        test = " OR ".join("went_well LIKE ? OR less_well LIKE ?" for _ in words)
        params = [f"%{w}%" for w in words for _ in range(2)]
        rows = await self._all(
            f"SELECT id, went_well, less_well FROM checkins WHERE {test} ORDER BY id", params
        )
        return [(row["id"], row["went_well"] or "", row["less_well"] or "") for row in rows]

    async def set_checkin_words(self, checkin_id: int, went_well: str, less_well: str) -> None:
        """Replace the words (a NULL, "not answered", stays NULL)."""
        await self._run(
            "UPDATE checkins SET went_well = CASE WHEN went_well IS NULL THEN NULL ELSE ? END, "
            "less_well = CASE WHEN less_well IS NULL THEN NULL ELSE ? END WHERE id = ?",
            (went_well, less_well, checkin_id),
        )
