"""The compiled-pack cache is keyed by content and never trusted blindly."""
from replylint.pack.cache import cache_dir, load_compiled

RULE = """\
id: my-rule
kind: phrase
severity: warning
message: m
why: w
patterns:
  ru: ["{word}"]
examples:
  ru:
    fail: ["{word}"]
    pass: ["нет"]
"""


def test_cache_is_reused_rebuilt_on_change_and_survives_corruption(tmp_path, monkeypatch):
    monkeypatch.setenv("REPLYLINT_CACHE_DIR", str(tmp_path / "cache"))
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "my-rule.yml").write_text(RULE.format(word="долг"), encoding="utf-8")

    first = load_compiled((rules,))
    (cached,) = list(cache_dir().glob("pack-*.pickle"))
    assert first.pack.rule("my-rule").patterns["ru"][0].source == "долг"

    (rules / "my-rule.yml").write_text(RULE.format(word="штраф"), encoding="utf-8")
    second = load_compiled((rules,))
    assert second.pack.rule("my-rule").patterns["ru"][0].source == "штраф"
    (fresh,) = list(cache_dir().glob("pack-*.pickle"))
    assert fresh != cached  # the stale entry was replaced

    fresh.write_bytes(b"not a pickle")
    third = load_compiled((rules,))
    assert third.pack.rule("my-rule").patterns["ru"][0].source == "штраф"


def test_unwritable_cache_dir_is_ignored(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("REPLYLINT_CACHE_DIR", str(blocker / "sub"))
    assert load_compiled().pack.rules
