"""Which classifier model is active.

A promoted version under IKP_DATA_DIR/models, else the one shipped in the repository.
"""

from __future__ import annotations

from pathlib import Path

from classifiers import DEFAULT_MODEL_DIR
from ikp.config import Settings

ACTIVE_FILE = "ACTIVE"


def models_dir(settings: Settings) -> Path:
    return settings.data_dir / "models"


def active_model_dir(settings: Settings) -> Path:
    pointer = models_dir(settings) / ACTIVE_FILE
    if pointer.exists():
        version = pointer.read_text(encoding="utf-8").strip()
        candidate = models_dir(settings) / version
        if candidate.is_dir():
            return candidate
        raise FileNotFoundError(
            f"{pointer} names model {version!r}, which is not in {models_dir(settings)}"
        )
    return DEFAULT_MODEL_DIR


def activate(settings: Settings, version: str) -> None:
    """Point ACTIVE at a version, atomically (a running daemon reads it)."""
    directory = models_dir(settings)
    if not (directory / version).is_dir():
        raise FileNotFoundError(f"no model {version!r} in {directory}")
    tmp = directory / f".{ACTIVE_FILE}.tmp"
    tmp.write_text(version + "\n", encoding="utf-8")
    tmp.replace(directory / ACTIVE_FILE)
