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

    async def probe_room(self, size: int | None) -> None:
        """Write `size` bytes to see whether the disk has room (StorageFull if not); None
        takes them away again."""
        if size is None:
            await self._run("DELETE FROM meta WHERE key = 'room probe'")
            return
        await self._run(
            "INSERT INTO meta (key, value) VALUES ('room probe', zeroblob(?)) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (size,),
        )

    async def applied_migrations(self) -> list[str]:
        rows = await self._all("SELECT name FROM schema_migrations ORDER BY applied_at, number")
        return [str(row["name"]) for row in rows]
