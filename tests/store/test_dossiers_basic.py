from __future__ import annotations

from datetime import date

from contract.records import DossierRecord
from ikp.register import import_register


def person(**over) -> DossierRecord:
    base = dict(
        dossier_id="D-000123",
        soort="persoon",
        v_nummer="1234567890",
        bsn="123456782",
        voornamen="Karim",
        achternaam="El Amrani",
        geboortedatum=date(1990, 3, 12),
    )
    base.update(over)
    return DossierRecord(**base)


def test_import_inserts_then_updates_only_changed_rows(store):
    first = import_register(store, [person(), person(dossier_id="D-2", v_nummer="2222222222")])
    assert (first.inserted, first.updated, first.unchanged) == (2, 0, 0)
    again = import_register(store, [person(), person(dossier_id="D-2", v_nummer="3333333333")])
    assert (again.inserted, again.updated, again.unchanged) == (0, 1, 1)
    assert [r.dossier_id for r in store.dossiers.by_identifier("v_nummer", "3333333333")] == ["D-2"]


def test_index_finds_by_identifier_birthdate_and_surname_key(store):
    import_register(store, [person()])
    assert store.dossiers.by_identifier("bsn", "123456782")[0].dossier_id == "D-000123"
    assert store.dossiers.by_birthdate(date(1990, 3, 12))[0].achternaam == "El Amrani"
    from linking import surname_key

    assert store.dossiers.by_surname(surname_key("el-Amrani"))[0].dossier_id == "D-000123"


def test_weak_evidence_keys_find_a_person_and_follow_a_move(store):
    from linking.keys import record_keys

    before = person(voornamen="Elif", achternaam="Karaca", adres="Valkstraat 14", woonplaats="Tiel")
    import_register(store, [before])
    keys = record_keys(before)
    assert [r.dossier_id for r in store.dossiers.by_keys(keys)] == ["D-000123"]
    moved = person(voornamen="Elif", achternaam="Karaca", adres="Kruisweg 3", woonplaats="Meppel")
    import_register(store, [moved])
    gone = [k for k in keys if "tiel" in k or "valkstraat" in k]
    assert gone and store.dossiers.by_keys(gone) == []
    assert [r.dossier_id for r in store.dossiers.by_keys(record_keys(moved))] == ["D-000123"]
    assert store.dossiers.by_keys([]) == []
