"""Reviewers' verdicts read back as labelled pairs for the duplicate fit (SQLite store)."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

from linking.duplicates import features
from research.linking.duplicates import fit_scorer
from research.linking.reviewed import read
from store import Store
from store.pairs import DIFFERENT, SAME, record_verdict
from tests.factories.search import add_analysed
from tests.store.factories import add_item_with_entities

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def _add(store: Store, n: int, *entities: tuple[str, str]) -> int:
    return add_item_with_entities(store, n, T0 + timedelta(hours=n), "review", *entities)


def test_judged_pairs_come_back_with_served_evidence_and_rarity(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'ikp.sqlite3'}"
    firm = ("ORGANISATIE", "Schoonmaakbedrijf Glans B.V.")
    with Store(url, tmp_path / "data") as store:
        first = _add(store, 1, ("PERSOON", "Kees Verzonnen"), ("V_NUMMER", "1234567890"))
        repeat = _add(store, 2, ("PERSOON", "K. Verzonnen"), ("V_NUMMER", "1234567890"))
        a = _add(store, 3, firm, ("PERSOON", "Anna Fictief"))
        b = _add(store, 4, firm, ("PERSOON", "Bram Fictief"))
        _add(store, 0, firm)  # a third item with the firm before b: its rarity is 2/3
        _add(store, 5, firm)  # after b: not counted
        _add(store, 6, ("V_NUMMER", "1234567890"))  # a personal number counts fully anyway
        record_verdict(store.sessions, repeat, first, SAME, "anna", now=T0)
        record_verdict(store.sessions, b, a, DIFFERENT, "anna", now=T0)
    pairs = read(url, tmp_path / "data")
    assert len(pairs) == 2
    (same_evidence, same), (other_evidence, other) = pairs
    assert same and not other
    assert same_evidence == [("V_NUMMER 1234567890", 1.0), ("persoon (voorletter)", 1.0)]
    assert other_evidence == [("organisatie", 2 / 3)]
    # they are rows the fit takes like the generated ones
    assert features(same_evidence)["n:V_NUMMER"] == 1
    x = [(-1, -1, e, s) for e, s in pairs] * 20
    assert set(fit_scorer(x)) == {"intercept", "coef"}


def test_the_reporters_own_details_are_no_evidence_in_judged_pairs(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'ikp.sqlite3'}"
    signed = "\n\nMet vriendelijke groet,\nPiet Verzonnen\nTel. 06-12345678"
    sender = "Piet Verzonnen <piet@melder.example>"
    tips = [
        "Op de Lindelaan 4 wonen acht mannen op één adres." + signed,
        "Bij de haven werkt een man zonder papieren." + signed,
        "Een vrouw wordt steeds gebeld op 06-87654321 door haar werkgever." + signed,
        "Haar werkgever belt vanaf 06-87654321, ook 's nachts." + signed,
    ]
    with Store(url, tmp_path / "data") as store:
        ids = [
            add_analysed(store, n, text, sender=sender, received=T0 + timedelta(hours=n))
            for n, text in enumerate(tips)
        ]
        record_verdict(store.sessions, ids[1], ids[0], DIFFERENT, "anna", now=T0)
        record_verdict(store.sessions, ids[3], ids[2], SAME, "anna", now=T0)
    # The first pair shares only the reporter's signature: no evidence, left out. The
    # second shares a number in the message itself.
    [(evidence, same)] = read(url, tmp_path / "data")
    assert same
    assert [line for line, _ in evidence] == ["TELEFOON +31687654321"]
