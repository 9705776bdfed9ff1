"""replylint: lint customer-service replies to complaints before they are sent.

    import replylint
    result = replylint.lint("Мы аннулировали ваш долг.", complaint=None, lang="auto")
    result.score, [(f.rule, f.line, f.column, f.text) for f in result.findings], result.passed

The API (lint, Linter, Result, Finding, ReplylintError, SCHEMA_VERSION) is imported on first
use: `import replylint` alone loads no rule pack and no linting code.
"""
from __future__ import annotations

__version__ = "0.2.0"

__all__ = ["Finding", "Linter", "ReplylintError", "Result", "SCHEMA_VERSION", "lint", "__version__"]

# Not `from typing import TYPE_CHECKING`: importing typing would triple the cost of this module.
# Type checkers treat a name TYPE_CHECKING as true whatever its value.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from .api import SCHEMA_VERSION, Finding, Linter, ReplylintError, Result, lint


def __getattr__(name: str) -> object:
    if name in __all__:
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module 'replylint' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
