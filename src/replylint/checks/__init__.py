"""Check kinds: each module turns pattern matches into the spans a rule flags.

A rule's YAML `kind` names one of these modules; rules are data, kinds are code. Each has
`find(rule, context)`, `validate_options(options, fail)`, NEEDS_MATCHES (True when it can
flag nothing unless the rule's `patterns` matched) and WHOLE_REPLY (True when its findings are
about the reply as a whole - something it lacks - rather than about words in it).
"""
from __future__ import annotations

from . import absence, overlap, phrase

KINDS = {"phrase": phrase, "absence": absence, "overlap": overlap}
