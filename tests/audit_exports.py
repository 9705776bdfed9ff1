"""Small exports of sent replies for the audit tests: the same records as JSONL, CSV and Parquet."""
from __future__ import annotations

import csv
import json
from pathlib import Path

REPLIES = [
    ("ru", "Здравствуйте!\nМы аннулировали ваш долг за вторые сутки.\n"),
    ("ru", "Простите за задержку. Мы вернули 300 ₽ на вашу карту сегодня. Спасибо, что написали."),
    ("ru", "Ошибаться свойственно каждому. Напишите нам на почту, там разберутся."),
    ("ru", "Согласно условиям договора, возврат не предусмотрен."),
    ("en", "Other customers have had no problems with this. Please email our billing team."),
    ("en", "Sorry for the trouble, and thank you for telling us. We refunded £15 to your card today."),
    ("en", "Those are the terms you accepted. We are very busy at the moment."),
    ("uk", "Вибачте за затримку. Ми повернули кошти на вашу картку сьогодні. Дякуємо, що написали."),
    ("uk", "Ми анулювали ваш борг. Пишіть на пошту."),
    ("bg", "Извиняваме се за проблема. Възстановихме сумата по картата ви днес. Благодарим, че ни писахте."),
    ("bg", "Другите клиенти нямат проблем с това."),
    ("ru", ""),  # an empty reply cell: an unreadable record, like a missing one
]
FIELDS = ("id", "reply", "agent", "team", "channel", "created_at", "complaint")


def with_text(rows: list[dict]) -> int:
    """How many of the rows have reply text (the others are unreadable records)."""
    return sum(1 for row in rows if row["reply"])


def records(count: int) -> list[dict]:
    """`count` records with varied fields: some without id, agent or date, and dates in
    several notations over a few months."""
    rows = []
    for n in range(count):
        lang, reply = REPLIES[n % len(REPLIES)]
        day = 1 + (n * 7) % 28
        month = 1 + (n // 40) % 4
        dates = (f"2024-{month:02d}-{day:02d}T10:{n % 60:02d}:00Z", f"{day:02d}.{month:02d}.2024",
                 f"2024-{month:02d}-{day:02d} 23:59", None, "yesterday")
        rows.append({
            "id": None if n % 17 == 0 else f"r{n}",
            "reply": reply,
            "agent": None if n % 13 == 0 else f"agent-{n % 9}",
            "team": ("billing", "tech", "логистика")[n % 3],
            "channel": ("email", "chat")[n % 2],
            "created_at": dates[n % len(dates)],
            "complaint": "Мне начислили долг, хотя я вернул машину вовремя." if n % 5 == 0 else None,
        })
    return rows


def write_jsonl(path: Path, rows: list[dict], *, broken_lines: int = 0) -> Path:
    with path.open("w", encoding="utf-8", newline="\n") as out:
        out.write("\ufeff")
        for n, row in enumerate(rows):
            out.write(json.dumps({k: v for k, v in row.items() if v is not None}, ensure_ascii=False) + "\n")
            if n < broken_lines:
                out.write("{not json\n\n")
    return path


def write_csv(path: Path, rows: list[dict]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=FIELDS)
        writer.writeheader()
        for row in rows:
            writer.writerow({k: "" if v is None else v for k, v in row.items()})
    return path


def write_parquet(path: Path, rows: list[dict], *, row_group_size: int = 50) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pylist(rows, schema=pa.schema([(name, pa.string()) for name in FIELDS]))
    pq.write_table(table, path, row_group_size=row_group_size)
    return path
