"""Check kinds: each module turns pattern matches into the spans a rule flags.

A rule's YAML `kind` names one of these modules; rules are data, kinds are code. Each has
`find(rule, context)`, `validate_options(options, fail)` and NEEDS_MATCHES (True when it can
flag nothing unless the rule's `patterns` matched).
"""
from __future__ import annotations

from . import absence, overlap, phrase

KINDS = {"phrase": phrase, "absence": absence, "overlap": overlap}
