"""The public development set (../shared/devset) through the real `ikp analyse --json`.

    .venv/bin/python bench/devset.py [--devset DIR] [--scans] [--json OUT.json] [--raw RAW.jsonl]
    .venv/bin/python bench/devset.py --rescore RAW.jsonl   # score saved output again

Text we did not write: every e-mail goes through the installed `ikp` command in one
call with the dev set's register (`--dossiers`); each letter in a call of its own with
`--received` from its gold record (the contract applies `--received` to every file of a
call); with `--scans` the letters' scanned PDFs too (OCR). The JSON lines are scored as
the dev set's README says:

- signal types per item (multi-label): P/R/F1 per type, macro-F1 over the types
  present in the gold, "is a signal" precision and recall, exact set match, the share
  marked uncertain, and ECE of the proposed types' scores (was a proposed type right?);
- routing: primary destination, inform set, priority and due date (the gold due date
  follows from the gold receipt and primary destination, as the contract says);
- dossier links (the top three scoring >= 0.5) against the gold dossier ids;
- entities as sets of (label, value) per item: the structured identifiers by label, and
  PERSOON values lower-cased, dots as spaces, whitespace collapsed.

Everything is also split by language, channel and sender group (meta.csv). Nothing of
the dev set is written into the repository: the script reads it where it lies.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import subprocess
import sys
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from classifiers.metrics import expected_calibration_error, reliability  # noqa: E402
from contract.vocabulary import NOT_A_SIGNAL, SIGNAL_TYPES  # noqa: E402
from routing.calendar import due_date  # noqa: E402

DEVSET = REPO.parent / "shared" / "devset"
STRUCTURED = (
    "V_NUMMER", "BSN", "TELEFOON", "EMAIL", "IBAN", "KVK", "KENTEKEN", "POSTCODE",
    "GEBOORTEDATUM",
)  # fmt: skip
LINK_MIN = 0.5
LINK_TOP = 3


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, predicted: set, gold: set) -> None:
        self.tp += len(predicted & gold)
        self.fp += len(predicted - gold)
        self.fn += len(gold - predicted)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Scores:
    """Every measure of one group of items."""

    items: int = 0
    per_type: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    signal: Counts = field(default_factory=Counts)  # "is a signal" as a one-element set
    exact_types: int = 0
    uncertain: int = 0
    proposed: list[tuple[float, bool]] = field(default_factory=list)
    primary: int = 0
    inform: int = 0
    priority: int = 0
    due: int = 0
    links: Counts = field(default_factory=Counts)
    entities: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    errors: int = 0

    def macro_f1(self) -> float:
        """Over the types present in this group's gold."""
        codes = [c for c, n in self.per_type.items() if n.tp + n.fn]
        return sum(self.per_type[c].f1 for c in codes) / len(codes) if codes else 0.0

    def structured(self) -> Counts:
        total = Counts()
        for label in STRUCTURED:
            c = self.entities[label]
            total.tp, total.fp, total.fn = total.tp + c.tp, total.fp + c.fp, total.fn + c.fn
        return total


def person_key(value: str) -> str:
    return " ".join(value.lower().replace(".", " ").split())


def entity_set(entities: Iterable[dict], label: str) -> set[str]:
    values = {e["value"] for e in entities if e["label"] == label}
    return {person_key(v) for v in values} if label == "PERSOON" else values


def gold_due(gold: dict) -> date:
    received = datetime.fromisoformat(gold["received"])
    return due_date(received, same_day=gold["primary"] == "usz")


def score_item(scores: Scores, gold: dict, got: dict) -> None:
    scores.items += 1
    if "error" in got:
        scores.errors += 1
        got = {"signal_types": [], "uncertain": True, "entities": [], "dossier_links": []}
    predicted = {t["code"] for t in got["signal_types"]}
    truth = set(gold["signal_types"])
    for code in SIGNAL_TYPES:
        scores.per_type[code].add({code} & predicted, {code} & truth)
    is_signal = {"signal"} if predicted - {NOT_A_SIGNAL} else set()
    scores.signal.add(is_signal, {"signal"} if truth - {NOT_A_SIGNAL} else set())
    scores.exact_types += predicted == truth
    scores.uncertain += bool(got.get("uncertain"))
    scores.proposed += [(t["score"], t["code"] in truth) for t in got["signal_types"]]
    routing = got.get("routing") or {}
    scores.primary += routing.get("primary") == gold["primary"]
    scores.inform += set(routing.get("inform", [])) == set(gold["inform"])
    scores.priority += routing.get("priority") == gold["priority"]
    scores.due += routing.get("due") == gold_due(gold).isoformat()
    links = sorted(got.get("dossier_links", []), key=lambda link: -link["score"])[:LINK_TOP]
    scores.links.add(
        {link["dossier_id"] for link in links if link["score"] >= LINK_MIN},
        set(gold["dossier_ids"]),
    )
    for label in (*STRUCTURED, "PERSOON"):
        scores.entities[label].add(
            entity_set(got["entities"], label), entity_set(gold["entities"], label)
        )


def run_ikp(files: Sequence[Path], dossiers: Path, received: str | None = None) -> list[dict]:
    """`ikp analyse --json` on `files` in a fresh process, with a data dir of its own."""
    ikp = Path(sys.executable).parent / "ikp"
    with tempfile.TemporaryDirectory(prefix="ikp-devset-") as data:
        env = {**os.environ, "IKP_DATA_DIR": data, "PYTHONPATH": str(REPO)}
        env.pop("IKP_DATABASE_URL", None)
        args = [str(ikp), "analyse", "--json", "--dossiers", str(dossiers)]
        if received:
            args += ["--received", received]
        done = subprocess.run(
            [*args, *map(str, files)], capture_output=True, text=True, env=env, check=False
        )
    lines = [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
    if len(lines) != len(files):
        raise SystemExit(
            f"ikp analyse gave {len(lines)} lines for {len(files)} files:\n{done.stderr[-2000:]}"
        )
    return lines


def analyse_devset(devset: Path, *, scans: bool) -> list[tuple[str, dict, dict]]:
    """(file, gold, ikp's JSON) for every item (and scan)."""
    golds = [json.loads(line) for line in (devset / "gold.jsonl").open(encoding="utf-8")]
    dossiers = devset / "dossiers.csv"
    mails = [g for g in golds if g["file"].endswith(".eml")]
    letters = [g for g in golds if not g["file"].endswith(".eml")]
    out = []
    for gold, got in zip(
        mails, run_ikp([devset / g["file"] for g in mails], dossiers), strict=True
    ):
        out.append((gold["file"], gold, got))
    for gold in letters:
        [got] = run_ikp([devset / gold["file"]], dossiers, received=gold["received"])
        out.append((gold["file"], gold, got))
    if scans:
        for line in (devset / "gold_scans.jsonl").open(encoding="utf-8"):
            gold = json.loads(line)
            [got] = run_ikp([devset / gold["file"]], dossiers, received=gold["received"])
            out.append((gold["file"], gold, got))
    return out


def groups_of(devset: Path, file: str) -> list[str]:
    meta = {row["file"]: row for row in csv.DictReader((devset / "meta.csv").open())}
    row = meta.get(file) or meta.get(re.sub(r"^scans/(\d+)\.pdf$", r"items/\1.txt", file), {})
    channel = "scan" if file.startswith("scans/") else row.get("channel", "?")
    return [
        "all",
        f"language {row.get('language', '?')}",
        f"channel {channel}",
        f"sender {row.get('source_group', '?')}",
    ]


def summary(scores: Scores) -> dict[str, float]:
    n = max(1, scores.items)
    return {
        "items": scores.items,
        "errors": scores.errors,
        "macro_f1": round(scores.macro_f1(), 3),
        "signal_precision": round(scores.signal.precision, 3),
        "signal_recall": round(scores.signal.recall, 3),
        "exact_types": round(scores.exact_types / n, 3),
        "uncertain": round(scores.uncertain / n, 3),
        "ece_proposed": round(expected_calibration_error(reliability(scores.proposed)), 3),
        "primary": round(scores.primary / n, 3),
        "inform": round(scores.inform / n, 3),
        "priority": round(scores.priority / n, 3),
        "due": round(scores.due / n, 3),
        "link_precision": round(scores.links.precision, 3),
        "link_recall": round(scores.links.recall, 3),
        "structured_f1": round(scores.structured().f1, 3),
        "persoon_precision": round(scores.entities["PERSOON"].precision, 3),
        "persoon_recall": round(scores.entities["PERSOON"].recall, 3),
        "persoon_f1": round(scores.entities["PERSOON"].f1, 3),
    }


COLUMNS = (
    "items", "macro_f1", "signal_precision", "signal_recall", "uncertain", "ece_proposed",
    "primary", "due", "link_precision", "link_recall", "structured_f1", "persoon_precision",
    "persoon_recall", "persoon_f1",
)  # fmt: skip


def to_markdown(results: dict[str, dict[str, float]], by_type: dict[str, Counts],
                by_label: dict[str, Counts]) -> str:  # fmt: skip
    lines = ["| group | " + " | ".join(COLUMNS) + " |", "|---" * (len(COLUMNS) + 1) + "|"]
    for name, row in results.items():
        lines.append(f"| {name} | " + " | ".join(f"{row[c]}" for c in COLUMNS) + " |")
    lines += ["", "| type | P | R | F1 | gold | predicted |", "|---|---|---|---|---|---|"]
    for code, c in by_type.items():
        if c.tp + c.fn or c.fp:
            lines.append(f"| {code} | {c.precision:.3f} | {c.recall:.3f} | {c.f1:.3f} "
                         f"| {c.tp + c.fn} | {c.tp + c.fp} |")  # fmt: skip
    lines += ["", "| entity label | P | R | F1 | gold |", "|---|---|---|---|---|"]
    for label, c in by_label.items():
        lines.append(f"| {label} | {c.precision:.3f} | {c.recall:.3f} | {c.f1:.3f} "
                     f"| {c.tp + c.fn} |")  # fmt: skip
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--devset", type=Path, default=DEVSET)
    parser.add_argument("--scans", action="store_true", help="also the scanned letters (OCR)")
    parser.add_argument("--json", type=Path, help="write the summary here")
    parser.add_argument("--raw", type=Path, help="write every item's gold and output here")
    parser.add_argument("--rescore", type=Path, help="score a --raw file again, run nothing")
    args = parser.parse_args(argv)
    if args.rescore:
        rows = [json.loads(line) for line in args.rescore.open(encoding="utf-8")]
        analysed = [(r["file"], r["gold"], r["got"]) for r in rows]
    else:
        analysed = analyse_devset(args.devset, scans=args.scans)
    groups: dict[str, Scores] = defaultdict(Scores)
    for file, gold, got in analysed:
        for group in groups_of(args.devset, file):
            score_item(groups[group], gold, got)
    order = sorted(groups, key=lambda g: (g != "all", g))
    results = {name: summary(groups[name]) for name in order}
    everything = groups["all"]
    print(to_markdown(results, everything.per_type, everything.entities))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    if args.raw:
        with args.raw.open("w", encoding="utf-8") as out:
            for file, gold, got in analysed:
                out.write(json.dumps({"file": file, "gold": gold, "got": got}) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
