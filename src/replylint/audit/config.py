"""What an audit needs besides its input: column names, grouping, period, rule sources.

Frozen and picklable: the same config travels to every worker of every engine.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields

# Dimensions a summary can be broken down by; `lang` is the detected language of each reply.
DIMENSIONS = ("agent", "team", "channel", "lang")
PERIODS = ("day", "week", "month", "none")


@dataclass(frozen=True)
class Columns:
    """The export's column (or JSON key) for each field; only `reply` must be present."""

    reply: str = "reply"
    id: str = "id"
    agent: str = "agent"
    team: str = "team"
    channel: str = "channel"
    created_at: str = "created_at"
    complaint: str = "complaint"
    lang: str = "lang"

    @classmethod
    def field_names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))

    def names(self) -> tuple[str, ...]:
        return tuple(getattr(self, name) for name in self.field_names())


@dataclass(frozen=True)
class AuditConfig:
    columns: Columns = field(default_factory=Columns)
    dimensions: tuple[str, ...] = ()
    period: str = "week"
    # Worst replies kept per rule for the report.
    examples: int = 5
    # Extra rule files or directories, as strings so that every worker can rebuild the pack.
    rules: tuple[str, ...] = ()
    use_cache: bool = True

    def __post_init__(self):
        unknown = [d for d in self.dimensions if d not in DIMENSIONS]
        if unknown:
            raise ValueError(f"unknown dimension '{unknown[0]}' (choose from {', '.join(DIMENSIONS)})")
        if self.period not in PERIODS:
            raise ValueError(f"unknown period '{self.period}' (choose from {', '.join(PERIODS)})")
        if self.examples < 0:
            raise ValueError("examples must be 0 or more")
