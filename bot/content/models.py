"""The content coordinators edit in YAML, as validated pydantic models.

Every entry has a short stable `key` used in button callback data, so renaming a title never
breaks a button that is already on someone's screen.
"""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum
from typing import Annotated, ClassVar, Self

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, PrivateAttr, model_validator

from bot.texts import LABEL_MAX_LENGTH

KEY_MAX_LENGTH = 24
NATIONAL = "national"
# Everything that mentions health must send people to someone who can give personal advice.
PERSONAL_ADVICE_WORDS = re.compile(r"\b(GP|nurse|pharmacist)s?\b", re.IGNORECASE)
SESSION_MINUTES_MAX = 90  # the study asked for 90-minute sessions at most

_KEY_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_PHONE_PATTERN = re.compile(r"^[0-9][0-9 ]{2,14}$")
_SAMPLE_PREFIX = "SAMPLE —"


def _check_key(value: str) -> str:
    if len(value) > KEY_MAX_LENGTH or not _KEY_PATTERN.fullmatch(value):
        raise ValueError(
            f"'{value}' is not a valid key: use at most {KEY_MAX_LENGTH} lowercase letters, "
            "digits and single dashes, e.g. 'eating-out'"
        )
    return value


def _check_phone(value: str) -> str:
    if not _PHONE_PATTERN.fullmatch(value):
        raise ValueError(f"'{value}' is not a phone number: digits and spaces only, e.g. '116 123'")
    return value


def _check_web_address(value: str) -> str:
    if " " in value or "." not in value:
        raise ValueError(f"'{value}' is not a web address, e.g. 'nhs.uk/conditions/diabetes'")
    return value


def _check_area_slug(value: str) -> str:
    return value if value == NATIONAL else _check_key(value)


def _check_personal_advice(value: str) -> str:
    if not PERSONAL_ADVICE_WORDS.search(value):
        raise ValueError("must point people to their GP, practice nurse or pharmacist")
    return value


Key = Annotated[str, AfterValidator(_check_key)]
Text = Annotated[str, Field(min_length=1, max_length=700)]
ShortText = Annotated[str, Field(min_length=1, max_length=120)]
AreaSlug = Annotated[str, AfterValidator(_check_area_slug)]
Phone = Annotated[str, AfterValidator(_check_phone)]
WebAddress = Annotated[str, AfterValidator(_check_web_address)]
PersonalAdvice = Annotated[
    str, Field(min_length=1, max_length=400), AfterValidator(_check_personal_advice)
]
Prompts = Annotated[tuple[Text, ...], Field(min_length=1, max_length=12)]


def _check_short_title(value: str) -> str:
    if len(value) > LABEL_MAX_LENGTH:
        raise ValueError(
            f"'{value}' is {len(value)} characters; a button shows {LABEL_MAX_LENGTH} at most"
        )
    return value


ShortTitle = Annotated[str, Field(min_length=1), AfterValidator(_check_short_title)]


class Entry(BaseModel):
    """Strict base: an unknown field is an error (usually a typo), never silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Step(Entry):
    minutes: int = Field(ge=1, le=SESSION_MINUTES_MAX)
    what: ShortText


class CurriculumSession(Entry):
    number: int = Field(ge=1, le=6)
    key: Key
    theme: ShortText
    short_title: ShortTitle | None = None
    summary: Text
    aims: tuple[Text, ...] = Field(min_length=1, max_length=5)
    prompts: tuple[Text, ...] = Field(min_length=3, max_length=5)
    activity: Text
    closing_question: Text
    running_order: tuple[Step, ...] = Field(min_length=1)
    facilitator_notes: tuple[Text, ...] = ()
    personal_advice: PersonalAdvice

    @model_validator(mode="after")
    def _check(self) -> Self:
        total = sum(step.minutes for step in self.running_order)
        if total > SESSION_MINUTES_MAX:
            raise ValueError(
                f"running_order adds up to {total} minutes; keep it to {SESSION_MINUTES_MAX}"
            )
        return self


class Topic(Entry):
    key: Key
    title: ShortText
    short_title: ShortTitle | None = None
    summary: Text
    tags: tuple[ShortText, ...] = ()
    prompts: Prompts
    health: bool = True
    personal_advice: PersonalAdvice | None = None

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.health and self.personal_advice is None:
            raise ValueError(
                "personal_advice: required for a health topic (who to ask: GP, nurse, pharmacist)"
            )
        return self


class Icebreaker(Entry):
    key: Key
    title: ShortText
    short_title: ShortTitle | None = None
    how: Text
    minutes: int = Field(ge=1, le=20)
    materials: ShortText | None = None
    good_for: ShortText | None = None


class Rule(Entry):
    key: Key
    heading: ShortText
    text: Text


class GroundRules(Entry):
    # The study found these five made sessions work; the template must keep them.
    REQUIRED_RULES: ClassVar[tuple[str, ...]] = (
        "aims",
        "confidentiality",
        "taking-turns",
        "phones",
        "not-medical-advice",
    )

    title: ShortText
    intro: Text
    rules: tuple[Rule, ...] = Field(min_length=1)
    closing: Text

    @model_validator(mode="after")
    def _check(self) -> Self:
        present = {rule.key for rule in self.rules}
        missing = [key for key in self.REQUIRED_RULES if key not in present]
        if missing:
            raise ValueError(f"rules: missing required rule(s): {', '.join(missing)}")
        return self

    def rule(self, key: str) -> Rule | None:
        return next((rule for rule in self.rules if rule.key == key), None)


class GuideSection(Entry):
    key: Key
    heading: ShortText
    points: tuple[Text, ...] = Field(min_length=1)


class Guide(Entry):
    """A short document in sections: the peer explainer and the ending-well guide."""

    title: ShortText
    intro: Text
    sections: tuple[GuideSection, ...] = Field(min_length=1)

    def section(self, key: str) -> GuideSection | None:
        return next((section for section in self.sections if section.key == key), None)


class Tip(Entry):
    key: Key
    problem: ShortText
    short_title: ShortTitle | None = None
    signs: Text
    try_this: tuple[Text, ...] = Field(min_length=1)
    words_to_use: tuple[Text, ...] = ()
    ask_the_nurse_if: Text | None = None


class Category(Entry):
    key: Key
    name: ShortText
    short_title: ShortTitle | None = None
    icon: str = Field(default="", max_length=4)
    description: Text
    synonyms: tuple[ShortText, ...] = ()


class Nation(StrEnum):
    """The four UK nations: health services and prescription rules differ between them."""

    ENGLAND = "england"
    WALES = "wales"
    SCOTLAND = "scotland"
    NORTHERN_IRELAND = "northern-ireland"


# The `holidays` package's GB regions, as HOLIDAYS_SUBDIVISION and area office hours name them.
_NATION_OF_SUBDIVISION = {
    "ENG": Nation.ENGLAND,
    "WLS": Nation.WALES,
    "SCT": Nation.SCOTLAND,
    "NIR": Nation.NORTHERN_IRELAND,
}


def nation_of(subdivision: str | None) -> Nation:
    """The nation of a holiday region ("WLS": Wales); England when unset or unknown."""
    return _NATION_OF_SUBDIVISION.get((subdivision or "").upper(), Nation.ENGLAND)


class ResourceEntry(Entry):
    """A resource as written in a resources/*.yaml file; its area comes from the file."""

    key: Key
    name: ShortText
    short_title: ShortTitle | None = None  # for the button, when the name is too long for one
    nations: tuple[Nation, ...] = ()  # where in the UK it is true; empty: everywhere
    category: Key
    offers: Text
    how_to_reach: Text
    phone: Phone | None = None
    website: WebAddress | None = None
    address: Text | None = None
    opening_times: Text | None = None
    places: tuple[ShortText, ...] = ()
    tags: tuple[ShortText, ...] = ()
    synonyms: tuple[ShortText, ...] = ()
    sample: bool = False
    last_checked: date | None = None

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.sample and not self.name.startswith(_SAMPLE_PREFIX):
            raise ValueError(f"name: a sample entry's name must start with '{_SAMPLE_PREFIX}'")
        if self.name.upper().startswith("SAMPLE") and not self.sample:
            raise ValueError("sample: a name starting 'SAMPLE' needs 'sample: true'")
        return self


class Resource(ResourceEntry):
    area: str  # NATIONAL or an area slug

    def applies_in(self, nation: Nation | None) -> bool:
        """Whether this is true for someone in `nation` (None: anywhere, e.g. a coordinator)."""
        return nation is None or not self.nations or nation in self.nations


class ResourceFileHeader(Entry):
    """The top of a resources/*.yaml file; its `resources:` list is validated entry by entry."""

    area: AreaSlug
    name: ShortText
    sample: bool = False
    places: tuple[ShortText, ...] = ()


class Area(Entry):
    """An area's name and the towns and villages in it (used to boost local search results)."""

    slug: str
    name: ShortText
    sample: bool
    places: tuple[ShortText, ...]


class ContentSection(StrEnum):
    CURRICULUM = "curriculum"
    TOPICS = "topics"
    ICEBREAKERS = "icebreakers"
    GROUND_RULES = "ground_rules"
    PEER_SUPPORT = "peer_support"
    TIPS = "tips"
    ENDING_WELL = "ending_well"
    RESOURCES = "resources"


# Peers see resources and the peer explainer; PSFs (and nurses, coordinators) see everything.
PEER_SECTIONS = frozenset({ContentSection.RESOURCES, ContentSection.PEER_SUPPORT})


class Content(BaseModel):
    """Everything loaded from content/, with lookups by key for button callbacks."""

    model_config = ConfigDict(frozen=True)

    curriculum: tuple[CurriculumSession, ...]
    topics: tuple[Topic, ...]
    icebreakers: tuple[Icebreaker, ...]
    ground_rules: GroundRules
    peer_support: Guide
    tips: tuple[Tip, ...]
    ending_well: Guide
    categories: tuple[Category, ...]
    resources: tuple[Resource, ...]
    areas: tuple[Area, ...] = ()

    _topics: dict[str, Topic] = PrivateAttr(default_factory=dict)
    _icebreakers: dict[str, Icebreaker] = PrivateAttr(default_factory=dict)
    _resources: dict[str, Resource] = PrivateAttr(default_factory=dict)
    _categories: dict[str, Category] = PrivateAttr(default_factory=dict)
    _tips: dict[str, Tip] = PrivateAttr(default_factory=dict)

    def model_post_init(self, __context: object) -> None:
        self._topics = {topic.key: topic for topic in self.topics}
        self._icebreakers = {icebreaker.key: icebreaker for icebreaker in self.icebreakers}
        self._resources = {resource.key: resource for resource in self.resources}
        self._categories = {category.key: category for category in self.categories}
        self._tips = {tip.key: tip for tip in self.tips}

    # Lookups return None for an unknown key: callback data is untrusted input.
    def session(self, number: int) -> CurriculumSession | None:
        return next((session for session in self.curriculum if session.number == number), None)

    def topic(self, key: str) -> Topic | None:
        return self._topics.get(key)

    def icebreaker(self, key: str) -> Icebreaker | None:
        return self._icebreakers.get(key)

    def resource(self, key: str) -> Resource | None:
        return self._resources.get(key)

    def category(self, key: str) -> Category | None:
        return self._categories.get(key)

    def tip(self, key: str) -> Tip | None:
        return self._tips.get(key)

    def area(self, slug: str) -> Area | None:
        return next((area for area in self.areas if area.slug == slug), None)

    def resources_for(self, area: str | None) -> tuple[Resource, ...]:
        """The resources someone in `area` may see: the area's own and the national ones."""
        return tuple(r for r in self.resources if r.area in (NATIONAL, area))
