"""`fix --write` never harms a file: symlinks kept and never followed to a backup, the file's
own encoding kept, a change made meanwhile never lost, no half-written file or backup left,
one line and exit 2 for a file that cannot be written while the others are fixed (issue 16)."""
import os

import pytest
from click.testing import CliRunner

from replylint import rewrite
from replylint.cli import main
from replylint.rewrite import StaleFileError, WriteError, read_source, unified_diff, write_fixed

DRAFT = "Мы аннулировали ваш долг.\n"
FIXED = "Мы вернули вам деньги.\n"


def _fix(*args):
    return CliRunner().invoke(main, ["fix", "--fail-on", "none", *map(str, args)])


def _errors(result):
    return [line for line in result.stderr.splitlines() if line.startswith("replylint: error:")]


def _hidden(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_a_backup_that_is_a_symlink_is_never_followed(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n", encoding="utf-8")
    draft = tmp_path / "draft.txt"
    draft.write_text(DRAFT, encoding="utf-8")
    (tmp_path / "draft.txt.orig").symlink_to(victim)
    result = _fix("--write", draft)
    assert result.exit_code == 2
    assert _errors(result) == [_errors(result)[0]] and "draft.txt.orig" in _errors(result)[0]
    assert victim.read_text(encoding="utf-8") == "keep me\n"
    assert draft.read_text(encoding="utf-8") == DRAFT
    assert (tmp_path / "draft.txt.orig").is_symlink()
    assert _fix("--write", "--no-backup", draft).exit_code == 0
    assert draft.read_text(encoding="utf-8") == FIXED
    assert victim.read_text(encoding="utf-8") == "keep me\n"


def test_a_symlinked_file_is_written_through_and_stays_a_link(tmp_path):
    real = tmp_path / "real.txt"
    real.write_text(DRAFT, encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    assert _fix("--write", link).exit_code == 0
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text(encoding="utf-8") == FIXED
    assert (tmp_path / "link.txt.orig").read_text(encoding="utf-8") == DRAFT


@pytest.mark.parametrize("encoding,bom", [
    ("cp1251", b""), ("koi8-r", b""), ("utf-16-le", b""), ("utf-16-be", b"\xfe\xff"), ("utf-8", b"\xef\xbb\xbf"),
])
def test_a_file_is_written_back_in_its_own_encoding(tmp_path, encoding, bom):
    draft = tmp_path / "draft.txt"
    draft.write_bytes(bom + ("Здравствуйте. " + DRAFT).encode(encoding))
    assert _fix("--write", draft).exit_code == 0
    assert draft.read_bytes() == bom + ("Здравствуйте. " + FIXED).encode(encoding)
    assert (tmp_path / "draft.txt.orig").read_bytes() == bom + ("Здравствуйте. " + DRAFT).encode(encoding)


def test_text_the_encoding_cannot_hold_is_refused(tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_bytes(DRAFT.encode("cp1251"))
    with pytest.raises(WriteError):
        write_fixed(read_source(draft), "Мы вернули вам деньги ✓\n")
    assert draft.read_bytes() == DRAFT.encode("cp1251")


def test_a_placeholder_survives_a_write(tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_text("Мы аннулировали {{ticket.debt}} задолженность.\n", encoding="utf-8")
    assert _fix("--write", draft).exit_code == 0
    assert "{{ticket.debt}}" in draft.read_text(encoding="utf-8")


def test_an_unwritable_folder_is_one_line_and_the_other_files_are_fixed(tmp_path, monkeypatch):
    locked, free = tmp_path / "locked", tmp_path / "free"
    locked.mkdir()
    free.mkdir()
    (locked / "a.txt").write_text(DRAFT, encoding="utf-8")
    (free / "b.txt").write_text(DRAFT, encoding="utf-8")
    locked.chmod(0o555)
    if os.geteuid() == 0:  # root writes anywhere: the refusal the system would give, made here
        real_mkstemp = rewrite.tempfile.mkstemp

        def mkstemp(*args, dir=None, **kwargs):
            if os.path.samefile(dir, locked):
                raise PermissionError(13, "Permission denied")
            return real_mkstemp(*args, dir=dir, **kwargs)

        monkeypatch.setattr(rewrite.tempfile, "mkstemp", mkstemp)
    try:
        result = _fix("--write", locked / "a.txt", free / "b.txt")
    finally:
        locked.chmod(0o755)
    assert result.exit_code == 2
    assert len(_errors(result)) == 1 and "a.txt" in _errors(result)[0] and "Traceback" not in result.stderr
    assert (locked / "a.txt").read_text(encoding="utf-8") == DRAFT
    assert (free / "b.txt").read_text(encoding="utf-8") == FIXED


def test_a_change_made_while_the_fix_was_being_written_is_kept(tmp_path, monkeypatch):
    draft = tmp_path / "draft.txt"
    draft.write_text(DRAFT, encoding="utf-8")
    (tmp_path / "draft.txt.orig").write_text("an older backup\n", encoding="utf-8")
    source = read_source(draft)
    real_write_temp = rewrite._write_temp

    def write_temp(beside, data, mode):
        temp = real_write_temp(beside, data, mode)
        with open(draft, "a", encoding="utf-8") as other_editor:  # after the re-read of old
            other_editor.write("Добавлено коллегой.\n")
        return temp

    monkeypatch.setattr(rewrite, "_write_temp", write_temp)
    with pytest.raises(StaleFileError):
        write_fixed(source, FIXED)
    assert draft.read_text(encoding="utf-8").endswith("Добавлено коллегой.\n")
    assert (tmp_path / "draft.txt.orig").read_text(encoding="utf-8") == "an older backup\n"
    assert _hidden(tmp_path) == []


def test_a_failed_write_leaves_no_temporary_file_and_the_old_backup(tmp_path, monkeypatch):
    draft = tmp_path / "draft.txt"
    draft.write_text(DRAFT, encoding="utf-8")
    (tmp_path / "draft.txt.orig").write_text("an older backup\n", encoding="utf-8")
    source = read_source(draft)

    def disk_full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(rewrite.os, "fsync", disk_full)
    with pytest.raises(WriteError):
        write_fixed(source, FIXED)
    assert draft.read_text(encoding="utf-8") == DRAFT
    assert (tmp_path / "draft.txt.orig").read_text(encoding="utf-8") == "an older backup\n"
    assert _hidden(tmp_path) == []


def test_temporary_files_left_by_a_killed_run_are_removed(tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_text(DRAFT, encoding="utf-8")
    dead = 4194305  # above the largest pid Linux gives
    stale = [tmp_path / f".draft.txt.replylint-{dead}-x1.tmp", tmp_path / f".draft.txt.orig.replylint-{dead}-x2.tmp"]
    running = tmp_path / f".draft.txt.replylint-{os.getppid()}-x3.tmp"  # another run, still going
    for temp in (*stale, running):
        temp.write_bytes(b"\0" * 1024)
    assert _fix("--write", draft).exit_code == 0
    assert _hidden(tmp_path) == [running.name]
    assert (tmp_path / "draft.txt.orig").read_text(encoding="utf-8") == DRAFT


@pytest.mark.parametrize("named,header", [
    ("draft.txt", ("--- a/draft.txt", "+++ b/draft.txt")),
    ("ABSOLUTE", ("--- {}", "+++ {}")),
])
def test_diff_headers(tmp_path, monkeypatch, named, header):
    draft = tmp_path / "draft.txt"
    draft.write_text(DRAFT, encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(tmp_path if named != "ABSOLUTE" else elsewhere)
    path = draft if named == "ABSOLUTE" else named
    lines = _fix(path).stdout.splitlines()
    assert lines[:2] == [h.format(draft) for h in header]
    assert "a//" not in lines[0]


def test_the_diff_of_a_long_reply_shows_only_the_lines_that_change(tmp_path):
    text = "".join(f"Строка {i}.\n\nМы аннулировали ваш долг за {i} день.\n\n" for i in range(300))
    draft = tmp_path / "draft.txt"
    draft.write_text(text, encoding="utf-8")
    diff = unified_diff(read_source(draft), text.replace("аннулировали ваш долг", "вернули вам деньги"))
    removed = [line for line in diff.splitlines() if line.startswith("-") and not line.startswith("---")]
    assert len(removed) == 300 and all("аннулировали" in line for line in removed)
