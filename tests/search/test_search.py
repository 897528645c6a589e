"""Search over stored items on both databases: identifiers in any written form, name
variants, another spelling of a street, Dutch full text, filters, ranking, paging, audit."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select, update

from ikp.search import entity_keys, query_keys, reindex, run_search, street_key
from store.items import save_analysis
from store.models import AuditEntry, Item, SearchKey
from store.search import SearchFilter
from tests.factories.search import add_analysed
from tests.store.factories import analysis


def ids(found) -> list[int]:
    return [h.item.id for h in found.page.hits]


@pytest.fixture
def earlier(store):
    """Four earlier signals and one unrelated one, in autumn 2026."""
    a = add_analysed(
        store,
        1,
        "Mohammed El Amrani, V-nummer 12 345 678 90, woont niet op de Burgemeester de "
        "Vlugtlaan 12, 1063 AB Amsterdam. Bereikbaar op 06-12345678.",
        persons=("Mohammed El Amrani",),
        received=datetime(2026, 9, 1, 10, tzinfo=UTC),
    )
    b = add_analysed(
        store,
        2,
        "Het bedrijf betaalt loon via NL91ABNA0417164300, het busje met kenteken VL-123-B "
        "rijdt dagelijks naar de kwekerij.",
        code="arbeidsuitbuiting",
        primary="hik",
        received=datetime(2026, 10, 2, 10, tzinfo=UTC),
    )
    c = add_analysed(
        store,
        3,
        "Schijnhuwelijk vermoed: de partners wonen gescheiden en kennen elkaars familie niet.",
        code="schijnhuwelijk",
        received=datetime(2026, 10, 20, 10, tzinfo=UTC),
    )
    d = add_analysed(
        store,
        4,
        "Er wonen veertien arbeidsmigranten in één woning aan de Kerkstraat 4.",
        code="arbeidsuitbuiting",
        primary="hik",
        received=datetime(2026, 11, 3, 10, tzinfo=UTC),
    )
    return {"amrani": a, "loon": b, "huwelijk": c, "woning": d}


@pytest.mark.parametrize(
    "query",
    ["1234567890", "12.345.678.90", "V-nr 1234 567 890", "V 12 34 56 78 90"],
)
def test_a_v_nummer_in_any_written_form_finds_the_earlier_item(store, earlier, query):
    found = run_search(store, query, actor="anna")
    assert ids(found)[:1] == [earlier["amrani"]]
    assert "V_NUMMER:1234567890" in found.page.hits[0].keys


@pytest.mark.parametrize("query", ["0612345678", "+31 6 1234 5678", "0031-6-12345678"])
def test_a_phone_number_in_another_notation_finds_the_earlier_item(store, earlier, query):
    assert ids(run_search(store, query, actor="anna")) == [earlier["amrani"]]


@pytest.mark.parametrize(
    "query",
    [
        "Burg. de Vlugtlaan 12",
        "burgemeester de vlugt laan 12",
        "Burgemeester de Vlugtlaan 12-A",
        "1063AB 12",
        "1063 ab, 12",
    ],
)
def test_an_address_with_another_spelling_of_the_street_finds_the_earlier_item(
    store, earlier, query
):
    assert ids(run_search(store, query, actor="anna")) == [earlier["amrani"]]


def test_another_house_number_in_the_street_is_not_the_same_address(store, earlier):
    assert ids(run_search(store, "Burg. de Vlugtlaan 14", actor="anna")) == []


@pytest.mark.parametrize("query", ["M. el-Amrani", "Muhammad Elamrani", "EL AMRANY"])
def test_a_name_variant_finds_the_earlier_item(store, earlier, query):
    assert ids(run_search(store, query, actor="anna")) == [earlier["amrani"]]


@pytest.mark.parametrize(
    ("query", "which"),
    [("NL91 ABNA 0417 1643 00", "loon"), ("vl123b", "loon"), ("VL-123-B", "loon")],
)
def test_iban_and_plate_in_any_form_find_the_item(store, earlier, query, which):
    assert ids(run_search(store, query, actor="anna")) == [earlier[which]]


def test_full_text_finds_words_and_ignores_accents_and_case(store, earlier):
    assert ids(run_search(store, "arbeidsmigranten EEN woning", actor="anna")) == [
        earlier["woning"]
    ]
    assert ids(run_search(store, "schijnhuwelijk", actor="anna")) == [earlier["huwelijk"]]


def test_dutch_full_text_on_postgres_finds_inflected_words(store, earlier):
    if store.engine.dialect.name != "postgresql":
        # SQLite's FTS5 has no Dutch stemmer; there "wonen" does not find "woont".
        assert ids(run_search(store, "woning", actor="anna")) == [earlier["woning"]]
        return
    assert set(ids(run_search(store, "wonen", actor="anna"))) >= {earlier["huwelijk"]}


def test_an_item_holding_the_identifier_ranks_above_one_that_only_shares_words(store, earlier):
    mention = add_analysed(
        store, 5, "Burgemeester de Vlugtlaan Vlugtlaan Vlugtlaan: niemand op nummer 12."
    )
    found = run_search(store, "Burgemeester de Vlugtlaan 12", actor="anna")
    assert ids(found) == [earlier["amrani"], mention]
    assert [h.text_match for h in found.page.hits] == [True, True]
    assert found.page.hits[0].keys and not found.page.hits[1].keys


def test_filters_narrow_the_hits(store, earlier):
    assert set(ids(run_search(store, "06-12345678", actor="a"))) == {earlier["amrani"]}
    flt = SearchFilter(signal_type="arbeidsuitbuiting")
    hik = run_search(store, "NL91ABNA0417164300", flt, actor="a")
    assert ids(hik) == [earlier["loon"]]
    assert (
        ids(run_search(store, "NL91ABNA0417164300", SearchFilter(destination="pj"), actor="a"))
        == []
    )
    period = SearchFilter(since=date(2026, 9, 2), until=date(2026, 10, 31))
    assert ids(run_search(store, "1234567890", period, actor="a")) == []
    assert ids(run_search(store, "VL-123-B", period, actor="a")) == [earlier["loon"]]
    assert ids(run_search(store, "VL-123-B", SearchFilter(source="scan"), actor="a")) == []
    assert ids(run_search(store, "VL-123-B", SearchFilter(status="review"), actor="a")) == [
        earlier["loon"]
    ]


def test_results_are_paginated_best_first(store):
    for n in range(1, 8):
        add_analysed(store, n, f"Melding {n}: huisjesmelker verhuurt kamers" + " kamers" * n)
    first = run_search(store, "kamers", actor="anna", limit=3)
    second = run_search(store, "kamers", actor="anna", limit=3, offset=3)
    assert first.page.total == second.page.total == 7
    assert len(ids(first)) == 3 and len(ids(second)) == 3
    assert not set(ids(first)) & set(ids(second))
    scores = [h.score for h in first.page.hits + second.page.hits]
    assert scores == sorted(scores, reverse=True)
    past_the_end = run_search(store, "kamers", actor="anna", limit=3, offset=9)
    assert ids(past_the_end) == [] and past_the_end.page.total == 7


def test_every_search_is_in_the_audit_log_with_query_filters_and_hits(store, earlier):
    run_search(store, "06-12345678", SearchFilter(source="email"), actor="dirk")
    with store.sessions() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "search")).one()
    assert entry.actor == "dirk"
    assert entry.detail["query"] == "06-12345678"
    assert entry.detail["filters"] == {"source": "email"}
    assert entry.detail["hits"] == 1 and entry.detail["shown"] == [earlier["amrani"]]


def test_a_reporter_does_not_lead_roles_without_reporter_access_to_the_item(store):
    add_analysed(
        store,
        9,
        "Melding over een pand. Met vriendelijke groet, Pieter Fictief, 06-87654321",
        sender="Pieter Fictief <p.fictief@voorbeeld.example>",
        persons=("Pieter Fictief",),
    )
    assert ids(run_search(store, "Pieter Fictief", actor="anna")) != []
    assert ids(run_search(store, "Pieter Fictief", actor="dirk", hide_reporter=True)) == []
    assert (
        ids(run_search(store, "p.fictief@voorbeeld.example", actor="d", hide_reporter=True)) == []
    )


def test_the_reporters_signature_does_not_lead_roles_without_reporter_access_to_the_item(
    store,
):
    item = add_analysed(
        store,
        9,
        "In het pand aan de Kerkstraat 4 wonen veertien arbeidsmigranten.\n\n"
        "Met vriendelijke groet,\nPieter Fictief\nZonnebloemweg 17\n06-87654321",
        sender="Pieter Fictief <p.fictief@voorbeeld.example>",
        persons=("Pieter Fictief",),
    )
    for query in ("Zonnebloemweg 17", "Zonnebloemweg", "+31 6 8765 4321", "0687654321"):
        assert ids(run_search(store, query, actor="anna")) == [item], query
        assert ids(run_search(store, query, actor="dirk", hide_reporter=True)) == [], query
    # What the signal is about still finds it for every role.
    assert ids(run_search(store, "Kerkstraat 4", actor="dirk", hide_reporter=True)) == [item]
    assert ids(run_search(store, "arbeidsmigranten", actor="dirk", hide_reporter=True)) == [item]


def test_a_hit_on_the_reporters_details_names_the_kind_without_the_reporter_prefix(store):
    add_analysed(
        store,
        9,
        "Melding over een pand.\n\nMet vriendelijke groet,\nPieter Fictief\n06-87654321",
        sender="Pieter Fictief <p.fictief@voorbeeld.example>",
    )
    (hit,) = run_search(store, "06 876 543 21", actor="anna").page.hits
    assert hit.keys == ("TELEFOON:+31687654321",)


def test_changing_an_items_text_updates_the_full_text_index(store, earlier):
    with store.sessions() as session, session.begin():
        session.execute(
            update(Item).where(Item.id == earlier["huwelijk"]).values(text="Nu over zwartwerk.")
        )
    assert ids(run_search(store, "schijnhuwelijk", actor="a")) == []
    assert ids(run_search(store, "zwartwerk", actor="a")) == [earlier["huwelijk"]]


def test_a_re_analysed_item_is_found_by_its_new_words_and_not_its_old_ones(store, earlier):
    new_text = "Opnieuw gelezen: zwartwerk in een bakkerij, V-nummer 1234567890."
    with store.sessions() as session, session.begin():
        save_analysis(session, session.get(Item, earlier["huwelijk"]), analysis(new_text))
    assert ids(run_search(store, "schijnhuwelijk", actor="a")) == []
    assert ids(run_search(store, "bakkerij zwartwerk", actor="a")) == [earlier["huwelijk"]]


def test_an_item_saved_with_another_subject_is_found_by_its_new_subject_only(store, earlier):
    tip = add_analysed(store, 5, "Een melding zonder bijzonderheden.", subject="Via de wijkagent")
    assert ids(run_search(store, "wijkagent", actor="a")) == [tip]
    with store.sessions() as session, session.begin():
        session.get(Item, tip).subject = "Via de woningcorporatie"
    assert ids(run_search(store, "wijkagent", actor="a")) == []
    assert ids(run_search(store, "woningcorporatie", actor="a")) == [tip]


def test_reindex_recomputes_keys_of_items_analysed_before_search(store, earlier):
    with store.sessions() as session, session.begin():
        session.execute(SearchKey.__table__.delete())
    assert ids(run_search(store, "0612345678", actor="a")) == []
    assert reindex(store) == 4
    assert ids(run_search(store, "0612345678", actor="a")) == [earlier["amrani"]]


def test_a_query_that_is_no_identifier_makes_no_identifier_keys():
    assert not any(
        k.split(":")[0] in {"V_NUMMER", "TELEFOON", "IBAN"} for k in query_keys("woning")
    )
    assert entity_keys([]) == set()


@pytest.mark.parametrize(
    ("written", "other"),
    [
        ("Kerkstr.", "Kerkstraat"),
        ("Keizersgr.", "keizers gracht"),
        ("2e Hugo de Grootstr.", "Tweede Hugo de Grootstraat"),
        ("Laan v. Meerdervoort", "laan van meerdervoort"),
        ("Burg. de Vlugtlaan", "Burgemeester de Vlugt-laan"),
    ],
)
def test_spellings_of_one_street_have_one_key(written, other):
    assert street_key(written) == street_key(other)


def test_a_query_matching_very_many_items_lists_the_newest_first(store, monkeypatch):
    import store.search as searching

    monkeypatch.setattr(searching, "BROAD", 3)  # a small store stands in for 100,000 items
    made = [
        add_analysed(store, n, "Melding over de woning" + " woning" * (9 - n),
                     received=datetime(2026, 10, n, 9, tzinfo=UTC))
        for n in range(1, 6)
    ]  # fmt: skip
    found = run_search(store, "woning", actor="a")
    assert ids(found) == made[::-1]  # newest first, though the oldest says "woning" most
    assert found.page.total == 5
    monkeypatch.setattr(searching, "BROAD", 5000)
    assert ids(run_search(store, "woning", actor="a"))[0] == made[0]  # ranked: most mentions
