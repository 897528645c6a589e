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


HISTORY_FILE = "HISTORY"


def history(settings: Settings) -> list[str]:
    """Promoted versions, oldest first (one line per promote)."""
    path = models_dir(settings) / HISTORY_FILE
    if not path.exists():
        return []
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def promote(settings: Settings, version: str) -> None:
    """Activate a version and remember it, so rollback can return to the one before."""
    activate(settings, version)
    with (models_dir(settings) / HISTORY_FILE).open("a", encoding="utf-8") as fh:
        fh.write(version + "\n")


def rollback(settings: Settings) -> str:
    """Re-activate the previously promoted version; returns it."""
    versions = history(settings)
    if len(versions) < 2:
        raise LookupError("no earlier promoted model to roll back to")
    previous = versions[-2]
    activate(settings, previous)
    (models_dir(settings) / HISTORY_FILE).write_text(
        "".join(v + "\n" for v in versions[:-1]), encoding="utf-8"
    )
    return previous
