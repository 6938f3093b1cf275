"""CSV files the project writes: owner-only, and safe to open in a spreadsheet.

A cell that starts with `=`, `+`, `-`, `@` (or a tab or carriage return) is run as a formula by
Excel and LibreOffice; such cells get a leading apostrophe, which spreadsheets show as text and
hide. Every CSV the project writes goes through `write_private_csv`.
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^[-+]?\d+(\.\d+)?$")  # -3 or +1.5: a number, not a formula


def safe_cell(value: object) -> object:
    """The value, with an apostrophe in front if a spreadsheet would run it as a formula."""
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_STARTS)
        and not _PLAIN_NUMBER.match(value)
    ):
        return "'" + value
    return value


def safe_rows(rows: Iterable[Sequence[object]]) -> list[list[object]]:
    return [[safe_cell(value) for value in row] for row in rows]


def write_private_csv(
    path: Path, rows: Iterable[Sequence[object]], *, replace: bool = False
) -> None:
    """Write rows to a file readable by its owner only (a new file unless `replace`)."""
    flags = os.O_WRONLY | os.O_CREAT | (os.O_TRUNC if replace else os.O_EXCL)
    fd = os.open(path, flags, 0o600)
    os.fchmod(fd, 0o600)  # whatever the umask, and an existing file made private too
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(safe_rows(rows))
