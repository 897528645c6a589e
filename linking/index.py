"""What linking needs from the dossier register, whatever stores it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Protocol

from contract.records import DossierRecord


class DossierIndex(Protocol):
    """Candidate search over the register. The store's dossier index satisfies it."""

    def by_identifier(self, kind: str, value: str) -> Sequence[DossierRecord]:
        """Records whose `kind` column (a key of IDENTIFIER_KINDS) equals the normalised value."""
        ...

    def by_birthdate(self, birthdate: date) -> Sequence[DossierRecord]:
        """Persons born on that date."""
        ...

    def by_surname(self, surname_key: str) -> Sequence[DossierRecord]:
        """Persons whose normalised surname key (see linking.names.surname_key) equals this."""
        ...

    def by_organisation_name(self, name_key: str) -> Sequence[DossierRecord]:
        """Organisations whose name key (see linking.names.organisation_key) equals this."""
        ...


# Optional, used when an index has it (getattr): `by_organisation_names(keys)`,
# by_organisation_name for many keys in one round trip; `by_keys(keys)`, the records
# sharing one of the weak-evidence keys of `linking.keys.record_keys` (without it, a
# text without numbers or dates of birth finds no person).
