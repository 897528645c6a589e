"""Acceptance: the installed `ikp` command on real files, run as a user runs it.

One subprocess per corpus (the models load once), the environment passed through
(PYTHONPATH picks the code under test) except IKP_* settings, with IKP_DATA_DIR in
a temporary folder so nothing is written into the repository or a configured database.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

IKP = Path(sys.executable).parent / "ikp"

# (exit code, one JSON object per file in the order given)
Analysed = tuple[int, dict[Path, dict]]


@pytest.fixture(scope="session")
def ikp_analyse(tmp_path_factory: pytest.TempPathFactory) -> Callable[[Sequence[Path]], Analysed]:
    assert IKP.exists(), f"the ikp command is not installed next to {sys.executable}"

    def run(files: Sequence[Path]) -> Analysed:
        data_dir = tmp_path_factory.mktemp("ikp-data")
        env = {k: v for k, v in os.environ.items() if not k.startswith("IKP_")}
        env["IKP_DATA_DIR"] = str(data_dir)
        done = subprocess.run(
            [str(IKP), "analyse", "--json", *map(str, files)],
            capture_output=True,
            text=True,
            env=env,
            cwd=data_dir,
            timeout=1800,
            check=False,
        )
        lines = [json.loads(line) for line in done.stdout.splitlines()]
        assert [line["file"] for line in lines] == [str(f) for f in files], done.stderr[-3000:]
        return done.returncode, {Path(line["file"]): line for line in lines}

    return run
