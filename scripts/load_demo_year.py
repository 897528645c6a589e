"""Load the generated year (scripts/demo_year.py) into a store through the product's path.

Each mail is written as an .eml and stored as `ikp ingest` stores it (`store_arrival`);
each phone or desk note is registered as the review queue's form does
(`add_phone_signal`); the real workers (`process_batch`, the shipped models) analyse
them, so the entities the phenomena page connects are the ones nlp finds in the text.
Week by week, oldest first: the week's items arrive, are processed, and staff confirm
those the generator decided (its types, the destination routing gives them, its moment).
Confirming week by week keeps the open set small, as in real use, which keeps the
duplicate search of each batch fast.

Usage: python -m scripts.load_demo_year [--seed N] [--per-week N] [--end ISO]
(settings from the environment as for `ikp`: IKP_DATA_DIR, IKP_DATABASE_URL).
Prints one JSON line: items, decisions and seconds.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime

from contract.clock import AMSTERDAM
from contract.records import Classification, DossierLink, SignalScore
from contract.statuses import ItemStatus
from ikp.config import load_settings, open_store
from ikp.intake import store_arrival
from ikp.model_versions import active_model_dir
from ikp.pipeline import Analyzer
from ikp.worker import process_batch
from routing import route
from scripts.demo_year import PER_WEEK, Tip, Year, generate_year
from store import Store
from store.models import Item
from store.review import DecisionInput, add_phone_signal, confirm

STAFF = ("i.hofstede", "r.lanting", "w.nijenhuis", "s.grevink")
BATCH = 32


@dataclass(frozen=True)
class Loaded:
    items: dict[str, int]  # tip key -> item id
    decisions: int
    seconds: float


def mail_of(tip: Tip) -> bytes:
    """The tip as the mail the IKP mailbox receives."""
    msg = EmailMessage()
    stamp = format_datetime(tip.received.astimezone(AMSTERDAM))
    msg["Received"] = f"from mx.ind.example by ikp.ind.example; {stamp}"
    msg["From"] = tip.sender
    msg["To"] = "ikp@ind.example"
    msg["Subject"] = tip.subject
    msg["Date"] = stamp
    msg["Message-ID"] = f"<{tip.key}@demo-jaar.example>"
    msg.set_content(tip.text)
    return msg.as_bytes()


def _arrive(store: Store, tip: Tip) -> int:
    if tip.channel == "email":
        return store_arrival(store, mail_of(tip), f"{tip.key}.eml", actor="demo-jaar").id
    return add_phone_signal(
        store.sessions,
        store.blobs,
        text=tip.text,
        channel=tip.channel,
        user="balie",
        reporter_name=tip.sender or None,
        anonymous=not tip.sender,
        now=tip.received,
    )


def _decide(store: Store, item_id: int, tip: Tip, n: int) -> bool:
    """Confirm the tip's item as staff would; False when it is not waiting for review."""
    assert tip.decided is not None
    with store.sessions() as session:
        item = session.get(Item, item_id)
        if item is None or item.status != ItemStatus.REVIEW:
            return False
        links = item.suggestions[-1].dossier_links if item.suggestions else []
    scores = tuple(SignalScore(code, 1.0) for code in tip.types)
    routing = route(
        Classification(scores, False, "staff"),
        [DossierLink(str(link["dossier_id"]), 1.0, ()) for link in links],
        tip.received,
    )
    decision = DecisionInput(
        signal_types=tip.types,
        dossier_ids=tuple(str(link["dossier_id"]) for link in links),
        rejected_dossier_ids=(),
        primary=routing.primary,
        inform=routing.inform,
        priority=routing.priority,
        due=routing.due,
    )
    confirm(store.sessions, item_id, STAFF[n % len(STAFF)], decision, now=tip.decided)
    return True


def load_year(
    store: Store,
    analyzer: Analyzer,
    year: Year,
    *,
    progress: Callable[[str], None] = lambda _: None,
) -> Loaded:
    """Store, process and decide the year's tips week by week (see the module doc)."""
    started = time.monotonic()
    items: dict[str, int] = {}
    decisions = 0
    by_week: dict[date, list[Tip]] = defaultdict(list)
    for tip in year.tips:
        day = tip.received.astimezone(AMSTERDAM).date()
        by_week[day - timedelta(days=day.weekday())].append(tip)
    for monday in year.weeks:
        week = by_week.get(monday, [])
        for tip in week:
            items[tip.key] = _arrive(store, tip)
        while process_batch(store, analyzer, "demo-jaar", size=BATCH):
            pass
        for tip in week:
            if tip.decided is not None:
                decisions += _decide(store, items[tip.key], tip, decisions)
        progress(f"{monday}: {len(week)} items, {len(items)} in all")
    return Loaded(items, decisions, time.monotonic() - started)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--per-week", type=float, default=PER_WEEK)
    parser.add_argument("--end", help="ISO moment the year ends (default: now)")
    args = parser.parse_args(argv)
    end = datetime.fromisoformat(args.end) if args.end else datetime.now(UTC)
    year = generate_year(end, seed=args.seed, per_week=args.per_week)
    settings = load_settings(None)
    with open_store(settings) as store:
        analyzer = Analyzer.load(active_model_dir(settings))
        loaded = load_year(store, analyzer, year, progress=lambda m: print(m, file=sys.stderr))
    print(
        json.dumps(
            {
                "items": len(loaded.items),
                "decisions": loaded.decisions,
                "seconds": round(loaded.seconds, 1),
                "end": end.isoformat(),
                "rise_week": year.rise_week.isoformat(),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
