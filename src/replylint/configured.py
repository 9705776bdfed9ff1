"""Replies -> the Linter their file's settings call for: one compiled pack and Selection per
distinct configuration, built in the main process before any worker forks.
Not for reading settings (config.py) or for linting itself (engine.py).
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from .config import ConfigError, Resolver, Settings
from .engine import Linter, Selection
from .inputs import JsonlChunk
from .model import NOT_LINTED, Reply, Result
from .suppress import UNUSED_RULE
from .taxonomy import unknown_rule_id


class ConfiguredLinter:
    """Lints each reply with the rules, severities and language its file's settings give.
    Has Linter's `lint`, so the runner takes it as one."""

    def __init__(self, resolver: Resolver, load_compiled):
        self.resolver = resolver
        self.load_compiled = load_compiled  # rule pack paths -> CompiledPack (cached on disk)
        self.settings: dict[str, Settings] = {}
        self.linters: dict[tuple, Linter] = {}
        self.packs: dict[tuple, object] = {}
        self.by_path: dict[str, Linter] = {}  # a batch's replies share a path: one look-up each

    def settings_for(self, path: str) -> Settings:
        if path not in self.settings:
            self.settings[path] = self.resolver.settings_for(path)
        return self.settings[path]

    def pack_for(self, settings: Settings):
        """The compiled pack (built-in plus the settings' extra rules), loaded once."""
        if settings.rules not in self.packs:
            self.packs[settings.rules] = self.load_compiled(tuple(Path(r) for r in settings.rules))
        return self.packs[settings.rules]

    def _linter(self, settings: Settings) -> Linter:
        key = settings.linter_key()
        if key not in self.linters:
            compiled = self.pack_for(settings)
            known = {r.id for r in compiled.pack.rules} | {UNUSED_RULE, NOT_LINTED}
            for name, ids in (("select", settings.select or ()), ("ignore", settings.ignore),
                              ("severity", tuple(settings.severity))):
                for rule_id in ids:
                    if rule_id not in known:
                        where = settings.id_locations.get((name, rule_id)) or settings.locations.get(name, f"--{name}")
                        raise ConfigError(f"{where}: {unknown_rule_id(rule_id, known)}")
            selection = Selection(
                select=frozenset(settings.select) if settings.select else None,
                ignore=frozenset(settings.ignore),
                severities=dict(settings.severity),
                report_unused_suppressions=settings.report_unused_suppressions
                and UNUSED_RULE not in settings.ignore,
                report_not_linted=NOT_LINTED not in settings.ignore,
                ui_lang=settings.ui_lang,
            )
            self.linters[key] = Linter(compiled, selection)
        return self.linters[key]

    def prepare(self, reply: Reply | JsonlChunk) -> Reply | JsonlChunk:
        """Resolve the reply's settings and Linter now (errors surface here, in the main
        process), and give it the configured default language if it has none."""
        settings = self.settings_for(reply.path)
        self._linter(settings)
        if settings.lang == "auto":
            return reply
        if isinstance(reply, JsonlChunk):
            return replace(reply, default_lang=settings.lang)
        return replace(reply, lang=settings.lang) if reply.lang is None else reply

    def linter_for(self, path: str) -> Linter:
        """The Linter for the replies of the file at `path`."""
        linter = self.by_path.get(path)
        if linter is None:
            linter = self.by_path[path] = self._linter(self.settings_for(path))
        return linter

    def lint(self, reply: Reply) -> Result:
        result = self.linter_for(reply.path).lint(reply)
        min_score = self.settings_for(reply.path).min_score
        if min_score is not None and result.score < min_score:
            result = result._replace(min_score_failure=self.below_min_score(result.score, reply.path))
        return result

    def below_min_score(self, score: int, path: str) -> str:
        """Why a score fails the run, naming where the threshold was set."""
        settings = self.settings_for(path)
        where = settings.locations.get("min_score", "--min-score")
        if where == "--min-score":
            return f"score {score} is below --min-score {settings.min_score}"
        return f"score {score} is below min-score {settings.min_score} (set at {where})"
