"""Rebuild the NER from the data: `python -m nlp.ner.train [--max-steps N] [--out DIR]`.

Steps: CoNLL-2002 train + our domain train split (upsampled) -> train.spacy,
CoNLL testa -> dev.spacy (model selection), then spaCy's trainer with
nlp/ner/config.cfg (seed 42, one thread), then the best model plus the rule
component (nlp.ner.rules) is written to nlp/ner/model with a meta recording
config hash, data hashes and seed. Progress is spaCy's table (one line per
evaluation). The domain test split and CoNLL testb are never read here.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import sys
import time
from pathlib import Path

import spacy
from spacy.cli.train import train as spacy_train
from spacy.tokens import DocBin
from threadpoolctl import threadpool_limits

from nlp.ner import gazetteer, rules  # noqa: F401  (register our spaCy factories)
from nlp.ner.data import LABELS, data_hashes, domain_docs, read_conll

HERE = Path(__file__).resolve().parent
CONFIG = HERE / "config.cfg"
MODEL_DIR = HERE / "model"
DOMAIN_UPSAMPLE = 8  # 128 short domain texts vs 15.8k CoNLL sentences: weight them up
NO_GAZETTEER = {  # ablation: the same network without the list features
    "nlp.pipeline": ["tok2vec", "ner"],
    "training.annotating_components": [],
    "components.tok2vec.model.embed.attrs": ["NORM", "PREFIX", "SUFFIX", "SHAPE"],
    "components.tok2vec.model.embed.rows": [10000, 2000, 5000, 1000],
}


def build_corpora(work: Path) -> tuple[Path, Path]:
    """Write train.spacy and dev.spacy into `work`; returns their paths."""
    nlp = spacy.blank("nl")
    work.mkdir(parents=True, exist_ok=True)
    train, dev = DocBin(), DocBin()
    for doc in read_conll(nlp, "train"):
        train.add(doc)
    domain = domain_docs(nlp, "train")
    for _ in range(DOMAIN_UPSAMPLE):
        for doc in domain:
            train.add(doc)
    for doc in read_conll(nlp, "testa"):
        dev.add(doc)
    train.to_disk(work / "train.spacy")
    dev.to_disk(work / "dev.spacy")
    print(f"train: {len(train)} docs ({len(domain)} domain x{DOMAIN_UPSAMPLE}), dev: {len(dev)}")
    return work / "train.spacy", work / "dev.spacy"


def run(work: Path, out: Path, max_steps: int | None, gazetteer_on: bool = True) -> Path:
    """Train and write the best pipeline to `out`; returns `out`."""
    started = time.time()
    train_path, dev_path = build_corpora(work)
    overrides: dict = {"paths.train": str(train_path), "paths.dev": str(dev_path)}
    if max_steps is not None:
        overrides["training.max_steps"] = max_steps
    if not gazetteer_on:
        overrides.update(NO_GAZETTEER)
    with threadpool_limits(1):
        spacy_train(CONFIG, work / "output", overrides=overrides, use_gpu=-1)
    package(work / "output" / "model-best", out, overrides, gazetteer_on, started)
    return out


def package(
    best: Path, out: Path, overrides: dict, gazetteer_on: bool = True, started: float = 0.0
) -> None:
    """Copy the trained pipeline at `best` to `out` with a meta saying how it was made."""
    nlp = spacy.load(best)
    if "ikp_ner_rules" not in nlp.pipe_names:
        nlp.add_pipe("ikp_ner_rules", after="ner")  # untrained: titles and legal forms
    nlp.meta["name"] = "ikp_ner"
    nlp.meta["version"] = time.strftime("%Y.%m.%d")
    nlp.meta["ikp"] = {
        "labels": list(LABELS),
        "config_sha256": hashlib.sha256(CONFIG.read_bytes()).hexdigest(),
        "overrides": {k: v for k, v in overrides.items() if not k.startswith("paths.")},
        "data_sha256": data_hashes(),
        "seed": nlp.config["system"]["seed"],
        "domain_upsample": DOMAIN_UPSAMPLE,
        "dev_scores": nlp.meta.get("performance", {}),
        "gazetteer": "deduce lookup lists (read from the installed package at load time)"
        if gazetteer_on
        else None,
        "train_seconds": round(time.time() - started) if started else None,
    }
    tmp = out.with_name(out.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(tmp)
    shutil.rmtree(out, ignore_errors=True)
    tmp.rename(out)  # replace in one step so a half-written model is never loaded
    print(f"model written to {out}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--max-steps", type=int, default=None, help="override training.max_steps")
    ap.add_argument("--out", type=Path, default=MODEL_DIR, help="where to write the pipeline")
    ap.add_argument("--work", type=Path, default=Path("/tmp/ikp-ner-build"), help="scratch dir")
    ap.add_argument("--no-gazetteer", action="store_true", help="ablation without list features")
    args = ap.parse_args(argv)
    run(args.work, args.out, args.max_steps, gazetteer_on=not args.no_gazetteer)
    return 0


if __name__ == "__main__":
    sys.exit(main())
