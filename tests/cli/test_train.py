"""`ikp train`: learns from confirmed decisions, refuses worse models, and rolls back."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from classifiers import data_hash, load_corpus, select_split
from ikp.cli import main
from store.models import Decision, EntityRow, Item
from tests.factories.corpus import small_examples

CONFIRMED = (
    "Melding: Jan Testmans met v-nummer 1234567890 woont niet op het adres van zijn "
    "echtgenote, het huwelijk is alleen voor de papieren. Mail: j.testmans@voorbeeld.nl"
)


def _corpus(directory: Path, drop_train: str | None = None) -> Path:
    """The small corpus; every fourth example is frozen test. `drop_train` removes one
    type's training examples, which makes a deliberately worse model on the same test split."""
    directory.mkdir(parents=True)
    with (directory / "small.jsonl").open("w", encoding="utf-8") as handle:
        for i, (text, codes) in enumerate(small_examples(per_template=4)):
            split = "test" if i % 4 == 3 else "train"
            if split == "train" and drop_train in codes:
                continue
            row = {"id": f"t-{i:04d}", "text": text, "codes": list(codes), "split": split}
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    return directory


def _add_confirmed(sessions, text: str, codes: list[str], spans: list[tuple[int, int, str]]):
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    with sessions() as session:
        item = Item(
            source="email",
            source_ref=f"<{digest[:16]}@test>",
            content_sha256=digest,
            media_type="message/rfc822",
            received=datetime(2026, 3, 2, 9, 30, tzinfo=UTC),
            text=text,
            status="confirmed",
        )
        session.add(item)
        session.flush()
        for start, end, label in spans:
            session.add(
                EntityRow(
                    item_id=item.id,
                    label=label,
                    text=text[start:end],
                    value=text[start:end],
                    start=start,
                    end=end,
                )
            )
        session.add(
            Decision(
                item_id=item.id,
                decided_by="reviewer",
                signal_types=codes,
                dossier_ids=[],
                primary="TEAM",
                inform=[],
                priority="normaal",
            )
        )
        session.commit()


def _models(capsys) -> list[str]:
    capsys.readouterr()
    assert main(["models", "list"]) == 0
    return capsys.readouterr().out.splitlines()


def test_retrain_learns_from_pseudonymised_confirmed_decisions(
    store, database_url: str, tmp_path: Path, monkeypatch, capsys
) -> None:
    corpus = _corpus(tmp_path / "corpus")
    monkeypatch.setenv("IKP_DATA_DIR", str(store.data_dir))
    monkeypatch.setenv("IKP_DATABASE_URL", database_url)
    name = CONFIRMED.index("Jan Testmans")
    _add_confirmed(store.sessions, CONFIRMED, ["schijnhuwelijk"], [(name, name + 12, "PERSOON")])
    frozen = select_split(load_corpus(corpus), "test")[0]
    _add_confirmed(store.sessions, frozen.text, list(frozen.codes), [])  # must stay out

    assert main(["train", "--corpus", str(corpus), "--force"]) == 0
    out, err = capsys.readouterr()
    assert "1 confirmed by reviewers" in out
    assert "1 confirmed decisions" in err and "threshold fold 1/" in err

    (version_dir,) = [p for p in (store.data_dir / "models").iterdir() if p.is_dir()]
    card = json.loads((version_dir / "model_card.json").read_text(encoding="utf-8"))
    assert card["training_data"]["confirmed_examples"] == 1
    exported = [json.loads(line) for line in (version_dir / "feedback.jsonl").open()]
    assert len(exported) == 1 and exported[0]["codes"] == ["schijnhuwelijk"]
    text = exported[0]["text"]
    assert "[PERSOON]" in text and "[NUMMER]" in text and "[EMAIL]" in text
    assert "Testmans" not in text and "1234567890" not in text
    # The model's data hash covers the corpus train split plus exactly that text.
    train = select_split(load_corpus(corpus), "train")
    texts, codes = (
        [e.text for e in train] + [text],
        [e.codes for e in train] + [("schijnhuwelijk",)],
    )
    assert card["data_hash"] == data_hash(texts, codes)
    for png in card["plots"]:
        assert (version_dir / png).read_bytes().startswith(b"\x89PNG")
    assert len(card["plots"]) == 2
    assert f"* {version_dir.name}" in "\n".join(_models(capsys))


def test_worse_model_is_refused_unless_forced_and_rollback_restores(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    good, worse = _corpus(tmp_path / "good"), _corpus(tmp_path / "worse", "informatieverzoek")
    monkeypatch.setenv("IKP_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("IKP_DATABASE_URL", raising=False)
    models = tmp_path / "data" / "models"

    assert main(["train", "--corpus", str(good), "--force"]) == 0
    (first,) = (p.name for p in models.iterdir() if p.is_dir())
    capsys.readouterr()

    assert main(["train", "--corpus", str(worse)]) == 3
    err = capsys.readouterr().err
    assert "refused" in err and "macro-F1" in err and "--force" in err
    (rejected,) = (p.name for p in models.iterdir() if p.is_dir() and p.name != first)
    assert (models / "ACTIVE").read_text().strip() == first
    listing = "\n".join(_models(capsys))
    assert f"* {first}" in listing and f"  {rejected}" in listing and "rejected:" in listing
    assert main(["models", "promote", rejected]) == 2

    assert main(["train", "--corpus", str(worse), "--force"]) == 0
    assert "forced" in capsys.readouterr().err
    forced = (models / "ACTIVE").read_text().strip()
    assert forced not in (first, rejected)

    assert main(["models", "rollback"]) == 0
    assert f"model {first} is active again" in capsys.readouterr().out
    assert f"* {first}" in "\n".join(_models(capsys))


def test_train_with_limit_uses_a_sample_of_the_corpus(tmp_path: Path, monkeypatch, capsys) -> None:
    corpus = _corpus(tmp_path / "corpus")
    monkeypatch.setenv("IKP_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("IKP_DATABASE_URL", raising=False)
    assert (
        main(["train", "--corpus", str(corpus), "--limit", "30", "--no-feedback", "--force"]) == 0
    )
    (version_dir,) = [p for p in (tmp_path / "data" / "models").iterdir() if p.is_dir()]
    card = json.loads((version_dir / "model_card.json").read_text(encoding="utf-8"))
    assert card["counts"]["examples"] == card["training_data"]["corpus_examples"] == 30


@pytest.mark.parametrize("argv", [["models", "rollback"]])
def test_rollback_without_history_fails_cleanly(argv, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("IKP_DATA_DIR", str(tmp_path))
    assert main(argv) == 2
