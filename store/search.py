"""Search over stored items: full text (FTS5 on SQLite, a Dutch tsvector on PostgreSQL) and
search keys of their entities, with the queue's filters, ranked and paginated.

The store never decides what a key means: the application computes an item's keys from
its entities when it saves an analysis (normalised identifiers, linking's name keys,
address keys) and the same keys from a query, and the store matches them exactly. A hit's
score is 2 per matching key plus the text rank squashed into (0, 1), so an item that holds
the identifier asked for always ranks above one that only mentions the words.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import (
    Float,
    Integer,
    delete,
    func,
    insert,
    literal,
    literal_column,
    not_,
    or_,
    select,
    table,
    text,
)
from sqlalchemy.orm import Session, selectinload

from store.models import Item, ItemSignalType, SearchKey

FTS_TABLE = "items_fts"  # SQLite's external-content FTS5 table (migration 0010)
# PostgreSQL: the stored Dutch tsvector of subject (weight A) and text (weight B), a
# generated column with a GIN index (migration 0013); not mapped, so the ORM never writes it.
SEARCH_VECTOR = "items.search_vector"
KEY_WEIGHT = 2.0
# A text query ranks at most this many text matches (after the filters): the words of a
# common query hold for most items, and ranking them all costs seconds on 100,000 items.
# The page then says "more than" (SearchPage.capped); more words or filters narrow it.
TEXT_CANDIDATES = 1000
# Ranking every match of a query whose words hold for more than this many items costs
# more than the search may take (bm25 per match); such a query lists its newest matches.
BROAD = 5000
BROAD_SCORE = 0.5
BROAD_CANDIDATES = 200  # the newest matches of a broad query: ten pages
MAX_KEY_CHARS = 255
# Keys of the reporter's own details (and words only the reporter's parts of the text hold)
# carry this prefix: only roles that may see the reporter search them, and for the others
# such a key keeps the item out of the results (a hit would say who reported it).
REPORTER_KEY = "R|"
REPORTER_WORD = REPORTER_KEY + "W:"
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class SearchFilter:
    signal_type: str | None = None
    since: date | None = None  # received on or after this day (UTC)
    until: date | None = None  # received on or before this day (UTC)
    source: str | None = None
    status: str | None = None
    destination: str | None = None


@dataclass(frozen=True)
class SearchHit:
    item: Item  # with suggestions and decisions loaded (store.items.item_summary)
    score: float
    keys: tuple[str, ...]  # the query's keys this item holds
    text_match: bool


@dataclass
class SearchPage:
    hits: list[SearchHit] = field(default_factory=list)
    total: int = 0
    capped: bool = False  # the text matched more than TEXT_CANDIDATES items


def words(query: str) -> list[str]:
    """The words of a query as the full-text search sees them."""
    return _WORD.findall(query)


def replace_keys(session: Session, keys: Mapping[int, Iterable[str]]) -> None:
    """Make `keys[item_id]` the search keys of each item (inside the caller's transaction)."""
    if not keys:
        return
    session.execute(delete(SearchKey).where(SearchKey.item_id.in_(list(keys))))
    rows = [
        {"item_id": item_id, "key": key}
        for item_id, item_keys in keys.items()
        for key in sorted({k[:MAX_KEY_CHARS] for k in item_keys})
    ]
    if rows:
        session.execute(insert(SearchKey), rows)


def _text_hits(session: Session, query: str, flt: SearchFilter) -> tuple[Any, int] | None:
    """(id, s) of at most TEXT_CANDIDATES items (filters applied) whose subject or text hold
    every word of `query`: the best ranked, s the rank squashed into (0, 1). A broad query
    (more than BROAD matches) is not ranked: its newest matches come first, s = BROAD_SCORE."""
    terms = words(query)
    if not terms:
        return None
    if session.get_bind().dialect.name == "sqlite":
        match = " ".join('"' + t.replace('"', "") + '"' for t in terms)
        condition = text(f"{FTS_TABLE} MATCH :fts_query").bindparams(fts_query=match)
        rowid = literal_column(f"{FTS_TABLE}.rowid", Integer)
        matches = select(rowid).select_from(table(FTS_TABLE)).where(condition)
        broad = _more_than(session, matches, BROAD)
        # bm25 is negative, better is lower; the subject weighs four times the text.
        bm25 = f"bm25({FTS_TABLE}, 4.0, 1.0)"
        rank = literal_column(f"-{bm25} / (1.0 - {bm25})", Float)
        found = select(rowid.label("id"), (literal(BROAD_SCORE) if broad else rank).label("s"))
        found = found.select_from(table(FTS_TABLE)).join(Item, Item.id == rowid).where(condition)
        newest = rowid.desc()
    else:
        # ts_rank_cd with normalisation 32 is rank / (rank + 1).
        document = literal_column(SEARCH_VECTOR)
        tsquery = func.plainto_tsquery(literal_column("'dutch'::regconfig"), " ".join(terms))
        condition = document.op("@@")(tsquery)
        broad = _more_than(session, select(Item.id).where(condition), BROAD)
        rank = func.ts_rank_cd(document, tsquery, 32)
        found = select(Item.id.label("id"), (literal(BROAD_SCORE) if broad else rank).label("s"))
        found = found.where(condition)
        newest = Item.id.desc()
    found = _filtered(found, flt)
    if broad:
        return found.order_by(newest).limit(BROAD_CANDIDATES), BROAD_CANDIDATES
    return found.order_by(literal_column("s").desc()).limit(TEXT_CANDIDATES), TEXT_CANDIDATES


def _more_than(session: Session, query: Any, n: int) -> bool:
    """Whether `query` has more than `n` rows, counting no further: a common word matches
    most items, and counting them all costs more than the whole search may take."""
    counted = select(func.count()).select_from(query.limit(n + 1).subquery())
    return (session.scalar(counted) or 0) > n


def _filtered(query: Any, flt: SearchFilter) -> Any:
    if flt.status:
        query = query.where(Item.status == flt.status)
    if flt.source:
        query = query.where(Item.source == flt.source)
    if flt.destination:
        query = query.where(Item.primary == flt.destination)
    if flt.since:
        query = query.where(Item.received >= datetime.combine(flt.since, time(), UTC))
    if flt.until:
        end = datetime.combine(flt.until + timedelta(days=1), time(), UTC)
        query = query.where(Item.received < end)
    if flt.signal_type:
        typed = select(ItemSignalType.item_id).where(ItemSignalType.code == flt.signal_type)
        query = query.where(Item.id.in_(typed))
    return query


def search(
    session: Session,
    query: str,
    keys: Collection[str],
    flt: SearchFilter | None = None,
    *,
    limit: int = 20,
    offset: int = 0,
    hide_identity: Collection[str] = (),
    hide_keys: Collection[str] = (),
) -> SearchPage:
    """Items matching the words of `query` or holding any of `keys`, best first.

    `hide_identity`: strings that must not lead to an item through its reporter; an item
    whose sender or reporter contains any of them is left out (for roles that may not see
    the reporter, so a search cannot tell them who reported what). `hide_keys`: an item
    holding any of these keys is left out, for the same reason.
    """
    flt = flt or SearchFilter()
    if session.get_bind().dialect.name == "postgresql":
        # psycopg prepares a statement run five times, and PostgreSQL may then plan it once
        # for any parameters: for a signal type or period that plan is a walk over most of
        # the table (0.45 s instead of 0.07 s on 100,000 items). Plan each search anew.
        session.execute(text("SET LOCAL plan_cache_mode = force_custom_plan"))
    keys = sorted({k[:MAX_KEY_CHARS] for k in keys})
    parts = []
    if keys:
        parts.append(
            select(
                SearchKey.item_id.label("id"),
                (literal(KEY_WEIGHT) * func.count()).label("s"),
                literal(0).label("t"),
            )
            .where(SearchKey.key.in_(keys))
            .group_by(SearchKey.item_id)
        )
    text_part = _text_hits(session, query, flt)
    cap = 0
    if text_part is not None:
        matches = text_part[0].subquery("text_hits")
        cap = text_part[1]
        parts.append(select(matches.c.id, matches.c.s, literal(1).label("t")))
    if not parts:
        return SearchPage()
    union = parts[0].union_all(*parts[1:]).subquery("hits")
    scored = (
        select(union.c.id, func.sum(union.c.s).label("score"), func.max(union.c.t).label("text"))
        .group_by(union.c.id)
        .subquery("scored")
    )
    matched = select(Item.id, scored.c.score, scored.c.text).join(scored, scored.c.id == Item.id)
    matched = _filtered(matched, flt)
    hidden = [h.lower() for h in hide_identity if len(h.strip()) >= 3]
    for term in hidden:
        pattern = "%" + term.replace("\\", "").replace("%", "").replace("_", "") + "%"
        identity = [
            func.lower(func.coalesce(c, "")).like(pattern)
            for c in (Item.sender, Item.reporter_name, Item.reporter_contact)
        ]
        matched = matched.where(not_(or_(*identity)))
    if hide_keys:
        reporters = select(SearchKey.item_id).where(
            SearchKey.key.in_(sorted({k[:MAX_KEY_CHARS] for k in hide_keys}))
        )
        matched = matched.where(Item.id.not_in(reporters))
    # The page and the totals in one pass over the matches: running the text search twice
    # (count, then page) cost a filtered broad query half its time.
    counted = matched.add_columns(
        func.count().over().label("total"),
        func.coalesce(func.sum(scored.c.text).over(), 0).label("texts"),
    )
    page = session.execute(
        counted.order_by(scored.c.score.desc(), Item.received.desc(), Item.id.desc())
        .limit(limit)
        .offset(offset)
    ).all()
    if page:
        total, texts = page[0].total, page[0].texts
    else:  # no match, or a page past the last: count apart
        every = matched.subquery()
        total, texts = session.execute(
            select(func.count(), func.coalesce(func.sum(every.c.text), 0))
        ).one()
    capped = bool(cap) and texts >= cap
    ids = [row.id for row in page]
    if not ids:
        return SearchPage(total=total, capped=capped)
    items = {
        i.id: i
        for i in session.scalars(
            select(Item)
            .where(Item.id.in_(ids))
            .options(selectinload(Item.suggestions), selectinload(Item.decisions))
        )
    }
    held: dict[int, list[str]] = {}
    if keys:
        for item_id, key in session.execute(
            select(SearchKey.item_id, SearchKey.key).where(
                SearchKey.item_id.in_(ids), SearchKey.key.in_(keys)
            )
        ):
            held.setdefault(item_id, []).append(key.removeprefix(REPORTER_KEY))
    hits = [
        SearchHit(
            item=items[row.id],
            score=float(row.score),
            keys=tuple(sorted(held.get(row.id, ()))),
            text_match=bool(row.text),
        )
        for row in page
    ]
    return SearchPage(hits=hits, total=total, capped=capped)


def items_to_index(session: Session, after: int = 0, limit: int = 500) -> list[Item]:
    """Analysed items (they have entities) in id order after `after`, with their entities
    loaded: what `ikp search --reindex` computes keys for."""
    return list(
        session.scalars(
            select(Item)
            .where(Item.id > after, Item.text.is_not(None))
            .order_by(Item.id)
            .limit(limit)
            .options(selectinload(Item.entities))
        )
    )
