"""Command-line paths -> the files to lint: directories walked, globs expanded, default and
configured excludes and .gitignore files applied. Not for reading files: see inputs.py.

A file named on the command line is always linted, as in ruff: excludes are for what a
directory walk or a glob finds.
"""
from __future__ import annotations

import glob
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from pathlib import Path

if TYPE_CHECKING:
    import pathspec

# pathspec implements git's own wildmatch rules (negation, anchoring, `**`, directory-only
# patterns); a hand-rolled fnmatch gets .gitignore subtly wrong. It is imported on first use:
# linting one named file should not pay for it.

from .formats import SUFFIXES
from .inputs import InputError, SkippedInput

DEFAULT_EXCLUDE = (".git/", ".hg/", ".svn/", "node_modules/", ".venv/", "venv/", "__pycache__/",
                   ".tox/", "build/", "dist/", "site-packages/")
_GLOB_CHARS = frozenset("*?[")


@dataclass(frozen=True)
class FileFilter:
    """Which files a walk keeps: by suffix, by exclude patterns (gitignore syntax, relative to
    `root`, the directory of the configuration that set them) and by .gitignore files."""

    suffixes: tuple[str, ...] = SUFFIXES
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    extend_exclude: tuple[str, ...] = ()
    respect_gitignore: bool = True
    root: Path = field(default_factory=Path.cwd)
    skip_paths: frozenset[Path] = frozenset()  # e.g. a team's rule pack inside the repository
    force_exclude: bool = False  # excludes apply to named files too (pre-commit names every file)

    def spec(self) -> pathspec.PathSpec:
        import pathspec

        return pathspec.GitIgnoreSpec.from_lines(self.exclude + self.extend_exclude)


def _relative(path: Path, base: Path) -> str | None:
    try:
        return path.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return None


class _Ignores:
    """The exclude patterns and every .gitignore from the repository root down to a walk."""

    def __init__(self, selection: FileFilter):
        self.selection = selection
        self._exclude = None  # compiled on first use: one named file never needs it
        self.gitignores: dict[Path, pathspec.PathSpec | None] = {}

    def _gitignore(self, directory: Path) -> pathspec.PathSpec | None:
        directory = directory.resolve()
        if directory not in self.gitignores:
            path = directory / ".gitignore"
            spec = None
            if path.is_file():
                try:
                    import pathspec

                    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
                    spec = pathspec.GitIgnoreSpec.from_lines(lines)
                except OSError:
                    spec = None
            self.gitignores[directory] = spec
        return self.gitignores[directory]

    def _gitignore_dirs(self, path: Path) -> list[Path]:
        """The directories above `path` whose .gitignore applies: up to the repository root."""
        dirs = []
        for parent in path.resolve().parents:
            dirs.append(parent)
            if (parent / ".git").exists():
                break
        else:
            return []  # not in a git repository: .gitignore files mean nothing
        return dirs

    def ignored(self, path: Path, is_dir: bool) -> bool:
        try:
            resolved = path.resolve()
        except (RuntimeError, OSError):  # a symlink loop: kept, so that reading it reports it
            return False
        if resolved in self.selection.skip_paths or any(p in self.selection.skip_paths for p in resolved.parents):
            return True
        suffix = "/" if is_dir else ""
        relative = _relative(path, self.selection.root)
        if self._exclude is None:
            self._exclude = self.selection.spec()
        if self._exclude.match_file((relative if relative is not None else path.name) + suffix):
            return True
        if not self.selection.respect_gitignore:
            return False
        for directory in self._gitignore_dirs(path):
            spec = self._gitignore(directory)
            if spec is not None and spec.match_file(_relative(path, directory) + suffix):
                return True
        return False


def _found(path: Path) -> Path | SkippedInput:
    """A file a walk or a glob found, or a notice for what is not a regular file: reading a
    FIFO waits for a writer forever and a device may never end. A path that cannot be
    stat'ed is kept, so that reading it reports why."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return path
    if stat.S_ISREG(mode):
        return path
    kind = ("a FIFO" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode)
            else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "not a regular file")
    return SkippedInput(str(path), 1, 1, f"skipped: {kind}, not a regular file (name it to read it)")


def _walk(top: Path, selection: FileFilter, ignores: _Ignores, suffix_filter: bool
          ) -> Iterator[Path | InputError]:
    seen_dirs: set[tuple[int, int]] = set()
    unreadable: list[OSError] = []  # os.walk would skip an unreadable directory in silence
    for root, dirs, files in os.walk(top, followlinks=True, onerror=unreadable.append):
        while unreadable:
            exc = unreadable.pop(0)
            yield InputError(str(exc.filename or root), 1, 1, f"cannot read directory: {exc.strerror or exc}")
        try:
            stat = os.stat(root)
        except OSError:
            continue
        if (stat.st_dev, stat.st_ino) in seen_dirs:
            dirs[:] = []  # a symlink loop: this directory was already walked
            continue
        seen_dirs.add((stat.st_dev, stat.st_ino))
        base = Path(root)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not ignores.ignored(base / d, True))
        for name in sorted(files):
            if name.startswith("."):
                continue
            if suffix_filter and not name.lower().endswith(selection.suffixes):
                continue
            if not ignores.ignored(base / name, False):
                yield _found(base / name)
    for exc in unreadable:  # the last directories walked
        yield InputError(str(exc.filename or top), 1, 1, f"cannot read directory: {exc.strerror or exc}")


def discover(paths: tuple[str, ...], selection: FileFilter | None = None) -> Iterator[Path | str | InputError]:
    """Files to lint in command-line order ('-' stays '-'), or an InputError per bad path."""
    selection = selection or FileFilter()
    ignores = _Ignores(selection)
    for raw in paths:
        if raw == "-":
            yield "-"
            continue
        path = Path(raw)
        try:
            is_dir, exists = path.is_dir(), path.exists() or path.is_symlink()
        except (OSError, ValueError) as exc:  # a name too long for the system, a NUL in it
            yield InputError(raw, 1, 1, f"cannot read: {getattr(exc, 'strerror', None) or exc}")
            continue
        if is_dir:
            yield from _nothing_to_lint(raw, _walk(path, selection, ignores, suffix_filter=True), selection)
        elif exists:
            if not (selection.force_exclude and ignores.ignored(path, False)):
                yield path
        elif _GLOB_CHARS & set(raw):
            matches = sorted(glob.glob(raw, recursive=True))
            if not matches:
                yield InputError(raw, 1, 1, "no file matches this pattern")
            else:
                yield from _nothing_to_lint(raw, _glob_files(matches, selection, ignores), selection)
        else:
            yield InputError(raw, 1, 1, "no such file or directory")


def _nothing_to_lint(raw: str, found: Iterator[Path | InputError], selection: FileFilter
                     ) -> Iterator[Path | InputError]:
    """`found`, or an error when a directory or glob given to lint holds no file to lint: a
    run that checks nothing must not pass as clean."""
    empty = True
    for item in found:
        empty = False
        yield item
    if empty:
        yield InputError(raw, 1, 1, f"nothing to lint here: no {' '.join(selection.suffixes)} file "
                                    "that is not excluded")


def _glob_files(matches: list[str], selection: FileFilter, ignores: _Ignores) -> Iterator[Path | InputError]:
    seen: set[Path] = set()  # `dir/**` lists a directory and the files inside it
    for match in map(Path, matches):
        if match.is_dir():
            found = _walk(match, selection, ignores, suffix_filter=True)
        elif not match.name.startswith(".") and not ignores.ignored(match, False):
            found = iter((_found(match),))
        else:
            continue
        for file in found:
            if file not in seen:
                seen.add(file)
                yield file
