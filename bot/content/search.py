"""Typo-tolerant search over resources and topics ("dietician" finds the Dietitian).

How it works, briefly: every title, tag, synonym and category word is normalised once, into an
inverted index of words. A query word is matched against that vocabulary (exactly, as a prefix,
or with rapidfuzz within a typo budget that grows with its length), so the fuzzy work is per
distinct word, not per resource. Each entry's score is the share of the query's words it
matches, weighted by how rare each word is (so "diabetes" counts less than "course"), from 0 to
100. Naming a town or village of an area moves that area's entries up.
"""

from __future__ import annotations

import math
import re
import unicodedata
from bisect import bisect_left
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import NamedTuple

from rapidfuzz import fuzz, process

from bot.content.models import NATIONAL, Category, Content, Resource, Topic

# Words that carry no meaning in a search. "group", "support" and "service" stay: rarity weighting
# already makes them count for little, and "walking group" should still beat "walking".
_STOP_WORDS_TEXT = """
a about all also am an and any anything are around as at be been but by can cannot cant could do
does dont for from get got have has he help her him his how i if im in info information into is it
its just looking me my near nearby nearest need no not of on or our please really she should so
some somewhere that the them then there these they this those to up us very want was we what when
where which who will with would you your
"""
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())
MAX_QUERY_CHARACTERS = 200  # a pasted essay is cut short rather than searched word by word
MAX_QUERY_WORDS = 8
MIN_SCORE = 45.0  # below this share of the query matched, a hit is junk, not a near miss
RELATIVE_SCORE = 0.5  # drop hits scoring under half the best one
KNOWN_WORD_CUTOFF = 90.0
PREFIX_MIN_LENGTH = 4  # "walk" finds "walking"; "ca" finds nothing
PREFIX_SIMILARITY = 0.9
MAX_MATCHES_PER_WORD = 12
PLACE_CUTOFF = 85.0
AREA_BOOST = 15.0  # the query names a place in this entry's area
PLACE_BOOST = 15.0  # ... and the entry itself is in (or serves) that place
PLACE_ONLY_SCORE = 50.0  # the query is just a place name: list what is there

# Field weights: a match in the name or a synonym is worth more than one in a long prompt.
NAME_WEIGHT = 1.0
TAG_WEIGHT = 0.9
CATEGORY_WEIGHT = 0.85
PROMPT_WEIGHT = 0.5

_WORD = re.compile(r"[a-z0-9]+")
_APOSTROPHES = re.compile(r"['’‘`]")


def normalise(text: str) -> list[str]:
    """Lowercase words, no accents, punctuation or stop words: "Carer's café!" -> carers cafe."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return [word for word in _WORD.findall(_APOSTROPHES.sub("", plain)) if word not in STOP_WORDS]


def _typo_cutoff(length: int) -> float:
    """The fuzz.ratio a word of this length needs: short words allow one letter at most."""
    if length <= 4:
        return 85.0
    if length <= 7:
        return 80.0
    return 75.0


class SearchHit(NamedTuple):
    resource: Resource
    score: float  # higher is better: 0-100 for the words matched, plus place boosts


class _WordIndex:
    """An inverted index of words over weighted text fields, split into groups (areas).

    Documents are numbered; a group lets a search look only at the postings of the groups it
    may show (the user's area and national), however many other areas there are.
    """

    def __init__(self, documents: Sequence[tuple[str, Iterable[tuple[str, float]]]]) -> None:
        # word -> group -> document number -> best field weight of that word in that document
        postings: dict[str, dict[str, dict[int, float]]] = {}
        document_frequency: dict[str, int] = {}
        for number, (group, fields) in enumerate(documents):
            best: dict[str, float] = {}
            for text, weight in fields:
                for word in normalise(text):
                    best[word] = max(best.get(word, 0.0), weight)
            for word, weight in best.items():
                postings.setdefault(word, {}).setdefault(group, {})[number] = weight
                document_frequency[word] = document_frequency.get(word, 0) + 1
        self._postings = postings
        count = max(len(documents), 1)
        self._rarity = {word: math.log(1 + count / df) for word, df in document_frequency.items()}
        self._sorted_words = sorted(postings)
        # Typos rarely hit the first letter, and insisting on it keeps "sleeping" from matching
        # "keeping"; grouping by first letter and length also makes the fuzzy pass small.
        self._words_by_start: dict[tuple[str, int], list[str]] = {}
        for word in self._sorted_words:
            self._words_by_start.setdefault((word[0], len(word)), []).append(word)
        self._candidates_cache: dict[tuple[str, int], list[str]] = {}

    def _candidates(self, token: str) -> list[str]:
        """Vocabulary words that could reach the typo cutoff for `token`."""
        start, length = token[0], len(token)
        cached = self._candidates_cache.get((start, length))
        if cached is None:
            # fuzz.ratio <= 2*min/(a+b), so lengths outside this band can never reach the cutoff.
            share = _typo_cutoff(length) / 100
            shortest = math.ceil(length * share / (2 - share))
            longest = math.floor(length * (2 - share) / share)
            cached = [
                word
                for size in range(shortest, longest + 1)
                for word in self._words_by_start.get((start, size), ())
            ]
            self._candidates_cache[(start, length)] = cached
        return cached

    def similar_words(self, token: str) -> dict[str, float]:
        """Vocabulary words like `token` with a similarity from 0 to 1 (1 = exact)."""
        found: dict[str, float] = {}
        cutoff = _typo_cutoff(len(token))
        if token in self._postings:
            found[token] = 1.0
            # A real word is no typo: "walking" must not find "talking"; "carer" finds "carers".
            cutoff = max(cutoff, KNOWN_WORD_CUTOFF)
        for word, score, _ in process.extract(
            token,
            self._candidates(token),
            scorer=fuzz.ratio,
            limit=MAX_MATCHES_PER_WORD,
            score_cutoff=cutoff,
        ):
            found[word] = max(found.get(word, 0.0), score / 100)
        if len(token) >= PREFIX_MIN_LENGTH:
            start = bisect_left(self._sorted_words, token)
            for word in self._sorted_words[start : start + MAX_MATCHES_PER_WORD]:
                if not word.startswith(token):
                    break
                found[word] = max(found.get(word, 0.0), PREFIX_SIMILARITY)
        return found

    def score(self, tokens: Sequence[str], groups: Collection[str]) -> dict[int, float]:
        """Document number -> 0-100: the rarity-weighted share of `tokens` it matches."""
        total_weight = 0.0
        scores: dict[int, float] = {}
        for token in tokens:
            similar = self.similar_words(token)
            if not similar:
                continue  # an unknown word neither helps nor counts against
            # The query word is as informative as the word it most likely means.
            meant = max(similar, key=lambda word: (similar[word], self._rarity[word]))
            weight = self._rarity[meant]
            total_weight += weight
            best: dict[int, float] = {}
            for word, similarity in similar.items():
                by_group = self._postings[word]
                for group in groups:
                    for number, field_weight in by_group.get(group, {}).items():
                        value = similarity * field_weight
                        if value > best.get(number, 0.0):
                            best[number] = value
            for number, value in best.items():
                scores[number] = scores.get(number, 0.0) + weight * value
        if not total_weight:
            return {}
        return {number: 100 * value / total_weight for number, value in scores.items()}


def _query_words(query: str) -> list[str]:
    return list(dict.fromkeys(normalise(query[:MAX_QUERY_CHARACTERS])))[:MAX_QUERY_WORDS]


def _good_enough(scores: Mapping[int, float]) -> dict[int, float]:
    """Keep hits that match enough of the query and are not far behind the best one."""
    if not scores:
        return {}
    floor = max(MIN_SCORE, RELATIVE_SCORE * max(scores.values()))
    return {number: score for number, score in scores.items() if score >= floor}


# One area's slug, several (a nurse of two areas; a coordinator sees them all), or None.
Areas = str | Collection[str] | None


def _area_set(area: Areas) -> set[str]:
    if area is None:
        return set()
    return {area} if isinstance(area, str) else set(area)


class _Place(NamedTuple):
    words: tuple[str, ...]
    area: str


class ResourceIndex:
    """Search resources by words, for one user's area plus the national ones."""

    def __init__(
        self,
        resources: Sequence[Resource],
        *,
        categories: Sequence[Category] = (),
        area_places: Mapping[str, Sequence[str]] | None = None,
    ) -> None:
        """Precompute everything a search needs; `area_places` names each area's towns."""
        self._resources = tuple(resources)
        category_fields = {
            category.key: [category.name, *category.synonyms] for category in categories
        }
        self._words = _WordIndex(
            [
                (
                    resource.area,
                    [
                        (resource.name, NAME_WEIGHT),
                        *((synonym, NAME_WEIGHT) for synonym in resource.synonyms),
                        *((tag, TAG_WEIGHT) for tag in resource.tags),
                        *(
                            (text, CATEGORY_WEIGHT)
                            for text in category_fields.get(
                                resource.category, [resource.category.replace("-", " ")]
                            )
                        ),
                    ],
                )
                for resource in self._resources
            ]
        )
        self._places = _places(self._resources, area_places or {})
        # Words that describe a service are never read as a place: in "eye test", "eye" is about
        # eyes, not the town of Eye.
        self._service_words = {
            word
            for resource in self._resources
            for text in (*resource.tags, *resource.synonyms)
            for word in normalise(text)
        } | {
            word for texts in category_fields.values() for text in texts for word in normalise(text)
        }
        self._place_words = sorted({word for place in self._places for word in place.words})
        self._resource_places = [
            {tuple(normalise(place)) for place in resource.places} for resource in self._resources
        ]

    @classmethod
    def from_content(cls, content: Content) -> ResourceIndex:
        """The index for loaded content, with its category synonyms and each area's places."""
        return cls(
            content.resources,
            categories=content.categories,
            area_places={area.slug: area.places for area in content.areas},
        )

    def search(self, query: str, *, area: Areas, limit: int = 5) -> list[SearchHit]:
        """The best matches in `area` plus national (area=None: national only), best first.

        `area` is one area's slug or several (a nurse of two areas, a coordinator: all).
        An empty list means nothing matched well enough: say so kindly rather than show junk.
        """
        words = _query_words(query)
        named, place_words = self._named_places(words)
        content_words = [word for word in words if word not in place_words]
        groups = {NATIONAL, *_area_set(area)}
        if content_words:
            scores = _good_enough(self._words.score(content_words, groups))
        else:  # just a place name: list what is there
            scores = {
                number: PLACE_ONLY_SCORE
                for number, resource in enumerate(self._resources)
                if resource.area in groups and self._serves(number, named)
            }
        named_areas = {place.area for place in named}
        hits = []
        for number, score in scores.items():
            boost = 0.0
            if self._resources[number].area in named_areas:
                boost += AREA_BOOST
                if self._serves(number, named):
                    boost += PLACE_BOOST
            hits.append(SearchHit(self._resources[number], score + boost))
        hits.sort(key=lambda hit: (-hit.score, hit.resource.name))
        return hits[:limit]

    def by_category(self, category: str, *, area: Areas) -> list[Resource]:
        """Every resource in `category` for `area` (one or several): local first, then national."""
        areas = _area_set(area) - {NATIONAL}
        local = [r for r in self._resources if r.category == category and r.area in areas]
        national = [r for r in self._resources if r.category == category and r.area == NATIONAL]
        return local + national

    def categories_for(self, area: Areas) -> set[str]:
        """The categories that have at least one resource someone in `area` may see."""
        groups = {NATIONAL, *_area_set(area)}
        return {r.category for r in self._resources if r.area in groups}

    def _named_places(self, words: Sequence[str]) -> tuple[list[_Place], set[str]]:
        """Places the query names (allowing a typo: "lavnham"), and the query words naming them."""
        if not self._places:
            return [], set()
        # query word position -> the place words it could be
        could_be = [
            set()
            if word in self._service_words
            else {
                match
                for match, _, _ in process.extract(
                    word,
                    self._place_words,
                    scorer=fuzz.ratio,
                    limit=MAX_MATCHES_PER_WORD,
                    score_cutoff=PLACE_CUTOFF,
                )
            }
            for word in words
        ]
        named: list[_Place] = []
        used: set[str] = set()
        for place in self._places:
            size = len(place.words)
            for start in range(len(words) - size + 1):
                if all(place.words[i] in could_be[start + i] for i in range(size)):
                    named.append(place)
                    used.update(words[start : start + size])
                    break
        return named, used

    def _serves(self, number: int, named: Sequence[_Place]) -> bool:
        own = self._resource_places[number]
        return any(place.words in own for place in named)


def _places(
    resources: Sequence[Resource], area_places: Mapping[str, Sequence[str]]
) -> list[_Place]:
    """Each area's places, from the area file and from its resources' own `places`."""
    pairs = {
        (tuple(normalise(place)), area) for area, places in area_places.items() for place in places
    }
    pairs |= {(tuple(normalise(place)), r.area) for r in resources for place in r.places}
    return [_Place(words, area) for words, area in sorted(pairs) if words and area != NATIONAL]


class TopicIndex:
    """Search the topic library by words in titles, tags and prompts."""

    def __init__(self, topics: Sequence[Topic]) -> None:
        self._topics = tuple(topics)
        self._words = _WordIndex(
            [
                (
                    "",
                    [
                        (topic.title, NAME_WEIGHT),
                        *((tag, TAG_WEIGHT) for tag in topic.tags),
                        *((prompt, PROMPT_WEIGHT) for prompt in topic.prompts),
                    ],
                )
                for topic in self._topics
            ]
        )

    def search(self, query: str, limit: int = 5) -> list[tuple[Topic, float]]:
        """The topics best matching `query`, best first; [] if none matches well enough."""
        scores = _good_enough(self._words.score(_query_words(query), {""}))
        ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
        return [(self._topics[number], score) for number, score in ranked[:limit]]
