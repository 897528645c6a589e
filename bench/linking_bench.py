"""Dossier linking at register scale: import time and link lookup latency.

    .venv/bin/python bench/linking_bench.py --rows 1000000 --mentions 3000 [--backend sqlite]

Writes a fictional register (research.linking.generate) as the contract's CSV, times
`import_register(store, RegisterFile(...).rows())` (what `ikp dossiers import` runs: parsing
and validation included), re-imports the unchanged file (rows skipped on their row hash) and
100,000 of its rows with --full (validated and compared), then runs
`research.linking.evaluate` on generated mentions against `SqlDossierIndex`: lookup latency
per item, top-1 precision/recall and calibration of both scorers (the link model was
fitted on another seed, so this set is held out). Prints Markdown tables.
PostgreSQL: a database of its own is created on IKP_BENCH_PG (default
postgresql+psycopg://postgres@127.0.0.1:5432) and dropped afterwards.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import tempfile
import time
import uuid
from functools import partial
from itertools import islice
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import create_engine, text

from contract.vocabulary import DOSSIER_COLUMNS
from ikp.register import import_register
from linking import read_register_csv
from linking.propose import additive_score, propose_links
from linking.register import ImportProgress, RegisterFile
from research.linking.evaluate import evaluate
from research.linking.generate import MentionGenerator, RegisterGenerator
from store import Store

PG = os.environ.get("IKP_BENCH_PG", "postgresql+psycopg://postgres@127.0.0.1:5432")


def write_csv(path: Path, rows: int, seed: int) -> None:
    """The register as the contract's CSV, what `ikp dossiers import` reads."""
    with open(path, "w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(DOSSIER_COLUMNS)
        for r in RegisterGenerator(seed=seed).records(rows):
            out.writerow(["" if getattr(r, c) is None else getattr(r, c) for c in DOSSIER_COLUMNS])


def run(
    url: str, data_dir: Path, register: Path, rows: int, mentions: int, seed: int
) -> dict[str, object]:
    load_before = os.getloadavg()
    with Store(url, data_dir) as store:
        source = RegisterFile(register)
        start = time.perf_counter()
        with ImportProgress(source) as bar:
            report = import_register(store, source.rows(), batch_size=5000, progress=bar.update)
        imported = time.perf_counter() - start
        assert report.inserted == rows, report
        # Re-import of the unchanged file: all rows on their row hashes (what a nightly
        # `ikp dossiers import` of the same export does), and 100,000 rows validated and
        # compared (`--full`), per 100,000 rows.
        timings = {}
        for name, use_hashes, again_rows in (("hashes", True, rows), ("full", False, 100_000)):
            again_rows = min(rows, again_rows)
            start = time.perf_counter()
            again = import_register(
                store,
                islice(RegisterFile(register).rows(), again_rows),
                batch_size=5000,
                use_row_hashes=use_hashes,
            )
            timings[name] = time.perf_counter() - start
            timings[f"{name}_per_100k"] = timings[name] * 100_000 / again_rows
            assert again.unchanged == again_rows, again
        # Mentions of register rows (and of outsiders); where a row sits does not matter.
        sample = list(islice(read_register_csv(register), 20_000))
        generated = list(MentionGenerator(sample, seed=seed + 1).mentions(mentions))
        for m in generated[:20]:  # warm caches and connections
            propose_links(m.text, m.entities, store.dossiers)
        logistic = evaluate(generated, store.dossiers, propose_links)
        additive = evaluate(
            generated, store.dossiers, partial(propose_links, scorer=additive_score)
        )
        return {
            "import_s": imported,
            "rows_per_s": rows / imported,
            "reimport_all_unchanged_s": timings["hashes"],
            "reimport_100k_unchanged_s": timings["hashes_per_100k"],
            "reimport_100k_full_s": timings["full_per_100k"],
            "p50_ms": logistic.latency(0.5),
            "p95_ms": logistic.latency(0.95),
            "cpu_p50_ms": logistic.cpu(0.5),
            "cpu_p95_ms": logistic.cpu(0.95),
            "logistic": logistic,
            "additive": additive,
            "load": (load_before, os.getloadavg()),
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--mentions", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--csv", type=Path, help="register CSV to reuse (written if missing)")
    parser.add_argument("--backend", choices=["sqlite", "postgres"], action="append")
    args = parser.parse_args()
    results = {}
    workdir = tempfile.TemporaryDirectory(prefix="ikp-bench-csv-")
    register = args.csv or Path(workdir.name) / "register.csv"
    if not register.exists():
        start = time.perf_counter()
        write_csv(register, args.rows, args.seed)
        print(f"register CSV written in {time.perf_counter() - start:.0f} s", file=sys.stderr)
    for backend in args.backend or ["sqlite", "postgres"]:
        with tempfile.TemporaryDirectory(prefix="ikp-bench-") as tmp:
            if backend == "sqlite":
                url = f"sqlite:///{tmp}/bench.sqlite3"
                results[backend] = run(
                    url, Path(tmp), register, args.rows, args.mentions, args.seed
                )
                continue
            name = f"ikp_bench_{uuid.uuid4().hex[:8]}"
            admin = create_engine(f"{PG}/postgres", isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
            try:
                results[backend] = run(
                    f"{PG}/{name}", Path(tmp), register, args.rows, args.mentions, args.seed
                )
            finally:
                with admin.connect() as conn:
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                admin.dispose()
    workdir.cleanup()
    print(f"\n{args.rows:,} register rows, {args.mentions} mentions\n")
    print(
        "| backend | import | rows/s | re-import all unchanged (row hashes) "
        "| per 100k: row hashes / --full "
        "| lookup p50 | lookup p95 | CPU p50 / p95 (this process) "
        "| top-1 precision | recall | ECE |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for backend, r in results.items():
        m = r["logistic"]
        print(
            f"| {backend} | {r['import_s']:.0f} s | {r['rows_per_s']:,.0f} "
            f"| {r['reimport_all_unchanged_s']:.0f} s "
            f"| {r['reimport_100k_unchanged_s']:.1f} s / {r['reimport_100k_full_s']:.1f} s "
            f"| {r['p50_ms']:.1f} ms | {r['p95_ms']:.1f} ms "
            f"| {r['cpu_p50_ms']:.1f} / {r['cpu_p95_ms']:.1f} ms "
            f"| {m.precision:.3f} | {m.recall:.3f} | {m.ece:.3f} |"
        )
    for backend, r in results.items():
        before, after = r["load"]
        print(f"{backend}: load average (1/5/15 min) {before} at start, {after} at end")
    for backend, r in results.items():
        for name in ("logistic", "additive"):
            m = r[name]
            print(
                f"\n{backend}, {name} scorer: precision {m.precision:.3f} recall {m.recall:.3f} "
                f"ECE {m.ece:.3f} ({m.correct}/{m.proposed} proposed, {m.linkable} linkable)\n"
            )
            print(m.table())


if __name__ == "__main__":
    main()
