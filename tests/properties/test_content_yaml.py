"""Content YAML coordinators edit: whatever a file holds, reading it gives valid entries or
problems that say what to fix (file, entry, message) — never an error. The shipped entries,
written back out, read back the same."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from hypothesis import given
from hypothesis import strategies as st

from bot.content import loader
from bot.content.admin import startup_refused
from bot.content.loader import ContentError, ContentProblem
from tests.harness import CONTENT_DIR
from tests.properties import examples

WORK = Path(tempfile.mkdtemp(prefix="peer-circle-content-"))
RESOURCES = loader.RESOURCES_DIR


def _read(reader: loader._Reader, name: str) -> list[Any]:
    """The parser of one content file, as load_content uses it."""
    readers: dict[str, Callable[[], Any]] = {
        "curriculum.yaml": lambda: reader.list_file(
            loader._CURRICULUM, loader.CurriculumSession, loader._session_label
        ),
        "topics.yaml": lambda: reader.list_file(loader._TOPICS, loader.Topic),
        "icebreakers.yaml": lambda: reader.list_file(loader._ICEBREAKERS, loader.Icebreaker),
        "tips.yaml": lambda: reader.list_file(loader._TIPS, loader.Tip),
        "categories.yaml": lambda: reader.list_file(loader._CATEGORIES, loader.Category),
        "ground_rules.yaml": lambda: [reader.document(name, loader.GroundRules)],
        "peer_support.yaml": lambda: [reader.document(name, loader.Guide)],
        f"{RESOURCES}/national.yaml": lambda: reader.resource_files()[1],
    }
    found = readers[name]()
    return [item for item in found if item is not None]


FILES = [
    "curriculum.yaml",
    "topics.yaml",
    "icebreakers.yaml",
    "tips.yaml",
    "categories.yaml",
    "ground_rules.yaml",
    "peer_support.yaml",
    f"{RESOURCES}/national.yaml",
]


def _short(name: str) -> str:
    """The shipped file with its first two entries only: the same shapes, quicker to read."""
    raw = yaml.safe_load((CONTENT_DIR / name).read_text(encoding="utf-8"))
    for key, value in raw.items():
        if isinstance(value, list):
            raw[key] = value[:2]
    return yaml.safe_dump(raw, allow_unicode=True, sort_keys=False)


REAL = {name: _short(name) for name in FILES}
DOCUMENTS = {"ground_rules.yaml", "peer_support.yaml"}

scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=20)
    | st.sampled_from(["10:30", "no", "yes", "0345", "key", "title", "sample", "area"])
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner),
    max_leaves=12,
)


@st.composite
def file_text(draw: st.DrawFn, name: str) -> str:
    """Text a file might end up holding: random, random YAML, or the real file damaged."""
    real = REAL[name]
    kind = draw(st.integers(0, 3))
    if kind == 0:
        return draw(st.text(max_size=200))
    if kind == 1:
        top = yaml.safe_load(real)
        key = draw(st.sampled_from([*top, "extra"]))
        return yaml.safe_dump({key: draw(values)}, allow_unicode=True)
    if kind == 2:
        return yaml.safe_dump(draw(values), allow_unicode=True)
    start = draw(st.integers(0, len(real)))
    end = draw(st.integers(start, min(len(real), start + 80)))
    inserted = draw(st.text(max_size=10) | st.sampled_from(["\t", ": ", "- ", '"', "&a ", "*a"]))
    return real[:start] + inserted + real[end:]


def _fresh_folder() -> Path:
    folder = WORK / "content"
    if folder.exists():
        shutil.rmtree(folder)
    (folder / RESOURCES).mkdir(parents=True)
    return folder


@examples(30)  # each reads a file: fewer, larger steps
@given(name=st.sampled_from(FILES), data=st.data())
def test_any_file_gives_entries_or_problems_that_say_what_to_fix(
    name: str, data: st.DataObject
) -> None:
    text = data.draw(file_text(name))
    folder = _fresh_folder()
    (folder / name).write_text(text, encoding="utf-8")
    reader = loader._Reader(folder)
    entries = _read(reader, name)
    for problem in reader.problems:
        assert isinstance(problem, ContentProblem)
        assert problem.message and "\n" not in problem.message
    if reader.problems:  # what the coordinator reads: one line per problem
        startup_refused(ContentError(reader.problems, folder))
    elif name in DOCUMENTS:  # a list may be empty here (load_content then says so)
        assert entries, f"{name}: neither its content nor a problem"


def test_an_alias_bomb_is_refused_quickly() -> None:
    """YAML aliases nest without copying (nine levels of nine: 387 million strings) but
    reading them as content would not: refused outright, whatever the file."""
    levels = ["a: &a [x, x, x, x, x, x, x, x, x]"] + [
        f"{chr(98 + n)}: &{chr(98 + n)} [{', '.join(['*' + chr(97 + n)] * 9)}]" for n in range(8)
    ]
    folder = _fresh_folder()
    (folder / "ground_rules.yaml").write_text("\n".join(levels) + "\nrules: *i\n", encoding="utf-8")
    reader = loader._Reader(folder)
    assert _read(reader, "ground_rules.yaml") == []
    assert [problem.message for problem in reader.problems] == [
        "line 2: '*' (a YAML alias) can't be used in content files (check indentation and quotes)"
    ]


@examples(10)
@given(name=st.sampled_from(FILES[:5]), count=st.integers(1, 5))
def test_shipped_entries_written_back_read_the_same(name: str, count: int) -> None:
    folder = _fresh_folder()
    (folder / name).write_text(REAL[name], encoding="utf-8")
    first = _read(loader._Reader(folder), name)[:count]
    key = next(iter(yaml.safe_load(REAL[name])))
    dumped = [entry.model_dump(exclude_defaults=True, mode="json") for entry in first]
    (folder / name).write_text(yaml.safe_dump({key: dumped}, allow_unicode=True), encoding="utf-8")
    reader = loader._Reader(folder)
    assert _read(reader, name) == first
    assert reader.problems == []
