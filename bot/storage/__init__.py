"""Storage: one SQLite database, numbered migrations, and repositories that own all SQL."""

from bot.storage.database import (
    Database,
    DatabaseProblem,
    StorageBusy,
    StorageFull,
    StorageUnavailable,
    available_migrations,
)
from bot.storage.repos import Repos

__all__ = [
    "Database",
    "DatabaseProblem",
    "Repos",
    "StorageBusy",
    "StorageFull",
    "StorageUnavailable",
    "available_migrations",
]
