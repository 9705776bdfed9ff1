"""The Python API: lint a reply from a program (a help-desk bot, an AI assistant) and get the
findings, positions and score that `replylint check --format json` gives for the same text.

Not for files or batches (the CLI reads those) nor for rendering (report/). Heavy modules
are imported when a Linter is made, so that `import replylint` stays cheap.
"""
from __future__ import annotations

import os
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any, Union

from .model import ReplylintError
from .report.json import SCHEMA_VERSION

if TYPE_CHECKING:
    from .pack.schema import Rule

__all__ = ["Config", "Finding", "Linter", "Result", "ReplylintError", "SCHEMA_VERSION", "lint"]

# What `config=` takes: None (the built-in defaults), the path of a configuration file
# (pyproject.toml with [tool.replylint], .replylint.toml, .replylint.yaml), or a mapping of
# the same keys ({"ignore": ["missing-thanks"], "severity": {"bureaucratese": "warning"}}).
Config = Union[None, str, "os.PathLike[str]", Mapping[str, Any]]

LANGS = ("auto", "ru", "uk", "bg", "en")
# The `path` of a result: the API lints text, not a file (the CLI says "<stdin>").
REPLY_PATH = "<reply>"
# A field outside the JSON contract is marked so: `as_dict()` leaves it out.
_EXTRA = {"contract": False}


@dataclass(frozen=True, slots=True)
class Finding:
    """One place where a rule fired. The first nine fields are a finding of the JSON contract
    (schema SCHEMA_VERSION): lines and columns 1-based, counted in characters (code points),
    `end_column` just past the last flagged character."""

    rule: str
    severity: str  # "suggestion", "warning" or "error"
    message: str
    line: int
    column: int
    end_line: int
    end_column: int
    text: str  # the flagged words, exactly as in the reply ("" for a whole-reply finding)
    suggestions: tuple[str, ...]
    # Not in the JSON contract:
    hint: str = field(default="", metadata=_EXTRA)  # what to write instead
    start: int = field(default=0, metadata=_EXTRA)  # character offsets into the reply: reply[start:end] == text
    end: int = field(default=0, metadata=_EXTRA)
    # About the reply as a whole (something it lacks, e.g. an apology): `text` is empty.
    whole_reply: bool = field(default=False, metadata=_EXTRA)

    def as_dict(self) -> dict[str, Any]:
        """The finding as `check --format json` writes it."""
        return _contract(self)


@dataclass(frozen=True, slots=True)
class Result:
    """A linted reply: the fields of one result of the JSON contract, and `passed`."""

    path: str
    id: str | None
    lang: str | None  # the detected (or given) language; None when no rule could apply
    ui_lang: str  # the language of the messages, why and hints (the reply's, or en)
    score: int  # 0..100
    notices: tuple[str, ...]  # e.g. "the reply is empty", or a score under min-score
    findings: tuple[Finding, ...]
    # Not in the JSON contract: True when, under the configuration's fail-on (default
    # warning) and min-score, `replylint check` would exit 0 for this reply.
    passed: bool = field(default=True, metadata=_EXTRA)

    def as_dict(self) -> dict[str, Any]:
        """The result as `check --format json` writes it (one item of its "results")."""
        return _contract(self)


def _contract(record) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in fields(record):
        if f.metadata.get("contract", True):
            value = getattr(record, f.name)
            if isinstance(value, tuple):
                value = [v.as_dict() if isinstance(v, Finding) else v for v in value]
            out[f.name] = value
    return out


class _FixedSettings:
    """A resolver that gives every reply the same settings (there is no file to look around)."""

    def __init__(self, settings):
        self.settings = settings

    def settings_for(self, path) -> Any:
        return self.settings


class Linter:
    """A compiled rule pack and configuration, loaded once, for linting many replies.

    Thread-safe: calls from several threads are served one at a time (the work is pure
    Python, which the GIL would serialise anyway). The first reply in each language loads
    that language's dictionaries (about 0.2 s); later calls take a few milliseconds.
    Raises ConfigError or PackError (both ReplylintError) with the CLI's one-line message
    when the configuration or a rule pack it names is wrong.
    """

    def __init__(self, config: Config = None):
        from .config import explicit_layer, settings_of, table_layer
        from .configured import ConfiguredLinter
        from .model import severity_rank
        from .pack.cache import load_compiled

        if config is None:
            layers = []
        elif isinstance(config, (str, os.PathLike)):
            layers = [explicit_layer(config)]
        elif isinstance(config, Mapping):
            layers = [table_layer(config, "config")]
        else:
            raise TypeError(f"config: expected None, a path or a mapping, got {type(config).__name__}")
        self.settings = settings_of(layers)

        def load(rules):
            from .pack.selftest import verify_team_examples

            # As `check`: a team rule whose own examples misbehave is refused.
            return load_compiled(rules, use_cache=True, verify=verify_team_examples)

        self._configured = ConfiguredLinter(_FixedSettings(self.settings), load)
        self._configured.linter_for(REPLY_PATH)  # load the pack now: errors belong to the constructor
        fail_on = self.settings.fail_on
        self._failing = frozenset() if fail_on == "none" else frozenset(
            s for s in ("suggestion", "warning", "error") if severity_rank(s) >= severity_rank(fail_on))
        self._lock = threading.Lock()

    @property
    def rules(self) -> tuple[Rule, ...]:
        """The rules of the pack in use (built-in, and a team pack the configuration names), as
        `replylint rules` and `replylint explain` show them: id, severity, message, why, hint,
        suggestions and examples per language. Which of them run is the configuration's."""
        return self._configured.pack_for(self.settings).pack.rules

    def lint(self, reply: str, *, complaint: str | None = None, lang: str = "auto") -> Result:
        """Lint one reply. `complaint` is the customer's message it answers (it enables
        ignores-the-problem); `lang` is auto (detected per reply and sentence) or ru, uk, bg,
        en in any case. `replylint-disable` markers in the text are honoured."""
        from .formats import ReadOptions, read_text
        from .report.json import result_record

        if not isinstance(reply, str):
            raise TypeError(f"reply: expected a string, got {type(reply).__name__}")
        if complaint is not None and not isinstance(complaint, str):
            raise TypeError(f"complaint: expected a string or None, got {type(complaint).__name__}")
        code = lang.lower() if isinstance(lang, str) else lang
        if code not in LANGS:
            raise ValueError(f"lang: {lang!r} is not one of {', '.join(LANGS)}")
        options = ReadOptions(lang=None if code == "auto" else code, complaint=complaint)
        (item,) = read_text(REPLY_PATH, reply, options)  # plain text: one reply, as `check -` reads it
        with self._lock:
            internal = self._configured.lint(self._configured.prepare(item))
        record = result_record(internal)
        findings = tuple(
            Finding(**{**f, "suggestions": tuple(f["suggestions"])}, hint=i.hint, start=i.span.start, end=i.span.end,
                    whole_reply=i.whole_reply)
            for f, i in zip(record.pop("findings"), internal.findings))
        passed = not internal.min_score_failure and not any(f.severity in self._failing for f in findings)
        return Result(**{**record, "notices": tuple(record["notices"])}, findings=findings, passed=passed)


_default: Linter | None = None
_default_lock = threading.Lock()


def lint(reply: str, *, complaint: str | None = None, lang: str = "auto", config: Config = None) -> Result:
    """Lint one reply with the built-in rules, or with `config` (see Config). Without a
    config the Linter is made once and kept; with one, a new Linter loads it on every call:
    make a Linter yourself to lint many replies under a configuration."""
    global _default
    if config is not None:
        return Linter(config).lint(reply, complaint=complaint, lang=lang)
    with _default_lock:
        if _default is None:
            _default = Linter()
    return _default.lint(reply, complaint=complaint, lang=lang)
