"""Rebuild the NER from the data: `python -m nlp.ner.train [--max-steps N] [--out DIR]`.

Two recipes, same config (nlp/ner/config.cfg, seed 42, one thread):
- `--select-on-dev` (the dev protocol, used to choose every setting): CoNLL train
  + our domain train lines (upsampled) -> train.spacy, CoNLL testa -> dev.spacy;
  the checkpoint with the best testa F1 is kept.
- default (the shipped model): the same plus testa in train.spacy, a fixed step
  count chosen with the dev protocol, and the last checkpoint is kept (testa
  scores printed during this run are then not a measurement).
CoNLL words are read as ingest leaves them (control characters dropped, as
ingest/cleanup.py does), so train and dev look like what `ikp analyse` feeds the NER.
The rule components (nlp.ner.rules) are added and the pipeline written with a
meta recording config hash, data hashes, seed and training time. Progress is
spaCy's table (one line per evaluation). The domain test split and CoNLL testb
are never read here.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
import time
from pathlib import Path

import spacy
from spacy.cli.train import train as spacy_train
from spacy.tokens import DocBin
from threadpoolctl import threadpool_limits

from nlp.ner import arch, gazetteer, pretrain, rules  # noqa: F401  (register spaCy factories)
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


def build_corpora(work: Path, dev_in_train: bool = False) -> tuple[Path, Path]:
    """Write train.spacy and dev.spacy into `work`; returns their paths."""
    nlp = spacy.blank("nl")
    work.mkdir(parents=True, exist_ok=True)
    train, dev = DocBin(), DocBin()
    for doc in read_conll(nlp, "train", as_ingested=True):
        train.add(doc)
    if dev_in_train:
        for doc in read_conll(nlp, "testa", as_ingested=True):
            train.add(doc)
    domain = domain_docs(nlp, "train")
    for _ in range(DOMAIN_UPSAMPLE):
        for doc in domain:
            train.add(doc)
    for doc in read_conll(nlp, "testa", as_ingested=True):
        dev.add(doc)
    train.to_disk(work / "train.spacy")
    dev.to_disk(work / "dev.spacy")
    print(f"train: {len(train)} docs ({len(domain)} domain x{DOMAIN_UPSAMPLE}), dev: {len(dev)}")
    print("testa is in train: dev scores below are not a measurement" if dev_in_train else "")
    return work / "train.spacy", work / "dev.spacy"


def run(
    work: Path,
    out: Path,
    max_steps: int | None,
    gazetteer_on: bool = True,
    select_on_dev: bool = False,
    init_tok2vec: Path | None = None,
    pretrain_epochs: int = 0,
    settings: dict | None = None,
) -> Path:
    """Train and write the pipeline to `out` (best on dev, or the last); returns `out`.

    `pretrain_epochs` > 0 first pretrains the tok2vec layer (nlp.ner.pretrain) and
    starts from its last epoch; `init_tok2vec` starts from weights made earlier.
    """
    started = time.time()
    if pretrain_epochs > 0:
        init_tok2vec = pretrain.run(work / "pretrain", pretrain_epochs)
    train_path, dev_path = build_corpora(work, dev_in_train=not select_on_dev)
    overrides: dict = {"paths.train": str(train_path), "paths.dev": str(dev_path)}
    if init_tok2vec is not None:
        overrides["paths.init_tok2vec"] = str(init_tok2vec)
        overrides["pretrained_tok2vec"] = pretrain.describe(init_tok2vec)
    if max_steps is not None:
        overrides["training.max_steps"] = max_steps
    if not gazetteer_on:
        overrides.update(NO_GAZETTEER)
    overrides.update(settings or {})
    spacy_overrides = {k: v for k, v in overrides.items() if k != "pretrained_tok2vec"}
    config = CONFIG
    if init_tok2vec is not None:  # spaCy loads the weights where [pretraining] says
        config = work / "config-pretrained.cfg"
        pretrain.with_pretraining().to_disk(config)
    with threadpool_limits(1):
        spacy_train(config, work / "output", overrides=spacy_overrides, use_gpu=-1)
    best = work / "output" / ("model-best" if select_on_dev else "model-last")
    recipe = "train, best on testa" if select_on_dev else "train + testa, last checkpoint"
    package(best, out, {**overrides, "recipe": recipe}, gazetteer_on, started)
    return out


def package(
    best: Path, out: Path, overrides: dict, gazetteer_on: bool = True, started: float = 0.0
) -> None:
    """Copy the trained pipeline at `best` to `out` with a meta saying how it was made."""
    nlp = spacy.load(best)
    if "ikp_ner_rules" not in nlp.pipe_names:
        nlp.add_pipe("ikp_ner_rules", after="ner")  # untrained: titles and legal forms
    if "ikp_doc_consistency" not in nlp.pipe_names:
        nlp.add_pipe("ikp_doc_consistency", after="ikp_ner_rules")  # one label per name
    nlp.meta["name"] = "ikp_ner"
    nlp.meta["version"] = time.strftime("%Y.%m.%d")
    nlp.meta["ikp"] = {
        "labels": list(LABELS),
        "config_sha256": hashlib.sha256(CONFIG.read_bytes()).hexdigest(),
        "overrides": {k: v for k, v in overrides.items() if not k.startswith("paths.")},
        "data_sha256": data_hashes(),
        "seed": nlp.config["system"]["seed"],
        "domain_upsample": DOMAIN_UPSAMPLE,
        "conll_words": "as ingested (control characters dropped)",
        "dev_scores": nlp.meta.get("performance", {}),
        "gazetteer": f"{nlp.get_pipe('ikp_gazetteer').version}: deduce and filenthropist lists"
        " (read from the installed packages at load time)"
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
    ap.add_argument(
        "--select-on-dev", action="store_true", help="train only; keep the best testa checkpoint"
    )
    ap.add_argument(
        "--pretrain-epochs",
        type=int,
        default=0,
        help="pretrain the tok2vec layer on unlabelled Dutch text first (nlp.ner.pretrain)",
    )
    ap.add_argument("--init-tok2vec", type=Path, default=None, help="pretrained tok2vec weights")
    ap.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="override a config value for a dev experiment, e.g. training.dropout=0.1 (JSON value)",
    )
    args = ap.parse_args(argv)
    settings = {k: json.loads(v) for k, v in (item.split("=", 1) for item in args.set)}
    run(
        args.work,
        args.out,
        args.max_steps,
        not args.no_gazetteer,
        args.select_on_dev,
        args.init_tok2vec,
        args.pretrain_epochs,
        settings,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
