"""The dossier register in the database: streaming import and candidate search."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, fields
from datetime import date
from itertools import islice

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from ikp.records import DossierRecord
from linking.index import IDENTIFIER_KINDS
from linking.names import organisation_key, surname_key
from store.models import AuditEntry, Dossier, utcnow

_RECORD_FIELDS = tuple(f.name for f in fields(DossierRecord))
MAX_CANDIDATES = 200  # per lookup; a common date of birth must not load half the register


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
    values["surname_key"] = surname_key(record.achternaam) if record.achternaam else None
    values["organisation_key"] = organisation_key(record.naam) if record.naam else None
    return values


def import_dossiers(
    sessions: sessionmaker[Session],
    records: Iterable[DossierRecord],
    *,
    actor: str = "system",
    batch_size: int = 2000,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Insert new dossiers and update changed ones, one transaction per batch."""
    inserted = updated = unchanged = 0
    iterator = iter(records)
    while batch := list(islice(iterator, batch_size)):
        wanted = {record.dossier_id: _row_values(record) for record in batch}
        with sessions() as session, session.begin():
            existing = {
                row.dossier_id: row
                for row in session.scalars(
                    select(Dossier).where(Dossier.dossier_id.in_(list(wanted)))
                )
            }
            now = utcnow()
            for dossier_id, values in wanted.items():
                row = existing.get(dossier_id)
                if row is None:
                    session.add(Dossier(**values, updated_at=now))
                    inserted += 1
                elif any(getattr(row, key) != value for key, value in values.items()):
                    for key, value in values.items():
                        setattr(row, key, value)
                    row.updated_at = now
                    updated += 1
                else:
                    unchanged += 1
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


def to_record(row: Dossier) -> DossierRecord:
    return DossierRecord(**{name: getattr(row, name) for name in _RECORD_FIELDS})


class SqlDossierIndex:
    """`linking.index.DossierIndex` over the `dossiers` table (indexed columns only)."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def _query(self, condition: object) -> Sequence[DossierRecord]:
        with self._sessions() as session:
            rows = session.scalars(select(Dossier).where(condition).limit(MAX_CANDIDATES)).all()  # type: ignore[arg-type]
            return [to_record(row) for row in rows]

    def by_identifier(self, kind: str, value: str) -> Sequence[DossierRecord]:
        if kind not in IDENTIFIER_KINDS:
            raise ValueError(f"unknown identifier kind {kind!r}")
        return self._query(getattr(Dossier, kind) == value)

    def by_birthdate(self, birthdate: date) -> Sequence[DossierRecord]:
        return self._query((Dossier.geboortedatum == birthdate) & (Dossier.soort == "persoon"))

    def by_surname(self, surname_key: str) -> Sequence[DossierRecord]:
        return self._query((Dossier.surname_key == surname_key) & (Dossier.soort == "persoon"))

    def by_organisation_name(self, name_key: str) -> Sequence[DossierRecord]:
        return self._query(
            (Dossier.organisation_key == name_key) & (Dossier.soort == "organisatie")
        )

    def count(self) -> int:
        from sqlalchemy import func

        with self._sessions() as session:
            return session.scalar(select(func.count()).select_from(Dossier)) or 0
