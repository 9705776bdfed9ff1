"""Property-based tests over arbitrary Unicode text: the tokenizer, the matcher (through the
engine) and the CLI never raise, every position lies inside the text and points at the text
it quotes, the score stays within 0..100, and the same input always gives the same output."""
import json
import re

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from replylint.cli import main
from replylint.model import Reply
from replylint.pack.load import load_pack
from replylint.segment import segment
from replylint.tokens import tokenize

TOKENIZER_EXAMPLES = 300
ENGINE_EXAMPLES = 200
CLI_EXAMPLES = 30

# Replies that make rules fire, so that findings (not only silence) are checked.
FAIL_TEXTS = sorted({ex.text for rule in load_pack().rules for examples in rule.examples.values()
                     for ex in examples.fail})
# Characters that steer the segmenter and tokenizer: line breaks, quotes, placeholders,
# sentence ends, apostrophes, e-mails, emoji (astral), combining marks, controls, bidi marks.
SPECIAL = ["\n", "\r\n", "\r", "«", "»", "„", "“", "”", '"', "{{", "}}", "{%", "%}", "{name}", "%NAME%",
           "[[", "]]", "${", ">", ". ", "!", "?", "…", "'", "’", "-", "@", "a@b.ru", "www.", "https://x.y/",
           "😀", "👋🏽", "e\u0301", "\x1b[31m", "\x07", "\x0b", "\x0c", "\u2028", "\u200b", "\u202e", "\ufeff",
           " ", "\t", "ё", "ї", "ѝ", "Ъ"]
pieces = st.one_of(st.text(max_size=20), st.sampled_from(FAIL_TEXTS), st.sampled_from(SPECIAL))
replies = st.lists(pieces, max_size=12).map("".join)
FAST = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _line_starts(text):
    """Where each line starts: the README contract (\\r\\n, \\r and \\n end a line)."""
    return [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]


def _offset(text, line, column):
    starts = _line_starts(text)
    assert 1 <= line <= len(starts)
    return starts[line - 1] + column - 1


@settings(max_examples=TOKENIZER_EXAMPLES, **FAST)
@given(replies, st.sampled_from([None, "ru", "uk", "bg", "en"]))
def test_tokens_lie_inside_the_text_and_quote_it(text, lang):
    doc = segment(text, lang)
    tokens = tokenize(doc)
    previous_end = 0
    for token in tokens:
        assert previous_end <= token.start < token.end <= len(text)
        assert text[token.start:token.end] == token.text
        assert not any(span.start < token.end and token.start < span.end for span in doc.masked)
        previous_end = token.end
    for sentence in doc.sentences:
        assert 0 <= sentence.start <= sentence.end <= len(text)
    assert tokenize(segment(text, lang)) == tokens


@settings(max_examples=ENGINE_EXAMPLES, **FAST)
@given(replies, st.sampled_from([None, "ru", "uk", "bg", "en"]), st.one_of(st.none(), replies))
def test_findings_point_at_the_quoted_text_and_score_is_bounded(linter, text, lang, complaint):
    reply = Reply(path="draft.txt", text=text, lang=lang, complaint=complaint)
    result = linter.lint(reply)
    assert 0 <= result.score <= 100
    for f in result.findings:
        assert 0 <= f.span.start <= f.span.end <= len(text)
        assert f.text == text[f.span.start:f.span.end]
        assert _offset(text, f.line, f.column) == f.span.start
        assert _offset(text, f.end_line, f.end_column) == f.span.end
    assert linter.lint(reply) == result


@settings(max_examples=CLI_EXAMPLES, **FAST)
@given(replies.filter(lambda t: "\x00" not in t))
def test_cli_on_any_text(text):
    runner = CliRunner()
    args = ["check", "-", "--format", "json"]
    first = runner.invoke(main, args, input=text.encode("utf-8"), catch_exceptions=False)
    assert first.exit_code in (0, 1), first.stderr
    assert "Traceback" not in first.output
    (record,) = json.loads(first.stdout)["results"]
    assert 0 <= record["score"] <= 100
    decoded = text.removeprefix("\ufeff")  # a leading BOM is the encoding's, not the reply's
    for f in record["findings"]:
        start = _offset(decoded, f["line"], f["column"])
        end = _offset(decoded, f["end_line"], f["end_column"])
        assert decoded[start:end] == f["text"]
    again = runner.invoke(main, args, input=text.encode("utf-8"), catch_exceptions=False)
    assert (again.exit_code, again.stdout) == (first.exit_code, first.stdout)
