"""Phenomena: rare shared values connect items into clusters; common values connect nothing."""

from datetime import UTC, datetime, timedelta

from contract.records import ItemEntities
from linking.phenomena import MAX_COMMON, clusters, common_limit, connecting

T0 = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


def item(i: int, *values: tuple[str, str], days: int = 0) -> ItemEntities:
    return ItemEntities(i, T0 + timedelta(days=days), tuple(values))


def filler(start: int, n: int, *values: tuple[str, str]) -> list[ItemEntities]:
    return [item(start + k, *values) for k in range(n)]


def test_a_rare_shared_phone_connects_and_a_common_organisation_does_not():
    ind = ("ORGANISATIE", "ind")
    items = [
        item(1, ("TELEFOON", "+31612345678"), ind),
        item(2, ("TELEFOON", "+31612345678"), ind),
        item(3, ind),
        *filler(10, 80, ind),  # "IND" in 83 of 83 items
    ]
    found = clusters(items)
    assert [c.items for c in found] == [(1, 2)]
    assert [(s.kind, s.value) for s in found[0].shared] == [("TELEFOON", "+31612345678")]
    assert found[0].shared[0].rarity == 1.0


def test_a_municipality_in_many_items_connects_nothing_but_a_small_firm_does():
    city = ("ORGANISATIE", "gemeenterotterdam")
    firm = ("ORGANISATIE", "brightmindsconsultancy")
    items = [item(i, city) for i in range(1, 31)]  # 30 of 120: more than common_limit(120)
    items += [item(100 + i, firm) for i in range(4)]
    items += filler(200, 86)
    assert common_limit(len(items)) == 10
    assert [c.items for c in clusters(items)] == [(100, 101, 102, 103)]


def test_a_chain_over_different_kinds_is_one_cluster():
    items = [
        item(1, ("TELEFOON", "+31611111111")),
        item(2, ("TELEFOON", "+31611111111"), ("ADRES", "kerkstraat|12")),
        item(3, ("ADRES", "kerkstraat|12"), ("IBAN", "NL91ABNA0417164300")),
        item(4, ("IBAN", "NL91ABNA0417164300")),
        item(5, ("EMAIL", "iemand@voorbeeld.example")),
    ]
    [cluster] = clusters(items)
    assert cluster.items == (1, 2, 3, 4)
    assert {s.kind for s in cluster.shared} == {"TELEFOON", "ADRES", "IBAN"}
    assert {s.items for s in cluster.shared} == {(1, 2), (2, 3), (3, 4)}


def test_personal_numbers_and_dossiers_connect_however_many_items_hold_them():
    account = ("IBAN", "NL91ABNA0417164300")
    phone = ("TELEFOON", "+31201234567")
    many = [item(i, account, phone) for i in range(1, MAX_COMMON + 20)]
    found = clusters([*many, *filler(1000, 500)])
    assert len(found) == 1 and len(found[0].items) == MAX_COMMON + 19
    # The switchboard number is common; the account connects them all.
    assert [s.kind for s in found[0].shared] == ["IBAN"]
    dossiers = [item(i, ("DOSSIER", "R-000045")) for i in range(1, 40)]
    assert len(clusters([*dossiers, *filler(100, 60)])[0].items) == 39


def test_kinds_outside_the_list_never_connect():
    items = [item(i, ("NAAM", "elamrani"), ("POSTCODE", "1234AB")) for i in range(1, 5)]
    assert clusters(items) == []
    assert connecting(items) == {}


def test_new_items_and_the_order_of_clusters():
    old = [item(i, ("KENTEKEN", "AB123C"), days=0) for i in range(1, 6)]
    grown = [item(10, ("KVK", "12345678"), days=0), item(11, ("KVK", "12345678"), days=40)]
    grown += [item(12, ("KVK", "12345678"), days=45)]
    since = T0 + timedelta(days=30)
    first, second = clusters([*old, *grown], since=since)
    assert first.items == (10, 11, 12) and first.new == (11, 12)
    assert second.items == (1, 2, 3, 4, 5) and second.new == ()
    assert first.first == T0 and first.last == T0 + timedelta(days=45)
    assert clusters([*old, *grown], min_size=4)[0].items == (1, 2, 3, 4, 5)
