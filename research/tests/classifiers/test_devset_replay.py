"""The dev-set replay: a saved run classified and routed again with another model."""

from __future__ import annotations

from classifiers import SignalClassifier
from research.classifiers.devset_replay import CUT, analysed_text, replay
from tests.factories.corpus import small_examples

RECEIVED = "2026-11-23T10:00:00+01:00"


def _row(text: str, links: list[dict]) -> dict:
    old = {"signal_types": [], "uncertain": True, "routing": {"primary": "x"}}
    got = {"text": text, "entities": [], "dossier_links": links, **old}
    return {"file": "items/1.eml", "gold": {"received": RECEIVED}, "got": got}


def test_text_after_the_cut_marker_is_not_classified_again() -> None:
    got = {"text": "eerste deel" + CUT + " ---\n\nrest"}
    assert analysed_text(got) == "eerste deel"


def test_replay_takes_types_from_the_new_model_and_routes_them_again() -> None:
    examples = small_examples()
    model = SignalClassifier(threshold_folds=3, min_df=1).fit(
        [t for t, _ in examples], [c for _, c in examples]
    )
    text = "Uitbuiting bij Kees Pronk in Assen: paspoorten afgepakt, geen loon, slapen in de loods."
    link = {"dossier_id": "D-1", "score": 0.9, "evidence": ["naam"]}
    rows = [_row(text, [link]), {**_row("", []), "got": {"error": "unreadable"}}]

    [again, failed] = replay(rows, model.predict_many, {"D-1": "persoon"})

    expected = model.predict(text)
    assert [t["code"] for t in again["got"]["signal_types"]] == [
        s.code for s in expected.signal_types
    ]
    assert "mensenhandel" in {t["code"] for t in again["got"]["signal_types"]}
    assert again["got"]["uncertain"] == expected.uncertain
    assert again["got"]["routing"]["primary"] != "x"
    assert again["got"]["routing"]["due"] > RECEIVED[:10]
    assert again["got"]["dossier_links"] == [link]
    assert failed["got"] == {"error": "unreadable"}
