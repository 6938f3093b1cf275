"""The peers CSV a coordinator imports: whatever the file holds, the result is the list of
names or a refusal that says what to fix (nothing imported) — never a traceback. A list
written by a spreadsheet (UTF-8, with or without its mark, or Windows-1252) reads back as the
same names."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from bot.admin.peers import MAX_NAME, read_peer_csv
from bot.admin.support import Refused
from tests.properties import ROUND_TRIPS

FOLDER = Path(tempfile.mkdtemp(prefix="peer-circle-csv-"))

lines = st.lists(
    st.text(max_size=30)
    | st.sampled_from(["name", "Name", " NAME ", "name,email", '"a,b"', '"unclosed', "\x00"]),
    max_size=8,
).map("\n".join)
files = (
    st.binary(max_size=300)
    | lines.map(lambda text: text.encode("utf-8"))
    | lines.map(lambda text: ("\ufeff" + text).encode("utf-8"))
    | st.builds(lambda a, b: a + b, lines.map(str.encode), st.binary(max_size=20))
)


def _read(data: bytes, name: str) -> list[str] | None:
    path = FOLDER / name
    path.write_bytes(data)
    try:
        return read_peer_csv(path).names
    except Refused as refused:
        assert str(refused)  # says what to fix
        return None


@given(data=files)
def test_any_file_gives_names_or_a_refusal(data: bytes) -> None:
    names = _read(data, "any.csv")
    if names is not None:
        assert names, "an empty list is refused, not imported"
        assert len(set(names)) == len(names)
        for name in names:
            assert name == " ".join(name.split()) and 1 <= len(name) <= MAX_NAME


person = st.text(
    st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=MAX_NAME
).filter(lambda name: name.strip() and name == " ".join(name.split()))


@ROUND_TRIPS
@given(
    names=st.lists(person, min_size=1, max_size=15, unique=True),
    extra=st.booleans(),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]),
)
def test_a_spreadsheets_list_reads_back(names: list[str], extra: bool, encoding: str) -> None:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Name", "Email"] if extra else ["name"])
    for name in names:
        writer.writerow([name, f"{len(name)}@example.org"] if extra else [name])
    try:
        data = out.getvalue().encode(encoding)
    except UnicodeEncodeError:
        return  # a name Windows-1252 can't hold: Excel would not write it that way either
    assert _read(data, "list.csv") == names
