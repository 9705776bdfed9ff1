"""Settings for a linted file, merged from configuration files and flags in one order.

Later wins: built-in defaults < pyproject.toml [tool.replylint] < .replylint.toml <
.replylint.yaml (all three from the nearest directory, walking up from the linted file, that
has any of them) < --config FILE < the file's `per-path` sections < command-line flags.
Not for rule packs (pack/load.py) or for choosing files (discover.py).
"""
from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

# YAML and TOML parsers are imported only when a configuration file is actually read.

from . import languages
from .bounded import DEFAULT_MAX_BYTES, OverLimit, read_limited
from .discover import DEFAULT_EXCLUDE
from .model import SEVERITIES, ReplylintError

CONFIG_FILES = ("pyproject.toml", ".replylint.toml", ".replylint.yaml", ".replylint.yml")
LANGS = ("auto", *languages.codes())
FAIL_ON = (*SEVERITIES, "none")
# Keys a per-path section may set; `ignore` there adds to the ignored rules.
PER_PATH_KEYS = ("select", "ignore", "severity", "lang", "ui-lang", "fail-on", "min-score")


class ConfigError(ReplylintError):
    """A configuration problem, phrased as `file:line:col: problem`."""


@dataclass(frozen=True)
class PathOverride:
    pattern: str
    base: Path  # the directory of the file that wrote it: the pattern is relative to it
    values: dict
    location: str
    id_locations: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Settings:
    """Everything configurable, for one file. `locations` says where each key was set."""

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    severity: dict[str, str] = field(default_factory=dict)
    fail_on: str = "warning"
    min_score: int | None = None
    lang: str = "auto"
    # The language of messages, hints and page labels: auto speaks each reply's own.
    ui_lang: str = "auto"
    rules: tuple[str, ...] = ()
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    extend_exclude: tuple[str, ...] = ()
    respect_gitignore: bool = True
    csv_column: str | None = None
    report_unused_suppressions: bool = False
    root: Path = field(default_factory=Path.cwd)
    locations: dict[str, str] = field(default_factory=dict)
    # (field, rule id) -> where that id is written: an unknown id is reported at its own place.
    id_locations: dict[tuple[str, str], str] = field(default_factory=dict)

    def linter_key(self) -> tuple:
        """What decides the Linter: files sharing it share one compiled pack and selection."""
        return (self.rules, self.select, self.ignore, tuple(sorted(self.severity.items())),
                self.report_unused_suppressions, self.ui_lang)


def _ids(value, where) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: expected a list of rule ids")
    return tuple(part.strip() for v in value for part in v.split(",") if part.strip())


def _strings(value, where) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: expected a list of strings")
    return tuple(value)


def _choice(choices):
    def check(value, where):
        if value not in choices:
            raise ConfigError(f"{where}: expected one of {', '.join(choices)}, got {value!r}")
        return value
    return check


def _lang(value, where):
    """Any case, as a JSONL record's "lang": `RU` is ru."""
    return _choice(LANGS)(value.lower() if isinstance(value, str) else value, where)


def _bool(value, where):
    if not isinstance(value, bool):
        raise ConfigError(f"{where}: expected true or false")
    return value


def _score(value, where):
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
        raise ConfigError(f"{where}: expected a whole number from 0 to 100")
    return value


def _severity(value, where):
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: expected a table of rule id = severity")
    levels = (*SEVERITIES, "off")
    for rule_id, level in value.items():
        if level not in levels:
            raise ConfigError(f"{where}: severity of {rule_id} must be one of {', '.join(levels)}, got {level!r}")
    return dict(value)


def _text(value, where):
    if not isinstance(value, str) or not value:
        raise ConfigError(f"{where}: expected a string")
    return value


# key -> (Settings field, validator)
KEYS = {
    "select": ("select", _ids),
    "ignore": ("ignore", _ids),
    "severity": ("severity", _severity),
    "fail-on": ("fail_on", _choice(FAIL_ON)),
    "min-score": ("min_score", _score),
    "lang": ("lang", _lang),
    "ui-lang": ("ui_lang", _lang),
    "rules": ("rules", _strings),
    "exclude": ("exclude", _strings),
    "extend-exclude": ("extend_exclude", _strings),
    "respect-gitignore": ("respect_gitignore", _bool),
    "csv-column": ("csv_column", _text),
    "report-unused-suppressions": ("report_unused_suppressions", _bool),
}


def _position(text: str, offset: int) -> tuple[int, int]:
    return text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)


def _key_offset(text: str, key: str, start: int = 0) -> int | None:
    """Where `key` is written (TOML `key =`, YAML `key:`) at or after `start`, else None."""
    m = re.compile(rf"^[ \t]*[\"']?{re.escape(key)}[\"']?[ \t]*[=:]", re.MULTILINE).search(text, start)
    return m.start() if m else None


def _locate(text: str, key: str) -> tuple[int, int]:
    """Line and column where `key` is written, else 1:1."""
    offset = _key_offset(text, key)
    return (1, 1) if offset is None else _position(text, offset)


def _locate_id(text: str, rule_id: str, start: int) -> tuple[int, int]:
    """Line and column of a rule id written at or after `start` (in a list, or as a key of a
    severity table), else of `start` itself."""
    m = re.compile(rf"(?<![\w-]){re.escape(rule_id)}(?![\w-])").search(text, start)
    return _position(text, m.start() if m else start)


@dataclass(frozen=True)
class Layer:
    """The validated settings of one configuration file (or of the flags)."""

    values: dict  # Settings field -> value
    locations: dict  # Settings field -> "file:line:col"
    per_path: tuple[PathOverride, ...] = ()
    id_locations: dict = field(default_factory=dict)  # (field, rule id) -> "file:line:col"


def _read_table(path: Path) -> tuple[dict | None, str]:
    """The replylint table of a configuration file (None: the file has none), and its text."""
    try:
        raw = read_limited(path, DEFAULT_MAX_BYTES)  # --config /dev/zero must not read forever
        text = raw.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    except OverLimit as exc:
        raise ConfigError(f"{path}:1:1: cannot read: {exc}")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}:1:1: cannot read: {getattr(exc, 'strerror', None) or exc}")
    if path.suffix == ".toml":
        if sys.version_info >= (3, 11):
            import tomllib
        else:  # pragma: no cover - Python 3.10
            import tomli as tomllib
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            m = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
            if m:
                line, column = m.group(1), m.group(2)
            else:  # "(at end of document)"
                line, column = text.count("\n") + 1, len(text) - text.rfind("\n")
            raise ConfigError(f"{path}:{line}:{column}: invalid TOML: {re.sub(r' [(]at .*[)]$', '', str(exc))}")
        if path.name == "pyproject.toml":
            return data.get("tool", {}).get("replylint"), text
        return data.get("tool", {}).get("replylint", data), text
    import yaml

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise ConfigError(f"{path}:{line}:{column}: invalid YAML: {getattr(exc, 'problem', None) or exc}")
    if data is None:
        return {}, text
    if not isinstance(data, dict):
        raise ConfigError(f"{path}:1:1: expected a mapping of settings")
    return data, text


ID_KEYS = ("select", "ignore", "severity")


def _validate(table: dict, where, base: Path, keys, where_id=None) -> tuple[dict, dict, dict]:
    """Validated values, where each key is written, and (for rule ids) where each id is."""
    values, locations, id_locations = {}, {}, {}
    for key, raw in table.items():
        if key not in keys:
            raise ConfigError(f"{where(key)}: unknown setting '{key}' (known: {', '.join(sorted(keys))})")
        name, check = KEYS[key]
        value = check(raw, where(key))
        if name == "rules":  # rule packs are relative to the file that names them
            value = tuple(str((base / v).resolve()) for v in value)
        values[name] = value
        locations[name] = where(key)
        if key in ID_KEYS and where_id is not None:
            id_locations.update({(name, rule_id): where_id(key, rule_id) for rule_id in value})
    return values, locations, id_locations


def load_layer(path: Path) -> Layer | None:
    """The settings of one configuration file; None for a pyproject.toml without our table."""
    table, text = _read_table(path)
    if table is None:
        return None
    if not isinstance(table, dict):
        raise ConfigError(f"{path}:1:1: expected a table of settings")

    def where(key: str) -> str:
        line, column = _locate(text, key)
        return f"{path}:{line}:{column}"

    def where_id(key: str, rule_id: str, after: int = 0) -> str:
        # A severity table is written `[severity]` (or `[tool.replylint.severity]`), not `severity =`.
        start = _key_offset(text, key, after)
        if start is None:
            start = text.find(f"{key}]", after) if key == "severity" else -1
        line, column = _locate_id(text, rule_id, max(start, after))
        return f"{path}:{line}:{column}"

    table = dict(table)
    sections = table.pop("per-path", {})
    if not isinstance(sections, dict):
        raise ConfigError(f"{where('per-path')}: expected a table of glob = settings")
    values, locations, id_locations = _validate(table, where, path.parent, KEYS, where_id)
    if "exclude" in values or "extend_exclude" in values:
        values["root"] = path.parent.resolve()
    overrides = []
    for pattern, section in sections.items():
        if not isinstance(section, dict):
            raise ConfigError(f"{where(pattern)}: per-path '{pattern}' must be a table of settings")
        section_start = text.find(pattern)
        section_values, _, section_ids = _validate(
            section, lambda key, p=pattern: where(p), path.parent, PER_PATH_KEYS,
            lambda key, rule_id, after=max(section_start, 0): where_id(key, rule_id, after))
        overrides.append(PathOverride(pattern, path.parent.resolve(), section_values, where(pattern), section_ids))
    return Layer(values, locations, tuple(overrides), id_locations)


def explicit_layer(config_file: str | os.PathLike) -> Layer:
    """The settings of a configuration file named by the user (--config, the Python API):
    unlike a file found beside the linted ones, it must have a replylint table."""
    layer = load_layer(Path(config_file))
    if layer is None:
        raise ConfigError(f"{config_file}:1:1: no [tool.replylint] table in this file")
    return layer


def table_layer(table: Mapping, name: str) -> Layer:
    """Settings given as a mapping of a configuration file's keys (the Python API's
    `config={...}`), validated as a file's table is; errors name `name` and the key."""
    if not isinstance(table, Mapping):
        raise ConfigError(f"{name}: expected a mapping of settings, got {type(table).__name__}")

    def where(key: str, rule_id: str | None = None) -> str:
        return f"{name}[{key!r}]"

    values, locations, id_locations = _validate(dict(table), where, Path.cwd(), KEYS, where)
    return Layer(values, locations, id_locations=id_locations)


def settings_of(layers: list[Layer]) -> Settings:
    """The settings that layers give, the later winning, with nothing looked up around a path:
    for a caller that lints text which has no file (the Python API, `replylint mcp`)."""
    values, locations, id_locations, _per_path = _merge(layers)
    return _finish(values, locations, id_locations)


def flag_layer(flags: dict) -> Layer:
    """Command-line options as a layer: keys are Settings fields, None means not given."""
    values = {k: v for k, v in flags.items() if v is not None}
    id_locations = {(name, rule_id): f"--{name}" for name in ID_KEYS for rule_id in values.get(name, ())}
    return Layer(values, {k: f"--{k.replace('_', '-')}" for k in values}, id_locations=id_locations)


def _merge(layers: list[Layer]) -> tuple[dict, dict, dict, list[PathOverride]]:
    values: dict = {}
    locations: dict = {}
    id_locations: dict = {}
    per_path: list[PathOverride] = []
    for layer in layers:
        values.update(layer.values)
        locations.update(layer.locations)
        id_locations.update(layer.id_locations)
        per_path.extend(layer.per_path)
    return values, locations, id_locations, per_path


def _matches(override: PathOverride, path: Path) -> bool:
    import pathspec

    try:
        relative = _resolved(path).relative_to(override.base).as_posix()
    except ValueError:
        return False
    return pathspec.GitIgnoreSpec.from_lines([override.pattern]).match_file(relative)


def _resolved(path: Path) -> Path:
    """The real path; a symlink loop (which resolve() raises on) stays where it is named, so
    that reading it, not finding its settings, reports the problem."""
    try:
        return path.resolve()
    except (RuntimeError, OSError):
        return path.absolute()


class Resolver:
    """Settings per linted file: configuration found upward from it, --config, flags.
    Files of one directory share a lookup; each configuration file is read once."""

    def __init__(self, config_file: str | None = None, flags: dict | None = None):
        self.explicit = explicit_layer(config_file) if config_file else None
        self.flags = flag_layer(flags or {})
        self.layers: dict[Path, list[Layer]] = {}

    def _discovered(self, directory: Path) -> list[Layer]:
        """The layers of the nearest directory (at or above `directory`) with configuration."""
        if directory in self.layers:
            return self.layers[directory]
        found = [load_layer(directory / name) for name in CONFIG_FILES if (directory / name).is_file()]
        found = [layer for layer in found if layer is not None]
        if not found and directory.parent != directory:
            found = self._discovered(directory.parent)
        self.layers[directory] = found
        return found

    def settings_for(self, path: str | None) -> Settings:
        """The settings of a linted file (None or '<stdin>': the current directory)."""
        directory = Path.cwd() if path in (None, "-", "<stdin>") else _resolved(Path(path)).parent
        layers = list(self._discovered(directory))
        if self.explicit is not None:
            layers.append(self.explicit)
        values, locations, id_locations, overrides = _merge(layers)
        target = directory / Path(path).name if path not in (None, "-", "<stdin>") else None
        for override in overrides:
            if target is not None and _matches(override, target):
                section = dict(override.values)
                if "ignore" in section:
                    section["ignore"] = tuple(values.get("ignore", ())) + section["ignore"]
                if "severity" in section:
                    section["severity"] = {**values.get("severity", {}), **section["severity"]}
                values.update(section)
                locations.update({k: override.location for k in section})
                id_locations.update(override.id_locations)
        values.update(self.flags.values)
        locations.update(self.flags.locations)
        id_locations.update(self.flags.id_locations)
        return _finish(values, locations, id_locations)


def _finish(values: dict, locations: dict, id_locations: dict) -> Settings:
    """`severity = off` is one more way to ignore a rule (an unknown id in it is still
    reported where the severity was written)."""
    severity = dict(values.get("severity", {}))
    off = tuple(rule_id for rule_id, level in severity.items() if level == "off")
    if off:
        values = {**values, "ignore": tuple(values.get("ignore", ())) + off,
                  "severity": {k: v for k, v in severity.items() if v != "off"}}
        id_locations = {**id_locations, **{("ignore", rule_id): id_locations.get(("severity", rule_id), "--severity")
                                           for rule_id in off}}
    return Settings(**values, locations=locations, id_locations=id_locations)
