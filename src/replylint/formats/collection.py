"""YAML and JSON collections of templates: one reply per template, named by its key or its
name field, positions pointing into the file. Not for JSONL batches: see inputs.py.

Shapes read: a mapping name -> text or name -> record, a list of records or texts, either one
under a top-level `templates` key; a record whose values are languages (`{ru: …, en: …}`)
gives one reply per language, named `name/lang`.
"""
from __future__ import annotations

import json
from collections.abc import Iterator

import yaml

from .. import languages
from ..inputs import InputError
from ..model import Reply, Suppression
from ..suppress import extract, parse_ids
from .origin import LocatedDict, LocatedStr, SourceText, loads_located, origin_of
from . import NAME_FIELDS, SUPPRESS_FIELD, TEXT_FIELDS

CONTAINER_KEYS = ("templates", "macros", "replies")
LANGUAGE_KEYS = languages.codes()

try:  # libyaml is ~8x faster than the pure-Python parser
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader


# ---- YAML nodes -> plain values with located strings ------------------------------------

_YAML_QUOTING = {"'": "yaml-single", '"': "yaml-double"}


def _yaml_string(node: yaml.ScalarNode, source: SourceText) -> LocatedStr:
    value = LocatedStr(node.value)
    start, end = node.start_mark.index, node.end_mark.index
    if node.style in ("'", '"'):
        start, end = start + 1, end - 1
    elif node.style in ("|", ">"):
        start = source.text.find("\n", start) + 1 or end  # content starts after the header line
    value.start, value.end = start, end
    value.quoting = _YAML_QUOTING.get(node.style)
    return value


class _Refused(Exception):
    """A node graph that would make far more values than its file holds, or nests too deep."""

    def __init__(self, node, problem: str):
        super().__init__(problem)
        self.mark = node.start_mark
        self.problem = problem


class _Values:
    """YAML nodes -> plain values, each counted as it is built. An alias repeats a whole subtree
    without copying it in the file, so nine nested lists of nine aliases make 9**9 values from
    300 bytes; a file without aliases makes at most about one value (and one character) per
    character of the file, so building stops past twice that, plus a margin for honest reuse."""

    MARGIN = 100_000
    # A collection is a few levels deep; far deeper nesting is a crafted file, refused well
    # before Python's recursion limit.
    MAX_DEPTH = 100

    def __init__(self, source: SourceText):
        self.source = source
        self.budget = 2 * len(source.text) + self.MARGIN
        self.open: set[int] = set()  # collections being built: an alias to one is a cycle
        self.built: set[int] = set()  # collections built once: building one again is an alias
        self.repeated: list = []  # the collections on the way down that are built again

    def value(self, node, depth: int = 0):
        if isinstance(node, yaml.ScalarNode):
            self._spend(node, 1 + len(node.value))
            if node.tag == "tag:yaml.org,2002:str":
                return _yaml_string(node, self.source)
            return node.value  # a number or a flag: never a template text
        if not isinstance(node, (yaml.SequenceNode, yaml.MappingNode)):
            return None
        if id(node) in self.open:
            raise _Refused(node, "an alias refers to a collection that contains it")
        if depth >= self.MAX_DEPTH:
            raise _Refused(node, f"nested more than {self.MAX_DEPTH} levels deep")
        self._spend(node, 1)
        repeated = id(node) in self.built
        if repeated:
            self.repeated.append(node)
        self.open.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                return [self.value(item, depth + 1) for item in node.value]
            mapping = LocatedDict()
            mapping.start = node.start_mark.index
            for key, value in node.value:
                self._spend(key, 1)
                mapping[str(key.value)] = self.value(value, depth + 1)
            return mapping
        finally:
            self.open.discard(id(node))
            self.built.add(id(node))
            if repeated:
                self.repeated.pop()

    def _spend(self, node, cost: int) -> None:
        self.budget -= cost
        if self.budget < 0:
            # Blame the outermost anchor being repeated: its aliases are what multiplies.
            raise _Refused(self.repeated[0] if self.repeated else node,
                           "the aliases of this anchor expand to far more values than the file holds")


def _load_yaml(path: str, text: str, source: SourceText):
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return InputError(path, line, column, f"invalid YAML: {getattr(exc, 'problem', None) or exc}")
    except RecursionError:  # the pure-Python parser, without libyaml, composes recursively
        return InputError(path, 1, 1, "invalid YAML: nested too deeply")
    if node is None:
        return None
    try:
        return _Values(source).value(node)
    except _Refused as exc:
        return InputError(path, exc.mark.line + 1, exc.mark.column + 1, f"invalid YAML: {exc.problem}")


def _load_json(path: str, text: str):
    try:
        return loads_located(text)
    except json.JSONDecodeError as exc:
        return InputError(path, exc.lineno, exc.colno, f"invalid JSON: {exc.msg}")
    except RecursionError:
        return InputError(path, 1, 1, "invalid JSON: nested too deeply")


# ---- templates -> replies -----------------------------------------------------------------


def _templates(data) -> Iterator[tuple[str, object]]:
    """(name, text or record) for each template of the collection."""
    if isinstance(data, dict):
        for key in CONTAINER_KEYS:
            if isinstance(data.get(key), (dict, list)):
                yield from _templates(data[key])
                return
        for name, value in data.items():
            yield str(name), value
    elif isinstance(data, list):
        for index, value in enumerate(data, start=1):
            name = next((value[k] for k in NAME_FIELDS if isinstance(value, dict) and k in value), index)
            yield str(name), value


def _first(record: dict, fields: tuple[str, ...]):
    return next((record[k] for k in fields if k in record), None)


def _position(value, record, source: SourceText) -> tuple[int, int]:
    """Where a field value (or, failing that, its record) is written in the file."""
    if isinstance(value, list) and value:
        value = value[0]
    if isinstance(value, LocatedStr):
        return source.position(value.start)
    return source.position(getattr(record, "start", 0))


def _reply(path: str, name: str, text: LocatedStr, source: SourceText, options, *, lang=None,
           complaint=None, field_suppression: Suppression | None = None) -> Reply:
    origin = origin_of(text, source, text.start, text.end, text.quoting)
    body, suppressions = extract(str(text), origin.position)
    if field_suppression is not None:
        suppressions = (field_suppression, *suppressions)
    return Reply(path=path, text=body, record_id=name, lang=options.lang or lang,
                 complaint=complaint or options.complaint, origin=origin, suppressions=suppressions)


def _record_replies(path: str, name: str, record, source: SourceText, options) -> Iterator[Reply | InputError]:
    if isinstance(record, LocatedStr):
        yield _reply(path, name, record, source, options)
        return
    if not isinstance(record, dict):
        line, column = _position(record, None, source)
        yield InputError(path, line, column, f"template '{name}' is not a text or a mapping")
        return
    suppression = None
    if SUPPRESS_FIELD in record:
        line, column = _position(record[SUPPRESS_FIELD], record, source)
        suppression = Suppression(parse_ids(record[SUPPRESS_FIELD]), line, column)
    lang = record.get("lang") if isinstance(record.get("lang"), str) else None
    complaint = record.get("complaint") if isinstance(record.get("complaint"), str) else None
    text = _first(record, TEXT_FIELDS)
    if isinstance(text, dict):  # text: {ru: …, en: …}
        record, text = text, None
    if isinstance(text, LocatedStr):
        yield _reply(path, name, text, source, options, lang=lang, complaint=complaint,
                     field_suppression=suppression)
        return
    translations = [(k, v) for k, v in record.items() if k in LANGUAGE_KEYS and isinstance(v, LocatedStr)]
    if translations:
        for language, value in translations:
            yield _reply(path, f"{name}/{language}", value, source, options, lang=language,
                         complaint=complaint, field_suppression=suppression)
        return
    line, column = _position(None, record, source)
    yield InputError(path, line, column,
                     f"template '{name}' has no text field ({', '.join(TEXT_FIELDS)} or a language code)")


def replies(path: str, text: str, options) -> Iterator[Reply | InputError]:
    source = SourceText(text)
    data = _load_json(path, text) if path.lower().endswith(".json") else _load_yaml(path, text, source)
    if isinstance(data, InputError):
        yield data
        return
    if not isinstance(data, (dict, list)):
        yield InputError(path, 1, 1, "a template collection must be a mapping or a list")
        return
    for name, record in _templates(data):
        yield from _record_replies(path, name, record, source, options)
