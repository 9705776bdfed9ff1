"""Text output on a terminal: control characters from any field are shown, never obeyed, and
the colour marks stay on the flagged words whatever controls come before them."""
import io
import re

from replylint.engine import Linter
from replylint.model import Finding, Reply, Result, Span
from replylint.report import render_all
from replylint.report.text import Writer

RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
UNDERLINED = re.compile(r"\x1b\[4;31m(.*?)\x1b\[0m", re.DOTALL)


def _hostile_result() -> Result:
    finding = Finding(rule="team-\x1b[2J", severity="error", message="Stop\x07 this\x9b", span=Span(0, 4),
                      line=1, column=1, end_line=1, end_column=5, text="долг\x1b[2J", suggestions=("a\rb",),
                      hint="c\x1bd")
    return Result(path="bad\x1b[31m.txt", record_id="id\x1b]0;title\x07", lang="ru", score=50,
                  findings=(finding,), notices=("note\x1b[5m",))


def test_plain_text_escapes_every_control_character():
    out = render_all(Writer, [_hostile_result()])
    assert not RAW_CONTROL.search(out), repr(out)
    assert "«долг\\x1b[2J»" in out and "team-\\x1b[2J" in out and "Stop\\x07 this\\x9b" in out


def test_colour_text_escapes_every_control_character():
    buffer = io.StringIO()
    writer = Writer(buffer, color=True)
    writer.result(_hostile_result(), "долг\x1b[2J и \x07 всё")
    shown = UNDERLINED.sub("", re.sub(r"\x1b\[[0-9;]*m", "", buffer.getvalue()))  # rich's own colours
    assert not RAW_CONTROL.search(shown), repr(shown)


def test_colour_marks_stay_on_their_words_after_cr_and_bel(linter: Linter):
    text = "Здравствуйте!\r\x07\x07 Мы\x1b[2J аннулировали ваш долг.\r\nСпасибо.\n"
    result = linter.lint(Reply(path="x.txt", text=text))
    flagged = [f.text for f in result.findings if f.rule == "debt-wording"]
    assert flagged == ["аннулировали ваш долг"]
    buffer = io.StringIO()
    Writer(buffer, color=True).result(result._replace(findings=tuple(
        f for f in result.findings if f.rule == "debt-wording")), text)
    assert UNDERLINED.findall(buffer.getvalue()) == flagged
    assert "\x07" not in buffer.getvalue() and "\x1b[2J" not in buffer.getvalue()
