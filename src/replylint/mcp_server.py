"""`replylint mcp`: a Model Context Protocol server on stdio (the official `mcp` SDK), so that
an AI agent that drafts a reply can lint it and revise it before it is sent.

Tools: check_reply (the Python API's Result, as JSON) and explain_rule (explain.py's data).
Not for linting (api.py, engine.py) nor for wording explanations (explain.py).
"""
from __future__ import annotations

from typing import Annotated

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from pydantic import Field
# pydantic builds a tool's output schema from nested TypedDicts only from typing_extensions'
# (typing's below Python 3.12); the SDK depends on it.
from typing_extensions import TypedDict

from . import __version__
from .api import SCHEMA_VERSION, Config, Linter, Result

INSTRUCTIONS = (
    "replylint checks a customer-service reply to a complaint (Russian, Ukrainian, Bulgarian, English) "
    "before it is sent. Call check_reply on each draft, with the customer's message as complaint when you "
    "have it; revise the words each finding points at (its hint says what to write instead, its suggestions "
    "are wordings that work) and check again until passed is true. explain_rule says why a rule matters "
    "and shows a bad reply beside its rewrite."
)


class FindingRecord(TypedDict):
    rule: str
    severity: str
    message: str
    line: int
    column: int
    end_line: int
    end_column: int
    text: str
    suggestions: list[str]
    hint: str
    start: int
    end: int
    whole_reply: bool


class CheckRecord(TypedDict):
    version: str
    lang: str | None
    score: int
    passed: bool
    notices: list[str]
    findings: list[FindingRecord]


class ExamplePairRecord(TypedDict):
    lang: str
    bad: str
    flagged: str | None
    good: str
    complaint: str | None


class RuleRecord(TypedDict):
    id: str
    severity: str
    kind: str
    languages: list[str]
    message: str
    why: str
    instead: str
    suggestions: dict[str, list[str]]
    examples: list[ExamplePairRecord]


def check_record(result: Result) -> CheckRecord:
    """The JSON contract's result for the reply (without path and id, which a tool call has
    not), each finding with its hint and offsets, and whether the reply may be sent."""
    findings = [FindingRecord(**finding.as_dict(), hint=finding.hint, start=finding.start, end=finding.end,
                              whole_reply=finding.whole_reply) for finding in result.findings]
    return CheckRecord(version=SCHEMA_VERSION, lang=result.lang, score=result.score, passed=result.passed,
                       notices=list(result.notices), findings=findings)


def rule_record(rule, languages: tuple[str, ...]) -> RuleRecord:
    """The rule's explanation; its texts in the one language asked for, else in English."""
    from .explain import explain_rule

    ui_lang = languages[0] if len(languages) == 1 else "en"
    pairs = [ExamplePairRecord(lang=p.lang, bad=p.bad, flagged=p.flagged, good=p.good, complaint=p.complaint)
             for p in explain_rule(rule, languages).pairs]
    return RuleRecord(id=rule.id, severity=rule.severity, kind=rule.kind, languages=list(rule.languages),
                      message=rule.message.get(ui_lang), why=" ".join(rule.why.get(ui_lang).split()),
                      instead=" ".join(rule.hint.get(ui_lang).split()),
                      suggestions={lang: list(s) for lang, s in rule.suggestions.items() if lang in languages},
                      examples=pairs)


def create_server(config: Config = None) -> MCPServer:
    """The server, its Linter made now: a bad configuration fails before anything is served."""
    linter = Linter(config)
    rules = {rule.id: rule for rule in linter.rules}
    server = MCPServer("replylint", version=__version__, instructions=INSTRUCTIONS, log_level="WARNING")

    @server.tool(structured_output=True)
    def check_reply(
        reply: Annotated[str, Field(description="The draft reply to the customer, as it would be sent.")],
        complaint: Annotated[str | None, Field(
            description="The customer's message the reply answers; lets replylint tell whether the reply "
                        "addresses it.")] = None,
        lang: Annotated[str, Field(description="auto (detected), or ru, uk, bg, en.")] = "auto",
    ) -> CheckRecord:
        """Lint a customer-service reply before it is sent. Returns findings (rule id, severity,
        message, the flagged text with its 1-based line and column in characters and its start/end
        offsets, a hint saying what to write instead, suggested wordings), a score from 0 to 100,
        and passed: true when the reply may be sent."""
        try:
            return check_record(linter.lint(reply, complaint=complaint, lang=lang))
        except ValueError as exc:  # a bad lang: the agent is told, and can call again
            raise ToolError(str(exc)) from None

    @server.tool(structured_output=True)
    def explain_rule(
        rule_id: Annotated[str, Field(description="A rule id from a check_reply finding, e.g. debt-wording.")],
        lang: Annotated[str, Field(description="ru, uk, bg or en for one example pair; all for every language.")]
        = "all",
    ) -> RuleRecord:
        """Why a rule's pattern hurts the customer, what to write instead, suggested wordings, and
        a bad reply beside its good rewrite."""
        from .taxonomy import unknown_rule_id

        rule = rules.get(rule_id)
        if rule is None:
            raise ToolError(unknown_rule_id(rule_id, rules))
        code = lang.lower()
        if code == "all":
            languages = rule.languages
        elif code in rule.languages:
            languages = (code,)
        else:
            raise ToolError(f"rule '{rule_id}' has no examples in {lang} (it has: {', '.join(rule.languages)})")
        return rule_record(rule, languages)

    return server


def serve(config: Config = None) -> None:
    """Serve the tools on stdin/stdout until the client goes away."""
    create_server(config).run("stdio")
