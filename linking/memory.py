"""A DossierIndex held in dicts: for evaluation on generated registers and for tests."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from datetime import date

from contract.records import DossierRecord
from contract.vocabulary import IDENTIFIER_KINDS
from linking.keys import MAX_WEAK_CANDIDATES, record_keys
from linking.names import organisation_key, surname_key


class MemoryDossierIndex:
    """Every lookup of `linking.index.DossierIndex`, each a dict access."""

    def __init__(self, records: Iterable[DossierRecord]) -> None:
        self._by: dict[tuple[str, object], list[DossierRecord]] = defaultdict(list)
        for r in records:
            for kind in IDENTIFIER_KINDS:
                if value := getattr(r, kind):
                    self._by[(kind, value)].append(r)
            if r.soort == "persoon":
                if r.geboortedatum:
                    self._by[("geboortedatum", r.geboortedatum)].append(r)
                if r.achternaam:
                    self._by[("surname", surname_key(r.achternaam))].append(r)
                for key in record_keys(r):
                    self._by[("key", key)].append(r)
            elif r.naam:
                self._by[("organisation", organisation_key(r.naam))].append(r)

    def by_identifier(self, kind: str, value: str) -> Sequence[DossierRecord]:
        if kind not in IDENTIFIER_KINDS:
            raise ValueError(f"unknown identifier kind {kind!r}")
        return self._by.get((kind, value), [])

    def by_keys(
        self, keys: Sequence[str], limit: int = MAX_WEAK_CANDIDATES
    ) -> Sequence[DossierRecord]:
        """As the store's: the records sharing most keys, at most `limit`, ties by id."""
        shared: Counter[str] = Counter()
        records: dict[str, DossierRecord] = {}
        for k in set(keys):
            for r in self._by.get(("key", k), []):
                shared[r.dossier_id] += 1
                records[r.dossier_id] = r
        ranked = sorted(shared, key=lambda d: (-shared[d], d))[:limit]
        return [records[d] for d in ranked]

    def by_birthdate(self, birthdate: date) -> Sequence[DossierRecord]:
        return self._by.get(("geboortedatum", birthdate), [])

    def by_surname(self, surname_key: str) -> Sequence[DossierRecord]:
        return self._by.get(("surname", surname_key), [])

    def by_organisation_name(self, name_key: str) -> Sequence[DossierRecord]:
        return self._by.get(("organisation", name_key), [])
