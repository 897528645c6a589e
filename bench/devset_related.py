"""Duplicate signals on the public development set, stored in one batch by the installed `ikp`.

    .venv/bin/python bench/devset_related.py [--devset DIR] [--raw PAIRS.json] [--show]
        [--keep DATA_DIR]
    .venv/bin/python bench/devset_related.py --rescore PAIRS.json [--threshold 0.8]

What a reviewer sees: a fresh SQLite data dir, the dev set's register through
`ikp dossiers import`, each letter queued with `ikp ingest --queue-only --received` (its
gold receipt time), then `ikp ingest --batch 120` on the e-mails, which stores them and
processes all 120 items in one worker batch (so every item is compared with every
earlier one, whatever the order of the files). The related items each item's page
would show (the stored suggestion) are scored against the gold `related`:

- pairs precision and recall (a pair is a later item and an earlier one it names);
- items with a related item shown, and how many of those rest on weak evidence alone
  (an organisation or a place: every line of the evidence is of a weak kind).

Nothing of the dev set is written into the repository.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from sqlalchemy import select  # noqa: E402

from store import Store  # noqa: E402
from store.models import Item  # noqa: E402

DEVSET = REPO.parent / "shared" / "devset"
WEAK = ("organisatie", "plaats")  # kinds of evidence that alone never make a case


def _ikp(args: Sequence[str], env: dict[str, str]) -> None:
    ikp = Path(sys.executable).parent / "ikp"
    done = subprocess.run([str(ikp), *args], capture_output=True, text=True, env=env, check=False)
    if done.returncode:
        raise SystemExit(f"ikp {' '.join(args[:2])} failed:\n{done.stderr[-3000:]}")


def store_devset(devset: Path, keep: Path | None = None) -> list[dict]:
    """Store the dev set in one batch (in `keep`, an empty directory, if given; else in a
    temporary one); the related items proposed for each item, as
    {"file", "related": [{"file", "score", "evidence"}]}."""
    golds = [json.loads(line) for line in (devset / "gold.jsonl").open(encoding="utf-8")]
    with contextlib.ExitStack() as stack:
        if keep is None:
            data = stack.enter_context(tempfile.TemporaryDirectory(prefix="ikp-devset-related-"))
        else:
            keep.mkdir(parents=True, exist_ok=False)
            data = str(keep)
        env = {**os.environ, "IKP_DATA_DIR": data, "PYTHONPATH": str(REPO)}
        env.pop("IKP_DATABASE_URL", None)
        _ikp(["dossiers", "import", "-q", str(devset / "dossiers.csv")], env)
        for gold in golds:
            if not gold["file"].endswith(".eml"):
                path = str(devset / gold["file"])
                _ikp(["ingest", "--queue-only", "--received", gold["received"], path], env)
        mails = [str(devset / g["file"]) for g in golds if g["file"].endswith(".eml")]
        _ikp(["ingest", "--batch", str(len(golds)), *mails], env)
        by_hash = {
            hashlib.sha256((devset / g["file"]).read_bytes()).hexdigest(): g["file"] for g in golds
        }
        url = f"sqlite:///{Path(data) / 'ikp.sqlite3'}"
        with Store(url, Path(data)) as store, store.sessions() as session:
            items = session.scalars(select(Item)).all()
            files = {item.id: by_hash[item.content_sha256] for item in items}
            out = []
            for item in items:
                related = item.suggestions[-1].related if item.suggestions else None
                if related is None and item.status == "review":
                    raise SystemExit(f"{files[item.id]}: no related items proposed (an error?)")
                out.append(
                    {
                        "file": files[item.id],
                        "status": item.status,
                        "related": [
                            {
                                "file": files[r["item_id"]],
                                "score": r["score"],
                                "evidence": r["evidence"],
                            }
                            for r in related or []
                        ],
                    }
                )
    return sorted(out, key=lambda r: r["file"])


def kind(line: str) -> str:
    return line.split(" ")[0] if line.split(" ")[0].isupper() else line


def score(proposed: list[dict], golds: list[dict], threshold: float) -> dict[str, float]:
    gold_pairs = {(g["file"], earlier) for g in golds for earlier in g.get("related", [])}
    pairs = {}
    for item in proposed:
        for r in item["related"]:
            if r["score"] >= threshold:
                pairs[(item["file"], r["file"])] = r
    right = set(pairs) & gold_pairs
    shown = {file for file, _ in pairs}
    weak = {
        file
        for (file, _), r in pairs.items()
        if all(any(kind(line).startswith(w) for w in WEAK) for line in r["evidence"])
    }
    return {
        "items": len(proposed),
        "gold_pairs": len(gold_pairs),
        "proposed_pairs": len(pairs),
        "right_pairs": len(right),
        "precision": round(len(right) / len(pairs), 3) if pairs else 0.0,
        "recall": round(len(right) / len(gold_pairs), 3) if gold_pairs else 0.0,
        "items_showing_related": len(shown),
        "items_on_weak_evidence_alone": len(weak),
        "missed": sorted(f"{a} -> {b}" for a, b in gold_pairs - set(pairs)),
        "wrong_pairs_on_weak_alone": sum(
            1
            for (file, other), r in pairs.items()
            if (file, other) not in gold_pairs
            and all(any(kind(line).startswith(w) for w in WEAK) for line in r["evidence"])
        ),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--devset", type=Path, default=DEVSET)
    parser.add_argument("--raw", type=Path, help="write the proposed pairs here")
    parser.add_argument("--rescore", type=Path, help="score a --raw file again, run nothing")
    parser.add_argument(
        "--threshold", type=float, default=0.0, help="score from which a pair counts "
        "(default: every stored proposal, i.e. the served threshold)"
    )  # fmt: skip
    parser.add_argument("--show", action="store_true", help="print every proposed pair")
    parser.add_argument("--keep", type=Path, help="store in this new directory and keep it")
    args = parser.parse_args(argv)
    golds = [json.loads(line) for line in (args.devset / "gold.jsonl").open(encoding="utf-8")]
    if args.rescore:
        proposed = json.loads(args.rescore.read_text(encoding="utf-8"))
    else:
        proposed = store_devset(args.devset, args.keep)
    if args.raw:
        args.raw.write_text(json.dumps(proposed, indent=1) + "\n", encoding="utf-8")
    if args.show:
        gold_pairs = {(g["file"], e) for g in golds for e in g.get("related", [])}
        for item in proposed:
            for r in item["related"]:
                mark = "RIGHT" if (item["file"], r["file"]) in gold_pairs else "wrong"
                print(f"{mark} {item['file']} -> {r['file']} {r['score']} {r['evidence']}")
    print(json.dumps(score(proposed, golds, args.threshold), indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
