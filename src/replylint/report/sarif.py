"""--format sarif: SARIF 2.1.0 for code-scanning dashboards (GitHub, GitLab, Azure DevOps).

One SARIF result per finding; the template name of a collection is its logical location.
Columns are counted in code points, as everywhere in replylint (`columnKind`). Input errors
become tool execution notifications, so the log stays valid when a file cannot be read. The
rules are described in the interface language of the run's first result (one table per run).
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path
from urllib.parse import quote

from .. import __version__
from ..model import NOT_LINTED
from ..suppress import UNUSED_RULE
from ..ui_text import DEFAULT_UI_LANG, labels

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "suggestion": "note"}
# The result for a reply that scored below --min-score: about the reply, not a place in it.
MIN_SCORE_RULE = "min-score"


def artifact_location(path: str) -> dict:
    """A relative path stays relative to %SRCROOT% (the working directory); others are file URIs."""
    candidate = Path(path)
    # A name that is not valid UTF-8 keeps its bytes, percent-encoded: the URI still names the file.
    if path.startswith("<"):  # <stdin>
        return {"uri": quote(path, errors="surrogateescape")}
    if candidate.is_absolute():
        try:
            candidate = candidate.relative_to(Path.cwd())
        except ValueError:
            return {"uri": candidate.as_uri()}
    return {"uri": quote(candidate.as_posix(), errors="surrogateescape"), "uriBaseId": "%SRCROOT%"}


# replylint's own findings: the label that describes each, and its default level.
_OWN_RULES = {UNUSED_RULE: ("unused_suppression_rule", "warning"), NOT_LINTED: ("not_linted_rule", "warning"),
              MIN_SCORE_RULE: ("min_score_rule", "error")}


def _rule_descriptor(rule_id: str, rule=None, ui_lang: str = DEFAULT_UI_LANG) -> dict:
    if rule is None:
        descriptor = {"id": rule_id, "shortDescription": {"text": rule_id}}
        if rule_id in _OWN_RULES:
            label, level = _OWN_RULES[rule_id]
            descriptor["shortDescription"] = {"text": labels(ui_lang)[label]}
            descriptor["defaultConfiguration"] = {"level": level}
        return descriptor
    return {
        "id": rule.id,
        "name": "".join(part.capitalize() for part in rule.id.split("-")),
        "shortDescription": {"text": rule.message.get(ui_lang)},
        "fullDescription": {"text": (rule.why or rule.message).get(ui_lang)},
        "help": {"text": (rule.hint or rule.message).get(ui_lang)},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"languages": list(rule.languages)},
    }


def _fingerprint(path: str, record_id, rule_id: str, text: str = "") -> str:
    """Stable across runs when lines move: the place is the file, template and flagged words."""
    key = "\0".join((path, record_id or "", rule_id, text))
    return hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()[:32]


class Writer:
    """Streams results as they come; the rule table and notifications close the log."""
    reads_findings = True

    def __init__(self, out, *, pack=None, ui_lang: str = "auto", **_options):
        self.out = out
        self.count = 0
        self.rules = {r.id: r for r in pack.rules} if pack is not None else {}
        self.rule_ids = sorted(self.rules) + [UNUSED_RULE]
        self.index = {rule_id: i for i, rule_id in enumerate(self.rule_ids)}
        # The run's interface language, else (auto) the first result's.
        self.ui_lang: str | None = ui_lang if ui_lang != "auto" else None

    def _index(self, rule_id: str) -> int:
        if rule_id not in self.index:
            self.index[rule_id] = len(self.rule_ids)
            self.rule_ids.append(rule_id)
        return self.index[rule_id]

    def begin(self) -> None:
        self.out.write(f'{{"$schema": "{SCHEMA}", "version": "2.1.0", "runs": [{{\n'
                       ' "columnKind": "unicodeCodePoints",\n "results": [')

    @staticmethod
    def piece(result, text: str | None = None) -> None:
        return None  # rule indexes are numbered as rules first appear: made here, in order

    def result(self, result, piece=None) -> None:
        if self.ui_lang is None:
            self.ui_lang = result.ui_lang
        for f in result.findings:
            where = f"[{result.record_id}] " if result.record_id is not None else ""
            region = {"startLine": f.line, "startColumn": f.column, "endLine": f.end_line,
                      "endColumn": f.end_column}
            if f.text:
                region["snippet"] = {"text": f.text}
            record = {
                "ruleId": f.rule,
                "ruleIndex": self._index(f.rule),
                "level": LEVELS[f.severity],
                "message": {"text": where + f.message + (f" Try: {' / '.join(f.suggestions)}" if f.suggestions else "")},
                "locations": [{"physicalLocation": {"artifactLocation": artifact_location(result.path),
                                                    "region": region}}],
                "partialFingerprints": {"replylint/v1": _fingerprint(result.path, result.record_id, f.rule, f.text)},
                "properties": {"severity": f.severity, "replyScore": result.score},
            }
            if result.record_id is not None:
                record["locations"][0]["logicalLocations"] = [{"name": result.record_id, "kind": "member"}]
            self._write(record)
        if result.min_score_failure:
            self._write(self._min_score_record(result))

    def _write(self, record: dict) -> None:
        self.out.write(("," if self.count else "") + "\n  " + json.dumps(record, ensure_ascii=False))
        self.count += 1

    def _min_score_record(self, result) -> dict:
        where = f"[{result.record_id}] " if result.record_id is not None else ""
        location = {"physicalLocation": {"artifactLocation": artifact_location(result.path)}}
        if result.record_id is not None:
            location["logicalLocations"] = [{"name": result.record_id, "kind": "member"}]
        return {
            "ruleId": MIN_SCORE_RULE,
            "ruleIndex": self._index(MIN_SCORE_RULE),
            "level": "error",
            "message": {"text": where + result.min_score_failure},
            "locations": [location],
            "partialFingerprints": {"replylint/v1": _fingerprint(result.path, result.record_id, MIN_SCORE_RULE)},
            "properties": {"replyScore": result.score},
        }

    def end(self, errors) -> None:
        notifications = [{
            "level": "error",
            "message": {"text": e.message},
            "locations": [{"physicalLocation": {"artifactLocation": artifact_location(e.path),
                                                "region": {"startLine": e.line, "startColumn": e.column}}}],
        } for e in errors]
        tail = {
            "tool": {"driver": {
                "name": "replylint",
                "version": __version__,
                "rules": [_rule_descriptor(rule_id, self.rules.get(rule_id), self.ui_lang or DEFAULT_UI_LANG)
                          for rule_id in self.rule_ids],
            }},
            "invocations": [{"executionSuccessful": not errors, "toolExecutionNotifications": notifications}],
            "originalUriBaseIds": {"%SRCROOT%": {"uri": Path.cwd().as_uri() + "/"}},
        }
        body = json.dumps(tail, ensure_ascii=False)[1:-1]  # the keys, spliced into the open run
        self.out.write(("\n " if self.count else "") + "],\n " + body + "}]}\n")


def render(results, errors=(), **options) -> str:
    """The whole report as one string (see report.render_all)."""
    from . import render_all

    return render_all(Writer, results, errors, **options)
