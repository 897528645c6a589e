"""Imported by bench/worker_memory.py's forkserver: the models loaded once, then frozen
(gc.freeze) so the collector does not touch their pages in the forked children."""

from __future__ import annotations

import gc
import os
from pathlib import Path

from ikp.config import Settings
from ikp.model_versions import active_model_dir
from ikp.pipeline import Analyzer

ANALYZER = Analyzer.load(active_model_dir(Settings(data_dir=Path(os.environ["IKP_DATA_DIR"]))))
gc.collect()
gc.freeze()
