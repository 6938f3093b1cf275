"""Every user-facing string, gathered for the readability and label tests.

Python texts modules are read with `ast`, so functions count too: each string literal (an
f-string with its `{…}` parts replaced by a short name) is one string. Who reads it comes from the
module's default audience, changed from a line on by a comment such as `# audience: nurse`.
Content YAML is read field by field through the same content models the bot uses.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]

# Who reads a module unless a `# audience: …` comment says otherwise. "everyone" is peers and
# PSFs alike; "staff" is nurses and coordinators.
AUDIENCES = ("everyone", "peer", "psf", "staff")
PLAIN_AUDIENCES = frozenset({"everyone", "peer", "psf"})
MODULE_AUDIENCE = {
    "bot/texts/common.py": "everyone",
    "bot/texts/dates.py": "everyone",
    "bot/texts/people.py": "psf",
    "bot/checkins/texts.py": "psf",
    "bot/concerns/texts.py": "psf",
    "bot/content/texts.py": "everyone",
    "bot/export/texts.py": "everyone",
    "bot/meetings/texts.py": "psf",
    "bot/sessions/texts.py": "psf",
    "bot/membership/account_texts.py": "everyone",
    "bot/membership/group_texts.py": "psf",
    "bot/membership/joining_texts.py": "everyone",
    "bot/membership/privacy_texts.py": "everyone",
    "bot/membership/mydata_texts.py": "everyone",
    "bot/oversight/texts.py": "staff",
    "bot/admin/texts.py": "staff",  # printed by the coordinator's command line
    "bot/tasks/texts.py": "psf",
}
CONTENT_AUDIENCE = {
    "curriculum": "psf",
    "topics": "psf",
    "icebreakers": "psf",
    "ground_rules": "psf",
    "tips": "psf",
    "ending_well": "psf",
    "peer_support": "peer",
    "categories": "peer",
    "resources": "peer",
}
# Fields of content that nobody reads as prose (keys, search words, numbers, addresses).
NOT_PROSE = frozenset(
    {"key", "category", "tags", "synonyms", "phone", "website", "last_checked", "area", "icon",
     "sample", "minutes", "number", "places", "nations", "address"}
)  # fmt: skip
# Names and headings in content: proper names ("Cruse Bereavement Support") and titles, which
# the label test checks; they are not scored for reading ease on their own or pooled.
TITLE_FIELDS = frozenset({"name", "title", "heading", "problem", "theme", "short_title"})
PLACEHOLDER = "Ann"
_MARKER = re.compile(r"#\s*audience:\s*(\w+)")


@dataclass(frozen=True)
class Text:
    where: str  # "bot/meetings/texts.py:120" or "content/topics.yaml: eating-out.summary"
    audience: str
    text: str
    part: bool = False  # a piece of a message a function puts together


def texts_modules() -> list[Path]:
    found = [
        *ROOT.glob("bot/texts/*.py"),
        *ROOT.glob("bot/*/texts.py"),
        *ROOT.glob("bot/*/*_texts.py"),
        *ROOT.glob("bot/*_texts.py"),
    ]
    return sorted(p for p in found if p.name != "__init__.py")


def _render(node: ast.expr) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        parts = []
        for value in node.values:
            if isinstance(value, ast.Constant):
                parts.append(str(value.value))
            else:
                parts.append(PLACEHOLDER)
        return "".join(parts)
    return None


def _is_words(text: str) -> bool:
    """A string people read, not an identifier, a format or punctuation."""
    if not re.search(r"[A-Za-z]", text):
        return False
    return not re.fullmatch(r"[a-z0-9_ .%:-]*", text) or " " in text.strip()


def _strings(node: ast.AST) -> Iterator[tuple[int, str]]:
    skip: set[int] = set()
    for child in ast.walk(node):
        if id(child) in skip:
            continue
        if isinstance(child, ast.JoinedStr):
            skip.update(id(v) for v in ast.walk(child))
        if isinstance(child, ast.Dict):
            skip.update(id(k) for k in child.keys if k is not None)
        if isinstance(child, ast.Compare):
            skip.update(id(v) for v in ast.walk(child))
        if isinstance(child, ast.Subscript):
            skip.update(id(v) for v in ast.walk(child.slice))
        if isinstance(child, ast.expr):
            text = _render(child)
            if text is not None and _is_words(text):
                yield child.lineno, text


def _docstrings(tree: ast.Module) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                ids.add(id(body[0].value))
    return ids


def module_texts(path: Path) -> list[Text]:
    rel = path.relative_to(ROOT).as_posix()
    source = path.read_text()
    tree = ast.parse(source)
    lines = source.splitlines()
    markers = [(n, m.group(1)) for n, line in enumerate(lines, 1) if (m := _MARKER.search(line))]
    default = MODULE_AUDIENCE.get(rel, "everyone")
    docs = _docstrings(tree)
    out = []
    for node in tree.body:
        if isinstance(node, ast.Expr | ast.Import | ast.ImportFrom):
            continue
        audience = default
        for line, who in markers:
            if line < node.lineno:
                audience = who
        for sub in ast.walk(node):
            if id(sub) in docs:
                docs.add(id(sub))
        part = isinstance(node, ast.FunctionDef)
        for lineno, text in _strings(node):
            out.append(Text(f"{rel}:{lineno}", audience, text, part))
    docstring_texts = {
        n.value for n in ast.walk(tree) if id(n) in docs and isinstance(n, ast.Constant)
    }
    return [t for t in out if t.text not in docstring_texts]


def _yaml_strings(value: object, where: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, int | float | bool) or value is None:
        return
    elif isinstance(value, list):
        for i, item in enumerate(value):
            label = item.get("key", i) if isinstance(item, dict) else i
            yield from _yaml_strings(item, f"{where}[{label}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in NOT_PROSE:
                yield from _yaml_strings(item, f"{where}.{key}")


def content_texts() -> list[Text]:
    out = []
    files = sorted(ROOT.glob("content/*.yaml")) + sorted(ROOT.glob("content/resources/*.yaml"))
    for path in files:
        section = "resources" if path.parent.name == "resources" else path.stem
        audience = CONTENT_AUDIENCE.get(section, "everyone")
        data = yaml.safe_load(path.read_text())
        rel = path.relative_to(ROOT).as_posix()
        for where, text in _yaml_strings(data, ""):
            title = where.rsplit(".", 1)[-1] in TITLE_FIELDS
            out.append(Text(f"{rel}:{where}", audience, text, part=title))
    return out


def all_texts() -> list[Text]:
    found = [t for path in texts_modules() for t in module_texts(path)]
    return found + content_texts()
