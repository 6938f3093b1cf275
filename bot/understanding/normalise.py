"""One normaliser for the safety check and the intents: what a message says, in plain words.

`normalise(text)` lower-cases, straightens apostrophes, expands contractions (also without their
apostrophe: "cant", "wont", "im"), shortens repeated letters ("sooo"), mends common misspellings
(a small list of our own, then rapidfuzz against a medical word list for words no dictionary
knows), and gives each word's lemma (simplemma, offline), so "overdosed", "seizures" and
"collapsing" meet the same patterns as "overdose", "seizure" and "collapse".

Per-word work is cached, so a message costs a few microseconds once its words have been seen.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import simplemma
from rapidfuzz import fuzz, process


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# Words people type that a spelling library would not know, or would "correct" wrongly.
MISSPELLINGS: dict[str, str] = {
    "unconcious": "unconscious",
    "unconsious": "unconscious",
    "unconsciuos": "unconscious",
    "concious": "conscious",
    "attak": "attack",
    "atack": "attack",
    "attac": "attack",
    "hart": "heart",
    "brething": "breathing",
    "breething": "breathing",
    "breth": "breath",
    "diabetc": "diabetic",
    "diabetik": "diabetic",
    "diabetis": "diabetes",
    "diabeties": "diabetes",
    "diabeetes": "diabetes",
    "hypoo": "hypo",
    "hyppo": "hypo",
    "hipo": "hypo",
    "hypoe": "hypo",
    "siezure": "seizure",
    "seizur": "seizure",
    "sezure": "seizure",
    "ceasure": "seizure",
    "drowzy": "drowsy",
    "drowsey": "drowsy",
    "dizy": "dizzy",
    "dissy": "dizzy",
    "shakey": "shaky",
    "swety": "sweaty",
    "sweatty": "sweaty",
    "colapsed": "collapsed",
    "collasped": "collapsed",
    "colapse": "collapse",
    "ambulence": "ambulance",
    "amblance": "ambulance",
    "vomitting": "vomiting",
    "vommiting": "vomiting",
    "vomming": "vomiting",
    "bleding": "bleeding",
    "insuline": "insulin",
    "insulen": "insulin",
    "tabets": "tablets",
    "tablests": "tablets",
    "overdoes": "overdose",
    "overdossed": "overdosed",
    "suicidel": "suicidal",
    "sucidal": "suicidal",
    "suacidal": "suicidal",
    "slured": "slurred",
    "slurry": "slurred",
    "droopy": "drooping",
    "numbe": "numb",
    "strok": "stroke",
    "meetin": "meeting",
    "meating": "meeting",
    "meetng": "meeting",
    "nxt": "next",
    "wen": "when",
    "wheres": "where is",
    "whens": "when is",
    "whats": "what is",
    "thx": "thanks",
    "thanx": "thanks",
    "ty": "thank you",
    "tq": "thank you",
    "pls": "please",
    "plz": "please",
    "u": "you",
    "ur": "your",
    "r": "are",
    "b": "be",
    "2moro": "tomorrow",
    "tmrw": "tomorrow",
    "tomoz": "tomorrow",
    "tonite": "tonight",
    "sis": "sister",
    "hubby": "husband",
    "hubbie": "husband",
    "missus": "wife",
    "mum's": "mum",
    "gonna": "going to",
    "wanna": "want to",
    "gotta": "got to",
    "dunno": "do not know",
    "cos": "because",
    "coz": "because",
    "becos": "because",
    "abt": "about",
    "bc": "because",
    "w": "with",
    "wiv": "with",
    "thier": "their",
    "recieve": "receive",
    "definately": "definitely",
}

# Words run together: "chestpain", "heartattack".
JOINED: dict[str, str] = {
    "chestpain": "chest pain",
    "chestpains": "chest pains",
    "heartattack": "heart attack",
    "heartattak": "heart attack",
    "selfharm": "self harm",
    "selfharming": "self harming",
    "overdosed": "overdosed",
    "shortofbreath": "short of breath",
    "cantbreathe": "can not breathe",
    "cantbreath": "can not breathe",
    "passedout": "passed out",
    "bloodsugar": "blood sugar",
    "bloodsugars": "blood sugars",
    "nextmeeting": "next meeting",
}

# Contractions, with and without their apostrophe. "ill", "well", "were", "shed", "its" and
# "hell" are real words, so their apostrophe-less forms are left alone.
CONTRACTIONS: dict[str, str] = {
    "can't": "can not",
    "cant": "can not",
    "cannot": "can not",
    "won't": "will not",
    "wont": "will not",
    "don't": "do not",
    "dont": "do not",
    "doesn't": "does not",
    "doesnt": "does not",
    "didn't": "did not",
    "didnt": "did not",
    "isn't": "is not",
    "isnt": "is not",
    "aren't": "are not",
    "arent": "are not",
    "wasn't": "was not",
    "wasnt": "was not",
    "weren't": "were not",
    "werent": "were not",
    "haven't": "have not",
    "havent": "have not",
    "hasn't": "has not",
    "hasnt": "has not",
    "hadn't": "had not",
    "hadnt": "had not",
    "couldn't": "could not",
    "couldnt": "could not",
    "shouldn't": "should not",
    "shouldnt": "should not",
    "wouldn't": "would not",
    "wouldnt": "would not",
    "mustn't": "must not",
    "shan't": "shall not",
    "ain't": "am not",
    "i'm": "i am",
    "im": "i am",
    "i've": "i have",
    "ive": "i have",
    "i'd": "i would",
    "i'll": "i will",
    "you're": "you are",
    "youre": "you are",
    "you've": "you have",
    "you'll": "you will",
    "we're": "we are",
    "we've": "we have",
    "we'll": "we will",
    "they're": "they are",
    "theyre": "they are",
    "they've": "they have",
    "they'll": "they will",
    "he'll": "he will",
    "she'll": "she will",
    "it'll": "it will",
    "let's": "let us",
    "lets": "let us",
    "y'all": "you all",
    "od'd": "overdosed",
    "od'ed": "overdosed",
    "oded": "overdosed",
    "whats": "what is",
    "thats": "that is",
    "theres": "there is",
    "hes": "he is",
    "shes": "she is",
    "whos": "who is",
    "hows": "how is",
}
# "'s" after these is "is", or "has" before a past participle ("she's had", "he's been").
_IS_OR_HAS = ("he", "she", "it", "what", "that", "there", "who", "where", "when", "how", "here")
_PARTICIPLES = frozenset(
    _words("been had got gone done taken eaten fallen passed collapsed stopped started lost felt")
)

# The medical and everyday words a misspelling is mended towards (only for words that no
# dictionary knows). Small on purpose: a big list would "mend" names and places.
MEDICAL_WORDS: tuple[str, ...] = _words(
    """
    ambulance paramedic emergency unconscious unresponsive conscious breathe breathing
    breathless breath chest pain pains attack heart stroke seizure seizures epileptic epilepsy
    convulsion convulsing collapse collapsed collapsing faint fainted fainting diabetic
    diabetes hypo hypos hypoglycaemia hypoglycemia hyperglycaemia ketones ketoacidosis insulin
    metformin gliclazide tablets tablet pills overdose overdosed suicidal suicide dizzy drowsy
    confused confusion shaky shaking trembling sweaty sweating slurred slurring drooping
    vomiting vomit sugar sugars glucose bleeding haemorrhage numb numbness tingling paralysed
    weakness swallow thirsty dehydrated palpitations aspirin paracetamol blood medication
    medicine wheezing choking injury meeting meetings cancel tomorrow wednesday thursday
    saturday facilitator nurse thanks thank please session sessions icebreaker icebreakers
    concerns depressed lonely anxious
    """
)

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'"})
_WORD = re.compile(r"\d+(?:[.,]\d+)?|[a-z]+(?:'[a-z]+)*")
_REPEATS = re.compile(r"([a-z])\1{2,}")
_BREATH_AS_VERB = re.compile(r"\b(not|to|cannot|cant|can't|couldn't|couldnt|barely) breath\b")

# Lemmas simplemma gives that would change what a sentence means to the patterns.
_LEMMA_KEEP: dict[str, str] = {
    "better": "better",
    "best": "best",
    "worse": "worse",
    "worst": "worst",
    "felt": "feel",
    "left": "left",
    "lying": "lie",
    "dying": "die",
    "fits": "fit",
    "fitting": "fitting",
    "breathing": "breathe",
    "ill": "ill",
    "us": "us",
    "me": "me",
    "my": "my",
    "myself": "myself",
    "him": "him",
    "them": "them",
    "attacks": "attack",
    "saying": "say",
    "gone": "go",
    "thinking": "think",
    "confused": "confused",
    "tired": "tired",
    "worried": "worried",
    "scared": "scared",
    "bored": "bored",
    "frightened": "frightened",
    "exhausted": "exhausted",
    "paralysed": "paralysed",
    "disorientated": "disorientated",
    "disoriented": "disoriented",
    "longer": "longer",
    "living": "live",
    "things": "thing",
    "acting": "act",
    "wifi": "wifi",
    "choked": "choke",
    "feeling": "feel",
    "cutting": "cut",
    "burning": "burn",
    "ending": "end",
    "smelt": "smell",
    "reading": "reading",
    "readings": "reading",
    "says": "say",
    "hi": "hi",
    "his": "his",
    "her": "her",
    "data": "data",
    "ok": "ok",
    "lows": "low",
    "highs": "high",
    "feet": "foot",
    "thanks": "thanks",
    "morning": "morning",
    "evening": "evening",
    "nothing": "nothing",
    "something": "something",
    "anything": "anything",
    "going": "go",
    "coming": "come",
    "meeting": "meeting",
    "meetings": "meeting",
    "fell": "fall",
    "bled": "bleed",
    "swollen": "swell",
    "tablets": "tablet",
    "pills": "pill",
}


@dataclass(frozen=True, slots=True)
class Normalised:
    """A message as plain words: `words` as typed (mended), `lemmas` their dictionary forms."""

    words: tuple[str, ...]
    lemmas: tuple[str, ...]

    @property
    def text(self) -> str:
        return " ".join(self.words)

    @property
    def lemma_text(self) -> str:
        return " ".join(self.lemmas)


@lru_cache(maxsize=1)
def _vocabulary() -> frozenset[str]:
    return frozenset(MEDICAL_WORDS) | frozenset(MISSPELLINGS.values())


@lru_cache(maxsize=20_000)
def _squeeze(word: str) -> str:
    """'sooo' → 'so', 'pleeease' → 'please', 'helllp' → 'help', 'goood' → 'good'."""
    if not _REPEATS.search(word):
        return word
    double = _REPEATS.sub(r"\1\1", word)
    single = _REPEATS.sub(r"\1", word)
    known = _vocabulary()
    for candidate in (double, single):
        if candidate in known or simplemma.is_known(candidate, lang="en"):
            return candidate
    return single


@lru_cache(maxsize=20_000)
def mend(word: str) -> str:
    """One word's spelling mended (may give two words, e.g. 'chestpain' → 'chest pain')."""
    word = _squeeze(word)
    if word in JOINED:
        return JOINED[word]
    if word in MISSPELLINGS:
        return MISSPELLINGS[word]
    if (
        len(word) >= 4
        and word.isalpha()
        and word not in _vocabulary()
        and not simplemma.is_known(word, lang="en")
    ):
        found = process.extractOne(word, MEDICAL_WORDS, scorer=fuzz.ratio, score_cutoff=84)
        if found is not None:
            return str(found[0])
    return word


@lru_cache(maxsize=20_000)
def lemma(word: str) -> str:
    """The dictionary form of one (already mended) word: 'overdosed' → 'overdose'."""
    if word in _LEMMA_KEEP:
        return _LEMMA_KEEP[word]
    if not word.isalpha():
        return word
    return str(simplemma.lemmatize(word, lang="en")).lower()


def _expand(word: str, following: str) -> str:  # noqa: PLR0911
    if word in CONTRACTIONS:
        return CONTRACTIONS[word]
    if word.endswith("n't"):
        return word[:-3] + " not"
    if word.endswith("'s"):
        stem = word[:-2]
        if stem in _IS_OR_HAS:
            return stem + (" has" if following in _PARTICIPLES else " is")
        return stem  # a possessive: "husband's" → "husband"
    if word.endswith("'ve"):
        return word[:-3] + " have"
    if word.endswith("'re"):
        return word[:-3] + " are"
    if word.endswith("'ll"):
        return word[:-3] + " will"
    if word.endswith("'d"):
        return word[:-2] + " would"
    return word.replace("'", "")


@lru_cache(maxsize=4096)
def normalise(text: str) -> Normalised:
    """Plain words and their lemmas for one message (or one sentence of it)."""
    plain = unicodedata.normalize("NFKC", text).lower().translate(_APOSTROPHES)
    plain = plain.replace("-", " ").replace("/", " ")
    raw = _WORD.findall(plain)
    words: list[str] = []
    for index, token in enumerate(raw):
        following = raw[index + 1] if index + 1 < len(raw) else ""
        if token[0].isdigit():
            words.append(token.replace(",", "."))
            continue
        for part in _expand(token, following).split():
            words.extend(mend(part).split())
    joined = _BREATH_AS_VERB.sub(r"\1 breathe", " ".join(words))
    final = tuple(joined.split())
    return Normalised(words=final, lemmas=tuple(lemma(word) for word in final))


def warm_up() -> None:
    """Load the lemma dictionary now, so the first member's message is not the slow one."""
    normalise("warming up the dictionary")


def _without_leading_boundaries(source: str) -> str:
    """`source` with the `\\b` that opens each top-level alternative taken out."""
    parts: list[str] = []
    depth = start = i = 0
    while i < len(source):
        char = source[i]
        if char == "\\":
            i += 2
            continue
        if char == "[":
            i += 1
            while i < len(source) and source[i] != "]":
                i += 2 if source[i] == "\\" else 1
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(source[start:i])
            start = i + 1
        i += 1
    parts.append(source[start:])
    return "|".join(part.removeprefix("\\b") for part in parts)


class WordPattern:
    """A regex over normalised text (words joined by single spaces) matching from a word start.

    Python's `re` cannot use its fast literal search when a pattern opens with `\\b`, which made
    each rule several times slower. So the opening `\\b` is taken out and checked here instead:
    a match counts only where it starts a word.
    """

    __slots__ = ("pattern",)

    def __init__(self, source: str, flags: int = 0) -> None:
        self.pattern = re.compile(_without_leading_boundaries(source), flags)

    def search(self, text: str, pos: int = 0) -> re.Match[str] | None:
        search = self.pattern.search
        found = search(text, pos)
        while found is not None and found.start() and text[found.start() - 1] not in " \n":
            found = search(text, found.start() + 1)
        return found

    def sub(self, replacement: str, text: str) -> str:
        def replace(found: re.Match[str]) -> str:
            at = found.start()
            return replacement if at == 0 or text[at - 1] in " \n" else found.group(0)

        return self.pattern.sub(replace, text)
