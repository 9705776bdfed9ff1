"""File formats -> replies: markup blanked in place, templates of collections located in the file."""
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from replylint.formats import ReadOptions, read_text
from replylint.formats.html import strip_markup
from replylint.formats.markdown import strip_syntax
from replylint.formats.origin import JsonFieldOrigin, SourceText, loads_located, origin_of
from replylint.formats.table import rows
from replylint.inputs import InputError, read_replies

OPTIONS = ReadOptions()
DEBT_RU = "Мы аннулировали ваш долг."


def replies(path, text, options=OPTIONS):
    return list(read_text(path, text, options))


def finding_positions(linter, reply, rule="debt-wording"):
    return [(f.line, f.column, f.end_line, f.end_column) for f in linter.lint(reply).findings if f.rule == rule]


def test_markdown_syntax_is_blanked_in_place():
    text = "# Title ##\n\n- **Мы** *аннулировали* [ваш долг](https://x.ru/a_b).\n`code` {{user_name}}\n"
    stripped = strip_syntax(text)
    assert len(stripped) == len(text) and stripped.count("\n") == text.count("\n")
    for mark in ("#", "**", "*", "[", "](", "`"):
        assert mark not in stripped
    assert "{{user_name}}" in stripped and "аннулировали" in stripped
    assert stripped.index("аннулировали") == text.index("аннулировали")


def test_markdown_front_matter_fences_and_quotes():
    text = "---\nlang: ru\n---\nТекст.\n```\nкод\n```\n> цитата клиента\n"
    stripped = strip_syntax(text)
    assert "lang" not in stripped and "код" not in stripped
    assert "> цитата клиента" in stripped  # segment masks it as the customer's words


def test_html_tags_comments_and_entities_are_blanked_in_place():
    text = "<p>Привет,&nbsp;{{name}}</p><p>Мы <b>аннулировали</b> ваш&#32;долг</p><!-- x --><style>p{}</style>"
    stripped = strip_markup(text)
    assert len(stripped) == len(text)
    assert "<" not in stripped and "&" not in stripped and "p{}" not in stripped
    assert "{{name}}" in stripped
    # closing a paragraph ends the sentence
    assert stripped[text.index("</p>")] == "."


def test_markdown_and_html_findings_point_into_the_file(linter):
    md = "# Ответ\n\nЗдравствуйте!\n\n- Мы **аннулировали** ваш долг.\n"
    (reply,) = replies("a.md", md)
    assert finding_positions(linter, reply) == [(5, 8, 5, 31)]
    html = "<div>\n  <p>Здравствуйте!</p>\n  <p>Мы <em>аннулировали</em> ваш долг.</p>\n</div>\n"
    (reply,) = replies("a.html", html)
    assert finding_positions(linter, reply) == [(3, 13, 3, 39)]


YAML = """\
templates:
  block:
    text: |
      Здравствуйте!
      Мы аннулировали ваш долг.
  quoted: "Привет!\\nМы аннулировали ваш долг."
  folded: >
    Здравствуйте!
    Мы аннулировали
    ваш долг.
  multi:
    ru: Мы аннулировали ваш долг.
    en: We cancelled your debt.
  silenced:
    replylint-disable: [debt-wording]
    text: Мы аннулировали ваш долг.
"""


def test_yaml_collection_names_and_positions(linter):
    found = replies("t.yaml", YAML)
    assert [r.record_id for r in found] == ["block", "quoted", "folded", "multi/ru", "multi/en", "silenced"]
    assert found[3].lang == "ru" and found[4].lang == "en"
    positions = {r.record_id: finding_positions(linter, r) for r in found}
    assert positions["block"] == [(5, 10, 5, 31)]
    assert positions["quoted"] == [(6, 24, 6, 45)]
    assert positions["folded"] == [(9, 8, 10, 13)]  # the span crosses a folded line break
    assert positions["multi/ru"] == [(12, 12, 12, 33)]
    assert positions["multi/en"] == [(13, 12, 13, 31)]
    assert positions["silenced"] == []
    assert found[5].suppressions[0].rules == {"debt-wording"}
    assert (found[5].suppressions[0].line, found[5].suppressions[0].column) == (15, 25)


def test_json_collection_positions_survive_escapes(linter):
    text = '[\n  {"name": "x", "body": "\\"Привет\\"\\n\\u041c\\u044b аннулировали ваш долг."}\n]\n'
    (reply,) = replies("t.json", text)
    assert reply.record_id == "x"
    line = text.splitlines()[1]
    column = line.index("аннулировали") + 1
    assert finding_positions(linter, reply) == [(2, column, 2, column + 21)]


def test_collection_errors_are_located():
    (error,) = replies("bad.yaml", "a: [\n")
    assert isinstance(error, InputError) and error.line == 2
    (error,) = replies("bad.json", '{"a": }')
    assert isinstance(error, InputError) and (error.line, error.column) == (1, 7)
    (error,) = replies("t.yaml", "templates:\n  x:\n    lang: ru\n")
    assert isinstance(error, InputError) and error.line == 3


def test_csv_named_column_and_positions(linter):
    text = 'id,body\nr1,"Привет, ""друг"".\nМы аннулировали ваш долг."\nr2,Мы вернули деньги.\n'
    found = replies("t.csv", text)
    assert [r.record_id for r in found] == ["r1", "r2"]
    assert finding_positions(linter, found[0]) == [(3, 4, 3, 25)]
    (error,) = replies("t.csv", text, ReadOptions(csv_column="reply_text"))
    assert isinstance(error, InputError) and "reply_text" in error.message


def test_csv_rows_scanner():
    table = [[c.value for c in row] for row in rows('a,b\r\n"x,1","y\n""z"""\n\n,\n')]
    assert table == [["a", "b"], ["x,1", 'y\n"z"'], ["", ""]]


def test_jsonl_findings_point_into_the_file(tmp_path, linter):
    path = tmp_path / "b.jsonl"
    records = [{"id": "a", "reply": "Мы вернули деньги."},
               {"id": "b", "reply": "Привет!\n" + DEBT_RU, "replylint-disable": "blame-client"}]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    _, second = list(read_replies((str(path),)))
    line = path.read_text(encoding="utf-8").splitlines()[1]
    column = line.index("аннулировали") + 1
    assert finding_positions(linter, second) == [(2, column, 2, column + 21)]
    assert second.suppressions[0].rules == {"blame-client"}


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40), st.integers(0, 5))
def test_origin_maps_every_json_character_to_its_literal(value, indent):
    text = " " * indent + '{"k": ' + json.dumps(value) + "}"
    located = loads_located(text)["k"]
    assert located == value
    source = SourceText(text)
    origin = origin_of(located, source, located.start, located.end, "json")
    for index, char in enumerate(value):
        line, column = origin.position(index)
        literal = text[column - 1:]
        assert line == 1
        assert literal.startswith(json.dumps(char)[1:-1]) or literal.startswith(char)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40), st.booleans(), st.integers(1, 9))
def test_jsonl_field_origin_agrees_with_the_character_alignment(value, ascii_only, number):
    """The lazy JSONL origin (escapes counted) and the general one (every character aligned)
    give every character, and the end, the same file position; lone surrogates included."""
    line = '{"id": 1, "reply": ' + json.dumps(value, ensure_ascii=ascii_only) + ', "x": "\\n"}'
    lazy = JsonFieldOrigin(line, number, "reply", json.loads(line)["reply"])
    located = loads_located(line)["reply"]
    general = origin_of(located, SourceText(line, first_line=number), located.start, located.end, "json")
    for index in range(len(value) + 1):
        assert lazy.position(index) == general.position(index)


def test_jsonl_field_origin_finds_the_top_level_field_when_the_key_repeats():
    """A nested object with the same key and value, or the key inside another string, does
    not mislead the direct search: positions still point into the top-level literal."""
    value = "Мы аннулировали ваш долг."
    nested = json.dumps({"meta": {"reply": value}, "note": '"reply": "x"', "reply": value}, ensure_ascii=False)
    for line in (nested, '{"\\u0072eply": ' + json.dumps(value) + "}"):
        lazy = JsonFieldOrigin(line, 3, "reply", json.loads(line)["reply"])
        located = loads_located(line)["reply"]
        general = origin_of(located, SourceText(line, first_line=3), located.start, located.end, "json")
        assert [lazy.position(i) for i in range(len(value) + 1)] == [general.position(i) for i in range(len(value) + 1)]


def test_a_jsonl_record_may_carry_its_text_in_any_text_field(tmp_path):
    """The README lists the same text fields for every format; JSONL takes `reply` first."""
    from click.testing import CliRunner

    from replylint.cli import main

    batch = tmp_path / "batch.jsonl"
    batch.write_text('{"id": "a", "text": "Мы аннулировали ваш долг."}\n'
                     '{"id": "b", "reply": "Мы аннулировали ваш долг.", "text": "Спасибо!"}\n'
                     '{"id": "c", "note": "no text here"}\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(batch), "--format", "json", "--select", "debt-wording"])
    import json
    records = {r["id"]: r for r in json.loads(result.stdout)["results"]}
    assert {f["rule"] for f in records["a"]["findings"]} == {"debt-wording"}
    assert records["a"]["findings"][0]["column"] == len('{"id": "a", "text": "Мы ') + 1
    assert {f["rule"] for f in records["b"]["findings"]} == {"debt-wording"}
    assert "c" not in records and result.exit_code == 2
