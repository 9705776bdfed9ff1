"""Which lemmatiser for Bulgarian and English: Lemmagen (lemmagen3) or simplemma?

    pip install simplemma && python bench/lemmatizers.py

For each candidate: start-up time, look-ups per second over the corpus words, the share of
corpus word forms it changes (a lemmatiser that returns most words unchanged does little),
and the rule pack's macro precision / recall on the bg and en dev replies when replylint
runs with it. replylint ships Lemmagen; simplemma is only needed to run this comparison.
"""
from __future__ import annotations

import json
import re
import time
from pathlib import Path

from replylint import morph
from replylint.engine import Linter
from replylint.evaluation import evaluate
from replylint.model import Parse
from replylint.morph import normalise
from replylint.pack.load import load_pack
from replylint.taxonomy import CANONICAL_RULES

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "dev"
WORD = re.compile(r"\w+(?:['’-]\w+)*")


class SimplemmaAnalyser:
    def __init__(self, lang: str):
        import simplemma

        self.lang = lang
        self._lemmatize = simplemma.lemmatize
        self.grammemes = morph.COMMON_GRAMMEMES

    def parse(self, word: str):
        lemma = normalise(self._lemmatize(word, lang=self.lang))
        readings = [Parse(lemma, frozenset(), 1.0)]
        if lemma != word:
            readings.append(Parse(word, frozenset(), 0.5))
        return tuple(readings)


def candidates():
    from replylint.morph.lemmagen import LemmagenAnalyser

    yield "lemmagen3", LemmagenAnalyser
    try:
        import simplemma  # noqa: F401

        yield "simplemma", SimplemmaAnalyser
    except ImportError:
        print("simplemma is not installed: pip install simplemma to compare")


def installed_mib(module_name: str) -> float:
    import importlib

    folder = Path(importlib.import_module(module_name).__file__).parent
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 2**20


def main() -> None:
    records = {lang: [json.loads(l) for l in (CORPUS / f"{lang}.jsonl").read_text(encoding="utf-8").splitlines() if l.strip()]
               for lang in ("bg", "en")}
    pack = load_pack()
    print("| lemmatiser | lang | start-up ms | look-ups/s | forms changed | macro P | macro R |")
    print("|---|---|---|---|---|---|---|")
    for name, factory in candidates():
        for lang, recs in records.items():
            words = [normalise(w) for r in recs for w in WORD.findall(r["reply"])]
            started = time.perf_counter()
            analyser = factory(lang)
            analyser.parse("warmup")
            startup = (time.perf_counter() - started) * 1000
            started = time.perf_counter()
            changed = sum(analyser.parse(w)[0].lemma != w for w in words)
            rate = len(words) / (time.perf_counter() - started)
            original = morph.analyser_for
            morph.analyser_for.cache_clear()
            replacement = {lang: analyser}

            def patched(code, _orig=original, _repl=replacement):
                return _repl[code] if code in _repl else _orig(code)

            import replylint.pack.compile as compile_module
            import replylint.tokens as tokens_module

            compile_module.analyser_for = tokens_module.analyser_for = patched
            tokens_module._READINGS.clear()
            try:
                tables = evaluate(recs, Linter(pack), CANONICAL_RULES)
            finally:
                compile_module.analyser_for = tokens_module.analyser_for = original
                tokens_module._READINGS.clear()
            table = tables[lang]
            print(f"| {name} ({installed_mib(name):.0f} MiB installed) | {lang} | {startup:.0f} | {rate:,.0f} | "
                  f"{changed / len(words):.0%} | {table.macro('precision'):.2f} | {table.macro('recall'):.2f} |")


if __name__ == "__main__":
    main()
