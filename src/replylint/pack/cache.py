"""A compiled rule pack cached on disk, keyed by the content of every rule file.

Loading YAML and lemmatising every pattern word costs more than linting a short reply, so a
pack is compiled once and reused until a rule file, replylint or a dictionary changes. A
missing, stale, corrupt or unwritable cache is ignored: it can only make a run slower.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path

from .. import __version__
from ..morph import LANGUAGES
from .compile import CompiledPack
from .load import PACK_SETTINGS_FILE, _rule_files, builtin_rules_dir, load_pack

CACHE_FORMAT = 1


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
    """A digest of everything the compiled pack depends on; None if a source cannot be read."""
    digest = hashlib.sha256(
        f"{CACHE_FORMAT}|{__version__}|{sys.version}|{_dictionary_versions()}|{_code_stamp()}".encode()
    )
    try:
        for source in sources:
            files = _rule_files(source)
            if source.is_dir() and (source / PACK_SETTINGS_FILE).exists():
                files = [source / PACK_SETTINGS_FILE] + files
            for path in files:
                digest.update(str(path).encode() + b"\0" + path.read_bytes() + b"\0")
    except Exception:  # noqa: BLE001 - the real loader will report the problem
        return None
    return digest.hexdigest()


def load_compiled(extra: tuple[Path, ...] = (), *, use_cache: bool = True) -> CompiledPack:
    """The pack (built-in plus extra sources) compiled for every language, from the cache
    when it is fresh. Pack errors propagate as PackError, exactly as without a cache."""
    sources = [builtin_rules_dir(), *extra]
    key = pack_key(sources) if use_cache else None
    path = cache_dir() / f"pack-{key}.pickle" if key else None
    if path is not None:
        try:
            with open(path, "rb") as handle:
                compiled = pickle.load(handle)
            if isinstance(compiled, CompiledPack):
                return compiled
        except Exception:  # noqa: BLE001 - any unreadable cache is simply rebuilt
            pass
    compiled = CompiledPack(load_pack(tuple(extra)))
    for lang in LANGUAGES:
        compiled.index(lang)
    if path is not None:
        _store(path, compiled)
    return compiled


def _store(path: Path, compiled: CompiledPack) -> None:
    temp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for old in path.parent.glob("pack-*.pickle"):
            old.unlink(missing_ok=True)
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".pack-", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(compiled, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temp, path)  # atomic: a concurrent reader never sees half a file
    except Exception:  # noqa: BLE001 - a read-only home must not break linting
        if temp is not None:
            Path(temp).unlink(missing_ok=True)
