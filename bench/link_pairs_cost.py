"""What the item page's dossier pairs would cost if worked out per page view, and what
they do cost: the linker over a text (why the worker keeps the possible links with its
suggestion instead) and the ages read from it (done per view).

    .venv/bin/python bench/link_pairs_cost.py

A fictional tip repeated to each length, against the two-row namesakes register of the
tests (the cost is the reading of the text: the register answers from memory).
"""

from __future__ import annotations

import sys
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from contract.records import Entity  # noqa: E402
from linking import link_bands  # noqa: E402
from linking.keys import stated_years  # noqa: E402
from linking.memory import MemoryDossierIndex  # noqa: E402
from tests.factories.namesakes import LINK_ENTITIES, LINK_REGISTER, LINK_TEXT  # noqa: E402

RECEIVED = date(2026, 11, 16)
LINE = LINK_TEXT + " Verder niets bijzonders, de buurvrouw zag het ook.\n"


def main() -> None:
    index = MemoryDossierIndex(LINK_REGISTER)
    for repeats in (1, 100, 1_000, 15_000):
        text = LINE * repeats
        entities = [
            Entity(label, surface, surface, start, start + len(surface))
            for k in range(repeats)
            for label, surface in LINK_ENTITIES
            for start in [k * len(LINE) + LINK_TEXT.index(surface)]
        ]
        t0 = time.perf_counter()
        proposed, possible = link_bands(text, entities, index, received=RECEIVED)
        linker = time.perf_counter() - t0
        t0 = time.perf_counter()
        years = stated_years(text, (), RECEIVED)
        ages = time.perf_counter() - t0
        print(
            f"{len(text):>10,} chars: link_bands {linker:7.3f} s "
            f"({len(proposed)} proposed, {len(possible)} possible); "
            f"stated_years {ages:6.3f} s ({len(years)} years)"
        )


if __name__ == "__main__":
    main()
