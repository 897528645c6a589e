"""Replay a saved dev-set run with another classifier, so that a model is measured alone.

    python -m research.classifiers.devset_replay RAW.jsonl [--model DIR] [--out NEW.jsonl]

`RAW.jsonl` is `bench/devset.py --raw` output of a full run: per item its gold record and
the `ikp analyse --json` object, whose `text` is what the classifier saw. Each text is
classified again with the model in `--model` (default: the shipped one), and routed again
with the current rules on the saved dossier links (their kind read from the dev set's
register) and the gold receipt time, as `ikp analyse` does. Entities and links stay as
they were. The new lines are written to `--out` for `bench/devset.py --rescore`. Nothing
of the dev set is kept: it is read where it lies, at run time.
"""

from __future__ import annotations

import argparse
import csv
import json
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

from classifiers import SignalClassifier
from classifiers.model import DEFAULT_MODEL_DIR
from contract.records import Classification, DossierLink
from routing import route

DEVSET = Path(__file__).resolve().parents[2].parent / "shared" / "devset"
Classify = Callable[[list[str]], list[Classification]]
CUT = "\n\n--- tekst hierna niet geanalyseerd"


def analysed_text(got: dict) -> str:
    """The text the classifier saw: the saved text up to the cut marker, if any."""
    text = got.get("text", "")
    return text.split(CUT, 1)[0]


def dossier_kinds(devset: Path) -> dict[str, str]:
    with (devset / "dossiers.csv").open(encoding="utf-8") as rows:
        return {row["dossier_id"]: row["soort"] for row in csv.DictReader(rows)}


def replay(rows: Sequence[dict], classify: Classify, kinds: dict[str, str]) -> list[dict]:
    """The rows with signal types, uncertainty and routing from `classify`."""
    live = [r for r in rows if "error" not in r["got"]]
    found = classify([analysed_text(r["got"]) for r in live])
    out = []
    by_id = {id(r): c for r, c in zip(live, found, strict=True)}
    for row in rows:
        got = dict(row["got"])
        classification: Classification | None = by_id.get(id(row))
        if classification is not None:
            links = [
                DossierLink(
                    dossier_id=link["dossier_id"],
                    score=link["score"],
                    evidence=tuple(link["evidence"]),
                    soort=kinds.get(link["dossier_id"], "persoon"),
                )
                for link in got.get("dossier_links", [])
            ]
            received = datetime.fromisoformat(row["gold"]["received"])
            routing = route(classification, links, received)
            got["signal_types"] = [
                {"code": s.code, "score": round(s.score, 4), "why": list(s.why)}
                for s in classification.signal_types
            ]
            got["uncertain"] = classification.uncertain
            got["routing"] = {
                "primary": routing.primary,
                "inform": list(routing.inform),
                "priority": routing.priority,
                "due": routing.due.isoformat(),
            }
            got["model_version"] = classification.model_version
        out.append({**row, "got": got})
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("raw", type=Path)
    parser.add_argument("--model", type=Path, default=DEFAULT_MODEL_DIR)
    parser.add_argument("--devset", type=Path, default=DEVSET)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    rows = [json.loads(line) for line in args.raw.open(encoding="utf-8")]
    classifier = SignalClassifier.load(args.model)
    with args.out.open("w", encoding="utf-8") as out:
        for row in replay(rows, classifier.predict_many, dossier_kinds(args.devset)):
            out.write(json.dumps(row) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
