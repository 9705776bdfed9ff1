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


def _yaml_value(node, source: SourceText):
    if isinstance(node, yaml.ScalarNode):
        if node.tag == "tag:yaml.org,2002:str":
            return _yaml_string(node, source)
        return node.value  # a number or a flag: never a template text
    if isinstance(node, yaml.SequenceNode):
        return [_yaml_value(item, source) for item in node.value]
    if isinstance(node, yaml.MappingNode):
        mapping = LocatedDict()
        mapping.start = node.start_mark.index
        for key, value in node.value:
            mapping[str(key.value)] = _yaml_value(value, source)
        return mapping
    return None


def _load_yaml(path: str, text: str, source: SourceText):
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return InputError(path, line, column, f"invalid YAML: {getattr(exc, 'problem', None) or exc}")
    return _yaml_value(node, source) if node is not None else None


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
