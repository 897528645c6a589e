"""The dossier register into the store, with linking's blocking keys beside each record."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from contract.records import DossierRecord
from linking.register import RecordRow, blocking_keys
from store import Store
from store.dossiers import ImportReport, SourceRow, import_dossiers


def import_register(
    store: Store, rows: Iterable[SourceRow | DossierRecord], **options: Any
) -> ImportReport:
    """`store.dossiers.import_dossiers` with the keys linking searches on (options pass on).

    Rows are read register rows (`RegisterFile.rows()`) or records built in code.
    """
    as_rows = (RecordRow(r) if isinstance(r, DossierRecord) else r for r in rows)
    return import_dossiers(store.sessions, as_rows, keys=blocking_keys, **options)
