"""`replylint lsp` in a real session: the console script spawned, JSON-RPC with Content-Length
framing over its stdin/stdout, ranges checked against `check --format json` on the same file."""
import json
import os
import queue
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

pytest.importorskip("pygls", reason="the [lsp] extra (pygls) is not installed")

from click.testing import CliRunner  # noqa: E402

from replylint.cli import main  # noqa: E402
from replylint.pack.load import load_pack  # noqa: E402

SEVERITY = {"error": 1, "warning": 2, "suggestion": 3}
# An emoji (two UTF-16 code units, one character) and a skin-tone modifier before the finding.
EMOJI_REPLY = "Добрый день 😀👍🏽! Мы аннулировали ваш долг, вы сами виноваты.\r\nСпасибо 🙏, что написали."


def console_script() -> str:
    exe = Path(sys.executable).with_name("replylint")
    if not exe.exists():
        found = shutil.which("replylint")
        if found is None:
            pytest.skip("the replylint console script is not installed")
        return found
    return str(exe)


class Client:
    """A language client of the smallest kind: requests, notifications, and a queue of what
    the server sent, read by a thread so that a silent server fails the test, never hangs it."""

    def __init__(self, cwd: Path):
        self.process = subprocess.Popen([console_script(), "lsp"], cwd=cwd, stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=os.environ.copy())
        self.inbox: queue.Queue = queue.Queue()
        self.next_id = 0
        self.transcript: list[tuple[str, dict]] = []  # ("->" or "<-", message)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        stream = self.process.stdout
        while True:
            headers = {}
            while True:
                line = stream.readline()
                if not line:
                    return
                if line in (b"\r\n", b"\n"):
                    break
                name, _, value = line.decode("ascii").partition(":")
                headers[name.strip().lower()] = value.strip()
            body = stream.read(int(headers["content-length"]))
            self.inbox.put(json.loads(body.decode("utf-8")))

    def send(self, message: dict) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}, ensure_ascii=False).encode("utf-8")
        self.transcript.append(("->", message))
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def receive(self) -> dict:
        message = self.inbox.get(timeout=60)
        self.transcript.append(("<-", message))
        if "method" in message and "id" in message:  # a request from the server: accept it
            self.send({"id": message["id"], "result": None})
        return message

    def request(self, method: str, params: dict) -> dict:
        self.next_id += 1
        self.send({"id": self.next_id, "method": method, "params": params})
        while True:
            message = self.receive()
            if message.get("id") == self.next_id and "method" not in message:
                assert "error" not in message, message
                return message["result"]

    def notify(self, method: str, params: dict) -> None:
        self.send({"method": method, "params": params})

    def diagnostics(self, uri: str) -> dict:
        """The next publishDiagnostics for `uri`."""
        while True:
            message = self.receive()
            if message.get("method") == "textDocument/publishDiagnostics" and message["params"]["uri"] == uri:
                return message["params"]

    def open(self, path: Path, language: str = "plaintext") -> dict:
        uri = path.as_uri()
        self.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": language, "version": 1, "text": path.read_text(encoding="utf-8")}})
        return self.diagnostics(uri)

    def close(self) -> int:
        self.request("shutdown", None)
        self.notify("exit", None)
        return self.process.wait(timeout=30)


@pytest.fixture
def session(tmp_path):
    client = Client(tmp_path)
    result = client.request("initialize", {
        "processId": os.getpid(), "rootUri": tmp_path.as_uri(),
        "capabilities": {"general": {"positionEncodings": ["utf-16"]},
                         "workspace": {"didChangeWatchedFiles": {"dynamicRegistration": True}},
                         "textDocument": {"publishDiagnostics": {}, "hover": {"contentFormat": ["markdown"]}}}})
    client.initialize_result = result
    client.notify("initialized", {})
    yield client
    if client.process.poll() is None:
        client.process.kill()
        client.process.wait()


def check_json(path: Path) -> list[dict]:
    run = CliRunner().invoke(main, ["check", str(path), "--format", "json", "--fail-on", "none"],
                             catch_exceptions=False)
    return [f for result in json.loads(run.stdout)["results"] for f in result["findings"]]


def utf16_position(text: str, line: int, column: int) -> dict:
    """The LSP position of a 1-based (line, column in code points), worked out independently."""
    lines = re.split(r"\r\n|\r|\n", text)
    before = lines[line - 1][:column - 1]
    return {"line": line - 1, "character": len(before.encode("utf-16-le")) // 2}


def expected_diagnostics(path: Path) -> list[tuple]:
    text = path.read_text(encoding="utf-8")
    return sorted((f["rule"], SEVERITY[f["severity"]], utf16_position(text, f["line"], f["column"]) ["line"],
                   utf16_position(text, f["line"], f["column"])["character"],
                   utf16_position(text, f["end_line"], f["end_column"])["character"]) for f in check_json(path))


def published(diagnostics: list[dict]) -> list[tuple]:
    return sorted((d.get("code"), d["severity"], d["range"]["start"]["line"], d["range"]["start"]["character"],
                   d["range"]["end"]["character"]) for d in diagnostics)


def test_session_initialize_open_change_diagnostics_match_check_json(session, tmp_path):
    capabilities = session.initialize_result["capabilities"]
    assert capabilities["textDocumentSync"]["change"] == 1  # the whole text on every change
    assert capabilities["hoverProvider"] and capabilities["codeActionProvider"]
    assert capabilities.get("positionEncoding", "utf-16") == "utf-16"
    draft = tmp_path / "draft.txt"
    draft.write_text(EMOJI_REPLY, encoding="utf-8", newline="")
    params = session.open(draft)
    assert params["version"] == 1
    assert published(params["diagnostics"]) == expected_diagnostics(draft)
    debt = next(d for d in params["diagnostics"] if d["code"] == "debt-wording")
    # "Добрый день 😀👍🏽! Мы " is 20 characters and 23 UTF-16 code units (three are outside the BMP).
    assert debt["range"]["start"] == {"line": 0, "character": 23}
    assert debt["source"] == "replylint"
    page = Path(debt["codeDescription"]["href"].removeprefix("file://"))
    assert "debt-wording" in page.read_text(encoding="utf-8")

    changed = EMOJI_REPLY.replace("Мы аннулировали ваш долг", "Мы вернули вам деньги")
    session.notify("textDocument/didChange", {"textDocument": {"uri": draft.as_uri(), "version": 2},
                                              "contentChanges": [{"text": changed}]})
    after = session.diagnostics(draft.as_uri())
    assert after["version"] == 2
    draft.write_text(changed, encoding="utf-8", newline="")
    assert published(after["diagnostics"]) == expected_diagnostics(draft)
    assert "debt-wording" not in {d["code"] for d in after["diagnostics"]}
    assert session.close() == 0


@pytest.mark.parametrize("name, language, content", [
    ("reply.md", "markdown", "# Ответ\n\n**Здравствуйте!** Мы *аннулировали ваш долг* 🙂, вы сами виноваты.\n"),
    ("reply.html", "html", "<p>Здравствуйте! Мы <b>аннулировали ваш долг</b> &mdash; 😀 вы сами виноваты.</p>\n"),
    ("replies.yaml", "yaml", "refund:\n  text: \"Здравствуйте 😀! Мы аннулировали ваш долг.\"\nbad:\n"
                             "  text: |\n    Вы сами виноваты 🙏, мы тут ни при чём.\n"),
    ("replies.json", "json", '{"refund": {"text": "Мы \\u0430ннулировали ваш долг 😀, вы сами виноваты."}}\n'),
    ("replies.csv", "csv", "name,text\nrefund,\"Здравствуйте 😀! Мы аннулировали ваш долг, вы сами виноваты.\"\n"),
], ids=["md", "html", "yaml", "json", "csv"])
def test_template_formats_give_the_ranges_of_check_json(session, tmp_path, name, language, content):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    params = session.open(path, language)
    assert params["diagnostics"]
    assert published(params["diagnostics"]) == expected_diagnostics(path)


def test_hover_says_why_and_what_to_write_instead(session, tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_text(EMOJI_REPLY, encoding="utf-8", newline="")
    debt = next(d for d in session.open(draft)["diagnostics"] if d["code"] == "debt-wording")
    hover = session.request("textDocument/hover", {"textDocument": {"uri": draft.as_uri()},
                                                   "position": {"line": 0, "character": 25}})
    rule = load_pack().rule("debt-wording")
    value = hover["contents"]["value"]
    # A Russian draft: the hover speaks Russian, as the diagnostics do (--ui-lang auto).
    why, hint = rule.why.get("ru"), rule.hint.get("ru")
    assert "debt-wording" in value and " ".join(why.split()) in value and " ".join(hint.split()) in value
    assert hover["range"] == debt["range"]
    nothing = session.request("textDocument/hover", {"textDocument": {"uri": draft.as_uri()},
                                                     "position": {"line": 1, "character": 2}})
    assert nothing is None


def apply(text: str, edits: list[dict]) -> str:
    """Text edits applied (positions in UTF-16 code units), the last first."""
    lines = text.split("\n")

    def offset(position):
        line = lines[position["line"]]
        units = 0
        for i, ch in enumerate(line):
            if units >= position["character"]:
                return sum(len(x) + 1 for x in lines[:position["line"]]) + i
            units += len(ch.encode("utf-16-le")) // 2
        return sum(len(x) + 1 for x in lines[:position["line"]]) + len(line)

    for edit in sorted(edits, key=lambda e: (e["range"]["start"]["line"], e["range"]["start"]["character"]),
                       reverse=True):
        text = text[:offset(edit["range"]["start"])] + edit["newText"] + text[offset(edit["range"]["end"]):]
    return text


def test_code_actions_are_the_safe_fixes_of_replylint_fix(session, tmp_path):
    text = "Здравствуйте 😀! Мы аннулировали ваш долг за март.\nСпасибо, что написали."
    draft = tmp_path / "draft.txt"
    draft.write_text(text, encoding="utf-8")
    debt = next(d for d in session.open(draft)["diagnostics"] if d["code"] == "debt-wording")
    actions = session.request("textDocument/codeAction", {
        "textDocument": {"uri": draft.as_uri()}, "range": debt["range"],
        "context": {"diagnostics": [debt]}})
    quick = [a for a in actions if a["kind"] == "quickfix"]
    assert len(quick) == 1 and quick[0]["diagnostics"] == [debt]
    fixed = apply(text, quick[0]["edit"]["changes"][draft.as_uri()])
    run = CliRunner().invoke(main, ["fix", "--write", "-"], input=text.encode("utf-8"))
    assert fixed == run.stdout
    fix_all = session.request("textDocument/codeAction", {
        "textDocument": {"uri": draft.as_uri()}, "range": {"start": {"line": 1, "character": 0},
                                                           "end": {"line": 1, "character": 0}},
        "context": {"diagnostics": [], "only": ["source.fixAll"]}})
    assert [a["kind"] for a in fix_all] == ["source.fixAll.replylint"]
    assert apply(text, fix_all[0]["edit"]["changes"][draft.as_uri()]) == run.stdout


def test_configuration_and_suppressions_are_honoured(session, tmp_path):
    team = tmp_path / "team"
    team.mkdir()
    (team / ".replylint.toml").write_text('ignore = ["missing-thanks"]\n[severity]\nblame-client = "warning"\n',
                                          encoding="utf-8")
    draft = team / "draft.md"
    draft.write_text("Мы аннулировали ваш долг, вы сами виноваты. <!-- replylint-disable debt-wording -->\n",
                     encoding="utf-8")
    diagnostics = session.open(draft, "markdown")["diagnostics"]
    codes = {d["code"]: d["severity"] for d in diagnostics}
    assert "missing-thanks" not in codes and "debt-wording" not in codes
    assert codes["blame-client"] == SEVERITY["warning"]
    assert published(diagnostics) == expected_diagnostics(draft)

    # The configuration edited and saved in the editor: every open document is linted again.
    config = team / ".replylint.toml"
    config.write_text('ignore = ["missing-thanks", "blame-client"]\n', encoding="utf-8")
    session.notify("textDocument/didSave", {"textDocument": {"uri": config.as_uri()}})
    assert "blame-client" not in {d["code"] for d in session.diagnostics(draft.as_uri())["diagnostics"]}


def test_a_bad_configuration_is_one_diagnostic_with_the_cli_message(session, tmp_path):
    (tmp_path / ".replylint.toml").write_text('ignore = ["debt-wordng"]\n', encoding="utf-8")
    draft = tmp_path / "draft.txt"
    draft.write_text("Мы аннулировали ваш долг.", encoding="utf-8")
    (diagnostic,) = session.open(draft)["diagnostics"]
    run = CliRunner().invoke(main, ["check", str(draft)])
    assert run.exit_code == 2
    assert f"replylint: error: {diagnostic['message']}" == run.stderr.strip()
    assert diagnostic["range"]["start"] == {"line": 0, "character": 0} and diagnostic["severity"] == 1


def test_a_broken_template_collection_is_a_diagnostic_at_its_place(session, tmp_path):
    path = tmp_path / "replies.yaml"
    path.write_text("refund:\n  text: [unclosed\n", encoding="utf-8")
    (diagnostic,) = session.open(path, "yaml")["diagnostics"]
    run = CliRunner().invoke(main, ["check", str(path)])
    line, column = re.search(r":(\d+):(\d+): ", run.stderr).groups()
    assert diagnostic["range"]["start"] == {"line": int(line) - 1, "character": int(column) - 1}


def test_other_files_get_no_diagnostics(session, tmp_path):
    script = tmp_path / "bot.py"
    script.write_text("print('Мы аннулировали ваш долг.')\n", encoding="utf-8")
    settings = tmp_path / ".replylint.yaml"
    settings.write_text("ignore: [missing-thanks]\n", encoding="utf-8")
    for path, language in ((script, "python"), (settings, "yaml")):
        session.notify("textDocument/didOpen", {"textDocument": {
            "uri": path.as_uri(), "languageId": language, "version": 1, "text": path.read_text(encoding="utf-8")}})
    draft = tmp_path / "draft.txt"
    draft.write_text("Мы аннулировали ваш долг.", encoding="utf-8")
    session.open(draft)  # the first diagnostics to come are the draft's: none came for the others
    assert not any(m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] != draft.as_uri()
                   for _, m in session.transcript)


def test_lsp_without_the_extra_is_one_line(monkeypatch):
    monkeypatch.setitem(sys.modules, "pygls", None)
    run = CliRunner().invoke(main, ["lsp"])
    assert run.exit_code == 2
    assert run.stderr.strip() == "replylint: error: lsp needs the lsp extra: pip install 'replylint[lsp]'"
