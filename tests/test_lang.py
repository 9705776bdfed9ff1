"""Language detection is right on every labelled reply, with the `lang` field ignored."""
import json
from pathlib import Path

import pytest

from replylint.lang import detect

ROOT = Path(__file__).resolve().parents[1]
CORPORA = sorted((ROOT.parent / "shared" / "corpus" / "dev").glob("*.jsonl")) + sorted(
    (ROOT / "tests" / "corpus").glob("*.jsonl"))


def _records():
    for path in CORPORA:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                yield pytest.param(record["lang"], record["reply"], id=record["id"])


@pytest.mark.skipif(not CORPORA, reason="no labelled corpus beside the repository")
@pytest.mark.parametrize("lang, reply", list(_records()))
def test_detects_the_labelled_language(lang, reply):
    assert detect(reply) == lang


@pytest.mark.parametrize("text, lang", [
    ("Вибачте, будь ласка, ми вже все виправили.", "uk"),
    ("Извиняваме се, вече върнахме парите.", "bg"),
    ("Извините, мы уже всё исправили.", "ru"),
    ("Sorry, we have fixed it already.", "en"),
    ("Ok", None),
    ("12345 !!!", None),
])
def test_short_texts(text, lang):
    assert detect(text) == lang
