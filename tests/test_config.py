"""Configuration: discovery upward from the linted file, the merge order, per-path sections,
and one-line `file:line:col` errors."""
from pathlib import Path

import pytest
from click.testing import CliRunner

from replylint.cli import main
from replylint.config import ConfigError, Resolver

DEBT = "Здравствуйте!\nМы аннулировали ваш долг за вторые сутки.\n"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_merge_order_pyproject_dotfile_config_flags(tmp_path):
    write(tmp_path / "pyproject.toml", '[tool.replylint]\nfail-on = "error"\nlang = "uk"\nmin-score = 10\n')
    write(tmp_path / ".replylint.toml", 'lang = "bg"\nignore = ["bureaucratese"]\n')
    extra = write(tmp_path / "ci.yaml", "min-score: 50\n")
    draft = write(tmp_path / "sub" / "a.txt", DEBT)
    settings = Resolver().settings_for(str(draft))
    assert (settings.fail_on, settings.lang, settings.min_score, settings.ignore) == ("error", "bg", 10, ("bureaucratese",))
    settings = Resolver(str(extra)).settings_for(str(draft))
    assert settings.min_score == 50 and settings.lang == "bg"
    settings = Resolver(str(extra), {"lang": "ru", "min_score": None}).settings_for(str(draft))
    assert settings.lang == "ru" and settings.min_score == 50


def test_nearest_directory_with_configuration_wins(tmp_path):
    write(tmp_path / ".replylint.yaml", "fail-on: suggestion\n")
    write(tmp_path / "team" / ".replylint.yaml", "fail-on: none\n")
    resolver = Resolver()
    assert resolver.settings_for(str(tmp_path / "a.txt")).fail_on == "suggestion"
    assert resolver.settings_for(str(tmp_path / "team" / "deep" / "b.txt")).fail_on == "none"


def test_pyproject_without_our_table_is_not_configuration(tmp_path):
    write(tmp_path / ".replylint.toml", 'fail-on = "error"\n')
    write(tmp_path / "pkg" / "pyproject.toml", '[project]\nname = "x"\n')
    assert Resolver().settings_for(str(tmp_path / "pkg" / "a.txt")).fail_on == "error"


def test_per_path_sections_and_severity_off(tmp_path):
    write(tmp_path / ".replylint.toml",
          'ignore = ["own-workload"]\n[severity]\nmissing-thanks = "off"\ndebt-wording = "warning"\n'
          '[per-path."legal/**"]\nignore = ["hiding-behind-policy"]\nlang = "en"\n')
    resolver = Resolver()
    legal = resolver.settings_for(str(tmp_path / "legal" / "terms.txt"))
    other = resolver.settings_for(str(tmp_path / "faq.txt"))
    assert set(legal.ignore) == {"own-workload", "hiding-behind-policy", "missing-thanks"} and legal.lang == "en"
    assert set(other.ignore) == {"own-workload", "missing-thanks"} and other.lang == "auto"
    assert other.severity == {"debt-wording": "warning"}


@pytest.mark.parametrize("text, expected", [
    ('fail-on = "never"\n', ".replylint.toml:1:1: expected one of"),
    ('\n\nmin-score = 200\n', ".replylint.toml:3:1: expected a whole number"),
    ('colour = true\n', ".replylint.toml:1:1: unknown setting 'colour'"),
    ('select = [\n', ".replylint.toml:2:1: invalid TOML"),
])
def test_config_errors_are_one_located_line(tmp_path, text, expected):
    write(tmp_path / ".replylint.toml", text)
    draft = write(tmp_path / "a.txt", DEBT)
    with pytest.raises(ConfigError, match=expected.replace(".", r"\.")):
        Resolver().settings_for(str(draft))
    result = run("check", draft)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and expected in result.stderr
    assert "Traceback" not in result.output


def test_unknown_rule_id_in_config_names_the_file(tmp_path):
    write(tmp_path / ".replylint.yaml", "# team settings\nselect: [debt-wording, no-such-rule]\n")
    result = run("check", write(tmp_path / "a.txt", DEBT))
    assert result.exit_code == 2
    assert ".replylint.yaml:2:24: unknown rule id 'no-such-rule'" in result.stderr


@pytest.mark.parametrize("name, text, where", [
    (".replylint.toml", 'fail-on = "error"\nignore = ["own-workload",\n  "debt-wordng"]\n', "3:4"),
    (".replylint.toml", '[severity]\nmissing-thanks = "off"\ndebt-wordng = "off"\n', "3:1"),
    ("pyproject.toml", '[tool.replylint]\nfail-on = "error"\n\n[tool.replylint.severity]\ndebt-wordng = "error"\n', "5:1"),
    (".replylint.yaml", 'per-path:\n  "legal/**":\n    select:\n      - blame-client\n      - debt-wordng\n', "5:9"),
])
def test_unknown_rule_id_in_config_is_reported_at_the_id_with_a_guess(tmp_path, name, text, where):
    write(tmp_path / name, text)
    result = run("check", write(tmp_path / "legal" / "a.txt", DEBT))
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert f"{name}:{where}: unknown rule id 'debt-wordng'" in result.stderr
    assert "'debt-wording'" in result.stderr  # the guess


def test_cli_flags_override_configuration(tmp_path):
    write(tmp_path / ".replylint.toml", 'select = ["debt-wording"]\nfail-on = "none"\n')
    draft = write(tmp_path / "a.txt", DEBT)
    assert run("check", draft).exit_code == 0
    assert run("check", draft, "--fail-on", "error").exit_code == 1
    assert run("check", draft, "--fail-on", "error", "--severity", "debt-wording=warning").exit_code == 0
    assert run("check", draft, "--fail-on", "error", "--ignore", "debt-wording").exit_code == 0


def test_min_score_fails_the_run(tmp_path):
    write(tmp_path / ".replylint.toml", 'select = ["debt-wording"]\nfail-on = "none"\nmin-score = 90\n')
    draft = write(tmp_path / "a.txt", DEBT)
    assert run("check", draft).exit_code == 1  # scores 80
    assert run("check", draft, "--min-score", "80").exit_code == 0


def test_team_rule_pack_from_configuration(tmp_path):
    write(tmp_path / "team" / "dear-valued-customer.yml", (Path(__file__).parent / "fixtures" / "templates" / "team-rules"
                                           / "dear-valued-customer.yml").read_text(encoding="utf-8"))
    write(tmp_path / ".replylint.toml", 'rules = ["team"]\nselect = ["dear-valued-customer"]\n')
    draft = write(tmp_path / "a.txt", "Dear valued customer, we refunded the charge today.\n")
    result = run("check", tmp_path, "--format", "json")
    assert result.exit_code == 1
    assert '"rule": "dear-valued-customer"' in result.stdout
    assert "dear-valued-customer.yml" not in result.stdout  # the pack itself is not linted as templates
    assert draft.exists()


def test_broken_team_rule_pack_is_a_located_error(tmp_path):
    write(tmp_path / "team" / "x.yml", "id: x\nkind: [")
    write(tmp_path / ".replylint.toml", 'rules = ["team"]\n')
    result = run("check", write(tmp_path / "a.txt", DEBT))
    assert result.exit_code == 2 and "x.yml:3:1: invalid YAML" in result.stderr
