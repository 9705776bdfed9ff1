"""What every engine runs in its workers: records of one partition -> a partial Summary.

The Linter is built once per worker process (from the on-disk compiled-pack cache) and reused
by every partition that process handles. Not for planning or merging: see engines/.
"""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..engine import Linter
from ..model import Reply
from .. import languages
from .config import AuditConfig
from .records import AuditRecord, RecordError, Split, read_split
from .summary import Summary, SummaryBuilder

_linters: dict[tuple, Linter] = {}


def linter_for(config: AuditConfig) -> Linter:
    """This process's Linter for the config's rule sources, built on first use."""
    key = (config.rules, config.use_cache)
    if key not in _linters:
        from ..pack.cache import load_compiled

        _linters[key] = Linter(load_compiled(tuple(Path(r) for r in config.rules), use_cache=config.use_cache))
    return _linters[key]


def reply_of(record: AuditRecord) -> Reply:
    # A language the export names but replylint does not know is left to detection.
    lang = record.lang if languages.get(record.lang) else None
    return Reply(path=record.id or "", text=record.reply, record_id=record.id, lang=lang,
                 complaint=record.complaint)


def summarise(items: Iterable[AuditRecord | RecordError], config: AuditConfig) -> Summary:
    linter = linter_for(config)
    builder = SummaryBuilder(config)
    for item in items:
        if isinstance(item, RecordError):
            builder.add_error(item)
        else:
            builder.add(item, linter.lint(reply_of(item)))
    return builder.summary()


def summarise_splits(splits: Iterable[Split], config: AuditConfig) -> Summary:
    """The partial summary of every record in these splits, read here, in the worker."""
    return summarise((item for split in splits for item in read_split(split, config.columns)), config)
