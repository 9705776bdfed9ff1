"""A compiled rule pack cached on disk: the pack, and one index per language.

Loading YAML and lemmatising every pattern word costs more than linting a short reply, so a
pack is compiled once and reused until a rule file, replylint or a dictionary changes. A
missing, stale, corrupt or unwritable cache is ignored: it can only make a run slower.
"""
from __future__ import annotations

import gc
import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path

from .. import __version__
from .. import languages
from .compile import CompiledPack, LanguageIndex
from .schema import RulePack
from .sources import builtin_rules_dir, rule_files, settings_files

CACHE_FORMAT = 3


def cache_dir() -> Path:
    explicit = os.environ.get("REPLYLINT_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "replylint"


def _dictionary_versions() -> str:
    import pymorphy3
    import pymorphy3_dicts_ru
    import pymorphy3_dicts_uk

    try:
        import lemmagen3

        lemmagen = os.stat(lemmagen3.__file__).st_mtime_ns
    except (ImportError, OSError):
        lemmagen = 0
    return f"{pymorphy3.__version__}/{pymorphy3_dicts_ru.__version__}/{pymorphy3_dicts_uk.__version__}/{lemmagen}"


def _code_stamp() -> str:
    """Size and mtime of replylint's own modules: a pickled pack holds instances of its classes,
    so any change of the code (even without a version bump) must invalidate the cache."""
    package = Path(__file__).resolve().parent.parent
    stamps = []
    for path in sorted(package.rglob("*.py")):
        stat = path.stat()
        stamps.append(f"{path.name}:{stat.st_size}:{stat.st_mtime_ns}")
    return ";".join(stamps)


def pack_key(sources: list[Path]) -> str | None:
    """A digest of everything the compiled pack depends on: the path, size and modification
    time of every rule file (like make and mypy), replylint's code and the dictionaries.
    None if a source cannot be listed: then the real loader reports the problem."""
    digest = hashlib.sha256(
        f"{CACHE_FORMAT}|{__version__}|{sys.version}|{_dictionary_versions()}|{_code_stamp()}".encode()
    )
    try:
        for source in sources:
            files = settings_files(source) + rule_files(source)
            for path in files:
                stat = path.stat()
                digest.update(f"{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}\0".encode())
    except Exception:  # noqa: BLE001 - the real loader will report the problem
        return None
    return digest.hexdigest()


def _read(path: Path):
    """Unpickle with the garbage collector paused: a pack is many small objects, and letting
    the collector scan them while they are created triples the load time."""
    gc.disable()
    try:
        with open(path, "rb") as handle:
            value = pickle.load(handle)
        # The pack lives as long as the process: moved out of the collector's generations,
        # its objects are not walked again by every later collection (about 7% of a batch).
        gc.freeze()
        return value
    except Exception:  # noqa: BLE001 - any unreadable cache entry is simply rebuilt
        return None
    finally:
        gc.enable()


class _DiskIndexes:
    """Loads and stores one language's compiled index at a time, next to the pack entry."""

    def __init__(self, stem: Path):
        self.stem = stem

    def load(self, lang: str) -> LanguageIndex | None:
        index = _read(self.stem.with_name(f"{self.stem.name}-{lang}.pickle"))
        return index if isinstance(index, LanguageIndex) else None

    def store(self, lang: str, index: LanguageIndex) -> None:
        _store(self.stem.with_name(f"{self.stem.name}-{lang}.pickle"), index)


def load_compiled(extra: tuple[Path, ...] = (), *, use_cache: bool = True, verify=None) -> CompiledPack:
    """The pack (built-in plus extra sources), each language compiled on first use; both the
    pack and each language's index come from the cache when it is fresh. Pack errors
    propagate as PackError, exactly as without a cache. `verify(compiled)` (raising
    PackError) runs when the pack is built: a cached pack passed it when it was stored."""
    sources = [builtin_rules_dir(), *extra]
    # A team pack is cached only once its examples were verified, so that a later `check`
    # may trust any cached entry (the built-in pack's examples are verified by its tests).
    cacheable = use_cache and (not extra or verify is not None)
    key = pack_key(sources) if cacheable else None
    if key is None:
        compiled = CompiledPack(_parse(extra))
        if verify is not None:
            verify(compiled)
        return compiled
    stem = cache_dir() / f"pack-{key}"
    pack = _read(stem.with_name(stem.name + ".pickle"))
    if not isinstance(pack, RulePack):
        pack = _parse(extra)
        # Compile every language now, so that a bad pattern in any language is reported
        # on the first run rather than on the first reply in that language.
        fresh = CompiledPack(pack)
        for lang in languages.codes():
            fresh.index(lang)
        if verify is not None:
            verify(fresh)  # before storing: a pack that fails is never cached
        _prune(stem)
        for lang in languages.codes():
            _store(stem.with_name(f"{stem.name}-{lang}.pickle"), fresh.index(lang))
        _store(stem.with_name(stem.name + ".pickle"), pack)
        return fresh
    compiled = CompiledPack(pack, indexes=_DiskIndexes(stem))
    return compiled


def _parse(extra: tuple[Path, ...]) -> RulePack:
    from .load import load_pack  # YAML is imported only when the cache cannot serve

    return load_pack(tuple(extra))


KEEP_PACKS = 4


def _prune(stem: Path) -> None:
    """Keep the entries of the few most recently built packs (teams with their own rule packs
    alternate between them) and drop older ones, so the cache does not grow without end."""
    try:
        packs = [p for p in stem.parent.glob("pack-*.pickle") if p.stem.count("-") == 1]
        packs.sort(key=lambda p: p.stat().st_mtime, reverse=True)
        for old in packs[KEEP_PACKS - 1:]:
            for entry in stem.parent.glob(f"{old.stem}*.pickle"):
                entry.unlink(missing_ok=True)
    except OSError:
        pass


def _store(path: Path, value) -> None:
    temp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".pack-", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temp, path)  # atomic: a concurrent reader never sees half a file
    except Exception:  # noqa: BLE001 - a read-only home must not break linting
        if temp is not None:
            Path(temp).unlink(missing_ok=True)
