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


def _no_check(compiled):
    """A verification that accepts every pack: team packs are cached only once verified."""


def test_team_pack_is_not_cached_without_verification(tmp_path, monkeypatch):
    monkeypatch.setenv("REPLYLINT_CACHE_DIR", str(tmp_path / "cache"))
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "my-rule.yml").write_text(RULE.format(word="долг"), encoding="utf-8")
    load_compiled((rules,))
    assert not list(cache_dir().glob("pack-*.pickle"))


def test_cache_is_reused_rebuilt_on_change_and_survives_corruption(tmp_path, monkeypatch):
    monkeypatch.setenv("REPLYLINT_CACHE_DIR", str(tmp_path / "cache"))
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "my-rule.yml").write_text(RULE.format(word="долг"), encoding="utf-8")

    def pack_entries():
        return [p for p in cache_dir().glob("pack-*.pickle") if p.stem.count("-") == 1]

    first = load_compiled((rules,), verify=_no_check)
    (cached,) = pack_entries()
    assert len(list(cache_dir().glob(f"{cached.stem}-*.pickle"))) == 4  # one index per language
    assert first.pack.rule("my-rule").patterns["ru"][0].source == "долг"

    (rules / "my-rule.yml").write_text(RULE.format(word="штраф"), encoding="utf-8")
    second = load_compiled((rules,), verify=_no_check)
    assert second.pack.rule("my-rule").patterns["ru"][0].source == "штраф"
    (fresh,) = [p for p in pack_entries() if p != cached]  # a new entry beside the old one
    for n in range(5):  # more packs than the cache keeps: the oldest entries go
        (rules / "my-rule.yml").write_text(RULE.format(word=f"долг{'и' * (n + 1)}"), encoding="utf-8")
        load_compiled((rules,), verify=_no_check)
    assert len(pack_entries()) <= 4 and cached not in pack_entries()
    (rules / "my-rule.yml").write_text(RULE.format(word="штраф"), encoding="utf-8")
    load_compiled((rules,), verify=_no_check)
    fresh = max(pack_entries(), key=lambda p: p.stat().st_mtime_ns)  # the current pack's entry

    fresh.write_bytes(b"not a pickle")
    third = load_compiled((rules,), verify=_no_check)
    assert third.pack.rule("my-rule").patterns["ru"][0].source == "штраф"
    for index in cache_dir().glob(f"{fresh.stem}-*.pickle"):
        index.write_bytes(b"\x80\x05garbage")
    fourth = load_compiled((rules,), verify=_no_check)
    rebuilt = fourth.index("ru")
    assert any(p.rule == "my-rule" for p in rebuilt.patterns)


def test_unwritable_cache_dir_is_ignored(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("REPLYLINT_CACHE_DIR", str(blocker / "sub"))
    assert load_compiled().pack.rules
