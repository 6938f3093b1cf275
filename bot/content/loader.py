"""Load and validate content/ (YAML), reporting every problem with its file and entry.

Coordinators edit these files by hand, so an error names the file, the entry and what is wrong in
plain words, and all problems are reported at once rather than one per attempt.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from bot.content.models import (
    Area,
    Category,
    Content,
    CurriculumSession,
    GroundRules,
    Guide,
    Icebreaker,
    Resource,
    ResourceEntry,
    ResourceFileHeader,
    Tip,
    Topic,
)
from bot.content.search import ResourceIndex, TopicIndex

logger = logging.getLogger(__name__)

RESOURCES_DIR = "resources"
CURRICULUM_SESSIONS = range(1, 7)

ModelT = TypeVar("ModelT", bound=BaseModel)


class ContentProblem(NamedTuple):
    file: str  # relative to the content directory, e.g. "resources/national.yaml"
    entry: str  # e.g. "topic 'sleep'"; "" when the problem is with the file as a whole
    message: str

    def __str__(self) -> str:
        where = f"{self.file}, {self.entry}" if self.entry else self.file
        return f"{where}: {self.message}"


class ContentError(Exception):
    """The content could not be loaded; `problems` lists everything found, one line each."""

    def __init__(self, problems: Sequence[ContentProblem], directory: Path | None = None) -> None:
        self.problems = list(problems)
        self.directory = directory  # the content folder the problems are in, when known
        super().__init__("\n".join(str(problem) for problem in self.problems))


class _ListFile(NamedTuple):
    name: str
    list_key: str
    label: str  # how one entry is named in a problem: "topic 'sleep'"


_CURRICULUM = _ListFile("curriculum.yaml", "sessions", "session")
_TOPICS = _ListFile("topics.yaml", "topics", "topic")
_ICEBREAKERS = _ListFile("icebreakers.yaml", "icebreakers", "icebreaker")
_TIPS = _ListFile("tips.yaml", "tips", "tip")
_CATEGORIES = _ListFile("categories.yaml", "categories", "category")
_GROUND_RULES = "ground_rules.yaml"
_PEER_SUPPORT = "peer_support.yaml"
_ENDING_WELL = "ending_well.yaml"
KNOWN_FILES = (
    _CURRICULUM.name,
    _TOPICS.name,
    _ICEBREAKERS.name,
    _GROUND_RULES,
    _PEER_SUPPORT,
    _TIPS.name,
    _ENDING_WELL,
    _CATEGORIES.name,
)


def load_content(directory: Path) -> Content:
    """Load every content file under `directory`; raise ContentError listing ALL problems."""
    reader = _Reader(directory)
    curriculum = reader.list_file(_CURRICULUM, CurriculumSession, _session_label)
    topics = reader.list_file(_TOPICS, Topic)
    icebreakers = reader.list_file(_ICEBREAKERS, Icebreaker)
    tips = reader.list_file(_TIPS, Tip)
    categories = reader.list_file(_CATEGORIES, Category)
    ground_rules = reader.document(_GROUND_RULES, GroundRules)
    peer_support = reader.document(_PEER_SUPPORT, Guide)
    ending_well = reader.document(_ENDING_WELL, Guide)
    areas, resources = reader.resource_files()
    reader.report_unknown_files()

    reader.check_curriculum(curriculum)
    reader.check_at_least_one(_TOPICS, topics)
    reader.check_at_least_one(_ICEBREAKERS, icebreakers)
    reader.check_categories(resources, categories)

    if reader.problems or ground_rules is None or peer_support is None or ending_well is None:
        raise ContentError(reader.problems, directory)
    return Content(
        curriculum=tuple(sorted(curriculum, key=lambda session: session.number)),
        topics=tuple(topics),
        icebreakers=tuple(icebreakers),
        ground_rules=ground_rules,
        peer_support=peer_support,
        tips=tuple(tips),
        ending_well=ending_well,
        categories=tuple(categories),
        resources=tuple(resource for _, resource in resources),
        areas=tuple(areas),
    )


class _Loaded(NamedTuple):
    content: Content
    resource_index: ResourceIndex
    topic_index: TopicIndex


# What was loaded last, by folder and the state of its files: a process that starts the bot
# many times (the tests, the demo) reads and indexes unchanged files once. Content and its
# indexes are never changed once built, so sharing them is safe.
_last_loaded: dict[Path, tuple[tuple[tuple[str, int, int, int], ...], _Loaded]] = {}


def _fingerprint(directory: Path) -> tuple[tuple[str, int, int, int], ...]:
    files = sorted(path for path in directory.rglob("*") if path.is_file())
    stats = ((str(path), path.stat()) for path in files)
    return tuple((name, st.st_ino, st.st_size, st.st_mtime_ns) for name, st in stats)


def _load_indexed(directory: Path, *, again: bool = False) -> _Loaded:
    """The folder's content with its indexes (ContentError if anything is wrong); `again`
    reads the files even if they look unchanged (a reload someone asked for)."""
    fingerprint = _fingerprint(directory) if directory.is_dir() else ()
    last = _last_loaded.get(directory)
    if not again and last is not None and fingerprint and last[0] == fingerprint:
        return last[1]
    content = load_content(directory)
    loaded = _Loaded(content, ResourceIndex.from_content(content), TopicIndex(content.topics))
    _last_loaded[directory] = (fingerprint, loaded)
    return loaded


class ContentStore:
    """The content the running bot holds, with its search indexes.

    Reloading swaps content and indexes in together, and only if everything is valid.
    """

    current: Content
    resource_index: ResourceIndex
    topic_index: TopicIndex

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._install(_load_indexed(directory))  # a broken start-up is loud

    def reload(self) -> list[ContentProblem]:
        """Load the files again: [] means swapped in; otherwise the old content stays."""
        loaded = self._load()
        if isinstance(loaded, list):
            return loaded
        self._install(loaded)
        return []

    async def reload_in_background(self) -> list[ContentProblem]:
        """Like reload, but reading and indexing happen in a thread, off the event loop.

        The swap itself happens back on the loop, so a handler never sees new content with an
        old index.
        """
        loaded = await asyncio.to_thread(self._load)
        if isinstance(loaded, list):
            return loaded
        self._install(loaded)
        return []

    def _load(self) -> _Loaded | list[ContentProblem]:
        try:
            loaded = _load_indexed(self.directory, again=True)
        except ContentError as error:
            logger.warning("content reload refused: %d problem(s)", len(error.problems))
            return error.problems
        except Exception as error:  # a broken file must never take the running bot down
            logger.exception("content reload failed")
            return [ContentProblem(str(self.directory), "", f"could not be read: {error}")]
        return loaded

    def _install(self, loaded: _Loaded) -> None:
        # No await in between: handlers never see new content with an old index.
        self.current = loaded.content
        self.resource_index = loaded.resource_index
        self.topic_index = loaded.topic_index
        logger.info(
            "content loaded: %d topics, %d resources",
            len(loaded.content.topics),
            len(loaded.content.resources),
        )


class _Reader:
    """Reads files and collects problems, so one run reports everything at once."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.problems: list[ContentProblem] = []
        self.invalid_entries: set[tuple[str, str]] = set()  # (file, entry) that failed validation

    def problem(self, file: str, entry: str, message: str) -> None:
        self.problems.append(_problem(file, entry, message))

    def read_yaml(self, name: str) -> Any:
        path = self.directory / name
        if not path.is_file():
            self.problem(name, "", "file is missing")
            return None
        try:
            loaded = yaml.load(path.read_text(encoding="utf-8"), Loader=_StrictLoader)
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark
            line = f"line {mark.line + 1}: " if mark is not None else ""
            self.problem(name, "", f"{line}{error.problem} (check indentation and quotes)")
        except yaml.reader.ReaderError as error:
            self.problem(
                name,
                "",
                f"could not be read: character {error.character!r} at position "
                f"{error.position} can't be in a YAML file (remove it)",
            )
        except (yaml.YAMLError, UnicodeDecodeError, OSError) as error:
            detail = " ".join(str(error).split())  # one line per problem
            self.problem(name, "", f"could not be read: {detail}")
        else:
            if loaded is None:
                self.problem(name, "", "is empty (or holds only comments)")
            return loaded
        return None

    def mapping(self, name: str, raw: Any, allowed: Sequence[str]) -> Mapping[str, Any] | None:
        if raw is None:
            return None
        if not isinstance(raw, dict):
            self.problem(name, "", "must be a set of fields (name: value), not a list or text")
            return None
        unknown = sorted(_field_name(str(key)) for key in raw if key not in allowed)
        if unknown:
            self.problem(
                name,
                "",
                f"unknown field(s) {', '.join(unknown)} — allowed: {', '.join(allowed)}",
            )
        return raw

    def list_file(
        self,
        spec: _ListFile,
        model: type[ModelT],
        label: Callable[[str, int, Any], str] | None = None,
    ) -> list[ModelT]:
        raw = self.mapping(spec.name, self.read_yaml(spec.name), [spec.list_key])
        if raw is None:
            return []
        items = raw.get(spec.list_key)
        return self.entries(spec.name, spec.list_key, spec.label, items, model, label=label)

    def entries(
        self,
        file: str,
        field: str,
        kind: str,
        items: Any,
        model: type[ModelT],
        *,
        label: Callable[[str, int, Any], str] | None = None,
    ) -> list[ModelT]:
        """Validate each entry separately, so one bad entry does not hide the others."""
        if not isinstance(items, list):
            self.problem(file, "", f"{field}: needs a list of entries (lines starting with '- ')")
            return []
        valid: list[ModelT] = []
        seen_keys: Counter[str] = Counter()
        for index, item in enumerate(items):
            entry = (label or _key_label)(kind, index, item)
            try:
                validated = model.model_validate(item)
            except ValidationError as error:
                self.problems.extend(_problems_from(file, entry, error, model))
                self.invalid_entries.add((file, entry))
                continue
            key = getattr(validated, "key", None)
            if isinstance(key, str):
                seen_keys[key] += 1
                if seen_keys[key] == 2:
                    self.problem(file, entry, f"key '{key}' is used twice; keys must be unique")
            valid.append(validated)
        return valid

    def document(self, name: str, model: type[ModelT]) -> ModelT | None:
        raw = self.read_yaml(name)
        if raw is None:
            return None
        try:
            return model.model_validate(raw)
        except ValidationError as error:
            self.problems.extend(_problems_from(name, "", error, model))
            return None

    def resource_files(self) -> tuple[list[Area], list[tuple[str, Resource]]]:
        """Every resources/*.yaml: one area each (or national), as (file, resource) pairs."""
        folder = self.directory / RESOURCES_DIR
        if not folder.is_dir():
            self.problem(f"{RESOURCES_DIR}/", "", "folder is missing")
            return [], []
        areas: list[Area] = []
        resources: list[tuple[str, Resource]] = []
        area_files: dict[str, str] = {}
        resource_files: dict[str, str] = {}
        header_fields = [*ResourceFileHeader.model_fields, "resources"]
        for path in sorted(folder.glob("*.y*ml")):
            name = f"{RESOURCES_DIR}/{path.name}"
            if path.suffix != ".yaml":
                self.problem(name, "", "rename it to end in .yaml, or it would be ignored")
                continue
            raw = self.mapping(name, self.read_yaml(name), header_fields)
            if raw is None:
                continue
            header_raw = {key: value for key, value in raw.items() if key != "resources"}
            try:
                header = ResourceFileHeader.model_validate(header_raw)
            except ValidationError as error:
                self.problems.extend(_problems_from(name, "", error, ResourceFileHeader))
                continue
            if header.area in area_files:
                self.problem(
                    name, "", f"area '{header.area}' is already in {area_files[header.area]}"
                )
                continue
            area_files[header.area] = name
            areas.append(
                Area(slug=header.area, name=header.name, sample=header.sample, places=header.places)
            )
            items = raw.get("resources")
            for entry in self.entries(name, "resources", "resource", items, ResourceEntry):
                label = f"resource '{entry.key}'"
                if entry.sample != header.sample:
                    self.problem(name, label, _sample_mismatch(header.sample))
                    continue
                if entry.key in resource_files and resource_files[entry.key] != name:
                    self.problem(name, label, f"key is already used in {resource_files[entry.key]}")
                    continue
                resource_files[entry.key] = name
                resource = Resource(**entry.model_dump(), area=header.area)
                resources.append((name, resource))
        return areas, resources

    def report_unknown_files(self) -> None:
        for path in sorted(self.directory.glob("*.y*ml")):
            if path.name not in KNOWN_FILES:
                self.problem(
                    path.name,
                    "",
                    "not a known content file (expected one of: "
                    f"{', '.join(KNOWN_FILES)}; resources go in {RESOURCES_DIR}/)",
                )

    def check_curriculum(self, sessions: Sequence[CurriculumSession]) -> None:
        numbers = Counter(session.number for session in sessions)
        for number in CURRICULUM_SESSIONS:
            if numbers[number] > 1:
                self.problem(_CURRICULUM.name, f"session {number}", "appears more than once")
        for number in CURRICULUM_SESSIONS:
            entry = f"session {number}"
            # A session that is there but invalid is already reported; do not call it missing.
            if numbers[number] == 0 and (_CURRICULUM.name, entry) not in self.invalid_entries:
                self.problem(_CURRICULUM.name, entry, "is missing (need 1 to 6)")

    def check_at_least_one(self, spec: _ListFile, entries: Sequence[object]) -> None:
        if not entries and not any(problem.file == spec.name for problem in self.problems):
            self.problem(spec.name, "", f"{spec.list_key}: at least 1 item required")

    def check_categories(
        self, resources: Sequence[tuple[str, Resource]], categories: Sequence[Category]
    ) -> None:
        known = {category.key for category in categories}
        if not known:
            return  # categories.yaml itself is broken and already reported
        for file, resource in resources:
            if resource.category not in known:
                self.problem(
                    file,
                    f"resource '{resource.key}'",
                    f"category: '{resource.category}' is not in {_CATEGORIES.name} "
                    f"(known: {', '.join(sorted(known))})",
                )


def _sample_mismatch(file_is_sample: bool) -> str:
    if file_is_sample:
        return "every entry in a sample file needs 'sample: true' and a name starting 'SAMPLE —'"
    return (
        "still marked as a sample: replace it with real details, then remove 'sample: true' "
        "and 'SAMPLE —' from the name"
    )


def _key_label(kind: str, index: int, item: Any) -> str:
    key = item.get("key") if isinstance(item, dict) else None
    return f"{kind} '{key}'" if isinstance(key, str) and key else f"{kind} {index + 1} in the list"


def _session_label(kind: str, index: int, item: Any) -> str:
    number = item.get("number") if isinstance(item, dict) else None
    return f"{kind} {number}" if isinstance(number, int) else f"{kind} {index + 1} in the list"


def _problems_from(
    file: str, entry: str, error: ValidationError, model: type[BaseModel]
) -> list[ContentProblem]:
    details = error.errors(include_url=False)
    return [_problem(file, entry, _describe(detail, model)) for detail in details]


def _problem(file: str, entry: str, message: str) -> ContentProblem:
    # one problem is one line of the start-up report, whatever the file held
    return ContentProblem(file, entry, " ".join(message.splitlines()))


def _field_name(name: str) -> str:
    """A field's name as typed; quoted when it holds spaces or line breaks, so it can be seen."""
    return name if name and name.isprintable() and " " not in name else repr(name)


def _describe(detail: Mapping[str, Any], model: type[BaseModel]) -> str:
    """Turn one pydantic error into a sentence a coordinator can act on."""
    location = _location(detail["loc"])
    message = _message(detail, model if len(detail["loc"]) == 1 else None)
    return f"{location}: {message}" if location else message


def _location(loc: Sequence[str | int]) -> str:
    parts: list[str] = []
    for part in loc:
        if isinstance(part, int):
            parts.append(f"item {part + 1}")
        else:
            name = _field_name(part)
            parts.append(f", {name}" if parts else name)
    return " ".join(parts).replace(" ,", ",")


# Plain words for the pydantic errors a hand-edited file produces; anything else keeps pydantic's.
_MESSAGES = {
    "missing": "required, but missing",
    "too_short": "at least {min_length} item{plural} required",
    "too_long": "at most {max_length} item{plural} allowed",
    "string_too_short": "must not be empty",
    "string_too_long": "too long: keep it under {max_length} characters",
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "int_from_float": "must be a whole number",
    "bool_type": "must be true or false",
    "bool_parsing": "must be true or false",
    "greater_than_equal": "must be at least {ge}",
    "less_than_equal": "must be at most {le}",
    "model_type": "must be a set of fields (name: value)",
    "model_attributes_type": "must be a set of fields (name: value)",
    "dict_type": "must be a set of fields (name: value)",
    "list_type": "must be a list (lines starting with '- ')",
    "tuple_type": "must be a list (lines starting with '- ')",
    "date": "must be a date like 2025-01-31",
    "value_error": "{error}",
}


def _message(detail: Mapping[str, Any], model: type[BaseModel] | None) -> str:
    kind: str = detail["type"]
    ctx: dict[str, Any] = dict(detail.get("ctx") or {})
    if kind == "string_type":
        return _not_text(detail.get("input"))
    if kind == "extra_forbidden":
        allowed = f" (allowed: {', '.join(model.model_fields)})" if model else ""
        return f"unknown field — check the spelling{allowed}"
    template = _MESSAGES.get("date" if kind.startswith("date") else kind)
    if template is None:
        return str(detail["msg"])
    count = ctx.get("min_length", ctx.get("max_length"))
    return template.format(plural="" if count == 1 else "s", **ctx)


def _not_text(value: object) -> str:
    """Explain the YAML surprises that turn text into something else."""
    if isinstance(value, dict):
        return "must be text — text containing ': ' (a colon and a space) needs quotes around it"
    if isinstance(value, bool):
        return 'must be text — YAML reads yes/no/on/off as true/false: put it in quotes, e.g. "no"'
    if isinstance(value, int | float):
        return 'must be text — YAML reads 10:30 or 0345 as a number: put it in quotes, e.g. "10:30"'
    return "must be text"


# libyaml's parser when PyYAML was built with it (about 10 times faster: content is read at
# every start and reload), else the pure-Python one.
_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_BaseLoader):  # type: ignore[valid-type,misc]
    """A SafeLoader that refuses a field written twice (YAML would silently keep the last), and
    anchors and aliases (& and *): content never needs them, and a few nested aliases stand for
    billions of entries."""

    def get_single_node(self) -> yaml.Node | None:
        node = super().get_single_node()
        if node is not None:
            _refuse_aliases(node)
        return node


def _refuse_aliases(root: yaml.Node) -> None:
    """An alias is a node met twice in the composed tree: the first, in the file's order, is
    reported where it is used (its field, or the list holding it)."""
    seen: set[int] = set()
    waiting: list[tuple[yaml.Node, yaml.Mark]] = [(root, root.start_mark)]
    while waiting:
        node, used_at = waiting.pop()
        if id(node) in seen:
            raise yaml.composer.ComposerError(
                None, None, "'*' (a YAML alias) can't be used in content files", used_at
            )
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            children = [
                (child, key.start_mark) for key, value in node.value for child in (key, value)
            ]
        elif isinstance(node, yaml.SequenceNode):
            children = [(child, node.start_mark) for child in node.value]
        else:
            continue
        waiting.extend(reversed(children))


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if not isinstance(key, str | int | float | bool):
            continue  # an odd key is left for validation to report
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"field '{key}' is written twice", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
