"""The labelled signal corpus: `training_data/signals/*.jsonl`, one example a line."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from contract.vocabulary import codes_problem

DEFAULT_CORPUS_DIR = Path(__file__).resolve().parents[1] / "training_data" / "signals"
SPLITS = ("train", "test")


class CorpusError(ValueError):
    """The corpus breaks its format; the message names file and line."""


@dataclass(frozen=True)
class Example:
    id: str
    text: str
    codes: tuple[str, ...]
    split: str


def _parse_line(line: str, where: str) -> Example:
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        raise CorpusError(f"{where}: not valid JSON ({exc.msg})") from exc
    if not isinstance(row, dict):
        raise CorpusError(f"{where}: expected a JSON object")
    missing = [k for k in ("id", "text", "codes", "split") if k not in row]
    if missing:
        raise CorpusError(f"{where}: missing {', '.join(missing)}")
    ident, text, codes, split = row["id"], row["text"], row["codes"], row["split"]
    if not isinstance(ident, str) or not ident:
        raise CorpusError(f"{where}: id must be a non-empty string")
    if not isinstance(text, str) or not text.strip():
        raise CorpusError(f"{where}: {ident}: text must be a non-empty string")
    if not isinstance(codes, list) or not codes or not all(isinstance(c, str) for c in codes):
        raise CorpusError(f"{where}: {ident}: codes must be a non-empty list of strings")
    problem = codes_problem(codes)
    if problem:
        raise CorpusError(f"{where}: {ident}: {problem}")
    if split not in SPLITS:
        raise CorpusError(f"{where}: {ident}: split must be one of {', '.join(SPLITS)}")
    return Example(id=ident, text=text, codes=tuple(codes), split=split)


def load_corpus(directory: Path = DEFAULT_CORPUS_DIR) -> list[Example]:
    """Every example in `directory/*.jsonl` (sorted by file, then line); ids are unique."""
    directory = Path(directory)
    files = sorted(directory.glob("*.jsonl"))
    if not files:
        raise CorpusError(f"{directory}: no *.jsonl files")
    examples: list[Example] = []
    seen: dict[str, str] = {}
    for path in files:
        with path.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                where = f"{path}:{number}"
                example = _parse_line(line, where)
                if example.id in seen:
                    first = seen[example.id]
                    raise CorpusError(f"{where}: id {example.id} already used at {first}")
                seen[example.id] = where
                examples.append(example)
    return examples


def data_hash(texts: Sequence[str], codes: Sequence[Sequence[str]]) -> str:
    """SHA-256 of (text, sorted codes) pairs in sorted order: independent of file layout."""
    rows = sorted(
        json.dumps([t, sorted(c)], ensure_ascii=False) for t, c in zip(texts, codes, strict=True)
    )
    digest = hashlib.sha256()
    for row in rows:
        digest.update(row.encode("utf-8"))
        digest.update(b"\n")
    return digest.hexdigest()


def select_split(examples: Sequence[Example], split: str) -> list[Example]:
    """The examples of one split ("train" or the frozen "test")."""
    return [e for e in examples if e.split == split]


def corpus_hash(directory: Path = DEFAULT_CORPUS_DIR) -> str:
    """The data hash of the train split: what a model trained on this corpus records."""
    train = select_split(load_corpus(directory), "train")
    return data_hash([e.text for e in train], [e.codes for e in train])
