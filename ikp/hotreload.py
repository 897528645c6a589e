"""A running daemon picks up a newly promoted (or rolled back) classifier without a restart.

`ikp models promote` and `rollback` replace the ACTIVE pointer file atomically
(ikp.model_versions). A thread of the daemon looks at the pointer's inode, size and mtime
every few seconds (one stat); when it changed, it loads the model the pointer
names on that thread, away from the workers, and swaps it into the shared
Analyzer. The workers go on with the old model meanwhile; each batch uses the
model it started with. A model that cannot be loaded is logged and the old one
stays, until the pointer changes again.
"""

from __future__ import annotations

import logging
import os
import threading
from typing import TYPE_CHECKING

from ikp.config import Settings
from ikp.model_versions import ACTIVE_FILE, models_dir

if TYPE_CHECKING:  # the pipeline only once a model is loaded (ikp.model_child)
    from ikp.pipeline import Analyzer

log = logging.getLogger("ikp.daemon")

CHECK_INTERVAL_S = 2.0

Signature = tuple[int, int, int] | None


def pointer_signature(settings: Settings) -> Signature:
    """What identifies the pointer's current content; None when there is none (shipped model)."""
    try:
        st = os.stat(models_dir(settings) / ACTIVE_FILE)
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


class ModelReloader:
    def __init__(self, settings: Settings, analyzer: Analyzer, signature: Signature) -> None:
        """`signature`: the pointer as it was before `analyzer`'s model was chosen."""
        self.settings = settings
        self.analyzer = analyzer
        self.signature = signature

    def check(self) -> bool:
        """Load and swap in the active model if the pointer changed; True when swapped."""
        signature = pointer_signature(self.settings)
        if signature == self.signature:
            return False
        self.signature = signature  # a model that fails to load is not retried every check
        current = self.analyzer.model_version
        try:
            # Here, not in a child as at start (ikp.model_child): a fresh interpreter takes
            # too long on a loaded machine. So after a promote, skops is in this process too.
            from classifiers import SignalClassifier
            from ikp.model_versions import active_model_dir

            directory = active_model_dir(self.settings)
            classifier = SignalClassifier.load(directory)
        except Exception:
            log.exception("the newly activated model could not be loaded; keeping %s", current)
            return False
        if classifier.version == current:
            return False
        self.analyzer.classifier = classifier
        from ikp.metrics import MODEL_INFO

        MODEL_INFO.labels(current).set(0)
        MODEL_INFO.labels(classifier.version).set(1)
        log.info("model %s loaded from %s (was %s)", classifier.version, directory, current)
        return True

    def run(self, stop: threading.Event, interval_s: float = CHECK_INTERVAL_S) -> None:
        while not stop.wait(interval_s):
            try:
                self.check()
            except Exception:  # never let a reload problem stop the daemon
                log.exception("model reload check failed")
