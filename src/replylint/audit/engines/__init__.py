"""Engines: each runs "partition of records -> partial Summary" on its workers and merges.

local (forked processes, no extra services), dask and spark (optional extras). Each module has
`run(paths, config, *, jobs, ...) -> Summary`; none reads records itself (records.py does).
"""
from __future__ import annotations

import importlib

ENGINES = ("local", "dask", "spark")
# The pip extra that brings each engine's library, and the module that must import.
EXTRAS = {"dask": ("dask", "distributed"), "spark": ("spark", "pyspark")}


class EngineUnavailable(Exception):
    """The engine's library is not installed."""


def engine(name: str):
    """The module of engine NAME, imported only when asked for; EngineUnavailable with the
    pip command when its extra is missing."""
    if name not in ENGINES:
        raise ValueError(f"unknown engine {name!r}")
    if name in EXTRAS:
        extra, module = EXTRAS[name]
        try:
            importlib.import_module(module)
        except ImportError:
            raise EngineUnavailable(f"the {name} engine needs its extra: pip install 'replylint[{extra}]'") from None
    return importlib.import_module(f".{name}", __name__)
