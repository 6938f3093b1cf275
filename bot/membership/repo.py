"""Invitation tokens and joins waiting for the privacy notice to be agreed."""

from __future__ import annotations

import hmac
from datetime import datetime

import aiosqlite

from bot.models import Invite, Role
from bot.storage.base import Repository
from bot.storage.times import from_db, maybe_from_db, to_db

SELECTOR = 8  # leading characters of a token used to find it; the rest is only compared


def _invite(row: aiosqlite.Row) -> Invite:
    return Invite(
        token=row["token"],
        role=Role(row["role"]),
        group_id=row["group_id"],
        area_id=row["area_id"],
        is_backup=bool(row["is_backup"]),
        personal_name=row["personal_name"],
        max_uses=row["max_uses"],
        uses=row["uses"],
        expires_at=from_db(row["expires_at"]),
        revoked_at=maybe_from_db(row["revoked_at"]),
        created_at=from_db(row["created_at"]),
    )


class InviteRepo(Repository):
    async def add(
        self,
        *,
        token: str,
        role: Role,
        group_id: int | None,
        area_id: int | None,
        is_backup: bool,
        personal_name: str | None,
        max_uses: int,
        expires_at: datetime,
        created_by: int | None,
        now: datetime,
    ) -> Invite:
        await self._run(
            "INSERT INTO invites (token, role, group_id, area_id, is_backup, personal_name, "
            "max_uses, expires_at, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                token,
                role.value,
                group_id,
                area_id,
                int(is_backup),
                personal_name,
                max_uses,
                to_db(expires_at),
                created_by,
                to_db(now),
            ),
        )
        invite = await self.get(token)
        if invite is None:
            raise RuntimeError("missing: invite")
        return invite

    async def get(self, token: str) -> Invite | None:
        """The invitation with this token, or None.

        Found by its first SELECTOR characters, then the whole token is compared in constant
        time (hmac.compare_digest): how long a wrong guess takes says nothing about how much of
        its secret part was right."""
        if not token.isascii():
            return None  # tokens are URL-safe ASCII; anything else names none
        rows = await self._all(
            "SELECT * FROM invites WHERE substr(token, 1, ?) = ?",
            (SELECTOR, token[:SELECTOR]),
        )
        found = None
        for row in rows:  # every candidate is compared, whichever matches
            if hmac.compare_digest(str(row["token"]).encode(), token.encode()):
                found = row
        return None if found is None else _invite(found)

    async def use(self, token: str) -> bool:
        """Count one use, only if one is left; False if the invite was used up meanwhile."""
        changed = await self._run(
            "UPDATE invites SET uses = uses + 1 WHERE token = ? AND uses < max_uses",
            (token,),
        )
        return changed > 0

    async def revoke(self, token: str, now: datetime) -> bool:
        changed = await self._run(
            "UPDATE invites SET revoked_at = ? WHERE token = ? AND revoked_at IS NULL",
            (to_db(now), token),
        )
        return changed > 0

    async def all(self, *, group_id: int | None = None) -> list[Invite]:
        rows = await self._all(
            "SELECT * FROM invites WHERE (? IS NULL OR group_id = ?) ORDER BY created_at, token",
            (group_id, group_id),
        )
        return [_invite(row) for row in rows]

    async def forget_names(self, now: datetime) -> int:
        """Withdraw every personal link and erase the names on them; how many had a name."""
        named = await self._run(
            "UPDATE invites SET personal_name = NULL, revoked_at = COALESCE(revoked_at, ?) "
            "WHERE personal_name IS NOT NULL",
            (to_db(now),),
        )
        await self._run("DELETE FROM pending_joins")
        return named

    # joins waiting for consent

    async def hold_join(self, *, telegram_id: int, token: str, now: datetime) -> None:
        await self._run(
            "INSERT INTO pending_joins (telegram_id, token, created_at) VALUES (?, ?, ?) "
            "ON CONFLICT (telegram_id) DO UPDATE SET token = excluded.token, "
            "created_at = excluded.created_at",
            (telegram_id, token, to_db(now)),
        )

    async def held_join(self, telegram_id: int) -> str | None:
        value = await self._scalar(
            "SELECT token FROM pending_joins WHERE telegram_id = ?", (telegram_id,)
        )
        return None if value is None else str(value)

    async def drop_held_join(self, telegram_id: int) -> None:
        await self._run("DELETE FROM pending_joins WHERE telegram_id = ?", (telegram_id,))
