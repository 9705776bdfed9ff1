"""YAML rule files -> a validated RulePack, with errors that name file, line and column.

YAML is read with a safe loader only (libyaml's when present). Not for compiling patterns:
see pack.compile.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from ..bounded import DEFAULT_MAX_BYTES, OverLimit, read_limited
from ..model import SEVERITIES
from .. import languages
from .sources import PACK_SETTINGS_FILE, WORD_CLASSES_FILE, builtin_rules_dir, rule_files
from .schema import (  # noqa: F401  (PackError is re-exported for callers of the loader)
    CONDITION_SCOPES,
    ROLES,
    PackError,
    SCOPES,
    TEXT_LANGUAGES,
    Examples,
    FailExample,
    Location,
    PassExample,
    PatternSpec,
    Replacement,
    Rule,
    RulePack,
    Texts,
    WordClasses,
)

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

DEFAULT_WEIGHTS = {"error": 20, "warning": 10, "suggestion": 4}
RULE_KEYS = {
    "id", "kind", "severity", "message", "why", "hint", "options", "skip_negated",
    "patterns", "unless", "requires", "unless_scope", "requires_scope", "suggest", "replace", "examples",
}
PATTERN_KEYS = {"match", "any_order", "window", "scope", "skip_negated"}
REPLACE_KEYS = {"find", "write", "any_order", "window"}
# A rule id: ASCII only, so that a look-alike letter (debt-wоrding, with a Cyrillic о) cannot
# pass for another id in --select, suppressions or a report, nor bring markup into a page.
RULE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
# {lemma} or {lemma<grammemes>} in a replacement's `write`: a word put in the matched form.
TEMPLATE_SLOT = re.compile(r"\{(?P<lemma>[^{}<>\s]+)(?:<(?P<grams>[^{}<>]*)>)?\}")


class _Mapping(dict):
    marks: dict[Any, yaml.Mark]
    key_marks: dict[Any, yaml.Mark]
    mark: yaml.Mark


class _Sequence(list):
    marks: list[yaml.Mark]
    mark: yaml.Mark


class _MarkingLoader(_BaseLoader):
    """A safe loader whose mappings and lists remember where each item was written."""


def _construct_mapping(loader, node):
    loader.flatten_mapping(node)
    result = _Mapping()
    result.marks = {}
    result.key_marks = {}
    result.mark = node.start_mark
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, (str, int, float, bool)) and key is not None:
            raise yaml.constructor.ConstructorError(None, None, "unhashable key", key_node.start_mark)
        if key in result:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.marks[key] = value_node.start_mark
        result.key_marks[key] = key_node.start_mark
    return result


def _construct_sequence(loader, node):
    result = _Sequence(loader.construct_object(child, deep=True) for child in node.value)
    result.marks = [child.start_mark for child in node.value]
    result.mark = node.start_mark
    return result


_MarkingLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_MarkingLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def _loc(path: str, mark: yaml.Mark | None) -> Location:
    if mark is None:
        return Location(path, 1, 1)
    return Location(path, mark.line + 1, mark.column + 1)


def read_yaml(path: Path) -> Any:
    """Parse one YAML file; any failure becomes a PackError with its position."""
    name = str(path)
    try:
        raw = read_limited(path, DEFAULT_MAX_BYTES)
    except OverLimit as exc:
        raise PackError(Location(name, 1, 1), f"cannot read rule file: {exc}") from None
    except OSError as exc:
        raise PackError(Location(name, 1, 1), f"cannot read rule file: {exc.strerror}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise PackError(Location(name, line, 1), "rule file is not valid UTF-8") from None
    try:
        return yaml.load(text, Loader=_MarkingLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        raise PackError(_loc(name, mark), f"invalid YAML: {problem}") from None
    except yaml.YAMLError as exc:
        raise PackError(Location(name, 1, 1), f"invalid YAML: {exc}") from None
    except RecursionError:
        raise PackError(Location(name, 1, 1), "invalid YAML: nested too deeply") from None


class _Reader:
    """Typed access to one parsed rule file, turning every mismatch into a PackError."""

    def __init__(self, path: str):
        self.path = path

    def at(self, container, key) -> Location:
        marks = getattr(container, "marks", None)
        if isinstance(marks, dict) and key in marks:
            return _loc(self.path, marks[key])
        if isinstance(marks, list) and isinstance(key, int) and key < len(marks):
            return _loc(self.path, marks[key])
        return _loc(self.path, getattr(container, "mark", None))

    def fail(self, container, key, problem: str):
        raise PackError(self.at(container, key), problem)

    def fail_key(self, container, key, problem: str):
        """An error about a key itself (unknown, misspelt): point at the key, not its value."""
        mark = getattr(container, "key_marks", {}).get(key)
        raise PackError(_loc(self.path, mark) if mark else self.at(container, key), problem)

    def mapping(self, container, key, *, required=False) -> dict:
        value = container.get(key)
        if value is None:
            if required:
                self.fail(container, key, f"'{key}' is required")
            return _Mapping()
        if not isinstance(value, dict):
            self.fail(container, key, f"'{key}' must be a mapping")
        return value

    def string(self, container, key, *, required=True, default="") -> str:
        value = container.get(key)
        if value is None:
            if required:
                self.fail(container, key, f"'{key}' is required")
            return default
        if not isinstance(value, str) or not value.strip():
            self.fail(container, key, f"'{key}' must be a non-empty string")
        return value.strip()

    def texts(self, container, key, *, required=True) -> Texts:
        """A rule's message, why or hint: one string (English), or a mapping of interface
        languages to strings (`{en: ..., ru: ...}`), which may leave languages out."""
        value = container.get(key)
        if not isinstance(value, dict):
            return Texts(en=self.string(container, key, required=required))
        if not value:
            self.fail(container, key, f"'{key}' must be a string or a mapping of languages to strings")
        for lang, text in value.items():
            if lang not in TEXT_LANGUAGES:
                self.fail_key(value, lang,
                              f"unknown language '{lang}' in '{key}' (use one of {', '.join(TEXT_LANGUAGES)})")
            if not isinstance(text, str) or not text.strip():
                self.fail(value, lang, f"'{key}.{lang}' must be a non-empty string")
        return Texts(**{lang: text.strip() for lang, text in value.items()})

    def boolean(self, container, key, default: bool) -> bool:
        value = container.get(key, default)
        if not isinstance(value, bool):
            self.fail(container, key, f"'{key}' must be true or false")
        return value

    def unknown_keys(self, container, allowed: set[str], what: str):
        for key in container:
            if key not in allowed:
                hint = ", ".join(sorted(allowed))
                self.fail_key(container, key, f"unknown key '{key}' in {what} (allowed: {hint})")

    def languages(self, container, key) -> dict:
        value = self.mapping(container, key)
        for lang in value:
            if languages.get(lang) is None:
                self.fail_key(value, lang, f"unknown language '{lang}' (use one of {', '.join(languages.codes())})")
        return value


_CLASS_NAME = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
_CLASS_USE = re.compile(r"(-?)@([^\s|?]*)")
# The lemmas the tokenizer gives every e-mail address and link (the same as <EMAIL>, <URL>).
_RESERVED_CLASSES = frozenset({"email", "url"})


def _expand_classes(source: str, lang: str, classes: WordClasses, fail) -> str:
    """A pattern with each `@name` replaced by the class's words in `lang` as alternatives, so
    the compiler and the matcher never learn that classes exist. `-@name` excludes every
    word of the class, so each member gets the minus."""
    def members(m: re.Match) -> str:
        minus, name = m.group(1), m.group(2)
        if name in _RESERVED_CLASSES:
            return m.group(0)
        if name not in classes:
            known = ", ".join(sorted(classes)) or "none defined"
            fail(f"unknown word class '@{name}' (classes: {known})")
        words = classes[name].get(lang)
        if not words:
            fail(f"word class '@{name}' has no words for '{lang}'")
        return "|".join(minus + word for word in words)

    return _CLASS_USE.sub(members, source) if "@" in source else source


def _patterns(reader: _Reader, rule: dict, role: str, skip_negated: bool, classes: WordClasses) -> dict:
    by_lang = reader.languages(rule, role)
    result = {}
    for lang, items in by_lang.items():
        if not isinstance(items, list) or not items:
            reader.fail(by_lang, lang, f"{role}.{lang} must be a non-empty list of patterns")
        specs = []
        for i, item in enumerate(items):
            where = reader.at(items, i)

            def expand(source: str) -> str:
                return _expand_classes(source, lang, classes, lambda problem: reader.fail(items, i, problem))

            if isinstance(item, str):
                if not item.strip():
                    reader.fail(items, i, "empty pattern")
                specs.append(PatternSpec(expand(item.strip()), where, skip_negated=skip_negated))
                continue
            if not isinstance(item, dict):
                reader.fail(items, i, "a pattern is a string or a mapping with 'match'")
            reader.unknown_keys(item, PATTERN_KEYS, "a pattern")
            scope = item.get("scope", "sentence")
            if scope not in SCOPES:
                reader.fail(item, "scope", f"scope must be one of {', '.join(SCOPES)}")
            window = item.get("window", 8)
            if not isinstance(window, int) or isinstance(window, bool) or not 1 <= window <= 50:
                reader.fail(item, "window", "window must be a whole number from 1 to 50")
            specs.append(
                PatternSpec(
                    source=expand(reader.string(item, "match")),
                    location=where,
                    any_order=reader.boolean(item, "any_order", False),
                    window=window,
                    scope=scope,
                    skip_negated=reader.boolean(item, "skip_negated", skip_negated),
                )
            )
        result[lang] = tuple(specs)
    return result


def _replacements(reader: _Reader, rule: dict, kind: str) -> dict[str, tuple[Replacement, ...]]:
    by_lang = reader.languages(rule, "replace")
    if by_lang and kind != "phrase":
        reader.fail(rule, "replace", "only phrase rules can have 'replace' (absence is never fixed by inventing text)")
    result = {}
    for lang, items in by_lang.items():
        if not isinstance(items, list) or not items:
            reader.fail(by_lang, lang, f"replace.{lang} must be a non-empty list of {{find, write}}")
        entries = []
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                reader.fail(items, i, "a replacement is a mapping with 'find' and 'write'")
            reader.unknown_keys(item, REPLACE_KEYS, "a replacement")
            write = reader.string(item, "write")
            if not languages.get(lang).inflects and "{" in write:
                reader.fail(item, "write", f"{{word}} slots need a morphological dictionary; {lang} has none")
            leftover = TEMPLATE_SLOT.sub("", write)
            if "{" in leftover or "}" in leftover:
                reader.fail(item, "write", "write {lemma} or {lemma<grammemes>} inside braces, nothing else")
            window = item.get("window", 8)
            if not isinstance(window, int) or isinstance(window, bool) or not 1 <= window <= 50:
                reader.fail(item, "window", "window must be a whole number from 1 to 50")
            where = reader.at(items, i)
            find = PatternSpec(
                source=reader.string(item, "find"),
                location=where,
                any_order=reader.boolean(item, "any_order", False),
                window=window,
            )
            entries.append(Replacement(find=find, write=write, location=where))
        result[lang] = tuple(entries)
    return result


def _examples(reader: _Reader, rule: dict) -> dict[str, Examples]:
    by_lang = reader.languages(rule, "examples")
    result = {}
    for lang, block in by_lang.items():
        if not isinstance(block, dict):
            reader.fail(by_lang, lang, f"examples.{lang} must have 'fail' and 'pass' lists")
        reader.unknown_keys(block, {"fail", "pass"}, f"examples.{lang}")
        fails, passes = [], []
        for key, sink in (("fail", fails), ("pass", passes)):
            items = block.get(key)
            if not isinstance(items, list) or not items:
                reader.fail(block, key, f"examples.{lang}.{key} must be a non-empty list")
            for i, item in enumerate(items):
                where = reader.at(items, i)
                if isinstance(item, str):
                    item = {"text": item}
                elif not isinstance(item, dict):
                    reader.fail(items, i, "an example is a string or a mapping with 'text'")
                else:
                    allowed = {"text", "match", "complaint"} if key == "fail" else {"text", "complaint"}
                    reader.unknown_keys(item, allowed, f"a '{key}' example")
                text = reader.string(item, "text")
                complaint = reader.string(item, "complaint", required=False, default=None)
                if key == "fail":
                    match = reader.string(item, "match", required=False, default=None)
                    if match is not None and match not in text:
                        reader.fail(item, "match", "'match' must be a part of the example's text")
                    sink.append(FailExample(text, match, complaint, where))
                else:
                    sink.append(PassExample(text, complaint, where))
        result[lang] = Examples(tuple(fails), tuple(passes))
    return result


def _plain(value):
    """Position-carrying containers -> plain dicts and lists (they get pickled in the cache)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def parse_rule(data: Any, path: str, classes: WordClasses | None = None) -> Rule:
    """Validate one rule file's content into a Rule; `@name` in its patterns names a word class."""
    from ..checks import KINDS

    reader = _Reader(path)
    if not isinstance(data, dict):
        raise PackError(Location(path, 1, 1), "a rule file must be a YAML mapping")
    reader.unknown_keys(data, RULE_KEYS, "a rule")
    rule_id = reader.string(data, "id")
    if not RULE_ID.fullmatch(rule_id):
        odd = next((c for c in rule_id if not RULE_ID.fullmatch("a" + c)), rule_id[0])
        reader.fail(data, "id", f"rule id '{rule_id}' has {odd!r} (U+{ord(odd):04X}): "
                                "ids are ASCII letters, digits, '-', '_' and '.'")
    stem = Path(path).stem
    if stem != rule_id:
        reader.fail(data, "id", f"rule id '{rule_id}' must equal the file name '{stem}'")
    kind = reader.string(data, "kind")
    if kind not in KINDS:
        reader.fail(data, "kind", f"unknown kind '{kind}' (use one of {', '.join(sorted(KINDS))})")
    severity = reader.string(data, "severity")
    if severity not in SEVERITIES:
        reader.fail(data, "severity", f"severity must be one of {', '.join(SEVERITIES)}")
    skip_negated = reader.boolean(data, "skip_negated", False)
    roles = {role: _patterns(reader, data, role, skip_negated, classes or {}) for role in ROLES}
    suggest_block = reader.languages(data, "suggest")
    suggestions = {}
    for lang, items in suggest_block.items():
        if not isinstance(items, list) or not all(isinstance(s, str) and s.strip() for s in items):
            reader.fail(suggest_block, lang, f"suggest.{lang} must be a list of strings")
        suggestions[lang] = tuple(s.strip() for s in items)
    options = reader.mapping(data, "options")
    KINDS[kind].validate_options(options, lambda key, problem: reader.fail(options, key, problem))
    replacements = _replacements(reader, data, kind)
    condition_scopes = {key: _condition_scope(reader, data, key, kind) for key in ("unless_scope", "requires_scope")}
    examples = _examples(reader, data)
    for lang in replacements:
        if lang not in roles["patterns"]:
            reader.fail(data, "replace", f"replace for '{lang}' needs patterns for '{lang}'")
    for lang in roles["patterns"]:
        if lang not in examples:
            reader.fail(data, "patterns", f"patterns for '{lang}' need fail and pass examples for '{lang}'")
    if not examples:
        reader.fail(data, "id", "a rule needs fail and pass examples for at least one language")
    return Rule(
        id=rule_id,
        kind=kind,
        severity=severity,
        message=reader.texts(data, "message"),
        why=reader.texts(data, "why"),
        hint=reader.texts(data, "hint", required=False),
        location=Location(path, 1, 1),
        patterns=roles["patterns"],
        unless=roles["unless"],
        requires=roles["requires"],
        suggestions=suggestions,
        replacements=replacements,
        examples=examples,
        options=_plain(options),
        **condition_scopes,
    )


def _condition_scope(reader: _Reader, rule: dict, key: str, kind: str) -> str:
    """`reply` (the default) or `sentence`: only a phrase rule has matches with a sentence of their own."""
    value = rule.get(key, "reply")
    if value not in CONDITION_SCOPES:
        reader.fail(rule, key, f"{key} must be one of {', '.join(CONDITION_SCOPES)}")
    if value == "sentence" and kind != "phrase":
        reader.fail(rule, key, f"{key}: sentence needs a phrase rule (a '{kind}' rule has no matched sentence)")
    return value


def _weights(path: Path) -> dict[str, int]:
    data = read_yaml(path)
    reader = _Reader(str(path))
    if data is None:
        return dict(DEFAULT_WEIGHTS)
    if not isinstance(data, dict):
        raise PackError(Location(str(path), 1, 1), "pack settings must be a YAML mapping")
    reader.unknown_keys(data, {"weights"}, "pack settings")
    weights = reader.mapping(data, "weights")
    result = dict(DEFAULT_WEIGHTS)
    for severity, value in weights.items():
        if severity not in SEVERITIES:
            reader.fail(weights, severity, f"unknown severity '{severity}'")
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 100:
            reader.fail(weights, severity, "a weight is a whole number from 0 to 100")
        result[severity] = value
    return result


def _word_classes(path: Path, classes: WordClasses) -> None:
    """Add the classes of one `_classes.yml` to `classes`: a class named again (a team's pack)
    gets the new words added, so a word added once helps every rule that uses the class."""
    data = read_yaml(path)
    reader = _Reader(str(path))
    if data is None:
        return
    if not isinstance(data, dict):
        raise PackError(Location(str(path), 1, 1), "word classes must be a YAML mapping of class names")
    for name, block in data.items():
        if not isinstance(name, str) or not _CLASS_NAME.fullmatch(name) or name in _RESERVED_CLASSES:
            reader.fail_key(data, name, f"a class name is lower-case ASCII words joined by '-', not '{name}'")
        if not isinstance(block, dict):
            reader.fail(data, name, f"class '{name}' must map languages (and 'about') to word lists")
        reader.unknown_keys(block, set(languages.codes()) | {"about"}, f"word class '{name}'")
        target = classes.setdefault(name, {})
        for lang, words in block.items():
            if lang == "about":
                continue
            if not isinstance(words, list) or not words or not all(isinstance(w, str) and w.strip() for w in words):
                reader.fail(block, lang, f"{name}.{lang} must be a non-empty list of words")
            for number, word in enumerate(words):
                if len(word.split()) != 1 or "@" in word or "|" in word:
                    reader.fail(words, number, f"'{word}': a class member is one pattern word (no spaces, '|' or '@')")
            merged = dict.fromkeys((*target.get(lang, ()), *(w.strip() for w in words)))
            target[lang] = tuple(merged)


def _check_references(rules: dict[str, Rule]) -> None:
    """A rule whose options name other rules (`addressed_by`) needs them in the final pack."""
    from ..checks import KINDS

    for rule in rules.values():
        references = getattr(KINDS[rule.kind], "references", None)
        for other in references(rule.options) if references else ():
            if other not in rules:
                raise PackError(rule.location, f"rule '{rule.id}' names rule '{other}', which is not in the pack")


def load_pack(extra: tuple[Path, ...] = (), *, builtin: bool = True) -> RulePack:
    """The built-in pack, then each extra file or directory; a later rule replaces an earlier
    one with the same id (a team's override), but one source may not define an id twice.
    Word classes are read from every source first, so a team's words reach built-in rules."""
    sources: list[Path] = ([builtin_rules_dir()] if builtin else []) + list(extra)
    rules: dict[str, Rule] = {}
    weights = dict(DEFAULT_WEIGHTS)
    classes: WordClasses = {}
    for source in sources:
        if source.is_dir() and (source / WORD_CLASSES_FILE).exists():
            _word_classes(source / WORD_CLASSES_FILE, classes)
    for source in sources:
        seen_here: dict[str, str] = {}
        files = rule_files(source)  # first: it turns an unreadable source into a PackError
        if source.is_dir() and (source / PACK_SETTINGS_FILE).exists():
            weights = _weights(source / PACK_SETTINGS_FILE)
        for path in files:
            rule = parse_rule(read_yaml(path), str(path), classes)
            if rule.id in seen_here:
                raise PackError(
                    Location(str(path), 1, 1),
                    f"duplicate rule id '{rule.id}' (also in {seen_here[rule.id]})",
                )
            seen_here[rule.id] = str(path)
            rules[rule.id] = rule
    _check_references(rules)
    return RulePack(
        rules=tuple(rules.values()),
        weights=weights,
        sources=tuple(str(s) for s in sources),
        classes=classes,
    )
