"""Child processes of our own modules (`python -m MODULE`): the extraction sandbox, the
model loader, the migrations. Each must import this checkout's code, also when it is not
installed (tests, `PYTHONPATH` runs), so the checkout's root goes first on its path."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def module_command(module: str) -> list[str]:
    """The command that runs `module` in this interpreter."""
    return [sys.executable, "-m", module]


def child_env(**extra: str) -> dict[str, str]:
    """This process's environment with the checkout's root first on PYTHONPATH, and `extra`."""
    path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    return {**os.environ, **extra, "PYTHONPATH": path}
