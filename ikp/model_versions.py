"""Which classifier model is active.

A promoted version under IKP_DATA_DIR/models, else the one shipped in the repository.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

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
    return _shipped_dir()


def _shipped_dir() -> Path:
    # classifiers (scikit-learn, spaCy) only when needed: the fork server reads the pointer
    # (ikp.hotreload) before it imports them (ikp.model_child).
    from classifiers import DEFAULT_MODEL_DIR

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


def promote(settings: Settings, version: str, *, force: bool = False) -> None:
    """Activate a version and remember it, so rollback can return to the one before.

    A version `ikp train` refused stays refused unless `force`."""
    reason = rejected_reason(settings, version)
    if reason is not None and not force:
        raise RejectedModelError(f"model {version!r} was refused ({reason}); use --force")
    activate(settings, version)
    with (models_dir(settings) / HISTORY_FILE).open("a", encoding="utf-8") as fh:
        fh.write(version + "\n")


def rollback(settings: Settings) -> str:
    """Re-activate the previously promoted version, or the shipped model when only one
    version was ever promoted; returns the version now active."""
    versions = history(settings)
    directory = models_dir(settings)
    if not versions:
        raise LookupError("no promoted model to roll back from; the shipped model is active")
    if len(versions) == 1:
        (directory / ACTIVE_FILE).unlink(missing_ok=True)  # one atomic step back to the default
        (directory / HISTORY_FILE).unlink()
        return shipped_version()
    previous = versions[-2]
    activate(settings, previous)
    (directory / HISTORY_FILE).write_text(
        "".join(v + "\n" for v in versions[:-1]), encoding="utf-8"
    )
    return previous


def shipped_version() -> str:
    """The version of the model in the repository (`classifiers/model/`)."""
    return _info(_shipped_dir(), _shipped_dir(), shipped=True, rejected=None).version


REJECTED_FILE = "REJECTED"  # inside a version directory: why `ikp train` refused it


class RejectedModelError(ValueError):
    """Promoting a version that scored worse than the active one, without --force."""


def mark_rejected(settings: Settings, version: str, reasons: list[str]) -> None:
    path = models_dir(settings) / version / REJECTED_FILE
    path.write_text("; ".join(reasons) + "\n", encoding="utf-8")


def rejected_reason(settings: Settings, version: str) -> str | None:
    path = models_dir(settings) / version / REJECTED_FILE
    return path.read_text(encoding="utf-8").strip() if path.is_file() else None


@dataclass(frozen=True)
class ModelInfo:
    version: str
    directory: Path
    active: bool
    shipped: bool
    rejected: str | None  # the reason, when `ikp train` refused it
    test_macro_f1: float | None  # frozen test split, from the model card
    test_signal_precision: float | None
    examples: int | None


def _info(directory: Path, active: Path, *, shipped: bool, rejected: str | None) -> ModelInfo:
    try:
        from classifiers.model import CARD_FILE

        card = json.loads((directory / CARD_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        card = {}  # an empty or half-copied directory is still listed
    test = card.get("metrics", {}).get("frozen_test") or {}
    return ModelInfo(
        version=card.get("model_version", directory.name) if shipped else directory.name,
        directory=directory,
        active=directory.resolve() == active.resolve(),
        shipped=shipped,
        rejected=rejected,
        test_macro_f1=test.get("macro_f1"),
        test_signal_precision=test.get("signal_precision"),
        examples=card.get("counts", {}).get("examples"),
    )


def list_models(settings: Settings) -> list[ModelInfo]:
    """The shipped model first, then trained versions by name (which starts with the day)."""
    active = active_model_dir(settings)
    directory = models_dir(settings)
    trained = (
        sorted(p for p in directory.iterdir() if p.is_dir() and not p.name.startswith("."))
        if directory.is_dir()
        else []
    )
    shipped = _info(_shipped_dir(), active, shipped=True, rejected=None)
    return [
        shipped,
        *(
            _info(p, active, shipped=False, rejected=rejected_reason(settings, p.name))
            for p in trained
        ),
    ]
