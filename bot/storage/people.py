"""People, their memberships of groups, and nurses' places in areas."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

import aiosqlite

from bot.models import GroupSeat, Member, Membership, NurseRole, Person, Role, Standing
from bot.storage.base import Repository
from bot.storage.times import from_db, maybe_from_db, to_db


def _person(row: aiosqlite.Row, prefix: str = "") -> Person:
    return Person(
        id=row[f"{prefix}id"],
        telegram_id=row[f"{prefix}telegram_id"],
        display_name=row[f"{prefix}display_name"],
        is_coordinator=bool(row[f"{prefix}is_coordinator"]),
        paused_at=maybe_from_db(row[f"{prefix}paused_at"]),
        unreachable_at=maybe_from_db(row[f"{prefix}unreachable_at"]),
        consent_version=row[f"{prefix}consent_version"],
        consent_at=maybe_from_db(row[f"{prefix}consent_at"]),
        forgotten_at=maybe_from_db(row[f"{prefix}forgotten_at"]),
    )


def _membership(row: aiosqlite.Row) -> Membership:
    return Membership(
        group_id=row["group_id"],
        person_id=row["person_id"],
        role=Role(row["role"]),
        joined_at=from_db(row["joined_at"]),
        left_at=maybe_from_db(row["left_at"]),
    )


def _nurse_role(row: aiosqlite.Row) -> NurseRole:
    return NurseRole(
        area_id=row["area_id"],
        person_id=row["person_id"],
        is_backup=bool(row["is_backup"]),
        away_from=date.fromisoformat(row["away_from"]) if row["away_from"] else None,
        away_until=date.fromisoformat(row["away_until"]) if row["away_until"] else None,
    )


# Who someone is, their current groups (with each group's area) and their nurse places, in one
# statement: each part finds the person by the unique index on telegram_id. Groups come in the
# order they were joined, nurse places in the order they were given (as memberships_of and
# nurse_roles_of give them); the row with no place comes first and is there for someone who has
# none.
_STANDING = (
    "SELECT p.*, NULL AS place, NULL AS place_id, NULL AS place_role, NULL AS place_area, "
    "NULL AS place_backup, NULL AS k1, NULL AS k2 FROM people p WHERE p.telegram_id = ? "
    "UNION ALL "
    "SELECT p.*, 'group', m.group_id, m.role, g.area_id, 0, m.joined_at, m.id "
    "FROM people p JOIN memberships m ON m.person_id = p.id AND m.left_at IS NULL "
    "JOIN groups g ON g.id = m.group_id WHERE p.telegram_id = ? "
    "UNION ALL "
    "SELECT p.*, 'nurse', n.area_id, NULL, n.area_id, n.is_backup, '', n.rowid "
    "FROM people p JOIN area_nurses n ON n.person_id = p.id WHERE p.telegram_id = ? "
    "ORDER BY place, k1, k2"
)


class PeopleRepo(Repository):
    """People, memberships and nurse places. Every write notes that people changed, so an
    actor read earlier in the same update is read again (handlers/common.py)."""

    async def _write(self, sql: str, params: tuple[object, ...]) -> int:
        self._notes.people_changed = True
        return await self._run(sql, params)

    async def add(
        self,
        *,
        display_name: str,
        now: datetime,
        telegram_id: int | None = None,
        is_coordinator: bool = False,
    ) -> Person:
        person_id = await self._write(
            "INSERT INTO people (telegram_id, display_name, is_coordinator, created_at) "
            "VALUES (?, ?, ?, ?)",
            (telegram_id, display_name, int(is_coordinator), to_db(now)),
        )
        person = await self.get(person_id)
        if person is None:
            raise RuntimeError("missing: person")
        return person

    async def get(self, person_id: int) -> Person | None:
        row = await self._one("SELECT * FROM people WHERE id = ?", (person_id,))
        return None if row is None else _person(row)

    async def standing(self, telegram_id: int) -> Standing | None:
        """The person behind a Telegram user with their groups and nurse places (None if
        unknown), in one statement."""
        rows = await self._all(_STANDING, (telegram_id, telegram_id, telegram_id))
        if not rows:
            return None
        seats = tuple(
            GroupSeat(
                group_id=row["place_id"], role=Role(row["place_role"]), area_id=row["place_area"]
            )
            for row in rows
            if row["place"] == "group"
        )
        nurse_areas = tuple(
            (int(row["place_id"]), bool(row["place_backup"]))
            for row in rows
            if row["place"] == "nurse"
        )
        return Standing(person=_person(rows[0]), seats=seats, nurse_areas=nurse_areas)

    async def get_many(self, person_ids: Iterable[int]) -> dict[int, Person]:
        """The people with these ids (those that exist), by id: one query for a batch."""
        ids = sorted(set(person_ids))
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = await self._all(f"SELECT * FROM people WHERE id IN ({marks})", ids)
        return {row["id"]: _person(row) for row in rows}

    async def by_telegram_id(self, telegram_id: int) -> Person | None:
        row = await self._one("SELECT * FROM people WHERE telegram_id = ?", (telegram_id,))
        return None if row is None else _person(row)

    async def rename(self, person_id: int, display_name: str) -> None:
        await self._write(
            "UPDATE people SET display_name = ? WHERE id = ? AND forgotten_at IS NULL",
            (display_name, person_id),
        )

    async def make_coordinator(self, person_id: int) -> None:
        await self._write("UPDATE people SET is_coordinator = 1 WHERE id = ?", (person_id,))

    async def record_consent(self, person_id: int, version: int, now: datetime) -> None:
        await self._write(
            "UPDATE people SET consent_version = ?, consent_at = ? WHERE id = ?",
            (version, to_db(now), person_id),
        )

    async def set_paused(self, person_id: int, paused_at: datetime | None) -> None:
        await self._write(
            "UPDATE people SET paused_at = ? WHERE id = ?",
            (to_db(paused_at) if paused_at else None, person_id),
        )

    async def set_unreachable(self, person_id: int, since: datetime | None) -> bool:
        """Mark (or clear) 'blocked the bot'; True if this changed anything."""
        if since is None:
            changed = await self._write(
                "UPDATE people SET unreachable_at = NULL "
                "WHERE id = ? AND unreachable_at IS NOT NULL",
                (person_id,),
            )
        else:
            changed = await self._write(
                "UPDATE people SET unreachable_at = ? WHERE id = ? AND unreachable_at IS NULL",
                (to_db(since), person_id),
            )
        return changed > 0

    async def forget(self, person_id: int, now: datetime) -> None:
        """Erase what identifies the person; the row stays so anonymous counts stay true."""
        await self._write(
            "UPDATE people SET telegram_id = NULL, display_name = '(removed)', "
            "is_coordinator = 0, forgotten_at = ? WHERE id = ?",
            (to_db(now), person_id),
        )

    async def remembered_ids(self) -> list[int]:
        """Everyone not yet forgotten (for the end-of-study deletion)."""
        rows = await self._all("SELECT id FROM people WHERE forgotten_at IS NULL ORDER BY id")
        return [int(row[0]) for row in rows]

    # memberships

    async def join_group(self, *, group_id: int, person_id: int, role: Role, now: datetime) -> None:
        """Add (or re-add, or change the role of) a membership."""
        await self._write(
            "INSERT INTO memberships (group_id, person_id, role, joined_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (group_id, person_id) DO UPDATE SET role = excluded.role, "
            "joined_at = CASE WHEN left_at IS NULL THEN joined_at ELSE excluded.joined_at END, "
            "left_at = NULL",
            (group_id, person_id, role.value, to_db(now)),
        )

    async def leave_group(self, *, group_id: int, person_id: int, now: datetime) -> bool:
        changed = await self._write(
            "UPDATE memberships SET left_at = ? "
            "WHERE group_id = ? AND person_id = ? AND left_at IS NULL",
            (to_db(now), group_id, person_id),
        )
        return changed > 0

    async def leave_all_groups(self, person_id: int, now: datetime) -> None:
        await self._write(
            "UPDATE memberships SET left_at = ? WHERE person_id = ? AND left_at IS NULL",
            (to_db(now), person_id),
        )

    async def memberships_of(self, person_id: int) -> list[Membership]:
        rows = await self._all(
            "SELECT * FROM memberships WHERE person_id = ? AND left_at IS NULL ORDER BY joined_at",
            (person_id,),
        )
        return [_membership(row) for row in rows]

    async def members_of(self, group_id: int, *, role: Role | None = None) -> list[Member]:
        """Current members of a group, PSFs first, then by name."""
        rows = await self._all(
            "SELECT p.*, m.role AS member_role FROM memberships m "
            "JOIN people p ON p.id = m.person_id "
            "WHERE m.group_id = ? AND m.left_at IS NULL AND (? IS NULL OR m.role = ?) "
            "ORDER BY m.role DESC, p.display_name COLLATE NOCASE, p.id",
            (group_id, role, role),
        )
        return [Member(person=_person(row), role=Role(row["member_role"])) for row in rows]

    # nurses

    async def add_nurse(
        self, *, area_id: int, person_id: int, is_backup: bool, now: datetime
    ) -> None:
        await self._write(
            "INSERT INTO area_nurses (area_id, person_id, is_backup, joined_at) "
            "VALUES (?, ?, ?, ?) "
            "ON CONFLICT (area_id, person_id) DO UPDATE SET is_backup = excluded.is_backup",
            (area_id, person_id, int(is_backup), to_db(now)),
        )

    async def nurse_roles_of(self, person_id: int) -> list[NurseRole]:
        rows = await self._all("SELECT * FROM area_nurses WHERE person_id = ?", (person_id,))
        return [_nurse_role(row) for row in rows]

    async def nurses_of(self, area_id: int) -> list[tuple[NurseRole, Person]]:
        """The area's nurses, primary first."""
        rows = await self._all(
            "SELECT n.*, p.id AS p_id, p.telegram_id AS p_telegram_id, "
            "p.display_name AS p_display_name, p.is_coordinator AS p_is_coordinator, "
            "p.paused_at AS p_paused_at, p.unreachable_at AS p_unreachable_at, "
            "p.consent_version AS p_consent_version, p.consent_at AS p_consent_at, "
            "p.forgotten_at AS p_forgotten_at "
            "FROM area_nurses n JOIN people p ON p.id = n.person_id "
            "WHERE n.area_id = ? AND p.forgotten_at IS NULL ORDER BY n.is_backup, n.joined_at",
            (area_id,),
        )
        return [(_nurse_role(row), _person(row, "p_")) for row in rows]

    async def set_away(
        self, *, area_id: int, person_id: int, away_from: date | None, away_until: date | None
    ) -> None:
        await self._write(
            "UPDATE area_nurses SET away_from = ?, away_until = ? "
            "WHERE area_id = ? AND person_id = ?",
            (
                away_from.isoformat() if away_from else None,
                away_until.isoformat() if away_until else None,
                area_id,
                person_id,
            ),
        )

    async def remove_nurse(self, person_id: int) -> None:
        await self._write("DELETE FROM area_nurses WHERE person_id = ?", (person_id,))
