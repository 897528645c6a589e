"""Dossier links of the dev set again, from a saved `bench/devset.py --raw` file: the
linker of this checkout re-run on each item's stored text and entities, in seconds.

    .venv/bin/python bench/devset_links.py RAW.jsonl [--register dossiers.csv] [--misses]

For trying a change to `linking/` without the two minutes (or, on a busy machine, twenty)
of `ikp analyse` over the whole set: the text and entities are what `ikp analyse` stored,
so the links equal a fresh run's as long as nlp/ is unchanged. Scored as `devset.py`
scores them (the top three scoring >= 0.5 against the gold dossier ids). `--misses`
prints, per item that is not right, the dossier ids wanted and got and each candidate's
evidence; read them to learn what kind of evidence is missed, never to copy it.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from contract.records import Entity  # noqa: E402
from linking.memory import MemoryDossierIndex  # noqa: E402
from linking.propose import propose_links, score_candidates  # noqa: E402
from linking.register import read_register_csv  # noqa: E402

DEVSET = REPO.parent / "shared" / "devset"
LINK_MIN = 0.5
LINK_TOP = 3


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("raw", type=Path, help="a bench/devset.py --raw file")
    parser.add_argument("--register", type=Path, default=DEVSET / "dossiers.csv")
    parser.add_argument("--misses", action="store_true")
    args = parser.parse_args(argv)
    index = MemoryDossierIndex(read_register_csv(args.register))
    tp = fp = fn = 0
    for line in args.raw.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        gold, got = row["gold"], row["got"]
        if "entities" not in got:
            continue  # an item ikp analyse could not read: devset.py counts it as an error
        entities = [
            Entity(e["label"], e["text"], e["value"], e["start"], e["end"]) for e in got["entities"]
        ]
        # Ages become birth years against the moment the item was received.
        received = datetime.fromisoformat(gold["received"]).date()
        links = propose_links(got["text"], entities, index, received=received)
        found = {x.dossier_id for x in links[:LINK_TOP] if x.score >= LINK_MIN}
        wanted = set(gold["dossier_ids"])
        tp, fp, fn = tp + len(found & wanted), fp + len(found - wanted), fn + len(wanted - found)
        if args.misses and found != wanted:
            print(f"{row['file']}: wanted {sorted(wanted)}, got {sorted(found)}")
            for c in score_candidates(got["text"], entities, index, received=received):
                if c.record.dossier_id in wanted | found:
                    evidence = ", ".join(name for name, _ in c.evidence)
                    print(f"    {c.record.dossier_id} (rivals {c.rivals}): {evidence}")
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    print(f"link precision {precision:.3f}, recall {recall:.3f} (tp {tp}, fp {fp}, fn {fn})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
