"""Writing a model directory so it appears whole or not at all, and checking it on load."""

from __future__ import annotations

import hashlib
import shutil
import uuid
from pathlib import Path


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def replace_dir(new: Path, target: Path) -> None:
    """Swap `new` into place with renames; an old version is removed only afterwards."""
    if target.exists():
        old = target.with_name(f".{target.name}.old-{uuid.uuid4().hex[:8]}")
        target.rename(old)
        new.rename(target)
        shutil.rmtree(old)
    else:
        new.rename(target)
