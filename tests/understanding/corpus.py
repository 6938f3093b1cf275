"""Reading the corpora and scoring the detector and the intents on them (tests and bench)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.understanding.intents import Intent, understand
from bot.understanding.safety import EmergencyKind, assess

HERE = Path(__file__).resolve().parent
SAFETY_CORPUS = HERE / "safety_corpus.yaml"
INTENT_CORPUS = HERE / "intent_corpus.yaml"
NONE = "none"


@dataclass(frozen=True)
class SafetyCase:
    text: str
    kind: str  # an EmergencyKind value, or "none"
    about_self: bool | None


def safety_cases() -> list[SafetyCase]:
    raw: list[dict[str, Any]] = yaml.safe_load(SAFETY_CORPUS.read_text(encoding="utf-8"))
    cases = [SafetyCase(str(r["text"]), str(r["kind"]), r.get("self")) for r in raw]
    kinds = {k.value for k in EmergencyKind} | {NONE}
    unknown = {c.kind for c in cases} - kinds
    assert not unknown, f"unknown kinds in the corpus: {unknown}"
    return cases


def intent_cases() -> dict[str, list[tuple[str, Intent]]]:
    raw: dict[str, dict[str, list[str]]] = yaml.safe_load(INTENT_CORPUS.read_text("utf-8"))
    return {
        role: [(str(text), Intent(intent)) for intent, texts in by_intent.items() for text in texts]
        for role, by_intent in raw.items()
    }


@dataclass
class SafetyScore:
    caught: Counter[str] = field(default_factory=Counter)
    total: Counter[str] = field(default_factory=Counter)
    kind_right: int = 0
    self_right: int = 0
    false_alarms: list[tuple[str, str]] = field(default_factory=list)
    ordinary: int = 0
    misses: list[SafetyCase] = field(default_factory=list)
    wrong_kind: list[tuple[SafetyCase, str]] = field(default_factory=list)
    wrong_self: list[SafetyCase] = field(default_factory=list)

    @property
    def emergencies(self) -> int:
        return sum(self.total.values())

    @property
    def recall(self) -> float:
        return sum(self.caught.values()) / max(1, self.emergencies)

    @property
    def false_alarm_rate(self) -> float:
        return len(self.false_alarms) / max(1, self.ordinary)

    @property
    def kind_share(self) -> float:
        return self.kind_right / max(1, sum(self.caught.values()))

    @property
    def self_share(self) -> float:
        return self.self_right / max(1, sum(self.caught.values()))

    def report(self) -> str:
        lines = [
            f"recall {self.recall:.1%} ({sum(self.caught.values())}/{self.emergencies}), "
            f"false alarms {self.false_alarm_rate:.1%} ({len(self.false_alarms)}/{self.ordinary}),"
            f" kind right {self.kind_share:.1%}, about-self right {self.self_share:.1%}"
        ]
        lines.append(f"{'kind':<12}{'recall':>10}{'n':>5}{'false alarms as':>18}")
        alarms_as = Counter(kind for _, kind in self.false_alarms)
        for kind in EmergencyKind:
            n = self.total[kind.value]
            rate = self.caught[kind.value] / n if n else 0.0
            lines.append(f"{kind.value:<12}{rate:>10.1%}{n:>5}{alarms_as[kind.value]:>18}")
        lines += [f"  MISSED [{c.kind}] {c.text}" for c in self.misses]
        lines += [f"  FALSE ALARM [{kind}] {text}" for text, kind in self.false_alarms]
        lines += [f"  KIND [{c.kind} → {got}] {c.text}" for c, got in self.wrong_kind]
        lines += [f"  SELF [{c.about_self}] {c.text}" for c in self.wrong_self]
        return "\n".join(lines)


def score_safety(cases: list[SafetyCase]) -> SafetyScore:
    score = SafetyScore()
    for case in cases:
        found = assess(case.text)
        if case.kind == NONE:
            score.ordinary += 1
            if found is not None:
                score.false_alarms.append((case.text, found.kind.value))
            continue
        score.total[case.kind] += 1
        if found is None:
            score.misses.append(case)
            continue
        score.caught[case.kind] += 1
        if found.kind.value == case.kind:
            score.kind_right += 1
        else:
            score.wrong_kind.append((case, found.kind.value))
        if case.about_self is None or found.about_self == case.about_self:
            score.self_right += 1
        else:
            score.wrong_self.append(case)
    return score


@dataclass
class IntentScore:
    role: str
    right: int = 0
    total: int = 0
    confusion: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    wrong: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.right / max(1, self.total)

    def report(self) -> str:
        lines = [f"{self.role}: {self.accuracy:.1%} right ({self.right}/{self.total})"]
        for want, got in sorted(self.confusion.items()):
            off = {k: v for k, v in got.items() if k != want}
            if off:
                lines.append(f"  {want} → {dict(off)}")
        lines += [f"  WRONG [{want} → {got}] {text}" for text, want, got in self.wrong]
        return "\n".join(lines)


def score_intents(role: str, cases: list[tuple[str, Intent]]) -> IntentScore:
    score = IntentScore(role)
    for text, want in cases:
        got = understand(text, role).intent
        score.total += 1
        score.confusion[want.value][got.value] += 1
        if got == want:
            score.right += 1
        else:
            score.wrong.append((text, want.value, got.value))
    return score
