"""Files and folders the bot writes are its owner's alone: 0600 files, 0700 folders.

Whatever the umask says. Folders that already exist are left as they are (they may be a
coordinator's own); the ones made here, parents included, are private.
"""

from __future__ import annotations

import os
from pathlib import Path

FILE_MODE = 0o600
FOLDER_MODE = 0o700


def private_folder(path: Path) -> None:
    """Make `path` and any missing parents, each readable by its owner only."""
    missing = []
    for folder in (path, *path.parents):
        if folder.exists():
            break
        missing.append(folder)
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=FOLDER_MODE)
        except FileExistsError:
            continue  # made meanwhile by someone else: leave it be
        folder.chmod(FOLDER_MODE)  # mkdir's mode is cut by the umask


def private_file(path: Path, *, exclusive: bool = False) -> int:
    """Open `path` for writing (created or emptied), owner-only; returns the descriptor.

    `exclusive`: refuse (FileExistsError) if it exists already."""
    flags = os.O_WRONLY | os.O_CREAT | (os.O_EXCL if exclusive else os.O_TRUNC)
    fd = os.open(path, flags, FILE_MODE)
    os.fchmod(fd, FILE_MODE)  # an existing file keeps its mode through os.open: set it
    return fd


def write_private_bytes(path: Path, data: bytes) -> None:
    with os.fdopen(private_file(path), "wb") as handle:
        handle.write(data)


def touch_private(path: Path) -> None:
    """Create an empty owner-only file for SQLite to fill, or make an existing one private."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, FILE_MODE)
    os.fchmod(fd, FILE_MODE)
    os.close(fd)
