"""One running bot per database: an OS lock on a file beside it.

The lock (fcntl.flock) belongs to the process: it goes when the process ends, however it ends,
so a crash never leaves a stale lock behind. The file says who holds it, for the refusal.
"""

from __future__ import annotations

import fcntl
import os
import socket
from datetime import UTC, datetime
from pathlib import Path


class AlreadyRunning(Exception):
    """Another process holds the lock; the message names it in one line."""


def lock_path(database: Path) -> Path:
    return database.with_name(database.name + ".lock")


class DatabaseLock:
    """Held while the bot runs; `acquire` refuses if another process holds it."""

    def __init__(self, database: Path) -> None:
        self.database = database
        self.path = lock_path(database)
        self._fd: int | None = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            holder = os.pread(fd, 300, 0).decode("utf-8", "replace").strip() or "unknown"
            os.close(fd)
            raise AlreadyRunning(
                f"another Peer Circle is already running on the database {self.database} "
                f"({holder}). Stop it first; two copies would fight over Telegram's updates."
            ) from None
        os.ftruncate(fd, 0)
        started = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
        os.pwrite(
            fd, f"process {os.getpid()} on {socket.gethostname()}, since {started}\n".encode(), 0
        )
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the descriptor releases the lock
            self._fd = None
