"""Reading a coordinator's peers CSV: encodings Excel writes, a `name` column, clear refusals."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from bot.admin.support import Refused

MAX_NAME = 80
BIG_GROUP = 30  # above this, the import warns (the study: 8–9 ideal, 15 at most)


@dataclass
class PeerList:
    names: list[str]
    notes: list[str] = field(default_factory=list)


def decode(data: bytes) -> tuple[str, str | None]:
    """The text and a note if it was not UTF-8 (Excel on Windows saves Windows-1252)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), None
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise Refused(
            "the file is neither UTF-8 nor Windows-1252 text. In Excel, save it with "
            "'CSV UTF-8 (Comma delimited)'."
        ) from None
    return text, (
        "the file is not UTF-8, so I read it as Windows-1252 (what Excel on Windows saves). "
        "Check that names with accents look right below."
    )


def read_peer_csv(file: Path) -> PeerList:
    """The names in a CSV with a `name` column; Refused listing every problem, changing nothing."""
    if not file.is_file():
        raise Refused(f"there is no file {file}.")
    try:
        text, note = decode(file.read_bytes())
    except OSError as exc:
        raise Refused(f"can't read {file} ({exc.strerror or exc}).") from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    fields = [(f or "").strip() for f in reader.fieldnames or []]
    if "name" not in [f.lower() for f in fields]:
        found = ", ".join(repr(f) for f in fields if f) or "none (the file is empty)"
        raise Refused(
            f"the CSV needs a header row with a 'name' column; the columns it has: {found}."
        )
    problems: list[str] = []
    names: list[str] = []
    for row in reader:
        line = reader.line_num  # the file's own line number, blank lines counted
        raw = {k.strip().lower(): (v or "") for k, v in row.items() if k}
        name = " ".join(raw.get("name", "").split())
        if not name:
            problems.append(f"line {line}: the name is empty")
        elif len(name) > MAX_NAME:
            problems.append(f"line {line}: the name is longer than {MAX_NAME} characters")
        elif name in names:
            problems.append(f"line {line}: {name!r} appears twice")
        else:
            names.append(name)
    if problems:
        raise Refused("nothing was imported. Please fix:\n" + "\n".join(f"  {p}" for p in problems))
    if not names:
        raise Refused("the CSV has no names.")
    return PeerList(names, [note] if note else [])
