"""Check kinds: each module turns pattern matches into the spans a rule flags.

A rule's YAML `kind` names one of these modules; rules are data, kinds are code.
"""
from __future__ import annotations

from . import absence, overlap, phrase

KINDS = {"phrase": phrase, "absence": absence, "overlap": overlap}
