"""ikp.phenomena on SQLite and PostgreSQL: stored items cluster over their rare shared
values, written in any notation; the reporter's own details connect nothing."""

from __future__ import annotations

from datetime import timedelta

from contract.records import Entity
from ikp.phenomena import find_clusters, item_values
from tests.factories.search import RECEIVED, add_analysed

REPORTER_TIP = (
    "Op Molenweg 3 wonen zes mensen die er niet staan ingeschreven.\n\n"
    "Met vriendelijke groet,\nJoost van Fictief\nTel: 06 2345 6789\njoost@voorbeeld.example\n"
)


def test_items_sharing_a_phone_in_three_notations_and_a_chain_are_one_cluster(store):
    at = [RECEIVED + timedelta(days=7 * n) for n in range(6)]
    a = add_analysed(store, 1, "Bel de bemiddelaar op 06 1234 5678.", received=at[0])
    b = add_analysed(store, 2, "Nummer +31 6 12345678, woont Lindelaan 8.", received=at[1])
    c = add_analysed(store, 3, "Via 0612345678 geregeld.", received=at[2])
    d = add_analysed(store, 4, "Ook op Lindelaan 8 staan er zes ingeschreven.", received=at[4])
    lone = add_analysed(store, 5, "Een losse melding zonder gedeelde gegevens.", received=at[5])
    found = find_clusters(store, until=at[5] + timedelta(days=1), since=at[3])
    assert [cl.items for cl in found] == [(a, b, c, d)]
    [cluster] = found
    assert cluster.new == (d,)
    assert {(s.kind, s.value) for s in cluster.shared} == {
        ("TELEFOON", "+31612345678"),
        ("ADRES", "lindelaan|8"),
    }
    assert lone not in cluster.items
    # Outside the history nothing is counted.
    assert find_clusters(store, until=at[5], since=at[3], history=timedelta(days=10)) == []


def test_the_reporters_own_phone_and_address_connect_nothing(store):
    for n in range(4):
        add_analysed(
            store,
            n,
            REPORTER_TIP.replace("Molenweg 3", f"Molenweg {n + 3}"),
            received=RECEIVED + timedelta(days=n),
            sender="Joost van Fictief <joost@voorbeeld.example>",
            persons=("Joost van Fictief",),
        )
    assert find_clusters(store, until=RECEIVED + timedelta(days=9), since=RECEIVED) == []
    # The same number as the subject of three tips is a cluster.
    subject = [
        add_analysed(store, 10 + n, f"De bemiddelaar belt vanaf 06 2345 6789 (tip {n}).")
        for n in range(3)
    ]
    found = find_clusters(store, until=RECEIVED + timedelta(days=9), since=RECEIVED)
    assert [cl.items for cl in found] == [tuple(subject)]


def test_a_switchboard_number_in_most_items_is_common(store):
    ids = [
        add_analysed(store, n, f"Bel de centrale 020 123 4567 over zaak {n}.", received=RECEIVED)
        for n in range(14)
    ]
    linked = [
        add_analysed(store, 100 + n, "Zie eerdere melding.", received=RECEIVED, links=("R-45",))
        for n in range(3)
    ]
    found = find_clusters(store, until=RECEIVED + timedelta(days=1), since=RECEIVED)
    assert [cl.items for cl in found] == [tuple(linked)]
    assert not set(ids) & set(found[0].items)
    assert [(s.kind, s.value) for s in found[0].shared] == [("DOSSIER", "R-45")]


def test_item_values_use_the_search_keys_and_linkings_organisation_key():
    text = "Bright Minds Consultancy B.V., Kerkstraat 12, 1234 AB"
    entities = [
        Entity(
            "ORGANISATIE", "Bright Minds Consultancy B.V.", "Bright Minds Consultancy B.V.", 0, 29
        ),
        Entity("ADRES", "Kerkstraat 12", "Kerkstraat 12", 31, 44),
        Entity("POSTCODE", "1234 AB", "1234AB", 46, 53),
        Entity("PERSOON", "Jan", "Jan", 0, 3),
    ]
    assert text[31:44] == "Kerkstraat 12"
    assert item_values(entities, ["D-000101"]) == (
        ("ADRES", "kerkstraat|12"),
        ("DOSSIER", "D-000101"),
        ("ORGANISATIE", "brightmindsconsultancy"),
        ("PCHN", "1234AB|12"),
    )
    other = [Entity("ORGANISATIE", "x", "bright-minds consultancy", 0, 1)]
    assert item_values(other, []) == (("ORGANISATIE", "brightmindsconsultancy"),)


def test_a_reporters_number_common_in_the_period_connects_none_of_the_other_items(store):
    """Twelve notes of one colleague, each signed with her number (more items than a value
    may connect: common); four also name a bemiddelaar's phone. Only those four are a
    cluster: masking her number in them leaves it on the other eight, who must not connect."""
    colleague = "Hester Tuinstra"
    ids = [
        add_analysed(
            store,
            n,
            f"Hoi IKP,\n\nMelding {n}: te veel mensen op Lijsterlaan {n + 1}."
            + (" De bemiddelaar belt vanaf 06 3456 7812." if n < 4 else "")
            + f"\n\nGroet,\n{colleague}\nTel: 020 555 0199\n",
            received=RECEIVED + timedelta(hours=n),
            sender=f"{colleague} <hester.tuinstra@ind.example>",
            persons=(colleague,),
        )
        for n in range(12)
    ]
    found = find_clusters(store, until=RECEIVED + timedelta(days=1), since=RECEIVED)
    assert [cl.items for cl in found] == [tuple(ids[:4])]
    assert [(s.kind, s.value) for s in found[0].shared] == [("TELEFOON", "+31634567812")]
