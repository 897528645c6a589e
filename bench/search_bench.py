"""Search latency over 100,000 generated items, on SQLite and PostgreSQL, as a Markdown table.

    .venv/bin/python bench/search_bench.py [--items 100000] [--queries 300]
        [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/ikp_bench]

Items are fictional: generated texts of 40-120 Dutch words with a person, an address with
postcode, a phone number, a V-nummer, sometimes an IBAN or a plate, bulk-inserted with
their entities, types and the search keys `ikp.search.entity_keys` gives (the pipeline is
not what is measured). The timing is `ikp.search.run_search` as the web page and
`ikp search` call it: the query's keys (nlp's recognisers, linking's name keys), the
search with ranking and a page of 20, and the audit entry, committed. Queries are
identifiers written another way, name variants, streets spelt another way, one to three
words of full text, and words with a type or period filter.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert

from contract.records import Entity
from contract.vocabulary import DESTINATIONS, SIGNAL_TYPES
from ikp.search import entity_keys, run_search
from store import Store
from store.models import EntityRow, Item, ItemSignalType, SearchKey
from store.search import SearchFilter

WORDS = (  # noqa: SIM905
    "woning kamer huur verhuurder bewoners adres ingeschreven melding buurman signaal "
    "werkgever loon uitbetaling contant werknemers kwekerij busje dagelijks nacht partner "
    "huwelijk samenwonen gescheiden familie referent sponsor verblijfsvergunning aanvraag "
    "documenten paspoort vals identiteit bedrijf inschrijving kamer van koophandel rekening "
    "betaling overgemaakt maand jaar eerder gezien zegt vertelt volgens vermoeden zorgen "
    "gemeente politie inspectie controle bezoek gesprek niemand iedereen altijd soms vaak "
    "studie student school opleiding bijbaan uren week weekend zaterdag ochtend avond"
).split()
SYLLABLES = "ba be bo da de do fa ka ke ko la le lo ma me mo na ne no ra re ro sa se ta".split()  # noqa: SIM905
STREETS = ("straat", "laan", "weg", "plein", "gracht", "kade", "singel", "dreef")


def _name(rnd: random.Random) -> str:
    first = "".join(rnd.choice(SYLLABLES) for _ in range(2)).capitalize()
    last = "".join(rnd.choice(SYLLABLES) for _ in range(3)).capitalize()
    return f"{first} {'van ' if rnd.random() < 0.2 else ''}{last}"


def _street(rnd: random.Random) -> str:
    return "".join(rnd.choice(SYLLABLES) for _ in range(2)).capitalize() + rnd.choice(STREETS)


def _item(n: int, rnd: random.Random) -> tuple[str, list[Entity], dict[str, str]]:
    """A text, its entities and the facts a query can ask for."""
    facts = {
        "name": _name(rnd),
        "street": _street(rnd),
        "number": str(rnd.randint(1, 300)),
        "postcode": f"{rnd.randint(1000, 9999)}{rnd.choice('ABCDEFGHJKLMNPRSTVWXZ')}"
        f"{rnd.choice('ABCDEFGHJKLMNPRSTVWXZ')}",
        "phone": f"06{rnd.randint(10_000_000, 99_999_999)}",
        "vnr": f"{rnd.randint(1_000_000_000, 9_999_999_999)}",
    }
    pieces: list[tuple[str, str | None, str | None]] = [
        (" ".join(rnd.choices(WORDS, k=rnd.randint(15, 50))) + ". ", None, None),
        (facts["name"], "PERSOON", facts["name"]),
        (", V-nummer ", None, None),
        (facts["vnr"], "V_NUMMER", facts["vnr"]),
        (", woont op de ", None, None),
        (f"{facts['street']} {facts['number']}", "ADRES", f"{facts['street']} {facts['number']}"),
        (", ", None, None),
        (f"{facts['postcode'][:4]} {facts['postcode'][4:]}", "POSTCODE", facts["postcode"]),
        (" Voorbeeldstad, tel. ", None, None),
        (facts["phone"], "TELEFOON", "+31" + facts["phone"][1:]),
        (". " + " ".join(rnd.choices(WORDS, k=rnd.randint(20, 70))) + ".", None, None),
    ]
    text, entities = "", []
    for chunk, label, value in pieces:
        if label and value:
            entities.append(Entity(label, chunk, value, len(text), len(text) + len(chunk)))
        text += chunk
    return text, entities, facts


def seed(store: Store, count: int, rnd: random.Random, *, insert_rows: bool = True) -> list[dict]:
    """Generate `count` items and insert them (or only generate them again, for a database
    seeded before with the same count); return the facts of every hundredth."""
    start = datetime(2025, 12, 1, tzinfo=UTC)
    samples: list[dict[str, str]] = []
    batch = 5000
    for base in range(0, count, batch):
        items, entities, keys, types = [], [], [], []
        for n in range(base, min(base + batch, count)):
            text, found, facts = _item(n, rnd)
            code = SIGNAL_TYPES[rnd.randrange(len(SIGNAL_TYPES))]
            items.append(
                {
                    "id": n + 1,
                    "source": ("email", "scan", "file")[n % 3],
                    "source_ref": f"bench-{n}",
                    "content_sha256": f"{n:064x}",
                    "media_type": "text/plain",
                    "received": start + timedelta(minutes=5 * n),
                    "stored_at": start + timedelta(minutes=5 * n),
                    "subject": f"Melding {code} {n}",
                    "text": text,
                    "status": "confirmed" if n < count * 0.9 else "review",
                    "attempts": 1,
                    "primary": DESTINATIONS[n % len(DESTINATIONS)],
                    "parts": [],
                }
            )
            entities += [
                {"item_id": n + 1, "label": e.label, "text": e.text, "value": e.value,
                 "start": e.start, "end": e.end, "source": "rule"}
                for e in found
            ]  # fmt: skip
            keys += [{"item_id": n + 1, "key": k} for k in sorted(entity_keys(found))]
            types.append({"item_id": n + 1, "code": code})
            if n % (count // 100 or 1) == 0:
                samples.append({**facts, "id": str(n + 1)})
        if not insert_rows:
            continue
        with store.sessions() as session, session.begin():
            session.execute(insert(Item), items)
            session.execute(insert(EntityRow), entities)
            session.execute(insert(SearchKey), keys)
            session.execute(insert(ItemSignalType), types)
        print(f"  {base + len(items)} items", file=sys.stderr, flush=True)
    return samples


def queries(samples: list[dict[str, str]], rnd: random.Random, n: int) -> list[tuple]:
    """(kind, query, filter) triples, every kind equally often."""
    out = []
    for i in range(n):
        f = samples[i % len(samples)]
        v = f["vnr"]
        surname = f["name"].split()[-1]
        kind = i % 7
        if kind == 0:
            out.append(("V-nummer met punten", f"{v[:2]}.{v[2:5]}.{v[5:8]}.{v[8:]}", "-"))
        elif kind == 1:
            out.append(
                ("telefoon +31", f"+31 {f['phone'][1]} {f['phone'][2:6]} {f['phone'][6:]}", "-")
            )
        elif kind == 2:
            out.append(("naamvariant", f"{f['name'][0]}. {surname.upper()}", "-"))
        elif kind == 3:
            street = f["street"].replace("straat", "str.").lower()
            out.append(("straat anders gespeld", f"{street} {f['number']}", "-"))
        elif kind == 4:
            pc = f["postcode"]
            out.append(("postcode + huisnummer", f"{pc[:4]} {pc[4:].lower()} {f['number']}", "-"))
        elif kind == 5:
            out.append(("volledige tekst", " ".join(rnd.sample(WORDS, rnd.randint(1, 3))), "-"))
        else:
            flt = SearchFilter(
                signal_type=SIGNAL_TYPES[i % len(SIGNAL_TYPES)],
                since=date(2026, 3, 1),
                until=date(2026, 9, 30),
            )
            out.append(("tekst + type + periode", rnd.choice(WORDS), flt))
        out[-1] = (*out[-1], int(f["id"]) if kind < 5 else None)
    return out


def run(url: str | None, count: int, n_queries: int, reuse: bool = False) -> None:
    rnd = random.Random(17)
    with tempfile.TemporaryDirectory() as tmp:
        database = url or f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        with Store(database, Path(tmp) / "data") as store:
            t0 = time.perf_counter()
            samples = seed(store, count, rnd, insert_rows=not reuse)
            took = f"{time.perf_counter() - t0:.0f} s"
            print(f"{'generated' if reuse else 'seeded'} {count} items in {took}", file=sys.stderr)
            if store.engine.dialect.name == "postgresql":
                # Planner statistics, as autovacuum would gather them after a bulk load;
                # without them PostgreSQL guesses 123 matches for 65,000 and plans badly.
                with store.engine.connect() as conn:
                    conn.exec_driver_sql("ANALYZE")
                    conn.commit()
            timings: dict[str, list[float]] = {}
            found_own = 0
            plan = queries(samples, rnd, n_queries)
            for _, query, flt, _ in plan[:20]:  # warm caches and the recogniser
                run_search(store, query, flt if flt != "-" else None, actor="bench")
            for kind, query, flt, own in plan:
                t = time.perf_counter()
                result = run_search(store, query, flt if flt != "-" else None, actor="bench")
                timings.setdefault(kind, []).append((time.perf_counter() - t) * 1000)
                timings.setdefault("alle", []).append(timings[kind][-1])
                found_own += own is not None and own in [h.item.id for h in result.page.hits]
            print(f"\n{store.engine.dialect.name}, {count} items, {n_queries} queries")
            print("| query | n | p50 ms | p95 ms | max ms |\n|---|---|---|---|---|")
            for kind, values in timings.items():
                values.sort()
                p95 = values[min(len(values) - 1, int(0.95 * len(values)))]
                print(
                    f"| {kind} | {len(values)} | {statistics.median(values):.1f} | {p95:.1f} "
                    f"| {values[-1]:.1f} |"
                )
            lookups = sum(own is not None for *_, own in plan)
            print(f"\nidentifier, name and address queries with their item on the first page: "
                  f"{found_own}/{lookups}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=350)
    parser.add_argument("--database-url", help="an empty PostgreSQL database; default SQLite")
    parser.add_argument(
        "--reuse", action="store_true", help="the database holds this script's items already"
    )
    args = parser.parse_args()
    run(args.database_url, args.items, args.queries, args.reuse)


if __name__ == "__main__":
    main()
