"""The peers CSV a coordinator imports: whatever the file holds, the result is the list of
names or a refusal that says what to fix (exit 1, nothing imported) — never a traceback. A
list written by a spreadsheet reads back as the same names."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

import typer
from hypothesis import given
from hypothesis import strategies as st

from bot.admin.commands import MAX_NAME, _read_peer_csv
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
        return _read_peer_csv(path)
    except typer.Exit as refused:
        assert refused.exit_code == 1
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
    dialect=st.sampled_from(["excel", "excel-tab-ish"]),
)
def test_a_spreadsheets_list_reads_back(names: list[str], extra: bool, dialect: str) -> None:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Name", "Email"] if extra else ["name"])
    for name in names:
        writer.writerow([name, f"{len(name)}@example.org"] if extra else [name])
    text = out.getvalue()
    data = ("\ufeff" + text).encode("utf-8") if dialect != "excel" else text.encode("utf-8")
    assert _read(data, "list.csv") == names
