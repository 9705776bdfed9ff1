"""Where rule files are: the built-in pack and the files of an extra pack source.

Kept apart from the YAML loader so that a run served from the compiled-pack cache never
imports YAML at all.
"""
from __future__ import annotations

from pathlib import Path

from .schema import Location, PackError

PACK_SETTINGS_FILE = "_pack.yml"
# Named word classes (`@third-party`) that any rule's patterns may use.
WORD_CLASSES_FILE = "_classes.yml"


def settings_files(source: Path) -> list[Path]:
    """The pack-wide files of a pack directory that exist (settings, word classes)."""
    if not source.is_dir():
        return []
    return [source / name for name in (PACK_SETTINGS_FILE, WORD_CLASSES_FILE) if (source / name).exists()]


def builtin_rules_dir() -> Path:
    """The rule pack shipped as the package `replylint.rules` (the repository's rules/)."""
    import replylint.rules

    return Path(replylint.rules.__file__).parent


def rule_files(source: Path) -> list[Path]:
    """The rule files of a directory (settings file excluded), or the file itself."""
    try:
        if source.is_dir():
            return sorted(
                p for p in source.iterdir()
                if p.suffix in (".yml", ".yaml") and not p.name.startswith("_")
            )
        if source.exists():
            return [source]
    except OSError as exc:  # an unreadable directory, a name too long for the system
        raise PackError(Location(str(source), 1, 1), f"cannot read rule pack: {exc.strerror or exc}") from None
    raise PackError(Location(str(source), 1, 1), "rule pack path does not exist")
