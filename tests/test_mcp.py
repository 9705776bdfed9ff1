"""`replylint mcp` through the official SDK's own client over stdio: the tools an AI agent
sees, and answers that agree with `check --format json` and the rule pack."""
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("mcp.server.mcpserver", reason="the [mcp] extra (the mcp SDK) is not installed")

import anyio  # noqa: E402
from click.testing import CliRunner  # noqa: E402
from mcp import Client, StdioServerParameters  # noqa: E402

from replylint.cli import main  # noqa: E402
from replylint.explain import example_pair  # noqa: E402
from replylint.pack.load import load_pack  # noqa: E402

COMPLAINT = "С меня дважды списали плату за март 😡, верните деньги!"
REPLY = "Здравствуйте 😀! Мы аннулировали ваш долг за март.\nВы сами виноваты, что не проверили выписку."


def console_script() -> str:
    exe = Path(sys.executable).with_name("replylint")
    found = str(exe) if exe.exists() else shutil.which("replylint")
    if found is None:
        pytest.skip("the replylint console script is not installed")
    return found


def session(calls, *args: str, cwd: Path):
    """Run `calls(client)` against a `replylint mcp` subprocess; its return value."""
    async def run():
        server = StdioServerParameters(command=console_script(), args=["mcp", *args], cwd=str(cwd))
        async with Client(server, read_timeout_seconds=120) as client:
            return await calls(client)
    return anyio.run(run)


def check_json(reply: str, complaint_path: Path, *args: str) -> dict:
    run = CliRunner().invoke(main, ["check", "-", "--format", "json", "--complaint", str(complaint_path), *args],
                             input=reply.encode("utf-8"), catch_exceptions=False)
    return json.loads(run.stdout)["results"][0]


def test_tools_answer_as_check_json_and_the_rule_pack(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # `check -` reads configuration around it; `mcp` reads none unless told

    async def calls(client):
        tools = (await client.list_tools()).tools
        checked = await client.call_tool("check_reply", {"reply": REPLY, "complaint": COMPLAINT, "lang": "auto"})
        explained = await client.call_tool("explain_rule", {"rule_id": "debt-wording", "lang": "ru"})
        return tools, checked, explained

    tools, checked, explained = session(calls, cwd=tmp_path)
    schemas = {tool.name: tool for tool in tools}
    assert set(schemas) == {"check_reply", "explain_rule"}
    assert schemas["check_reply"].input_schema["required"] == ["reply"]
    assert {"complaint", "lang"} <= set(schemas["check_reply"].input_schema["properties"])
    assert schemas["explain_rule"].input_schema["required"] == ["rule_id"]
    assert schemas["check_reply"].output_schema and schemas["explain_rule"].output_schema

    assert not checked.is_error
    answer = checked.structured_content
    (tmp_path / "complaint.txt").write_text(COMPLAINT, encoding="utf-8")
    expected = check_json(REPLY, tmp_path / "complaint.txt")
    assert (answer["score"], answer["lang"], answer["notices"]) == (expected["score"], expected["lang"],
                                                                    expected["notices"])
    extras = ("hint", "start", "end", "whole_reply")
    assert [{k: v for k, v in f.items() if k not in extras} for f in answer["findings"]] == expected["findings"]
    assert answer["passed"] is False
    rules = {rule.id: rule for rule in load_pack().rules}
    for finding in answer["findings"]:
        assert REPLY[finding["start"]:finding["end"]] == finding["text"]
        assert finding["hint"] == rules[finding["rule"]].hint.get(expected["ui_lang"])
    assert json.loads(checked.content[0].text) == answer  # the same answer for a client that reads text only

    assert not explained.is_error
    rule = explained.structured_content
    pair = example_pair(rules["debt-wording"], "ru")
    # Asked for one language, the explanation speaks it.
    debt = rules["debt-wording"]
    assert rule["id"] == "debt-wording" and rule["why"] == " ".join(debt.why.get("ru").split())
    assert rule["instead"] == " ".join(debt.hint.get("ru").split())
    assert rule["examples"] == [{"lang": "ru", "bad": pair.bad, "flagged": pair.flagged, "good": pair.good,
                                 "complaint": pair.complaint}]
    assert list(rule["suggestions"]) == ["ru"]


def test_mistakes_are_tool_errors_the_agent_can_read(tmp_path):
    async def calls(client):
        return (await client.call_tool("explain_rule", {"rule_id": "debt-wordng"}),
                await client.call_tool("explain_rule", {"rule_id": "ignores-the-problem", "lang": "de"}),
                await client.call_tool("check_reply", {"reply": "Добрый день.", "lang": "de"}),
                await client.call_tool("check_reply", {"reply": ""}))

    unknown, no_language, bad_lang, empty = session(calls, cwd=tmp_path)
    assert unknown.is_error and "'debt-wording'" in unknown.content[0].text
    assert no_language.is_error and bad_lang.is_error and "lang" in bad_lang.content[0].text
    assert not empty.is_error
    assert [f["rule"] for f in empty.structured_content["findings"]] == ["not-linted"]


def test_config_option_is_honoured(tmp_path):
    config = tmp_path / "team.toml"
    config.write_text('ignore = ["debt-wording"]\n[severity]\nblame-client = "suggestion"\n', encoding="utf-8")

    async def calls(client):
        return await client.call_tool("check_reply", {"reply": REPLY})

    answer = session(calls, "--config", str(config), cwd=tmp_path).structured_content
    severities = {f["rule"]: f["severity"] for f in answer["findings"]}
    assert "debt-wording" not in severities and severities["blame-client"] == "suggestion"


def test_a_bad_config_is_one_line_before_serving(tmp_path):
    config = tmp_path / "team.toml"
    config.write_text('ignore = ["debt-wordng"]\n', encoding="utf-8")
    run = subprocess.run([console_script(), "mcp", "--config", str(config)], capture_output=True, text=True,
                         stdin=subprocess.DEVNULL, timeout=120)
    check = CliRunner().invoke(main, ["check", "-", "--config", str(config)], input="Добрый день.")
    assert run.returncode == 2 and check.exit_code == 2
    assert run.stderr == check.stderr and "unknown rule id 'debt-wordng'" in run.stderr
    assert run.stderr.count("\n") == 1 and run.stdout == ""


def test_mcp_without_the_extra_is_one_line(monkeypatch):
    monkeypatch.setitem(sys.modules, "mcp", None)
    run = CliRunner().invoke(main, ["mcp"])
    assert run.exit_code == 2
    assert run.stderr.strip() == "replylint: error: mcp needs the mcp extra: pip install 'replylint[mcp]'"
