"""Paths -> files: directory walks, globs, default and configured excludes, .gitignore."""
from pathlib import Path

from replylint.discover import FileFilter, discover
from replylint.inputs import InputError


def tree(root: Path, *names: str) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")


def found(root: Path, *paths: str, **options) -> list[str]:
    selection = FileFilter(root=root, **options)
    return [Path(p).relative_to(root).as_posix() if isinstance(p, Path) else p
            for p in discover(tuple(str(root / p) if p != "-" else p for p in paths) or (str(root),), selection)]


def test_walk_keeps_known_suffixes_and_skips_default_excludes(tmp_path):
    tree(tmp_path, "a.txt", "b.md", "c.html", "d.yaml", "e.json", "f.csv", "g.jsonl", "h.py", ".hidden.txt",
         "node_modules/x.txt", "build/y.md", "sub/z.yml")
    assert found(tmp_path) == ["a.txt", "b.md", "c.html", "d.yaml", "e.json", "f.csv", "g.jsonl", "sub/z.yml"]


def test_gitignore_applies_inside_a_repository(tmp_path):
    (tmp_path / ".git").mkdir()
    tree(tmp_path, "keep.txt", "scratch/drop.txt", "sub/drop.md", "sub/keep.md")
    (tmp_path / ".gitignore").write_text("scratch/\n", encoding="utf-8")
    (tmp_path / "sub" / ".gitignore").write_text("drop.md\n", encoding="utf-8")
    assert found(tmp_path) == ["keep.txt", "sub/keep.md"]
    assert found(tmp_path, respect_gitignore=False) == ["keep.txt", "scratch/drop.txt", "sub/drop.md", "sub/keep.md"]


def test_gitignore_means_nothing_outside_a_repository(tmp_path):
    tree(tmp_path, "scratch/a.txt")
    (tmp_path / ".gitignore").write_text("scratch/\n", encoding="utf-8")
    assert found(tmp_path) == ["scratch/a.txt"]


def test_extend_exclude_and_explicit_files(tmp_path):
    tree(tmp_path, "archive/old.txt", "new.txt")
    assert found(tmp_path, extend_exclude=("archive/",)) == ["new.txt"]
    # a file named on the command line is always linted
    assert found(tmp_path, "archive/old.txt", extend_exclude=("archive/",)) == ["archive/old.txt"]


def test_globs(tmp_path):
    tree(tmp_path, "a/x.yaml", "a/b/y.yaml", "a/b/z.txt")
    assert found(tmp_path, "a/**/*.yaml") == ["a/b/y.yaml", "a/x.yaml"]
    assert found(tmp_path, "a/**") == ["a/x.yaml", "a/b/y.yaml", "a/b/z.txt"]
    (error,) = discover((str(tmp_path / "*.nothing"),))
    assert isinstance(error, InputError) and error.message == "no file matches this pattern"


def test_force_exclude_applies_to_named_files(tmp_path):
    tree(tmp_path, "archive/old.txt", "team/rule.yml")
    named = ("archive/old.txt", "team/rule.yml")
    assert found(tmp_path, *named, extend_exclude=("archive/",)) == list(named)
    assert found(tmp_path, *named, extend_exclude=("archive/",), force_exclude=True,
                 skip_paths=frozenset({(tmp_path / "team").resolve()})) == []
