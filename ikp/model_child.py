"""The daemon's classifier, loaded in a child process so that skops stays out of the daemon.

skops checks a model file before loading it, and to know which types are scikit-learn's
it imports every estimator module of scikit-learn: about 20 MB that a process which only
predicts never uses. The fork server shares everything it imports with each worker
process (ikp.worker_processes), so the daemon loads the active classifier through a
short-lived child: `python -m ikp.model_child DATA_DIR` finds the active model
(ikp.model_versions), runs `SignalClassifier.load` with all its checks (card, checksum,
trusted types) and answers with the loaded model, pickled, on stdout. The model file
itself is never unpickled; the pickle comes from our own child, made only after skops
accepted the file.

Only the standard library is imported here before the child has answered: a caller
that has not yet imported the pipeline (the fork server) stays small while the child
(about 340 MB at its peak) runs, so the two do not add up.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from contract.children import ROOT, child_env, module_command
from ikp.config import Settings

if TYPE_CHECKING:
    from classifiers import SignalClassifier

# A fresh interpreter imports scikit-learn, spaCy and skops first: seconds, more under load.
TIMEOUT_S = 300.0
_REFUSED = 2  # exit status of a child whose model failed SignalClassifier.load's checks


def load_active_classifier(settings: Settings) -> tuple[Path, SignalClassifier]:
    """The active model's directory and classifier, as `SignalClassifier.load` gives it;
    ModelLoadError as there, also when the child fails."""
    command = [*module_command("ikp.model_child"), str(settings.data_dir.resolve())]
    try:
        done = subprocess.run(
            command, capture_output=True, env=child_env(), cwd=ROOT, timeout=TIMEOUT_S, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        done = None
        failure = f"the process that loads the classifier failed: {exc}"
    if done is not None and done.returncode == 0:
        directory, classifier = pickle.loads(done.stdout)
        return Path(directory), classifier
    if done is not None:
        lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
        failure = lines[-1] if lines else f"model loading ended with status {done.returncode}"
    from classifiers.model import ModelLoadError

    raise ModelLoadError(failure)


def main() -> None:
    answer = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # library chatter must not reach the pickle
    from classifiers.model import ModelLoadError, SignalClassifier
    from ikp.model_versions import active_model_dir

    try:
        directory = active_model_dir(Settings(data_dir=Path(sys.argv[1])))
        classifier = SignalClassifier.load(directory)
    except (ModelLoadError, FileNotFoundError) as exc:
        print(exc, file=sys.stderr)
        sys.exit(_REFUSED)
    answer.write(pickle.dumps((str(directory), classifier), protocol=pickle.HIGHEST_PROTOCOL))
    answer.close()


if __name__ == "__main__":
    main()
