from datetime import UTC, datetime
from pathlib import Path

import store
from classifiers.feedback import confirmed_examples
from store.models import Decision, EntityRow, Item
from store.review import confirmed_decisions


def test_confirmed_decision_is_exported_without_name_or_v_nummer(tmp_path: Path) -> None:
    text = "Melding over Jan Testmans, v-nummer 1234567890, schijnhuwelijk."
    with store.Store(f"sqlite:///{tmp_path}/x.db", tmp_path) as st, st.sessions() as session:
        item = Item(
            source="file",
            source_ref="t",
            content_sha256="a" * 64,
            media_type="text/plain",
            received=datetime(2026, 1, 5, tzinfo=UTC),
            text=text,
        )
        session.add(item)
        session.flush()
        session.add_all(
            [
                EntityRow(
                    item_id=item.id,
                    label="PERSOON",
                    text="Jan Testmans",
                    value="Jan Testmans",
                    start=13,
                    end=25,
                ),
                Decision(
                    item_id=item.id,
                    decided_by="r1",
                    signal_types=["schijnhuwelijk"],
                    dossier_ids=[],
                    primary="X",
                    inform=[],
                    priority="normaal",
                ),
            ]
        )
        session.commit()
        examples = confirmed_examples(confirmed_decisions(st.sessions))
    assert len(examples) == 1
    ex = examples[0]
    assert ex.id == f"fb-{item.id}" and ex.split == "train"
    assert "Testmans" not in ex.text and "1234567890" not in ex.text
    assert "[PERSOON]" in ex.text and ex.codes == ("schijnhuwelijk",)


def test_frozen_test_texts_and_invalid_codes_stay_out(tmp_path: Path) -> None:
    texts = {
        "frozen": "Een tekst uit de bevroren testset.",
        "bad": "Onbekende code.",
        "ok": "Fijn.",
    }
    codes = {"frozen": ["schijnhuwelijk"], "bad": ["geen_code"], "ok": ["algemene_vraag"]}
    with store.Store(f"sqlite:///{tmp_path}/x.db", tmp_path) as st:
        with st.sessions() as session:
            for key, text in texts.items():
                item = Item(
                    source="file",
                    source_ref=key,
                    content_sha256=key.ljust(64, "0"),
                    media_type="text/plain",
                    received=datetime(2026, 1, 5, tzinfo=UTC),
                    text=text,
                )
                session.add(item)
                session.flush()
                session.add(
                    Decision(
                        item_id=item.id,
                        decided_by="r1",
                        signal_types=codes[key],
                        dossier_ids=[],
                        primary="X",
                        inform=[],
                        priority="normaal",
                    )
                )
            session.commit()
        examples = confirmed_examples(
            confirmed_decisions(st.sessions), exclude_texts=["Een tekst uit de  bevroren testset."]
        )
    assert [(e.text, e.codes) for e in examples] == [("Fijn.", ("algemene_vraag",))]
