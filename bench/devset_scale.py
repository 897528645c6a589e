"""Dossier links of fixed texts against the dev-set register plus generated rows (issue 16).

    .venv/bin/python bench/devset_scale.py --db reg.sqlite3 --raw RAW.jsonl \
        [--mentions MENTIONS.jsonl] [--rows 1000000] [--passes 3]

The issue's speed goal compares two versions of the linker on the same items against the
same register: the dev set's register plus 1,000,000 generated rows (seed 3). This script
builds that SQLite database once (when --db does not exist: the register CSV is written next
to it and loaded with `import_register`, what `ikp dossiers import` runs) and then times
`propose_links` per item: the dev-set items' stored texts and entities from a
`bench/devset.py --raw` file, and generated mentions of the generated rows from
--mentions (written on first use, then read as they are, so every version gets the same
texts). Each item is run --passes times; its CPU time is the median of its passes.

The script runs unchanged in an older checkout (copy it into that tree's bench/): a
database is only reused by the version that built it, because the schema and the stored
keys differ between versions. Prints P/R and CPU/wall-clock p50/p95 per text set.
"""

from __future__ import annotations

import argparse
import csv
import inspect
import json
import os
import statistics
import sys
import time
from collections.abc import Iterator
from dataclasses import asdict
from datetime import date, datetime
from itertools import islice
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from contract.records import Entity  # noqa: E402
from contract.vocabulary import DOSSIER_COLUMNS  # noqa: E402
from ikp.register import import_register  # noqa: E402
from linking.propose import propose_links  # noqa: E402
from linking.register import RegisterFile, read_register_csv  # noqa: E402
from research.linking.generate import MentionGenerator, RegisterGenerator  # noqa: E402
from store import Store  # noqa: E402

DEVSET = REPO.parent / "shared" / "devset"
LINK_MIN = 0.5
LINK_TOP = 3
# Older linkers read no received date (ages came later): only pass it where it is taken.
TAKES_RECEIVED = "received" in inspect.signature(propose_links).parameters

Item = tuple[str, list[Entity], date | None, set[str]]


def write_register(path: Path, devset_register: Path, rows: int, seed: int) -> None:
    """The dev set's rows, then `rows` generated ones (ids D-0000000…, the dev set's have
    six digits, so none collide)."""
    with open(path, "w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        with open(devset_register, newline="", encoding="utf-8") as source:
            for row in csv.reader(source):
                out.writerow(row)
        for r in RegisterGenerator(seed=seed).records(rows):
            out.writerow(["" if getattr(r, c) is None else getattr(r, c) for c in DOSSIER_COLUMNS])


def devset_items(raw: Path) -> Iterator[Item]:
    for line in raw.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        gold, got = row["gold"], row["got"]
        if "entities" not in got:
            continue  # an item ikp analyse could not read
        entities = [
            Entity(e["label"], e["text"], e["value"], e["start"], e["end"]) for e in got["entities"]
        ]
        received = datetime.fromisoformat(gold["received"]).date()
        yield got["text"], entities, received, set(gold["dossier_ids"])


def write_mentions(path: Path, register: Path, n: int, seed: int) -> None:
    """Generated mentions of the register's generated rows, written once so that every
    version of the linker reads the same texts."""
    generated = (r for r in read_register_csv(register) if len(r.dossier_id) == 9)
    sample = list(islice(generated, 20_000))  # as bench/linking_bench.py: the first 20,000
    with open(path, "w", encoding="utf-8") as out:
        for m in MentionGenerator(sample, seed=seed).mentions(n):
            out.write(
                json.dumps(
                    {
                        "text": m.text,
                        "entities": [asdict(e) for e in m.entities],
                        "received": m.received.isoformat(),
                        "dossier_ids": [m.truth] if m.truth else [],
                    },
                    ensure_ascii=False,
                )
                + "\n"
            )


def mention_items(path: Path) -> Iterator[Item]:
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        entities = [
            Entity(e["label"], e["text"], e["value"], e["start"], e["end"]) for e in row["entities"]
        ]
        received = date.fromisoformat(row["received"])
        yield row["text"], entities, received, set(row["dossier_ids"])


def measure(items: list[Item], index: object, passes: int) -> dict[str, float]:
    tp = fp = fn = 0
    cpu: list[float] = []
    wall: list[float] = []
    for text, entities, received, wanted in items:
        options = {"received": received} if TAKES_RECEIVED else {}
        item_cpu, item_wall = [], []
        for _ in range(passes):
            start, start_cpu = time.perf_counter(), time.process_time()
            links = propose_links(text, entities, index, **options)
            item_wall.append((time.perf_counter() - start) * 1000)
            item_cpu.append((time.process_time() - start_cpu) * 1000)
        cpu.append(statistics.median(item_cpu))
        wall.append(statistics.median(item_wall))
        found = {x.dossier_id for x in links[:LINK_TOP] if x.score >= LINK_MIN}
        tp, fp, fn = tp + len(found & wanted), fp + len(found - wanted), fn + len(wanted - found)

    def quantile(values: list[float], q: float) -> float:
        ordered = sorted(values)
        return ordered[int(q * (len(ordered) - 1))]

    return {
        "items": len(items),
        "precision": tp / (tp + fp) if tp + fp else 0.0,
        "recall": tp / (tp + fn) if tp + fn else 0.0,
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "cpu_p50_ms": quantile(cpu, 0.5),
        "cpu_p95_ms": quantile(cpu, 0.95),
        "cpu_mean_ms": statistics.fmean(cpu),
        "wall_p50_ms": quantile(wall, 0.5),
        "wall_p95_ms": quantile(wall, 0.95),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path, required=True, help="SQLite file (built if missing)")
    parser.add_argument("--csv", type=Path, help="the register CSV (written if missing)")
    parser.add_argument("--raw", type=Path, help="a bench/devset.py --raw file")
    parser.add_argument("--mentions", type=Path, help="generated mentions (written if missing)")
    parser.add_argument("--mention-count", type=int, default=1000)
    parser.add_argument("--register", type=Path, default=DEVSET / "dossiers.csv")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--passes", type=int, default=3)
    parser.add_argument("--json", type=Path, help="write the results here")
    args = parser.parse_args()
    csv_path = args.csv or args.db.with_suffix(".csv")
    data_dir = args.db.parent / (args.db.stem + "-data")
    url = f"sqlite:///{args.db}"
    if not args.db.exists():
        if not csv_path.exists():
            write_register(csv_path, args.register, args.rows, args.seed)
        start, start_cpu = time.perf_counter(), time.process_time()
        with Store(url, data_dir) as store:
            report = import_register(store, RegisterFile(csv_path).rows(), batch_size=5000)
        print(
            f"imported {report.inserted:,} rows in {time.perf_counter() - start:.0f} s "
            f"(CPU {time.process_time() - start_cpu:.0f} s), load {os.getloadavg()}",
            file=sys.stderr,
        )
    if args.mentions and not args.mentions.exists():
        if not csv_path.exists():
            write_register(csv_path, args.register, args.rows, args.seed)
        write_mentions(args.mentions, csv_path, args.mention_count, args.seed + 1)
    sets = {}
    if args.raw:
        sets["dev set"] = list(devset_items(args.raw))
    if args.mentions:
        sets["generated"] = list(mention_items(args.mentions))
    results: dict[str, object] = {"load_start": os.getloadavg(), "started": time.time()}
    with Store(url, data_dir) as store:
        for text, entities, received, _ in islice(
            (i for items in sets.values() for i in items), 20
        ):  # warm caches and the connection
            options = {"received": received} if TAKES_RECEIVED else {}
            propose_links(text, entities, store.dossiers, **options)
        for name, items in sets.items():
            results[name] = measure(items, store.dossiers, args.passes)
    results["load_end"] = os.getloadavg()
    print(f"{REPO}: load {results['load_start']} -> {results['load_end']}")
    print("| texts | items | link P | R | tp/fp/fn | CPU p50 / p95 / mean | wall p50 / p95 |")
    print("|---|---|---|---|---|---|---|")
    for name in sets:
        r = results[name]
        assert isinstance(r, dict)
        print(
            f"| {name} | {r['items']} | {r['precision']:.3f} | {r['recall']:.3f} "
            f"| {r['tp']}/{r['fp']}/{r['fn']} "
            f"| {r['cpu_p50_ms']:.2f} / {r['cpu_p95_ms']:.2f} / {r['cpu_mean_ms']:.2f} ms "
            f"| {r['wall_p50_ms']:.2f} / {r['wall_p95_ms']:.2f} ms |"
        )
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
