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
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.dialects import sqlite
from sqlalchemy.orm import Session, sessionmaker

from ikp.records import DossierRecord
from linking.index import IDENTIFIER_KINDS
from linking.names import organisation_key, surname_key
from store.models import AuditEntry, Dossier, utcnow

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

    @property
    def total(self) -> int:
        return self.inserted + self.updated + self.unchanged


def _row_values(record: DossierRecord) -> dict[str, object]:
    values: dict[str, object] = {name: getattr(record, name) for name in _RECORD_FIELDS}
    surname = record.achternaam
    values["surname_key"] = surname_key(surname) if surname else None
    values["organisation_key"] = organisation_key(record.naam) if record.naam else None
    return values


def _sqlite_upsert() -> Any:
    stmt = sqlite.insert(_TABLE)
    changed = or_(*(_TABLE.c[name].is_distinct_from(stmt.excluded[name]) for name in _COMPARED))
    return stmt.on_conflict_do_update(
        index_elements=[_TABLE.c.dossier_id],
        set_={name: stmt.excluded[name] for name in (*_COMPARED, "updated_at")},
        where=changed,
    )


_SQLITE_UPSERT = _sqlite_upsert()
_ALL = ("dossier_id", *_COMPARED, "updated_at")
_PG_UPSERT = f"""
INSERT INTO dossiers ({", ".join(_ALL)}) SELECT {", ".join(_ALL)} FROM dossiers_in
ON CONFLICT (dossier_id) DO UPDATE SET {", ".join(f"{c} = EXCLUDED.{c}" for c in _ALL[1:])}
WHERE ({", ".join(f"dossiers.{c}" for c in _COMPARED)})
  IS DISTINCT FROM ({", ".join(f"EXCLUDED.{c}" for c in _COMPARED)})
"""


def _write_batch(session: Session, rows: list[dict[str, object]]) -> tuple[int, int]:
    """Upsert rows; return (how many existed before, how many rows were written)."""
    conn = session.connection()
    if conn.dialect.name == "postgresql":
        # COPY into a temporary table, then one INSERT ... SELECT: far fewer round trips.
        with conn.connection.driver_connection.cursor() as cur:  # type: ignore[union-attr]
            cur.execute(
                "CREATE TEMP TABLE IF NOT EXISTS dossiers_in "
                "(LIKE dossiers INCLUDING DEFAULTS) ON COMMIT DELETE ROWS"
            )
            with cur.copy(f"COPY dossiers_in ({', '.join(_ALL)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row([row[c] for c in _ALL])
            cur.execute("SELECT count(*) FROM dossiers_in JOIN dossiers USING (dossier_id)")
            existing = cur.fetchone()[0]
            cur.execute(_PG_UPSERT)
            return existing, cur.rowcount
    existing = session.scalar(
        select(func.count()).where(Dossier.dossier_id.in_([r["dossier_id"] for r in rows]))
    )
    written = session.execute(_SQLITE_UPSERT, rows).rowcount  # inserted + changed
    return existing or 0, written


def import_dossiers(
    sessions: sessionmaker[Session],
    records: Iterable[DossierRecord],
    *,
    actor: str = "system",
    batch_size: int = 2000,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Insert new dossiers and update changed ones, one transaction per batch.

    A dossier_id repeated in the input counts once per batch (the last row wins).
    """
    inserted = updated = unchanged = 0
    iterator = iter(records)
    while batch := list(islice(iterator, batch_size)):
        now = utcnow()
        wanted = {r.dossier_id: {**_row_values(r), "updated_at": now} for r in batch}
        with sessions() as session, session.begin():
            existing, written = _write_batch(session, list(wanted.values()))
        inserted += len(wanted) - existing
        updated += written - (len(wanted) - existing)
        unchanged += existing - (written - (len(wanted) - existing))
        if progress:
            progress(inserted + updated + unchanged)
    report = ImportReport(inserted, updated, unchanged)
    with sessions() as session, session.begin():
        session.add(
            AuditEntry(
                actor=actor,
                action="dossiers.imported",
                detail={"inserted": inserted, "updated": updated, "unchanged": unchanged},
            )
        )
    return report


def to_record(row: object) -> DossierRecord:
    return DossierRecord(**{name: getattr(row, name) for name in _RECORD_FIELDS})


_COLUMNS = [_TABLE.c[name] for name in _RECORD_FIELDS]


class SqlDossierIndex:
    """`linking.index.DossierIndex` over the `dossiers` table (indexed columns only)."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions
        self._engine = sessions.kw["bind"]

    def _query(self, condition: object) -> Sequence[DossierRecord]:
        # Core rows on a pooled connection, not ORM objects: this is on every item's path.
        with self._engine.connect() as conn:
            rows = conn.execute(select(*_COLUMNS).where(condition).limit(MAX_CANDIDATES))  # type: ignore[arg-type]
            return [to_record(row) for row in rows]

    def by_organisation_names(self, name_keys: Sequence[str]) -> Sequence[DossierRecord]:
        """by_organisation_name for many keys in one query (a text has many n-grams)."""
        if not name_keys:
            return []
        return self._query(
            and_(Dossier.organisation_key.in_(list(name_keys)), Dossier.soort == "organisatie")
        )

    def by_identifier(self, kind: str, value: str) -> Sequence[DossierRecord]:
        if kind not in IDENTIFIER_KINDS:
            raise ValueError(f"unknown identifier kind {kind!r}")
        return self._query(_TABLE.c[kind] == value)

    def by_birthdate(self, birthdate: date) -> Sequence[DossierRecord]:
        return self._query(and_(Dossier.geboortedatum == birthdate, Dossier.soort == "persoon"))

    def by_surname(self, surname_key: str) -> Sequence[DossierRecord]:
        return self._query(and_(Dossier.surname_key == surname_key, Dossier.soort == "persoon"))

    def by_organisation_name(self, name_key: str) -> Sequence[DossierRecord]:
        return self._query(
            and_(Dossier.organisation_key == name_key, Dossier.soort == "organisatie")
        )

    def count(self) -> int:
        with self._sessions() as session:
            return session.scalar(select(func.count()).select_from(Dossier)) or 0
