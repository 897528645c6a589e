"""The dossier register in the database: streaming import and candidate search.

The import is a batched upsert: one `INSERT ... ON CONFLICT DO UPDATE ... WHERE the
row changed` per batch, so that unchanged rows are not rewritten (no new row
versions on PostgreSQL, no `updated_at` churn), on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, fields
from datetime import date
from itertools import islice
from typing import Any, Protocol

from sqlalchemy import ForeignKey, String, bindparam, delete, func, insert, or_, select
from sqlalchemy.dialects import sqlite
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker

from contract.records import DossierRecord
from contract.vocabulary import IDENTIFIER_KINDS
from store.models import AuditEntry, Base, Dossier, DossierKey, utcnow


class DossierRowHash(Base):
    """Digest of the source row each dossier was last imported from (migration 0006)."""

    __tablename__ = "dossier_row_hashes"

    dossier_id: Mapped[str] = mapped_column(
        ForeignKey("dossiers.dossier_id", ondelete="CASCADE"), primary_key=True
    )
    row_hash: Mapped[str] = mapped_column(String(32))


_RECORD_FIELDS = tuple(f.name for f in fields(DossierRecord))
_KEY_FIELDS = ("surname_key", "organisation_key")
_COMPARED = (*_RECORD_FIELDS[1:], *_KEY_FIELDS)  # what makes a row "changed"
MAX_CANDIDATES = 200  # per lookup; a common date of birth must not load half the register
_TABLE = Dossier.__table__


@dataclass(frozen=True)
class ImportReport:
    inserted: int
    updated: int
    unchanged: int
    rejected: int = 0  # rows left out as invalid (with skip_invalid)

    @property
    def total(self) -> int:
        """Rows loaded: inserted, updated or unchanged."""
        return self.inserted + self.updated + self.unchanged


class SourceRow(Protocol):
    """A register row as read (e.g. `linking.register.RegisterRow`): validated only on demand."""

    @property
    def dossier_id(self) -> str: ...

    @property
    def digest(self) -> str:
        """Identifies the row's cells: an unchanged row is skipped without validating it."""
        ...

    @property
    def partial(self) -> bool:
        """True after `record()` when it left invalid cells out: the row's digest is then
        not kept, so that the next import checks the row again."""
        ...

    def record(self) -> DossierRecord:
        """The validated record; raises ValueError (naming the row's line) when the row
        cannot be loaded."""
        ...


# The blocking keys stored beside a record: (surname key, organisation key, the
# weak-evidence keys of the dossier_keys table).
KeysOf = Callable[[DossierRecord], tuple[str | None, str | None, Sequence[str]]]


def _row_values(record: DossierRecord, keys: KeysOf) -> dict[str, object]:
    values: dict[str, object] = {name: getattr(record, name) for name in _RECORD_FIELDS}
    values["surname_key"], values["organisation_key"], values["keys"] = keys(record)
    return values


def _sqlite_upsert() -> Any:
    stmt = sqlite.insert(_TABLE)
    changed = or_(*(_TABLE.c[name].is_distinct_from(stmt.excluded[name]) for name in _COMPARED))
    return stmt.on_conflict_do_update(
        index_elements=[_TABLE.c.dossier_id],
        set_={name: stmt.excluded[name] for name in (*_COMPARED, "updated_at")},
        where=changed,
    )


def _sqlite_hash_upsert() -> Any:
    stmt = sqlite.insert(_HASHES)
    return stmt.on_conflict_do_update(
        index_elements=[_HASHES.c.dossier_id],
        set_={"row_hash": stmt.excluded.row_hash},
        where=_HASHES.c.row_hash != stmt.excluded.row_hash,
    )


_HASHES = DossierRowHash.__table__
_KEYS = DossierKey.__table__
_DELETE_KEYS = delete(_KEYS).where(_KEYS.c.dossier_id.in_(bindparam("ids", expanding=True)))
_SQLITE_UPSERT = _sqlite_upsert()
_SQLITE_HASH_UPSERT = _sqlite_hash_upsert()
_ALL = ("dossier_id", *_COMPARED, "updated_at")
_PG_UPSERT = f"""
INSERT INTO dossiers ({", ".join(_ALL)}) SELECT {", ".join(_ALL)} FROM dossiers_in
ON CONFLICT (dossier_id) DO UPDATE SET {", ".join(f"{c} = EXCLUDED.{c}" for c in _ALL[1:])}
WHERE ({", ".join(f"dossiers.{c}" for c in _COMPARED)})
  IS DISTINCT FROM ({", ".join(f"EXCLUDED.{c}" for c in _COMPARED)})
"""
_PG_HASH_UPSERT = """
INSERT INTO dossier_row_hashes (dossier_id, row_hash) SELECT dossier_id, row_hash FROM dossiers_in
ON CONFLICT (dossier_id) DO UPDATE SET row_hash = EXCLUDED.row_hash
WHERE dossier_row_hashes.row_hash <> EXCLUDED.row_hash
"""


def _stored_hashes(session: Session, ids: list[str]) -> dict[str, str]:
    rows = session.execute(
        select(_HASHES.c.dossier_id, _HASHES.c.row_hash).where(_HASHES.c.dossier_id.in_(ids))
    )
    return {dossier_id: row_hash for dossier_id, row_hash in rows}


def _write_keys(session: Session, rows: list[dict[str, object]]) -> None:
    """Replace the weak-evidence keys of the rows' dossiers (rows read again: changed)."""
    ids = [r["dossier_id"] for r in rows]
    session.execute(_DELETE_KEYS, {"ids": ids})
    pairs = [{"key": k, "dossier_id": r["dossier_id"]} for r in rows for k in r["keys"]]  # type: ignore[attr-defined]
    if pairs:
        session.execute(insert(_KEYS), pairs)


def _write_batch(session: Session, rows: list[dict[str, object]]) -> tuple[int, int]:
    """Upsert rows (their row_hash and keys); return (how many existed before, how
    many dossier rows were written)."""
    conn = session.connection()
    if conn.dialect.name == "postgresql":
        # COPY into a temporary table, then INSERT ... SELECT: far fewer round trips.
        columns = (*_ALL, "row_hash")
        with conn.connection.driver_connection.cursor() as cur:  # type: ignore[union-attr]
            cur.execute(
                "CREATE TEMP TABLE IF NOT EXISTS dossiers_in "
                "(LIKE dossiers INCLUDING DEFAULTS, row_hash varchar(32)) ON COMMIT DELETE ROWS"
            )
            with cur.copy(f"COPY dossiers_in ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row([row[c] for c in columns])
            cur.execute("SELECT count(*) FROM dossiers_in JOIN dossiers USING (dossier_id)")
            existing = cur.fetchone()[0]
            cur.execute(_PG_UPSERT)
            written = cur.rowcount
            cur.execute(_PG_HASH_UPSERT)
        _write_keys(session, rows)
        return existing, written
    existing = session.scalar(
        select(func.count()).where(Dossier.dossier_id.in_([r["dossier_id"] for r in rows]))
    )
    hashes = [{"dossier_id": r["dossier_id"], "row_hash": r["row_hash"]} for r in rows]
    written = session.execute(_SQLITE_UPSERT, [{c: r[c] for c in _ALL} for r in rows]).rowcount
    session.execute(_SQLITE_HASH_UPSERT, hashes)
    _write_keys(session, rows)
    return existing or 0, written


def import_dossiers(
    sessions: sessionmaker[Session],
    rows: Iterable[SourceRow],
    *,
    keys: KeysOf,
    actor: str = "system",
    batch_size: int = 2000,
    progress: Callable[[int], None] | None = None,
    use_row_hashes: bool = True,
    skip_invalid: bool = False,
) -> ImportReport:
    """Insert new dossiers and update changed ones, one transaction per batch.

    Rows are validated (`record()`) only when their digest differs from the stored one,
    so a bad row raises then, or with `skip_invalid` is left out and counted as rejected
    (the row reports why itself). A batch is validated whole before it is written, so an
    exception other than ValueError from `record()` stops the import before that batch.
    `keys` gives each record's blocking keys (linking decides what they are). A
    dossier_id repeated in the input counts once per batch (the last row wins).
    """
    inserted = updated = unchanged = rejected = 0
    iterator = iter(rows)
    while batch := list(islice(iterator, batch_size)):
        latest: dict[str | int, SourceRow] = {}
        for n, r in enumerate(batch):
            latest[r.dossier_id or n] = r  # rows without an id: each validated (and rejected)
        digests = {i: r.digest for i, r in latest.items()}
        stored: dict[str | int, str] = {}
        if use_row_hashes:
            with sessions() as session, session.begin():
                ids = [i for i in latest if isinstance(i, str)]
                stored = dict(_stored_hashes(session, ids))
        skipped = sum(stored.get(i) == d for i, d in digests.items())
        now = utcnow()
        # Validated outside the write transaction: SQLite holds its write lock for that.
        wanted = []
        for i, r in latest.items():
            if stored.get(i) == digests[i]:
                continue
            try:
                record = r.record()
            except ValueError:
                if not skip_invalid:
                    raise
                rejected += 1
                continue
            # A row loaded with cells left out keeps no digest: the next import reports it.
            row_hash = "" if r.partial else digests[i]
            wanted.append({**_row_values(record, keys), "updated_at": now, "row_hash": row_hash})
        existing = written = 0
        if wanted:
            with sessions() as session, session.begin():
                existing, written = _write_batch(session, wanted)
        new = len(wanted) - existing
        inserted += new
        updated += written - new
        unchanged += skipped + existing - (written - new)
        if progress:
            progress(inserted + updated + unchanged)
    report = ImportReport(inserted, updated, unchanged, rejected)
    with sessions() as session, session.begin():
        session.add(
            AuditEntry(
                actor=actor,
                action="dossiers.imported",
                detail={
                    "inserted": inserted,
                    "updated": updated,
                    "unchanged": unchanged,
                    "rejected": rejected,
                },
            )
        )
    return report


def to_record(row: object) -> DossierRecord:
    return DossierRecord(**{name: getattr(row, name) for name in _RECORD_FIELDS})


_COLUMNS = [_TABLE.c[name] for name in _RECORD_FIELDS]


def _lookup(*conditions: Any) -> Any:
    return select(*_COLUMNS).where(*conditions).limit(MAX_CANDIDATES)


# Built once, values bound at execution: a statement built per call cost more than the
# query (SQLAlchemy's cache key walks every element; an IN of 100 name keys, 7 ms).
_PERSON = Dossier.soort == "persoon"
_ORGANISATION = Dossier.soort == "organisatie"
_BY_IDENTIFIER = {kind: _lookup(_TABLE.c[kind] == bindparam("value")) for kind in IDENTIFIER_KINDS}
_BY_BIRTHDATE = _lookup(Dossier.geboortedatum == bindparam("value"), _PERSON)
_BY_SURNAME = _lookup(Dossier.surname_key == bindparam("value"), _PERSON)
_BY_ORGANISATION = _lookup(Dossier.organisation_key == bindparam("value"), _ORGANISATION)
_BY_ORGANISATIONS = _lookup(
    Dossier.organisation_key.in_(bindparam("values", expanding=True)), _ORGANISATION
)
# The dossiers sharing most of a text's weak-evidence keys, at most MAX_WEAK_CANDIDATES:
# a name with a town can match hundreds of namesakes in a million rows, and of k
# candidates with the same evidence none scores above 1/k, so the cut loses no link.
MAX_WEAK_CANDIDATES = 30
_SHARED = (
    select(_KEYS.c.dossier_id, func.count().label("shared"))
    .where(_KEYS.c.key.in_(bindparam("values", expanding=True)))
    .group_by(_KEYS.c.dossier_id)
    .order_by(func.count().desc(), _KEYS.c.dossier_id)
    .limit(MAX_WEAK_CANDIDATES)
    .subquery()
)
_BY_KEYS = select(*_COLUMNS).join_from(_TABLE, _SHARED, _TABLE.c.dossier_id == _SHARED.c.dossier_id)


class SqlDossierIndex:
    """`linking.index.DossierIndex` over the `dossiers` table (indexed columns only)."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions
        self._engine = sessions.kw["bind"]

    def _query(self, statement: Any, **values: object) -> Sequence[DossierRecord]:
        # Core rows on a pooled connection, not ORM objects: this is on every item's path.
        # The columns are selected in the record's field order (_COLUMNS): positional, as
        # a name lookup per field cost 40 us a record (a text at 1M rows reads ~50).
        with self._engine.connect() as conn:
            return [DossierRecord(*row) for row in conn.execute(statement, values)]

    def by_organisation_names(self, name_keys: Sequence[str]) -> Sequence[DossierRecord]:
        """by_organisation_name for many keys in one query (a text has many n-grams)."""
        if not name_keys:
            return []
        return self._query(_BY_ORGANISATIONS, values=list(name_keys))

    def by_keys(self, keys: Sequence[str]) -> Sequence[DossierRecord]:
        """Dossiers sharing most of these weak-evidence keys (`linking.keys`), in one query:
        at most MAX_WEAK_CANDIDATES, most keys shared first (ties by dossier_id)."""
        if not keys:
            return []
        return self._query(_BY_KEYS, values=list(keys))

    def by_identifier(self, kind: str, value: str) -> Sequence[DossierRecord]:
        if kind not in IDENTIFIER_KINDS:
            raise ValueError(f"unknown identifier kind {kind!r}")
        return self._query(_BY_IDENTIFIER[kind], value=value)

    def by_birthdate(self, birthdate: date) -> Sequence[DossierRecord]:
        return self._query(_BY_BIRTHDATE, value=birthdate)

    def by_surname(self, surname_key: str) -> Sequence[DossierRecord]:
        return self._query(_BY_SURNAME, value=surname_key)

    def by_organisation_name(self, name_key: str) -> Sequence[DossierRecord]:
        return self._query(_BY_ORGANISATION, value=name_key)

    def count(self) -> int:
        with self._sessions() as session:
            return session.scalar(select(func.count()).select_from(Dossier)) or 0
