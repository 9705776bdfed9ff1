"""Typed, validated rules: what a rule file may say, as frozen dataclasses.

Built once by pack.load; after that nothing downstream looks at YAML again.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..model import ReplylintError, one_line

SCOPES = ("sentence", "opening", "first-sentence", "last-sentence")
# The languages a rule's message, why and hint may be written in (the interface languages).
TEXT_LANGUAGES = ("en", "ru", "uk", "bg")
ROLES = ("patterns", "unless", "requires")
# Where a rule's `unless` and `requires` patterns count: anywhere in the reply, or only in the
# sentence of the match they judge (`unless_scope` / `requires_scope`, phrase rules only).
CONDITION_SCOPES = ("reply", "sentence")


@dataclass(frozen=True)
class Location:
    path: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


class PackError(ReplylintError):
    """A rule pack problem, already phrased for the user as `file:line:col: problem`."""

    def __init__(self, location: Location | str, problem: str):
        self.location = location
        self.problem = problem
        super().__init__(one_line(f"{location}: {problem}"))


@dataclass(frozen=True)
class Texts:
    """A rule's message, why or hint in each language it is written in. A language the pack
    leaves out gets the English text (a team's rule may be written in English only), and a
    text with no English gets the first language written."""

    en: str = ""
    ru: str = ""
    uk: str = ""
    bg: str = ""

    def get(self, lang: str | None) -> str:
        """The text in `lang` (an interface language), else its fallback."""
        text = getattr(self, lang, "") if lang in TEXT_LANGUAGES else ""
        return text or self.en or next((t for t in (self.ru, self.uk, self.bg) if t), "")

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages it is written in."""
        return tuple(lang for lang in TEXT_LANGUAGES if getattr(self, lang))

    def __str__(self) -> str:
        return self.get("en")

    def __bool__(self) -> bool:
        return bool(self.languages)


@dataclass(frozen=True)
class PatternSpec:
    """One pattern as written, before it is compiled for its language."""

    source: str
    location: Location
    any_order: bool = False
    window: int = 8
    scope: str = "sentence"
    skip_negated: bool = False


@dataclass(frozen=True)
class FailExample:
    text: str
    match: str | None
    complaint: str | None
    location: Location


@dataclass(frozen=True)
class PassExample:
    text: str
    complaint: str | None
    location: Location


@dataclass(frozen=True)
class Examples:
    fail: tuple[FailExample, ...]
    passing: tuple[PassExample, ...]


@dataclass(frozen=True)
class Replacement:
    """A safe rewrite of a phrase rule: where `find` matches inside a finding, `write` replaces
    the matched words. In `write`, {lemma} or {lemma<grammemes>} is put in the form of the
    matched word of the same part of speech (ru, uk); everything else is written as is."""

    find: PatternSpec
    write: str
    location: Location


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str
    severity: str
    message: Texts
    why: Texts
    hint: Texts
    location: Location
    patterns: dict[str, tuple[PatternSpec, ...]] = field(default_factory=dict)
    unless: dict[str, tuple[PatternSpec, ...]] = field(default_factory=dict)
    requires: dict[str, tuple[PatternSpec, ...]] = field(default_factory=dict)
    suggestions: dict[str, tuple[str, ...]] = field(default_factory=dict)
    replacements: dict[str, tuple[Replacement, ...]] = field(default_factory=dict)
    examples: dict[str, Examples] = field(default_factory=dict)
    options: dict[str, object] = field(default_factory=dict)
    unless_scope: str = "reply"
    requires_scope: str = "reply"

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(sorted(set(self.patterns) | set(self.examples)))

    def patterns_for(self, role: str) -> dict[str, tuple[PatternSpec, ...]]:
        return getattr(self, role)


# Class name -> language -> the pattern words the class stands for.
WordClasses = dict[str, dict[str, tuple[str, ...]]]


@dataclass(frozen=True)
class RulePack:
    rules: tuple[Rule, ...]
    weights: dict[str, int]
    sources: tuple[str, ...]
    # Word classes by name, then language: the words `@name` stands for in patterns.
    classes: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)

    def rule(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)
