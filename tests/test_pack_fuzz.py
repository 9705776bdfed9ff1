"""Fuzzing the rule loader: the real rule files, mutated (lines deleted, duplicated, swapped,
values replaced by junk of another type, junk lines inserted, files cut short), must each give
either a valid pack or a PackError of one line `file:line:col: problem`, never another
exception. A pack that loads is also compiled for every language and its examples are run,
as `replylint check --rules` does (alone, so an example may fail: that too must be one line)."""
import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from replylint.pack.compile import CompiledPack
from replylint.pack.load import PackError, load_pack
from replylint.pack.selftest import verify_team_examples
from replylint.pack.sources import WORD_CLASSES_FILE, builtin_rules_dir

RULE_FILES = sorted(p for p in builtin_rules_dir().glob("*.yml") if not p.name.startswith("_"))
# The word classes the rules use as @name: a rule file loads with them, as in the built-in pack.
CLASSES = builtin_rules_dir() / WORD_CLASSES_FILE
# Read once: the strategy must draw the same way every time hypothesis replays an example.
RULE_LINES = {p.name: p.read_text(encoding="utf-8").splitlines() for p in RULE_FILES}
ONE_LINE_ERROR = re.compile(r"^[^\n]+:\d+:\d+: [^\n]+$")
FUZZ_EXAMPLES = 300

# Values of other types and shapes, and fragments of the pattern language gone wrong.
JUNK = ["5", "-1", "3.5", "true", "null", "~", "[]", "{}", "[", "{a: b}", "'unterminated", '"\\x"',
        "!!binary aGk=", "!!python/object:os.system x", "&a [*a]", "*nowhere", "|", ">-", "? x",
        "<BADGRAM>", "слово<NOUN,NOPE>", "~99", "~", "_", "=", "*", "a|", "!", "?", "x?|!y",
        "~5 слово", "слово ~5", "<>", "<,>", "@", "\t", "\x00", "\ufeff", "кот\nпёс", "a" * 300,
        "window: 0", "scope: nowhere", "any_order: yes", "kind: regex", "severity: fatal",
        "fail: []", "pass: [x]", "match: nowhere", "en: [\"x\"]", "xx: [\"y\"]", "options: [1]"]


@st.composite
def mutated(draw):
    name = draw(st.sampled_from(sorted(RULE_LINES)))
    lines = list(RULE_LINES[name])
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["delete", "duplicate", "swap", "value", "insert", "indent", "cut"]))
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "value":
            key, sep, _value = lines[i].partition(": ")
            junk = draw(st.sampled_from(JUNK))
            lines[i] = f"{key}: {junk}" if sep else f"{lines[i][:len(lines[i]) // 2]}{junk}"
        elif op == "insert":
            indent = " " * draw(st.sampled_from([0, 2, 4, 6]))
            lines.insert(i, indent + draw(st.sampled_from(JUNK)))
        elif op == "indent":
            lines[i] = " " * draw(st.integers(0, 7)) + lines[i].lstrip()
        else:
            lines = lines[:i]
    return name, "\n".join(lines) + "\n"


def _companions(name: str) -> list[Path]:
    """The pack-wide word classes and the unmutated rules the file's options name (addressed_by),
    which a rule file needs beside it to load."""
    named = re.findall(r"addressed_by: \[([^\]]*)\]", "\n".join(RULE_LINES[name]))
    rules = [builtin_rules_dir() / f"{rule.strip()}.yml" for group in named for rule in group.split(",")]
    return [CLASSES, *rules]


def _outcome(name: str, text: str, run_examples: bool = True) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        for companion in _companions(name):
            if companion.exists() and companion.name != name:
                (Path(tmp) / companion.name).write_bytes(companion.read_bytes())
        (Path(tmp) / name).write_text(text, encoding="utf-8", errors="surrogatepass")
        try:
            pack = load_pack((Path(tmp),), builtin=False)
            compiled = CompiledPack(pack)
            for lang in ("ru", "uk", "bg", "en"):
                compiled.index(lang)
            if run_examples:
                verify_team_examples(compiled)
        except PackError as exc:
            message = str(exc)
            assert ONE_LINE_ERROR.match(message), message
            assert message.startswith(str(Path(tmp) / name)), message
            return "error"
    return "valid"


@settings(max_examples=FUZZ_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_rule_file_is_a_pack_or_one_line_error(case):
    name, text = case
    event(_outcome(name, text))


def test_the_real_rule_files_load_unmutated():
    # Alone, without the rest of the pack, so their examples are not run here (some depend on
    # the other rules); test_rule_examples runs them in the whole pack.
    for path in RULE_FILES:
        assert _outcome(path.name, path.read_text(encoding="utf-8"), run_examples=False) == "valid", path
