"""A compiled rule pack cached on disk: the pack, and one index per language.

Loading YAML and lemmatising every pattern word costs more than linting a short reply, so a
pack is compiled once and reused until a rule file, replylint or a dictionary changes. A
missing, stale, corrupt or unwritable cache is ignored: it can only make a run slower.

Entries are pickles, and unpickling runs code, so nothing is unpickled that this user did not
write: a cache directory or entry that another user owns or could write is refused (as ssh and
git refuse them), and every entry carries an HMAC-SHA256 under a per-user key kept outside the
cache (a cache restored from elsewhere, or planted in a shared directory, never authenticates).
"""
from __future__ import annotations

import gc
import hashlib
import hmac
import os
import pickle
import secrets
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .. import __version__
from .. import languages
from .compile import CompiledPack, LanguageIndex
from .schema import RulePack
from .sources import builtin_rules_dir, rule_files, settings_files

CACHE_FORMAT = 4
KEY_BYTES = 32
MAC_BYTES = hashlib.sha256().digest_size
# Never open through a symlink: a planted link could point the cache at any file.
_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)

Notice = Callable[[str], None]


class CacheRefused(Exception):
    """A cache directory, entry or key that someone other than this user could have written."""


def cache_dir() -> Path:
    explicit = os.environ.get("REPLYLINT_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "replylint"


def key_path() -> Path:
    """Where this user's cache key lives: the state directory, not the cache, so that a cache
    directory copied or restored from elsewhere comes without a key that fits it."""
    base = os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state"
    return Path(base) / "replylint" / "cache.key"


def print_notice(message: str) -> None:
    sys.stderr.write(f"replylint: notice: {message}\n")


def _check_private(stat: os.stat_result, path: Path, *, readable: bool = True) -> None:
    """CacheRefused unless `path` is this user's and no one else may write it (or, with
    `readable` False, read it either): the checks of ssh's StrictModes."""
    if hasattr(os, "geteuid") and stat.st_uid != os.geteuid():
        raise CacheRefused(f"{path} belongs to another user")
    if stat.st_mode & (0o022 if readable else 0o077):
        raise CacheRefused(f"{path} is {'writable' if readable else 'accessible'} by group or others")


def _private_dir(path: Path) -> Path:
    """`path` created (0700) if missing, and checked: CacheRefused, or OSError if unusable."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    _check_private(path.stat(), path)
    return path


def _read_key(path: Path) -> bytes:
    with open(os.open(path, os.O_RDONLY | _NO_FOLLOW), "rb") as handle:
        _check_private(os.fstat(handle.fileno()), path, readable=False)
        key = handle.read(KEY_BYTES + 1)
    if len(key) != KEY_BYTES:
        raise CacheRefused(f"{path} is not a replylint cache key (delete it to make a new one)")
    return key


def cache_key() -> bytes:
    """This user's secret for the cache's HMACs, made on first use. The file is written in
    full under a temporary name (0600) and linked into place, so a concurrent process never
    reads half a key, and of two racing processes the first one's key wins for both."""
    path = key_path()
    _private_dir(path.parent)
    try:
        return _read_key(path)
    except FileNotFoundError:
        pass
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".key-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(secrets.token_bytes(KEY_BYTES))
        try:
            os.link(temp, path)
        except FileExistsError:
            pass
    finally:
        os.unlink(temp)
    return _read_key(path)


def _mac(key: bytes, name: str, payload) -> bytes:
    """The entry's HMAC binds its file name too: a genuine entry moved to another name (an
    old pack under the current pack's name) does not authenticate."""
    mac = hmac.new(key, name.encode() + b"\0", hashlib.sha256)
    mac.update(payload)
    return mac.digest()


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


def pack_key(sources: list[Path], secret: bytes) -> str | None:
    """A digest of everything the compiled pack depends on: the path, size and modification
    time of every rule file (like make and mypy), replylint's code and the dictionaries.
    Keyed with the user's secret, so that entries made under another key are never looked up.
    None if a source cannot be listed: then the real loader reports the problem."""
    digest = hmac.new(
        secret, f"{CACHE_FORMAT}|{__version__}|{sys.version}|{_dictionary_versions()}|{_code_stamp()}".encode(),
        hashlib.sha256,
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


def _authentic_payload(path: Path, secret: bytes, notice: Notice):
    """The entry's pickle bytes if this user wrote them under `secret`; None (after a notice,
    unless the entry is simply missing) for anything else."""
    try:
        with open(os.open(path, os.O_RDONLY | _NO_FOLLOW), "rb") as handle:
            _check_private(os.fstat(handle.fileno()), path)
            data = handle.read()
    except FileNotFoundError:
        return None
    except CacheRefused as exc:
        notice(f"compiled-pack cache entry not used: {exc}; rebuilt")
        return None
    except OSError:
        return None
    payload = memoryview(data)[MAC_BYTES:]
    if len(data) < MAC_BYTES or not hmac.compare_digest(data[:MAC_BYTES], _mac(secret, path.name, payload)):
        notice(f"compiled-pack cache entry not used: {path} was not written by replylint for this user; rebuilt")
        return None
    return payload


def _read(path: Path, secret: bytes, notice: Notice):
    """Unpickle an authenticated entry with the garbage collector paused: a pack is many small
    objects, and letting the collector scan them while they are created triples the load time."""
    payload = _authentic_payload(path, secret, notice)
    if payload is None:
        return None
    gc.disable()
    try:
        value = pickle.loads(payload)
        # The pack lives as long as the process: moved out of the collector's generations,
        # its objects are not walked again by every later collection (about 7% of a batch).
        gc.freeze()
        return value
    except Exception:  # noqa: BLE001 - an entry of an older layout is simply rebuilt
        return None
    finally:
        gc.enable()


class _DiskIndexes:
    """Loads and stores one language's compiled index at a time, next to the pack entry."""

    def __init__(self, stem: Path, secret: bytes, notice: Notice):
        self.stem = stem
        self.secret = secret
        self.notice = notice

    def load(self, lang: str) -> LanguageIndex | None:
        index = _read(self.stem.with_name(f"{self.stem.name}-{lang}.pickle"), self.secret, self.notice)
        return index if isinstance(index, LanguageIndex) else None

    def store(self, lang: str, index: LanguageIndex) -> None:
        _store(self.stem.with_name(f"{self.stem.name}-{lang}.pickle"), index, self.secret)


@dataclass(frozen=True)
class _Cache:
    directory: Path
    secret: bytes


def _usable_cache(notice: Notice) -> _Cache | None:
    """The cache directory and this user's key, or None when either cannot be trusted (a
    notice says why) or cannot be had at all (a read-only home: silently)."""
    try:
        return _Cache(_private_dir(cache_dir()), cache_key())
    except CacheRefused as exc:
        notice(f"compiled-pack cache not used: {exc}; the rule pack is compiled on every run")
    except OSError:
        pass
    return None


def load_compiled(extra: tuple[Path, ...] = (), *, use_cache: bool = True, verify=None,
                  notice: Notice = print_notice) -> CompiledPack:
    """The pack (built-in plus extra sources), each language compiled on first use; both the
    pack and each language's index come from the cache when it is fresh. Pack errors
    propagate as PackError, exactly as without a cache. `verify(compiled)` (raising
    PackError) runs when the pack is built: a cached pack passed it when it was stored.
    `notice(message)` hears of a cache that was refused (by default, one line on stderr)."""
    sources = [builtin_rules_dir(), *extra]
    # A team pack is cached only once its examples were verified, so that a later `check`
    # may trust any cached entry (the built-in pack's examples are verified by its tests).
    cacheable = use_cache and (not extra or verify is not None)
    cache = _usable_cache(notice) if cacheable else None
    key = pack_key(sources, cache.secret) if cache is not None else None
    if key is None:
        compiled = CompiledPack(_parse(extra))
        if verify is not None:
            verify(compiled)
        return compiled
    secret = cache.secret
    stem = cache.directory / f"pack-{key}"
    pack = _read(stem.with_name(stem.name + ".pickle"), secret, notice)
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
            _store(stem.with_name(f"{stem.name}-{lang}.pickle"), fresh.index(lang), secret)
        _store(stem.with_name(stem.name + ".pickle"), pack, secret)
        return fresh
    return CompiledPack(pack, indexes=_DiskIndexes(stem, secret, notice))


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


def _store(path: Path, value, secret: bytes) -> None:
    """Writes HMAC + pickle under a temporary name (0600, from mkstemp), then renames it."""
    temp = None
    try:
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".pack-", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(_mac(secret, path.name, payload))
            handle.write(payload)
        os.replace(temp, path)  # atomic: a concurrent reader never sees half a file
    except Exception:  # noqa: BLE001 - a read-only home must not break linting
        if temp is not None:
            Path(temp).unlink(missing_ok=True)
