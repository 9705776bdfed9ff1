"""`replylint fix` on one long generated reply with many fixable phrases: wall time and fix count.

    python bench/fix.py                 about 640 fixes in about 90 KB (the size of issue 16's case)
    python bench/fix.py --blocks 160    a quarter of it, to see how time grows with the fix count

Each block is a short paragraph with one phrase `fix` rewrites.
"""
from __future__ import annotations

import argparse
import re
import subprocess
import tempfile
import time
from pathlib import Path

from bench import replylint

# Paragraphs of about 140 bytes, each with the same fixable phrase in a different sentence:
# fixes of different phrases to the same words would be refused as repeating each other.
BLOCKS = (
    "Мы аннулировали ваш долг за {month}, подробности в личном кабинете, раздел «Платежи».\n\n",
    "После проверки мы аннулировали ваш долг до {day} числа, придёт письмо с деталями.\n\n",
    "По договору мы аннулировали ваш долг за {month}; новые начисления как обычно.\n\n",
    "Сегодня мы аннулировали ваш долг за {month}, проверьте выписку по карте.\n\n",
)
MONTHS = ("январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь")


def generate(blocks: int) -> str:
    return "".join(BLOCKS[i % len(BLOCKS)].format(month=MONTHS[i % len(MONTHS)], day=1 + i % 28)
                   for i in range(blocks))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--blocks", type=int, default=640, help="fixable paragraphs in the reply")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        draft = Path(folder) / "long.txt"
        draft.write_text(generate(args.blocks), encoding="utf-8")
        size = draft.stat().st_size
        started = time.perf_counter()
        run = subprocess.run(replylint("fix", str(draft)), capture_output=True, text=True)
        wall = time.perf_counter() - started
    fixes = len(re.findall(r"^\+(?!\+\+ ).", run.stdout, re.MULTILINE))
    print(f"{args.blocks} blocks, {size:,} bytes: {fixes} lines changed in {wall:.1f} s (exit {run.returncode})")


if __name__ == "__main__":
    main()
