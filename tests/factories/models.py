"""Classifier model directories for tests: copies of the shipped model under other versions."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from classifiers import DEFAULT_MODEL_DIR


def copy_model(data_dir: Path, version: str, *, corrupt: bool = False) -> None:
    """The shipped model under another version: a real second model for the daemon."""
    target = data_dir / "models" / version
    shutil.copytree(DEFAULT_MODEL_DIR, target)
    card = json.loads((target / "model_card.json").read_text())
    card["model_version"] = version
    (target / "model_card.json").write_text(json.dumps(card))
    if corrupt:  # the checksum in the card no longer matches: loading refuses it
        with (target / "model.skops").open("ab") as fh:
            fh.write(b"tampered")
