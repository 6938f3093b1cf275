"""Small facts about the installation itself (the bot's username, the schema version)."""

from __future__ import annotations

from bot.storage.base import Repository


class MetaRepo(Repository):
    async def get(self, key: str) -> str | None:
        value = await self._scalar("SELECT value FROM meta WHERE key = ?", (key,))
        return None if value is None else str(value)

    async def put(self, key: str, value: str) -> None:
        await self._run(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    async def user_version(self) -> int:
        return int(await self._scalar("PRAGMA user_version") or 0)
