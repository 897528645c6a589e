"""Duplicate signals: cost per new item with 1,000 and 100,000 open items (linking only).

    .venv/bin/python bench/related_scale.py [--sizes 1000 100000] [--batches 20]

`linking.duplicates.related_for_batch` for worker batches of 16 new items against N
stored open items (invented tips: a rare or common surname, an address, an authority
most tips name, sometimes a phone number). Measures the linking step alone, with the
stored items already in memory; the store query that fetches them is not included.
Prints the median and p95 milliseconds per new item.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from contract.records import ItemEntities
from linking.duplicates import related_for_batch

T0 = datetime(2026, 6, 1)
COMMON = ("Jansen", "de Vries", "Bakker", "Visser", "Smit", "El Amrani", "Yilmaz", "Nguyen")
FIRST = ("Anna", "Pieter", "Fatima", "Mohammed", "Sanne", "Wei", "Piotr", "Ayse", "Kwame")
AUTHORITIES = ("IND", "Politie", "Gemeente Rotterdam", "UWV", "Koninklijke Marechaussee")


def tip(rng: random.Random, item_id: int, received: datetime) -> ItemEntities:
    surname = (
        rng.choice(COMMON)
        if rng.random() < 0.3
        else "".join(rng.choice("bdgklmnprstvz") + rng.choice("aeiou") for _ in range(4))
    )
    entities = [
        ("PERSOON", f"{rng.choice(FIRST)} {surname.capitalize()}"),
        ("ADRES", f"{rng.choice(('Kerkstraat', 'Dorpsstraat', 'Molenweg'))} {rng.randint(1, 200)}"),
        ("POSTCODE", f"{rng.randint(1000, 9999)}{rng.choice('ABCDEFGH')}{rng.choice('KLMNPR')}"),
    ]
    if rng.random() < 0.7:
        entities.append(("ORGANISATIE", rng.choice(AUTHORITIES)))
    if rng.random() < 0.3:
        entities.append(("TELEFOON", f"+3161{rng.randrange(10**7):07d}"))
    return ItemEntities(item_id, received, tuple(entities))


def measure(size: int, batches: int, seed: int = 1) -> list[float]:
    rng = random.Random(seed)
    stored = [tip(rng, n, T0 - timedelta(minutes=size - n)) for n in range(size)]
    per_item = []
    for b in range(batches):
        batch = [tip(rng, size + b * 16 + i, T0 + timedelta(minutes=b)) for i in range(16)]
        start = time.perf_counter()
        related_for_batch(stored, batch)
        per_item.append((time.perf_counter() - start) * 1000 / len(batch))
    return per_item


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 100_000])
    parser.add_argument("--batches", type=int, default=20)
    args = parser.parse_args()
    print("| stored open items | median ms per new item | p95 ms per new item |")
    print("|---:|---:|---:|")
    for size in args.sizes:
        times = sorted(measure(size, args.batches))
        p95 = times[min(len(times) - 1, int(0.95 * len(times)))]
        print(f"| {size:,} | {statistics.median(times):.2f} | {p95:.2f} |")


if __name__ == "__main__":
    main()
