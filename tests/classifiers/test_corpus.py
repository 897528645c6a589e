from __future__ import annotations

import json
from pathlib import Path

import pytest

from classifiers import CorpusError, Example, corpus_hash, data_hash, load_corpus, select_split
from contract.vocabulary import NOT_A_SIGNAL, SIGNAL_TYPES


def _write(directory: Path, rows: list[dict | str], name: str = "a.jsonl") -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    lines = [r if isinstance(r, str) else json.dumps(r) for r in rows]
    (directory / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return directory


def _row(ident: str, codes: list[str], split: str = "train") -> dict:
    return {"id": ident, "text": f"tekst {ident}", "codes": codes, "split": split, "style": "x"}


def test_valid_lines_become_examples_in_file_order(tmp_path: Path) -> None:
    _write(tmp_path, [_row("a-1", ["schijnhuwelijk"]), _row("a-2", ["algemene_vraag"], "test")])
    assert load_corpus(tmp_path) == [
        Example("a-1", "tekst a-1", ("schijnhuwelijk",), "train"),
        Example("a-2", "tekst a-2", ("algemene_vraag",), "test"),
    ]


def test_unknown_code_is_rejected_with_file_and_line(tmp_path: Path) -> None:
    _write(tmp_path, [_row("a-1", ["schijnhuwelijk"]), _row("a-2", ["fraude"])])
    with pytest.raises(CorpusError, match=r"a\.jsonl:2: a-2: unknown code\(s\) fraude"):
        load_corpus(tmp_path)


def test_duplicate_id_across_files_names_both_places(tmp_path: Path) -> None:
    _write(tmp_path, [_row("x-1", ["mensenhandel"])], "a.jsonl")
    _write(tmp_path, [_row("x-2", ["mensenhandel"]), _row("x-1", ["asielfraude"])], "b.jsonl")
    with pytest.raises(CorpusError, match=r"b\.jsonl:2: id x-1 already used at .*a\.jsonl:1"):
        load_corpus(tmp_path)


def test_algemene_vraag_together_with_a_signal_is_rejected(tmp_path: Path) -> None:
    _write(tmp_path, [_row("a-1", [NOT_A_SIGNAL, "asielfraude"])])
    with pytest.raises(CorpusError, match="excludes every other code"):
        load_corpus(tmp_path)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "not valid JSON"),
        (json.dumps({"id": "a", "text": "t", "codes": ["asielfraude"]}), "missing split"),
        (json.dumps({**_row("a", ["asielfraude"]), "split": "dev"}), "split must be one of"),
        (json.dumps({**_row("a", ["asielfraude"]), "text": "  "}), "text must be"),
        (json.dumps(_row("a", [])), "codes must be a non-empty list"),
    ],
)
def test_malformed_line_is_rejected_with_its_location(
    tmp_path: Path, line: str, message: str
) -> None:
    _write(tmp_path, [line])
    with pytest.raises(CorpusError, match=rf"a\.jsonl:1: .*{message}"):
        load_corpus(tmp_path)


def test_empty_directory_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match=r"no \*\.jsonl"):
        load_corpus(tmp_path)


def test_data_hash_ignores_order_but_not_content() -> None:
    texts, codes = ["een", "twee"], [("asielfraude", "openbare_orde"), ("mensenhandel",)]
    reordered = data_hash(
        list(reversed(texts)), [("mensenhandel",), ("openbare_orde", "asielfraude")]
    )
    assert data_hash(texts, codes) == reordered
    assert data_hash(texts, codes) != data_hash(["een", "drie"], codes)
    assert data_hash(texts, codes) != data_hash(texts, [("asielfraude",), ("mensenhandel",)])


def test_corpus_hash_covers_only_the_train_split(tmp_path: Path) -> None:
    _write(tmp_path, [_row("a-1", ["asielfraude"]), _row("a-2", ["mensenhandel"], "test")])
    before = corpus_hash(tmp_path)
    _write(tmp_path, [_row("a-1", ["asielfraude"]), _row("a-3", ["openbare_orde"], "test")])
    assert corpus_hash(tmp_path) == before
    _write(tmp_path, [_row("a-4", ["asielfraude"]), _row("a-3", ["openbare_orde"], "test")])
    assert corpus_hash(tmp_path) != before


def test_project_corpus_loads_with_both_splits_and_every_code(corpus_dir: Path) -> None:
    examples = load_corpus(corpus_dir)
    train, test = select_split(examples, "train"), select_split(examples, "test")
    assert train and test
    assert {c for e in train for c in e.codes} == set(SIGNAL_TYPES)
