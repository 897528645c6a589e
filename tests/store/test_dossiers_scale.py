"""The register import and SqlDossierIndex on a generated register, on both databases."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from ikp.register import import_register
from linking.memory import MemoryDossierIndex
from linking.propose import propose_links
from research.linking.generate import MentionGenerator, RegisterGenerator

ROWS = 5000


def test_generated_register_imports_then_reimports_unchanged(store) -> None:
    rows = list(RegisterGenerator(seed=12).records(ROWS))
    seen: list[int] = []
    first = import_register(store, rows, batch_size=1000, progress=seen.append)
    assert (first.inserted, first.updated, first.unchanged) == (ROWS, 0, 0)
    assert seen == [1000, 2000, 3000, 4000, 5000]
    assert store.dossiers.count() == ROWS
    again = import_register(store, rows, batch_size=1000)
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, ROWS)


def test_changed_rows_are_updated_and_new_rows_inserted(store) -> None:
    rows = list(RegisterGenerator(seed=13).records(300))
    import_register(store, rows)
    moved = replace(rows[0], postcode="9999ZZ", achternaam=None, naam=rows[0].naam)
    extra = replace(rows[2], dossier_id="D-NEW")
    report = import_register(store, [moved, rows[1], extra, *rows[3:]])
    assert (report.inserted, report.updated, report.unchanged) == (1, 1, 298)
    [found] = store.dossiers.by_identifier("postcode", "9999ZZ")
    assert found.dossier_id == rows[0].dossier_id
    assert found.achternaam is None


def test_sql_index_proposes_what_the_memory_index_proposes(store) -> None:
    rows = list(RegisterGenerator(seed=14).records(ROWS))
    import_register(store, rows)
    memory = MemoryDossierIndex(rows)
    mentions = list(MentionGenerator(rows, seed=15).mentions(150))
    linked = 0
    for m in mentions:
        expected = propose_links(m.text, m.entities, memory)
        assert propose_links(m.text, m.entities, store.dossiers) == expected
        linked += bool(expected)
    assert linked > 80


def test_organisation_names_are_found_in_one_query(store) -> None:
    rows = list(RegisterGenerator(seed=16, organisation_share=0.5).records(200))
    import_register(store, rows)
    organisations = [r for r in rows if r.soort == "organisatie"][:3]
    from linking.names import organisation_key

    found = store.dossiers.by_organisation_names([organisation_key(r.naam) for r in organisations])
    assert {r.dossier_id for r in organisations} <= {r.dossier_id for r in found}
    assert store.dossiers.by_organisation_names([]) == []


def test_same_date_of_birth_is_unchanged_and_another_is_an_update(store) -> None:
    """Dates round-trip exactly (a changed date of birth is an update, the same one is not)."""
    [row] = list(RegisterGenerator(seed=17, organisation_share=0).records(1))
    import_register(store, [row])
    shifted = replace(row, geboortedatum=row.geboortedatum + timedelta(days=1))
    assert import_register(store, [row]).unchanged == 1
    assert import_register(store, [shifted]).updated == 1
