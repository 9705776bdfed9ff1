"""Labelled corpus x Linter -> per-language, per-rule reply-level precision and recall.

The metrics of ../shared/corpus/README.md: a rule firing several times on one reply counts
once; the clean-reply false-alarm rate is the share of `expected: []` replies on which any
canonical rule fires. Not for printing: see report_eval().
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from .model import Reply


@dataclass
class RuleCounts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None


@dataclass
class LanguageEval:
    rules: dict[str, RuleCounts] = field(default_factory=dict)
    replies: int = 0
    clean: int = 0
    clean_false_alarms: int = 0
    errors: list[dict] = field(default_factory=list)

    def macro(self, attribute: str) -> float | None:
        values = [getattr(c, attribute) for c in self.rules.values()]
        values = [v for v in values if v is not None]
        return sum(values) / len(values) if values else None


class CorpusError(Exception):
    pass


def load_corpus(path: Path) -> list[dict]:
    records = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise CorpusError(f"{path}:1:1: cannot read corpus: {exc}") from None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise CorpusError(f"{path}:{number}:{exc.colno}: invalid JSON: {exc.msg}") from None
        if not isinstance(record, dict) or not isinstance(record.get("reply"), str) \
                or not isinstance(record.get("expected"), list):
            raise CorpusError(f"{path}:{number}:1: a corpus record needs 'reply' and 'expected'")
        records.append(record)
    return records


def evaluate(records: list[dict], linter, canonical: frozenset[str], *, use_lang: bool = False) -> dict[str, LanguageEval]:
    """Lint every record (language detected unless `use_lang`) and count per rule."""
    by_lang: dict[str, LanguageEval] = {}
    for record in records:
        lang_key = record.get("lang") or "??"
        table = by_lang.setdefault(lang_key, LanguageEval())
        reply = Reply(
            path=str(record.get("id")),
            text=record["reply"],
            record_id=record.get("id"),
            lang=record.get("lang") if use_lang else None,
            complaint=record.get("complaint"),
        )
        result = linter.lint(reply)
        fired = {f.rule for f in result.findings} & canonical
        expected = set(record["expected"])
        table.replies += 1
        if not expected:
            table.clean += 1
            table.clean_false_alarms += bool(fired)
        for rule in canonical:
            counts = table.rules.setdefault(rule, RuleCounts())
            if rule in fired and rule in expected:
                counts.tp += 1
            elif rule in fired:
                counts.fp += 1
            elif rule in expected:
                counts.fn += 1
        if fired != expected:
            table.errors.append({
                "id": record.get("id"),
                "missed": sorted(expected - fired),
                "extra": sorted(fired - expected),
            })
    return by_lang


def _fmt(value: float | None) -> str:
    return "  -  " if value is None else f"{value:.2f}"


def report_eval(tables: dict[str, LanguageEval], *, details: bool = False) -> str:
    """A Markdown table per language, then a summary line per language."""
    out = []
    for lang in sorted(tables):
        table = tables[lang]
        out.append(f"### {lang}: {table.replies} replies, {table.clean} clean\n")
        out.append("| rule | P | R | tp | fp | fn |")
        out.append("|---|---|---|---|---|---|")
        for rule in sorted(table.rules):
            c = table.rules[rule]
            out.append(f"| {rule} | {_fmt(c.precision)} | {_fmt(c.recall)} | {c.tp} | {c.fp} | {c.fn} |")
        rate = table.clean_false_alarms / table.clean if table.clean else 0.0
        out.append(
            f"| **macro** | **{_fmt(table.macro('precision'))}** | **{_fmt(table.macro('recall'))}** | | | |\n"
        )
        out.append(f"clean-reply false alarms: {table.clean_false_alarms}/{table.clean} ({rate:.0%})\n")
        if details and table.errors:
            for e in table.errors:
                out.append(f"- {e['id']}: missed {e['missed']} extra {e['extra']}")
            out.append("")
    summary = ["| lang | macro P | macro R | min P | min R | clean false alarms |", "|---|---|---|---|---|---|"]
    for lang in sorted(tables):
        t = tables[lang]
        ps = [c.precision for c in t.rules.values() if c.precision is not None]
        rs = [c.recall for c in t.rules.values() if c.recall is not None]
        rate = t.clean_false_alarms / t.clean if t.clean else 0.0
        summary.append(
            f"| {lang} | {_fmt(t.macro('precision'))} | {_fmt(t.macro('recall'))} | "
            f"{_fmt(min(ps) if ps else None)} | {_fmt(min(rs) if rs else None)} | {rate:.0%} |"
        )
    return "\n".join(out + summary) + "\n"


def eval_json(tables: dict[str, LanguageEval]) -> dict:
    return {
        lang: {
            "replies": t.replies,
            "clean": t.clean,
            "clean_false_alarms": t.clean_false_alarms,
            "macro_precision": t.macro("precision"),
            "macro_recall": t.macro("recall"),
            "rules": {
                rule: {"precision": c.precision, "recall": c.recall, "tp": c.tp, "fp": c.fp, "fn": c.fn}
                for rule, c in sorted(t.rules.items())
            },
            "mismatches": t.errors,
        }
        for lang, t in sorted(tables.items())
    }
