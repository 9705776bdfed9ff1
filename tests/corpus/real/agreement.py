"""Agreement between two labellings of the same replies: Cohen's kappa per rule and pooled.

    python tests/corpus/real/agreement.py LABELS_A.jsonl LABELS_B.jsonl

Each file holds one {"id", "expected"} per line. A reply and a rule form one yes/no decision;
kappa compares the two labellers' decisions with what chance agreement would give.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "src"))
from replylint.taxonomy import CANONICAL_RULES  # noqa: E402


def kappa(pairs: list[tuple[bool, bool]]) -> float | None:
    n = len(pairs)
    if not n:
        return None
    observed = sum(a == b for a, b in pairs) / n
    yes_a = sum(a for a, _ in pairs) / n
    yes_b = sum(b for _, b in pairs) / n
    expected = yes_a * yes_b + (1 - yes_a) * (1 - yes_b)
    return None if expected == 1 else (observed - expected) / (1 - expected)


def load(path: str) -> dict[str, set[str]]:
    return {r["id"]: set(r["expected"]) for r in map(json.loads, Path(path).read_text(encoding="utf-8").splitlines())}


def main(a_path: str, b_path: str) -> None:
    a, b = load(a_path), load(b_path)
    ids = sorted(set(a) & set(b))
    pooled = []
    print(f"{len(ids)} replies labelled twice\n\n| rule | yes (A) | yes (B) | agree | kappa |\n|---|---|---|---|---|")
    for rule in sorted(CANONICAL_RULES):
        pairs = [(rule in a[i], rule in b[i]) for i in ids]
        pooled += pairs
        k = kappa(pairs)
        agree = sum(x == y for x, y in pairs)
        print(f"| {rule} | {sum(x for x, _ in pairs)} | {sum(y for _, y in pairs)} | {agree}/{len(pairs)} | "
              f"{'-' if k is None else f'{k:.2f}'} |")
    exact = sum(a[i] == b[i] for i in ids)
    print(f"\npooled kappa over every reply x rule decision: {kappa(pooled):.2f}; identical label sets: {exact}/{len(ids)}")


if __name__ == "__main__":
    main(*sys.argv[1:3])
