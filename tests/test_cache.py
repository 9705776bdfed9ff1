"""The compiled-pack cache is keyed by content and never trusted blindly."""
import os
import stat

import pytest

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


class _Planted:
    """A pickle that runs code when loaded: it makes the directory `marker`."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        import os

        return os.mkdir, (self.marker,)


def _pack_entry():
    (entry,) = [p for p in cache_dir().glob("pack-*.pickle") if p.stem.count("-") == 1]
    return entry


def test_planted_pickle_is_never_loaded_but_noticed_and_rebuilt(tmp_path, monkeypatch):
    import pickle

    monkeypatch.setenv("REPLYLINT_CACHE_DIR", str(tmp_path / "cache"))
    load_compiled(notice=pytest.fail)
    entry = _pack_entry()
    marker = tmp_path / "code-ran"
    for path in [entry, *cache_dir().glob(f"{entry.stem}-*.pickle")]:
        path.write_bytes(pickle.dumps(_Planted(marker)))  # the entry's own name, owner and mode
    notices = []
    compiled = load_compiled(notice=notices.append)
    assert compiled.index("ru").patterns and compiled.pack.rule("debt-wording")
    assert not marker.exists()
    assert len(notices) == 1 and str(entry) in notices[0]
    notices.clear()
    assert load_compiled(notice=notices.append).index("ru").patterns and not notices  # rebuilt, trusted again
    assert not marker.exists()


def test_check_with_a_planted_pickle_lints_as_usual_and_says_so(tmp_path, monkeypatch):
    import pickle

    from click.testing import CliRunner

    from replylint.cli import main

    monkeypatch.setenv("REPLYLINT_CACHE_DIR", str(tmp_path / "cache"))
    draft = tmp_path / "draft.txt"
    draft.write_text("Мы аннулировали ваш долг.\n", encoding="utf-8")
    before = CliRunner().invoke(main, ["check", str(draft), "--format", "json"])
    marker = tmp_path / "code-ran"
    _pack_entry().write_bytes(pickle.dumps(_Planted(marker)))
    after = CliRunner().invoke(main, ["check", str(draft), "--format", "json"])
    assert not marker.exists()
    assert (after.exit_code, after.stdout) == (before.exit_code, before.stdout)
    assert len(after.stderr.splitlines()) == 1 and str(_pack_entry()) in after.stderr


def test_cache_dir_others_may_write_is_refused(tmp_path, monkeypatch):
    import pickle

    shared = tmp_path / "shared"
    monkeypatch.setenv("REPLYLINT_CACHE_DIR", str(shared))
    load_compiled(notice=pytest.fail)
    marker = tmp_path / "code-ran"
    _pack_entry().write_bytes(pickle.dumps(_Planted(marker)))
    shared.chmod(0o777)
    notices = []
    assert load_compiled(notice=notices.append).pack.rule("debt-wording")
    assert not marker.exists() and len(notices) == 1 and str(shared) in notices[0]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="giving a file away needs root")
def test_entry_owned_by_another_user_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("REPLYLINT_CACHE_DIR", str(tmp_path / "cache"))
    load_compiled(notice=pytest.fail)
    os.chown(_pack_entry(), 12345, 12345)
    notices = []
    assert load_compiled(notice=notices.append).pack.rule("debt-wording")
    assert len(notices) == 1 and str(_pack_entry()) in notices[0]


def test_key_is_private_and_a_copied_cache_is_not_trusted(tmp_path, monkeypatch):
    import shutil

    from replylint.pack.cache import key_path

    monkeypatch.setenv("REPLYLINT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    load_compiled(notice=pytest.fail)
    assert stat.S_IMODE(key_path().stat().st_mode) == 0o600
    copied = tmp_path / "copied"
    shutil.copytree(cache_dir(), copied)  # e.g. a CI cache restored from another job
    monkeypatch.setenv("REPLYLINT_CACHE_DIR", str(copied))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "another-user-state"))
    entries = sorted(copied.iterdir())
    load_compiled(notice=pytest.fail)  # its entries do not even match this user's names
    assert len(sorted(copied.iterdir())) == 2 * len(entries)

    key_path().chmod(0o644)
    notices = []
    assert load_compiled(notice=notices.append).pack.rule("debt-wording")
    assert len(notices) == 1 and str(key_path()) in notices[0]
