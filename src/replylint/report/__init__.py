"""Formatters: Results -> text for one --format each. They never match or score."""
from __future__ import annotations

import importlib

FORMATS = ("text", "json", "html", "sarif", "github")


def renderer(name: str):
    """The module for --format NAME, imported only when asked for."""
    if name not in FORMATS:
        raise ValueError(f"unknown format {name!r}")
    return importlib.import_module(f".{name}", __name__)
