"""Queue page latency with 10,000 open items on SQLite, as a Markdown table.

    .venv/bin/python bench/queue_bench.py [--items 10000] [--runs 60]

Items are bulk-inserted with their suggestions (the pipeline is not what is
measured; the ORM insert fills the type index `item_signal_types` as a worker's
would); the timing is the full HTTP request through the real app: session
cookie, login check, query, template.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fastapi.testclient import TestClient

from contract.vocabulary import DESTINATIONS, PRIORITIES, SIGNAL_TYPES
from ikp.config import Settings, open_store
from ikp.web import web_app
from store import Store
from store.models import Item, Suggestion
from store.users import add_user

PASSWORD = "bench password 123"


def seed(store: Store, count: int) -> None:
    today = date.today()
    now = datetime.now(UTC)
    with store.sessions() as session, session.begin():
        for n in range(count):
            code = SIGNAL_TYPES[n % len(SIGNAL_TYPES)]
            item = Item(
                source=("email", "scan", "file")[n % 3],
                source_ref=f"bench-{n}@voorbeeld.example",
                message_id=f"bench-{n}@voorbeeld.example",
                content_sha256=f"{n:064x}",
                media_type="message/rfc822",
                received=now - timedelta(minutes=n),
                subject=f"Fictieve melding {n}",
                sender=f"Melder Verzonnen{n} <melder{n}@voorbeeld.example>",
                text="Fictieve tekst.",
                status="review",
                due=today + timedelta(days=(n % 30) - 10),
                primary=DESTINATIONS[n % len(DESTINATIONS)],
                priority=PRIORITIES[n % len(PRIORITIES)],
                parts=[],
            )
            item.suggestions.append(
                Suggestion(
                    model_version="bench",
                    signal_types=[{"code": code, "score": 0.8, "why": ["bench"]}],
                    scores={code: 0.8},
                    dossier_links=[],
                    routing={},
                )
            )
            session.add(item)


def login(client: TestClient, username: str = "bench") -> None:
    import re

    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text)
    assert token
    data = {"username": username, "password": PASSWORD, "csrf_token": token[1]}
    assert client.post("/login", data=data).status_code == 200  # after the redirect


def measure(client: TestClient, url: str, runs: int) -> tuple[float, float, int]:
    client.get(url)  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return statistics.median(times), p95, len(response.content)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=60)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp))
        with open_store(settings) as store:
            seed(store, args.items)
            add_user(store.sessions, "bench", "medewerker", PASSWORD)
            add_user(store.sessions, "bench-analist", "analist", PASSWORD)
        with TestClient(web_app(settings)) as client:
            login(client)
            pages = {
                "queue, no filter": "/",
                "queue, page 100": "/?page=100",
                "queue, type filter": "/?type=mensenhandel",
                "queue, overdue + destination": "/?overdue=1&destination=emm",
            }
            print(f"Queue page on SQLite, {args.items:,} open items, {args.runs} requests each\n")
            print("| page | median ms | p95 ms | bytes | p95 <= 150 ms |")
            print("|---|---:|---:|---:|---|")
            for name, url in pages.items():
                median, p95, size = measure(client, url, args.runs)
                ok = "yes" if p95 <= 150 else "NO"
                print(f"| {name} | {median:.1f} | {p95:.1f} | {size:,} | {ok} |")
        with TestClient(web_app(settings)) as client:  # subjects masked for the reporter
            login(client, "bench-analist")
            median, p95, size = measure(client, "/", args.runs)
            ok = "yes" if p95 <= 150 else "NO"
            print(f"| queue, no filter, analist | {median:.1f} | {p95:.1f} | {size:,} | {ok} |")


if __name__ == "__main__":
    main()
