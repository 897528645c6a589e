"""Pretrain the NER's token-to-vector layer on unlabelled Dutch text.

`python -m nlp.ner.pretrain [--epochs N] [--work DIR]` writes `DIR/raw.jsonl` and
spaCy's pretraining weights `DIR/model{epoch}.bin`; `nlp.ner.train --init-tok2vec`
starts the NER's tok2vec from one of them.

The text is every Dutch text the project has that is not a test set: CoNLL-2002
train (words as ingest leaves them), the UD Dutch treebanks (LassySmall, Alpino:
CC BY-SA 4.0, sentence text only), the Dutch government PDFs of the PDF corpus and
our domain train lines. CoNLL testa (dev) and testb (test) are never read, so dev
scores stay a measurement. Objective: spaCy's character objective (predict each
word's first and last characters from its context vector); the embedding tables
and the CNN are what is kept.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import sys
from collections.abc import Iterator
from pathlib import Path

import spacy
from spacy.cli.pretrain import pretrain as spacy_pretrain
from thinc.api import Config
from threadpoolctl import threadpool_limits

from nlp.ner import arch, gazetteer  # noqa: F401  (register our spaCy factories)
from nlp.ner.data import domain_examples, read_conll

HERE = Path(__file__).resolve().parent
CONFIG = HERE / "config.cfg"
PRETRAIN_CONFIG = HERE / "pretrain.cfg"
SHARED = HERE.parents[2] / "shared" / "corpora"
UD_DIR = SHARED / "ud_dutch"
GOV_PDFS = SHARED / "pdfs" / "dutch-gov-plooi"
WORK = Path("/tmp/ikp-ner-pretrain")


def ud_sentences() -> Iterator[str]:
    for path in sorted(UD_DIR.rglob("*.conllu")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("# text = "):
                yield line[len("# text = ") :]


def gov_pdf_lines() -> Iterator[str]:
    """Paragraph-ish chunks of the Dutch government PDFs (a broken one is skipped)."""
    import pdfplumber

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    for path in sorted(GOV_PDFS.glob("*.pdf")):
        try:
            with pdfplumber.open(path) as pdf:
                for page in pdf.pages:
                    text = page.extract_text() or ""
                    for chunk in text.split("\n\n"):
                        chunk = " ".join(chunk.split())
                        if len(chunk) > 20:
                            yield chunk
        except Exception as exc:  # a corpus file that will not parse is skipped
            print(f"skipped {path.name}: {exc}", file=sys.stderr)


def raw_texts() -> Iterator[str]:
    nlp = spacy.blank("nl")
    for doc in read_conll(nlp, "train", as_ingested=True):
        yield doc.text
    yield from ud_sentences()
    yield from gov_pdf_lines()
    for text, _spans in domain_examples("train"):
        yield text


def write_raw(path: Path) -> tuple[int, int]:
    """Write the JSONL corpus; returns (texts, whitespace words)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    texts = words = 0
    with path.open("w", encoding="utf-8") as out:
        for text in raw_texts():
            out.write(json.dumps({"text": text}, ensure_ascii=False) + "\n")
            texts += 1
            words += len(text.split())
    return texts, words


def with_pretraining() -> Config:
    """config.cfg plus the [pretraining] block of pretrain.cfg (not interpolated)."""
    config = Config().from_disk(CONFIG, interpolate=False)
    return config.merge(Config().from_disk(PRETRAIN_CONFIG, interpolate=False))


def pretraining_config(raw: Path, epochs: int) -> Config:
    config = with_pretraining()
    config["paths"]["raw_text"] = str(raw)
    config["pretraining"]["max_epochs"] = epochs
    return config.interpolate()


def run(work: Path, epochs: int) -> Path:
    """Pretrain for `epochs` epochs; returns the last epoch's weights."""
    raw = work / "raw.jsonl"
    texts, words = write_raw(raw)
    digest = hashlib.sha256(raw.read_bytes()).hexdigest()[:12]
    print(f"pretraining text: {texts} texts, {words} words (sha256 {digest}...)")
    with threadpool_limits(1):
        spacy_pretrain(pretraining_config(raw, epochs), work, use_gpu=-1, silent=False)
    return work / f"model{epochs - 1}.bin"


def describe(weights: Path) -> str:
    """What a model's meta records of the weights it started from."""
    raw = weights.parent / "raw.jsonl"
    text = hashlib.sha256(raw.read_bytes()).hexdigest()[:16] if raw.exists() else "unknown"
    digest = hashlib.sha256(weights.read_bytes()).hexdigest()[:16]
    return f"{weights.name} sha256 {digest}, text sha256 {text}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--epochs", type=int, default=20)
    ap.add_argument("--work", type=Path, default=WORK)
    args = ap.parse_args(argv)
    print(f"weights: {run(args.work, args.epochs)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
