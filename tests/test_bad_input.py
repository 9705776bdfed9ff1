"""The bad-input matrix, end to end through the real CLI: every odd, broken or hostile input
gives its documented behaviour (README "Errors and limits"), one-line errors `path:line:col:`,
no traceback, and the other files of the same run are still linted."""
import codecs
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from replylint import inputs
from replylint.cli import main

DEBT = "Здравствуйте!\nМы аннулировали ваш долг за вторые сутки.\n"
DEBT_SPAN = (2, 4, "аннулировали ваш долг")  # line, column, flagged text
ERROR_LINE = re.compile(r"^replylint: error: [^\n]+:\d+:\d+: [^\n]+$")
MiB = 1024 * 1024


def check(*paths, args=(), input=None):
    return CliRunner().invoke(
        main, ["check", *map(str, paths), "--format", "json", "--select", "debt-wording", *args],
        input=input, catch_exceptions=False)


@dataclass(frozen=True)
class Case:
    """`make` writes the input under tmp_path and returns the paths to pass; `error` is
    (path ending, line, column, key word) of the one expected error, `notice` a word of the
    expected notice, `finding` (line, column, text) of the debt-wording finding expected."""

    id: str
    make: object
    error: tuple | None = None
    notice: str | None = None
    finding: tuple | None = None
    results: int | None = None  # results from the case's own input (default: 0 on error, else 1)
    args: tuple = ()
    slow: bool = False  # excluded from the quick loop (`pytest -m "not slow"`)
    not_linted: bool = False  # no rule could be applied: a not-linted finding and a warning


def _write(name, data):
    def make(tmp, _monkeypatch):
        path = tmp / name
        if isinstance(data, str):
            path.write_text(data, encoding="utf-8", newline="")
        else:
            path.write_bytes(data)
        return [path]
    return make


def _sparse(size):
    def make(tmp, _monkeypatch):
        path = tmp / "huge.txt"
        with open(path, "wb") as handle:
            handle.truncate(size)  # sparse: 50 MB on disk in no time
        return [path]
    return make


def _long_line(tmp, _monkeypatch):
    filler = ("Здравствуйте, спасибо за обращение " * 30000)[:1_000_000 - 25]
    path = tmp / "long.txt"
    path.write_text(filler + "Мы аннулировали ваш долг.", encoding="utf-8")
    return [path]


def _many_files(tmp, _monkeypatch):
    folder = tmp / "many"
    folder.mkdir()
    for i in range(10_000):
        (folder / f"r{i:05}.txt").write_text("Спасибо, мы вернули деньги.\n", encoding="utf-8")
    return [folder]


def _symlink_loop(tmp, _monkeypatch):
    tree = tmp / "tree"
    (tree / "sub").mkdir(parents=True)
    (tree / "a.txt").write_text("Спасибо!", encoding="utf-8")
    (tree / "sub" / "b.txt").write_text("Спасибо!", encoding="utf-8")
    os.symlink(tree, tree / "sub" / "back")  # tree/sub/back/sub/back/… without end
    os.symlink(tree / "sub", tree / "sub" / "self")
    return [tree]


def _file_symlink_loop(tmp, _monkeypatch):
    path = tmp / "self.txt"
    os.symlink(path, path)
    return [path]


def _loop_in_directory(tmp, _monkeypatch):
    folder = tmp / "drafts"
    folder.mkdir()
    (folder / "a.txt").write_text("Спасибо!", encoding="utf-8")
    os.symlink(folder / "self.txt", folder / "self.txt")
    return [folder]


def _unreadable_file(tmp, monkeypatch):
    path = tmp / "locked.txt"
    path.write_text(DEBT, encoding="utf-8")
    real = inputs.read_limited

    def read_limited(file, limit):  # root reads anything, so the refusal is simulated
        if Path(file).name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(file))
        return real(file, limit)
    monkeypatch.setattr(inputs, "read_limited", read_limited)
    return [path]


def _unreadable_directory(tmp, monkeypatch):
    folder = tmp / "drafts"
    (folder / "locked").mkdir(parents=True)
    (folder / "a.txt").write_text("Спасибо!", encoding="utf-8")
    real = os.scandir

    def scandir(path="."):
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)
    monkeypatch.setattr(os, "scandir", scandir)
    return [folder]


def _nothing_to_lint(tmp, _monkeypatch):
    folder = tmp / "drafts"
    folder.mkdir()
    (folder / "notes.docx").write_bytes(b"PK")
    (folder / ".hidden.txt").write_text(DEBT, encoding="utf-8")
    return [folder]


def _jsonl(lines):
    def make(tmp, _monkeypatch):
        path = tmp / "batch.jsonl"
        path.write_bytes(b"\n".join(lines) + b"\n")
        return [path]
    return make


def _record(reply, **fields):
    return json.dumps({"reply": reply, **fields}, ensure_ascii=False).encode()


def _csv(text):
    def make(tmp, _monkeypatch):
        path = tmp / "templates.csv"
        path.write_text(text, encoding="utf-8")
        return [path]
    return make


def _odd_name(tmp, _monkeypatch):
    path = tmp / "bad\nname\x1b[31m.txt"
    path.write_bytes(b"caf\xe9 \xff")
    return [path]


def _alias_bomb(tmp, _monkeypatch):
    """Nine nested lists of nine aliases: 9**9 values from 300 bytes once expanded."""
    lines, previous = ["a: &a [x, x, x, x, x, x, x, x, x]"], "a"
    for name in "bcdefghi":
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
        previous = name
    path = tmp / "bomb.yml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return [path]


def _jsonl_long_line(tmp, _monkeypatch):
    path = tmp / "batch.jsonl"
    path.write_bytes(_record("Спасибо!") + b"\n" + b"a" * 5000 + b"\n" + _record("Спасибо!"))
    return [path]


UTF16_LE = DEBT.encode("utf-16-le")
UTF16_BE = DEBT.encode("utf-16-be")
EMOJI = "👋🏽 Hello! 你好. Здравствуйте!\nМы 😀 аннулировали ваш долг 🙏 за сутки.\n"
CONTROL = "\x1b[1mЗдравствуйте!\x1b[0m\x07\nМы\x0c аннулировали\u200b ваш долг.\x7f\n"

CASES = [
    Case("empty", _write("empty.txt", b""), notice="empty", not_linted=True),
    Case("whitespace-only", _write("blank.txt", " \n\t \r\n  \n"), notice="empty", not_linted=True),
    Case("binary", _write("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))),
         error=("image.txt", 1, 1, "binary")),
    Case("invalid-utf8", _write("broken.txt", DEBT.encode().replace("аннулировали".encode(), b"\xff\xfe")),
         error=("broken.txt", 2, 4, "UTF-8")),
    Case("latin1-not-cyrillic", _write("latin.txt", "Hello,\nthe café is closed.\n".encode("latin-1")),
         error=("latin.txt", 2, 8, "UTF-8")),
    Case("utf16-le-bom", _write("u16.txt", codecs.BOM_UTF16_LE + UTF16_LE), notice="utf-16", finding=DEBT_SPAN),
    Case("utf16-be-bom", _write("u16.txt", codecs.BOM_UTF16_BE + UTF16_BE), notice="utf-16", finding=DEBT_SPAN),
    Case("utf16-le-no-bom", _write("u16.txt", UTF16_LE), notice="utf-16-le", finding=DEBT_SPAN),
    Case("utf16-be-no-bom", _write("u16.txt", UTF16_BE), notice="utf-16-be", finding=DEBT_SPAN),
    Case("utf16-bom-truncated", _write("u16.txt", codecs.BOM_UTF16_LE + UTF16_LE[:-1]),
         error=("u16.txt", 1, 1, "UTF-16")),
    Case("utf8-bom", _write("bom.txt", codecs.BOM_UTF8 + DEBT.encode()), finding=DEBT_SPAN),
    Case("cp1251", _write("cp.txt", DEBT.encode("cp1251")), notice="cp1251", finding=DEBT_SPAN),
    Case("koi8-r", _write("koi.txt", DEBT.encode("koi8-r")), notice="koi8-r", finding=DEBT_SPAN),
    Case("koi8-u", _write("koi.txt", "Добрий день! Дякуємо, що ви з нами, і вибачте.\n".encode("koi8-u")),
         notice="koi8-u"),
    Case("cp1251-all-caps", _write("caps.txt", "ВНИМАНИЕ! МЫ АННУЛИРОВАЛИ ВАШ ДОЛГ.\n".encode("cp1251")),
         notice="cp1251"),
    Case("50MB-over-limit", _sparse(50 * MiB), error=("huge.txt", 1, 1, "--max-bytes")),
    Case("50MB-limit-raised", _sparse(50 * MiB), error=("huge.txt", 1, 1, "binary"), args=("--max-bytes", str(60 * MiB))),
    Case("line-of-1M-chars", _long_line, finding=(1, 1_000_000 - 25 + 4, "аннулировали ваш долг")),
    Case("10000-files", _many_files, results=10_000, slow=True),
    Case("directory-symlink-loop", _symlink_loop, results=2),
    Case("file-symlink-loop", _file_symlink_loop, error=("self.txt", 1, 1, "cannot read")),
    Case("file-symlink-loop-in-a-directory", _loop_in_directory, error=("self.txt", 1, 1, "cannot read"), results=1),
    Case("unreadable-file", _unreadable_file, error=("locked.txt", 1, 1, "permission denied")),
    Case("unreadable-directory", _unreadable_directory, error=("locked", 1, 1, "cannot read directory"),
         results=1),
    Case("no-such-path", lambda tmp, _m: [tmp / "nope.txt"], error=("nope.txt", 1, 1, "no such file")),
    Case("directory-with-nothing-to-lint", _nothing_to_lint, error=("drafts", 1, 1, "nothing to lint")),
    Case("mixed-scripts-and-emoji", _write("emoji.txt", EMOJI), finding=(2, 6, "аннулировали ваш долг")),
    Case("control-characters", _write("ctrl.txt", CONTROL), finding=(2, 5, "аннулировали\u200b ваш долг")),
    Case("crlf-line-ends", _write("crlf.txt", DEBT.replace("\n", "\r\n")), finding=DEBT_SPAN),
    Case("odd-file-name", _odd_name, error=("txt", 1, 4, "UTF-8")),
    Case("jsonl-broken-line", _jsonl([_record(DEBT, id="r1"), b'{"id": "r2", "reply": ', _record("Спасибо!")]),
         error=("batch.jsonl", 2, 23, "invalid JSON"), results=2),
    Case("jsonl-invalid-utf8-line", _jsonl([_record("Спасибо!"), b'{"reply": "\xff"}', _record("Спасибо!")]),
         error=("batch.jsonl", 2, 12, "UTF-8"), results=2),
    Case("jsonl-not-a-record", _jsonl([b"[1, 2]", _record(DEBT)]), error=("batch.jsonl", 1, 1, "reply"), results=1),
    Case("jsonl-lone-surrogate", _jsonl([b'{"id": "x\\ud800", "reply": "\\udc00 \xd0\x9c\xd1\x8b"}']),
         notice="surrogate"),
    Case("jsonl-unknown-lang", _jsonl([_record(DEBT, lang="xx"), _record(DEBT, lang="RU")]),
         notice="not supported", results=2, not_linted=True),
    Case("csv-missing-cell", _csv("id,text\n1,Спасибо!\n2\n3,\"Мы аннулировали ваш долг.\"\n"),
         error=("templates.csv", 3, 1, "no cell"), results=2),
    Case("yaml-alias-bomb", _alias_bomb, error=("bomb.yml", 4, 4, "aliases")),
    Case("yaml-recursive-alias", _write("rec.yml", "a: &r [*r]\n"), error=("rec.yml", 1, 4, "alias")),
    Case("yaml-lists-700-deep", _write("deep.yml", "t: " + "[" * 700 + "]" * 700 + "\n"),
         error=("deep.yml", 1, 103, "nested")),
    Case("nul-after-the-first-8KiB", _write("late-nul.txt", "Спасибо! " * 1000 + "\x00"),
         error=("late-nul.txt", 1, 1, "binary")),
    Case("jsonl-lines-over-the-limit", _jsonl_long_line, args=("--max-bytes", "1000"),
         error=("batch.jsonl", 2, 1, "limit"), results=2),
    Case("csv-missing-column", _csv("id,body_html\n1,Спасибо!\n"), error=("templates.csv", 1, 1, "no column"),
         results=0),
]


@pytest.mark.parametrize("case", [pytest.param(c, id=c.id, marks=[pytest.mark.slow] if c.slow else [])
                                  for c in CASES])
def test_bad_input(case, tmp_path, monkeypatch):
    good = tmp_path / "good.txt"
    good.write_text(DEBT, encoding="utf-8")
    paths = case.make(tmp_path, monkeypatch)
    started = time.monotonic()
    result = check(*paths, good, args=case.args)
    assert time.monotonic() - started < 60

    assert "Traceback" not in result.output and "Traceback" not in result.stderr
    assert result.exit_code == (2 if case.error else 1)  # an error wins over findings
    data = json.loads(result.stdout)
    by_path = {}
    for record in data["results"]:
        by_path.setdefault(record["path"], []).append(record)

    # The other file of the run was linted all the same.
    (other,) = by_path.pop(str(good))
    assert [(f["line"], f["column"], f["text"]) for f in other["findings"]] == [DEBT_SPAN]

    lines = [line for line in result.stderr.splitlines() if line.strip()]
    warnings = [line for line in lines if line.startswith("replylint: warning: ")]
    errors = [line for line in lines if line not in warnings]
    assert all(ERROR_LINE.match(line) for line in errors), errors
    assert len(warnings) == case.not_linted and all("not linted" in line for line in warnings), warnings
    if case.error:
        suffix, line, column, word = case.error
        (error,) = data["errors"]
        assert error["path"].endswith(suffix) and (error["line"], error["column"]) == (line, column), error
        assert word.lower() in error["message"].lower()
        assert len(errors) == 1 and f":{line}:{column}: " in errors[0]
    else:
        assert data["errors"] == [] and errors == []

    own = [r for records in by_path.values() for r in records]
    assert len(own) == (case.results if case.results is not None else 0 if case.error else 1)
    if case.notice:
        assert any(case.notice in notice for r in own for notice in r["notices"]), own
    not_linted = [f for r in own for f in r["findings"] if f["rule"] == "not-linted"]
    assert len(not_linted) == case.not_linted and all(f["text"] == "" for f in not_linted)
    if case.finding:
        (record,) = own
        assert [(f["line"], f["column"], f["text"]) for f in record["findings"]] == [case.finding]


def test_max_bytes_refuses_and_admits():
    """The limit is an option both ways: a reply over it is refused, raising it lets it in."""
    runner = CliRunner()
    with runner.isolated_filesystem():
        Path("draft.txt").write_text(DEBT * 40, encoding="utf-8")
        refused = check("draft.txt", args=("--max-bytes", "1000"))
        assert refused.exit_code == 2 and "draft.txt:1:1:" in refused.stderr and "--max-bytes" in refused.stderr
        admitted = check("draft.txt", args=("--max-bytes", "100000"))
        assert admitted.exit_code == 1 and json.loads(admitted.stdout)["errors"] == []


def test_stdin_legacy_encoding_and_binary():
    decoded = check("-", input=DEBT.encode("cp1251"))
    assert decoded.exit_code == 1
    (record,) = json.loads(decoded.stdout)["results"]
    assert record["notices"] == ["decoded as cp1251"] and record["findings"][0]["column"] == 4
    binary = check("-", input=b"\x00\x01\x02\x03" * 10)
    assert binary.exit_code == 2 and binary.stderr.strip().endswith("<stdin>:1:1: binary file (contains NUL bytes), not a text reply")


def test_stdin_over_the_limit():
    result = check("-", args=("--max-bytes", "10"), input=DEBT)
    assert result.exit_code == 2 and "<stdin>:1:1:" in result.stderr


def _console_script() -> str:
    return shutil.which("replylint") or str(Path(sys.executable).with_name("replylint"))


needs_dev_zero = pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")


@needs_dev_zero
@pytest.mark.parametrize("path", ["/dev/stdin", "-"])
def test_an_endless_stdin_is_read_up_to_the_limit(path):
    """A pipe has no size to check beforehand: the limit is counted as the bytes arrive."""
    with open("/dev/zero", "rb") as endless:
        proc = subprocess.run([_console_script(), "check", path, "--max-bytes", "1000"], stdin=endless,
                              capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert re.search(r":1:1: .*over the limit of 1000 bytes", proc.stderr), proc.stderr


@needs_dev_zero
def test_a_device_is_read_up_to_the_limit(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(DEBT, encoding="utf-8")
    result = check("/dev/zero", good, args=("--max-bytes", "1000"))
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    assert [e["path"] for e in data["errors"]] == ["/dev/zero"] and "1000" in data["errors"][0]["message"]
    assert [r["path"] for r in data["results"]] == [str(good)]


@needs_dev_zero
@pytest.mark.parametrize("option", ["--complaint", "--config", "--rules"])
def test_option_files_are_read_up_to_a_limit(option, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(DEBT, encoding="utf-8")
    result = check(good, args=(option, "/dev/zero"))
    assert result.exit_code == 2 and "Traceback" not in result.output
    (message,) = result.stderr.strip().splitlines()
    assert ERROR_LINE.match(message) and "/dev/zero:1:1:" in message and "over the limit" in message


def _fifo(path: Path) -> Path:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    os.mkfifo(path)
    return path


def _unblock_later(fifo: Path) -> threading.Timer:
    """If the run opened the FIFO to read it, it would wait for a writer for ever: after a
    while, open it for writing, so that a wrong run fails its test instead of hanging."""
    def unblock():
        with open(fifo, "wb"):
            pass
    timer = threading.Timer(20, unblock)
    timer.daemon = True
    timer.start()
    return timer


def test_a_walk_skips_a_fifo_with_a_notice(tmp_path):
    folder = tmp_path / "drafts"
    folder.mkdir()
    (folder / "b.txt").write_text(DEBT, encoding="utf-8")
    fifo = _fifo(folder / "a.txt")
    timer = _unblock_later(fifo)
    started = time.monotonic()
    result = check(folder)
    timer.cancel()
    assert time.monotonic() - started < 15
    assert result.exit_code == 1  # a notice, not an error: the findings decide
    data = json.loads(result.stdout)
    assert data["errors"] == [] and [r["path"] for r in data["results"]] == [str(folder / "b.txt")]
    (notice,) = result.stderr.strip().splitlines()
    assert notice.startswith("replylint: notice: ") and f"{fifo}:1:1:" in notice and "FIFO" in notice


# 50,000 bytes fit a pipe's buffer: the writer is done before the reader stops at the limit.
@pytest.mark.parametrize("size, error", [(len(DEBT.encode()), False), (50_000, True)])
def test_a_named_fifo_is_read_up_to_the_limit(size, error, tmp_path):
    fifo = _fifo(tmp_path / "draft.txt")
    data = (DEBT.encode() * (size // len(DEBT.encode()) + 1))[:size]

    def write():
        try:
            with open(fifo, "wb") as out:
                out.write(data)
        except BrokenPipeError:  # the reader stopped at the limit
            pass
    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    result = check(fifo, args=("--max-bytes", "1000"))
    writer.join(20)
    assert result.exit_code == (2 if error else 1)
    record = json.loads(result.stdout)
    if error:
        assert "over the limit of 1000 bytes" in record["errors"][0]["message"]
    else:
        assert record["results"][0]["findings"][0]["text"] == DEBT_SPAN[2]


def _undecodable_names(tmp_path) -> Path:
    """A folder with a reply and an unreadable (binary) file, both named with bytes that are
    not UTF-8."""
    folder = tmp_path / "names"
    folder.mkdir()
    try:
        with open(os.path.join(os.fsencode(folder), b"bad\xff\xfe.txt"), "wb") as out:
            out.write(DEBT.encode())
        with open(os.path.join(os.fsencode(folder), b"nul\xff.txt"), "wb") as out:
            out.write(b"\x00\x01\x02")
    except (OSError, UnicodeError):
        pytest.skip("this file system refuses names that are not UTF-8")
    return folder


QUOTED = {  # how each format writes the name, as git quotes it (percent-encoded in a URI)
    "text": '"names/bad\\377\\376.txt"',
    "json": '\\"names/bad\\\\377\\\\376.txt\\"',
    "github": 'file="names/bad\\377\\376.txt"',
    "html": "&quot;names/bad\\377\\376.txt&quot;",
    "sarif": '"uri": "names/bad%FF%FE.txt"',
}


@pytest.mark.parametrize("output_format", sorted(QUOTED))
def test_file_names_that_are_not_utf8_are_quoted_in_every_format(output_format, tmp_path, monkeypatch):
    _undecodable_names(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check", "names", "--format", output_format, "--no-color"])
    assert result.exit_code == 2
    out = result.stdout_bytes.decode("utf-8")  # valid UTF-8, or this raises
    assert QUOTED[output_format] in out
    (error,) = result.stderr_bytes.decode("utf-8").strip().splitlines()
    assert ERROR_LINE.match(error) and '"names/nul\\377.txt":1:1: binary' in error


def test_json_of_an_undecodable_name_under_a_strict_utf8_stdout(tmp_path):
    folder = _undecodable_names(tmp_path)
    proc = subprocess.run([_console_script(), "check", str(folder), "--format", "json"], capture_output=True,
                          timeout=60, env={**os.environ, "PYTHONIOENCODING": "utf-8:strict"})
    assert proc.returncode == 2 and b"Traceback" not in proc.stderr
    data = json.loads(proc.stdout.decode("utf-8"))
    assert [r["path"] for r in data["results"]] == ['"' + str(folder) + '/bad\\377\\376.txt"']


def test_text_format_shows_the_decoding_notice(tmp_path):
    path = tmp_path / "cp.txt"
    path.write_bytes(DEBT.encode("cp1251"))
    result = CliRunner().invoke(main, ["check", str(path), "--select", "debt-wording"])
    assert result.exit_code == 1 and "note: decoded as cp1251" in result.stdout


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads any file")
def test_really_unreadable_file(tmp_path):
    locked = tmp_path / "locked.txt"
    locked.write_text(DEBT, encoding="utf-8")
    locked.chmod(0)
    result = check(locked)
    assert result.exit_code == 2 and result.stderr.strip().endswith("locked.txt:1:1: permission denied")


def test_a_reply_that_breaks_the_engine_costs_only_that_reply(tmp_path, monkeypatch):
    """Defence in depth: an unexpected exception on one reply is that reply's error."""
    from replylint import engine

    real = engine.Linter.lint

    def lint(self, reply):
        if "boom" in reply.text:
            raise RuntimeError("boom")
        return real(self, reply)
    monkeypatch.setattr(engine.Linter, "lint", lint)
    (tmp_path / "a.txt").write_text("boom", encoding="utf-8")
    (tmp_path / "b.txt").write_text(DEBT, encoding="utf-8")
    result = check(tmp_path)
    assert result.exit_code == 2 and "Traceback" not in result.output
    data = json.loads(result.stdout)
    assert [r["path"].endswith("b.txt") for r in data["results"]] == [True]
    assert data["errors"][0]["path"].endswith("a.txt") and "internal error" in data["errors"][0]["message"]


# 300,000 characters each: linear, a fraction of a second; quadratic, hours.
HOSTILE = {
    "dots": "." * 300_000,
    "guillemets": "«" * 300_000,
    "double-braces": "{{" * 150_000,
    "dollar-braces": "${" * 150_000,
    "brackets": "[[" * 150_000,
    "low-quotes": "„" * 300_000,
    "word-dot": "a." * 150_000,
    "placeholders-and-words": "{a} слово " * 30_000,
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_text_is_linted_in_linear_time(name, linter):
    """Crafted text that made the segmenter's or tokenizer's regular expressions quadratic."""
    from replylint.model import Reply

    started = time.monotonic()
    linter.lint(Reply(path="x", text=HOSTILE[name]))
    assert time.monotonic() - started < 15


HOSTILE_FILES = {
    # Quadratic, 100,000 nested tags took an hour (20,000: 85 s); linear, a second.
    "nested-tags.html": "<div>" * 100_000 + DEBT + "</div>" * 100_000,
    "nested-tags.md": "<div>" * 100_000 + DEBT + "</div>" * 100_000,
    "unclosed-link-targets.md": "[a](" * 100_000,
    "unclosed-images.md": "![" * 100_000 + "![a](" * 100_000,
    "blank-table-row.md": "|-" * 100_000 + " " * 100_000 + "x",
    "unclosed-comments.html": "<!--" * 50_000,
    "unclosed-scripts.html": "<script>" * 25_000,
    "suppression-markers.txt": "<!-- replylint-disable" * 10_000,
}


@pytest.mark.parametrize("name", sorted(HOSTILE_FILES))
def test_hostile_templates_are_read_in_linear_time(name, tmp_path):
    path = tmp_path / name
    path.write_text(HOSTILE_FILES[name], encoding="utf-8")
    started = time.monotonic()
    result = check(path)
    assert result.exit_code in (0, 1) and time.monotonic() - started < 15


# Rule packs: every broken team pack is refused with exit 2 and one line `file:line:col: …`.
RULE = """\
id: my-rule
kind: phrase
severity: warning
message: Do not say this.
why: It hurts.
patterns:
  ru: ["аннулировать ~1 долг"]
examples:
  ru:
    fail: [{text: "Мы аннулировали ваш долг.", match: "аннулировали ваш долг"}]
    pass: ["Мы вернули деньги."]
"""

PACK_CASES = {
    "invalid-yaml": (RULE.replace("severity: warning", "severity: [warning"), (4, 8), "invalid YAML"),
    "unknown-key": (RULE + "colour: red\n", (12, 1), "unknown key 'colour'"),
    "wrong-type": (RULE.replace("severity: warning", "severity: 5"), (3, 11), "severity"),
    "unknown-grammeme": (RULE.replace('"аннулировать ~1 долг"', '"аннулировать<BADGRAM>"'), (7, 8), "unknown grammeme"),
    "unknown-language": (RULE.replace("  ru: [\"аннулировать ~1 долг\"]", "  ru: [\"аннулировать ~1 долг\"]\n  xx: [\"y\"]"),
                         (8, 3), "unknown language"),
    "rule-without-examples": (RULE.split("examples:")[0], (7, 3), "examples"),
    "example-does-not-fire": (RULE.replace('"аннулировать ~1 долг"', '"простить долг"'), (10, 12), "must fire"),
    "example-flags-a-pass-text": (RULE.replace('pass: ["Мы вернули деньги."]', 'pass: ["Мы аннулировали долг."]'),
                                  (11, 12), "must not fire"),
    "example-flags-other-words": (RULE.replace('match: "аннулировали ваш долг"', 'match: "ваш долг"'),
                                  (10, 12), "must flag exactly"),
    "yaml-tag": (RULE.replace("message: Do not say this.", "message: !!python/object/apply:os.system ['true']"),
                 (4, 10), "invalid YAML"),
    "recursive-alias": (RULE + "options: &r {x: *r}\n", (12, 10), "invalid YAML"),
    # Where a too-deep document is reported depends on the YAML library's own limits (PyYAML 6.0.4
    # stops the parser at its depth limit, 6.0.3 ran into Python's recursion limit): the contract is
    # one line naming the file with some position, not the library's position or wording.
    "nested-too-deeply": (RULE + "options: " + "[" * 5000 + "]" * 5000 + "\n", None, "invalid YAML"),
    "pattern-too-long": (RULE.replace('"аннулировать ~1 долг"', '"' + " ".join(["долг"] * 100) + '"'), (7, 8), "at most"),
    "not-utf8": (RULE.encode("cp1251"), (7, 1), "UTF-8"),
}


@pytest.mark.parametrize("name", sorted(PACK_CASES))
def test_broken_team_pack_is_one_line_error(name, tmp_path):
    text, position, word = PACK_CASES[name]
    rules = tmp_path / "team"
    rules.mkdir()
    rule_file = rules / "my-rule.yml"
    if isinstance(text, bytes):
        rule_file.write_bytes(text)
    else:
        rule_file.write_text(text, encoding="utf-8")
    draft = tmp_path / "draft.txt"
    draft.write_text(DEBT, encoding="utf-8")
    result = check(draft, args=("--rules", str(rules)))
    assert result.exit_code == 2 and "Traceback" not in result.output
    (message,) = result.stderr.strip().splitlines()
    assert ERROR_LINE.match(message), message
    where = rf"{position[0]}:{position[1]}" if position else r"\d+:\d+"
    assert re.search(rf"my-rule\.yml:{where}: ", message) and word in message, message


def test_duplicate_rule_id_and_missing_or_unreadable_pack(tmp_path, monkeypatch):
    draft = tmp_path / "draft.txt"
    draft.write_text(DEBT, encoding="utf-8")
    rules = tmp_path / "team"
    rules.mkdir()
    (rules / "my-rule.yml").write_text(RULE, encoding="utf-8")
    (rules / "my-rule.yaml").write_text(RULE, encoding="utf-8")
    duplicate = check(draft, args=("--rules", str(rules)))
    assert duplicate.exit_code == 2 and ERROR_LINE.match(duplicate.stderr.strip())
    assert "duplicate rule id 'my-rule'" in duplicate.stderr

    missing = check(draft, args=("--rules", str(tmp_path / "nowhere")))
    assert missing.exit_code == 2 and "nowhere:1:1: rule pack path does not exist" in missing.stderr

    (rules / "my-rule.yaml").unlink()
    real = Path.iterdir

    def iterdir(self):
        if self.name == "team":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)
    monkeypatch.setattr(Path, "iterdir", iterdir)
    unreadable = check(draft, args=("--rules", str(rules), "--no-cache"))
    assert unreadable.exit_code == 2 and ERROR_LINE.match(unreadable.stderr.strip())
    assert "team:1:1: cannot read rule pack" in unreadable.stderr


def test_selftest_lists_every_misbehaving_example_while_check_stops_at_the_first(tmp_path):
    """The choice: `check --rules` verifies a team pack's examples on every run (a few
    milliseconds) and refuses it at the first that misbehaves; `selftest` lists them all."""
    rules = tmp_path / "team"
    rules.mkdir()
    broken = RULE.replace('"аннулировать ~1 долг"', '"простить долг"').replace(
        'pass: ["Мы вернули деньги."]', 'pass: ["Мы простили долг."]')
    (rules / "my-rule.yml").write_text(broken, encoding="utf-8")
    listed = CliRunner().invoke(main, ["selftest", "--rules", str(rules), "--select", "my-rule"])
    assert listed.exit_code == 1 and "Traceback" not in listed.output
    assert "0 passed, 2 failed" in listed.stdout
    draft = tmp_path / "draft.txt"
    draft.write_text(DEBT, encoding="utf-8")
    refused = check(draft, args=("--rules", str(rules)))
    assert refused.exit_code == 2 and refused.stderr.count("\n") == 1


def test_good_team_pack_is_used(tmp_path):
    rules = tmp_path / "team"
    rules.mkdir()
    (rules / "my-rule.yml").write_text(RULE, encoding="utf-8")
    draft = tmp_path / "draft.txt"
    draft.write_text(DEBT, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(draft), "--format", "json", "--select", "my-rule",
                                       "--rules", str(rules)])
    assert result.exit_code == 1
    (record,) = json.loads(result.stdout)["results"]
    assert [(f["rule"], f["text"]) for f in record["findings"]] == [("my-rule", "аннулировали ваш долг")]
