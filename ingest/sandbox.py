"""Extraction of untrusted files out of process, with a wall-clock and memory limit.

Hostile or broken files can hang a parser (several corpus PDFs take 6-15 s on
one page), exhaust memory, or crash pdfium. `extract_bytes_isolated` hands the
bytes to a worker (`python -m ingest.worker`, started once and reused), which
forks a fresh child per file with RLIMIT_AS and kills it, with everything it
started, when time runs out. Each concurrent caller gets its own worker.

Not multiprocessing: its spawn and forkserver methods re-import the caller's
`__main__` in every child, and a fresh interpreter per file costs ~0.5 s.
"""

from __future__ import annotations

import atexit
import os
import select
import subprocess
import sys
import threading
from pathlib import Path

from ikp.records import Document
from ingest.registry import ExtractionError
from ingest.wire import decode_answer, encode_job
from ingest.worker import read_frame, write_frame

# Extra seconds the worker itself may take beyond a job's own limit before we give up on it.
GRACE_S = 15
_ROOT = Path(__file__).resolve().parents[1]


class SandboxFailure(RuntimeError):
    """The extraction worker itself failed (not the file): worth a retry, not a quarantine."""


class _Worker:
    def __init__(self) -> None:
        env = {
            **os.environ,
            # One thread per numerical library: the machine is shared and children fork.
            "OMP_NUM_THREADS": "1",
            "OPENBLAS_NUM_THREADS": "1",
            "MKL_NUM_THREADS": "1",
            "PYTHONPATH": os.pathsep.join(filter(None, [str(_ROOT), os.environ.get("PYTHONPATH")])),
        }
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "ingest.worker"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                env=env,
                cwd=_ROOT,
            )
        except OSError as exc:
            raise SandboxFailure(f"extraction worker cannot start: {exc}") from exc

    def call(self, job: dict[str, object], wait_s: float) -> tuple[str, object]:
        assert self.process.stdin is not None and self.process.stdout is not None
        try:
            write_frame(self.process.stdin, encode_job(job))
            if not select.select([self.process.stdout], [], [], wait_s)[0]:
                raise SandboxFailure(f"extraction worker gave no answer within {wait_s:g} s")
            frame = read_frame(self.process.stdout)
        except OSError as exc:  # BrokenPipeError among them: the worker is gone
            raise SandboxFailure(f"extraction worker failed: {exc}") from exc
        if frame is None:
            raise SandboxFailure("extraction worker died")
        return decode_answer(frame)

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self) -> None:
        if self.process.stdin:
            self.process.stdin.close()  # the worker ends at end of input
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        if self.process.stdout:
            self.process.stdout.close()


_idle: list[_Worker] = []
_lock = threading.Lock()


def _take() -> _Worker:
    with _lock:
        while _idle:
            worker = _idle.pop()
            if worker.alive():
                return worker
    return _Worker()


def _give_back(worker: _Worker) -> None:
    with _lock:
        _idle.append(worker)


@atexit.register
def shutdown() -> None:
    """Stop the idle workers (they also stop by themselves when this process ends)."""
    with _lock:
        workers, _idle[:] = list(_idle), []
    for worker in workers:
        worker.stop()


def extract_bytes_isolated(
    data: bytes,
    filename: str | None = None,
    *,
    source: str = "file",
    timeout_s: float = 60,
    memory_mb: int = 1024,
    media_type: str | None = None,
    ocr: bool = True,
) -> Document:
    """`ingest.extract_bytes` in a child process.

    Every failure caused by the file is an ExtractionError: "timed out after 60 s",
    "ran out of memory", a crash, or the extractor's own reason. SandboxFailure means
    the worker process itself failed (could not start, died): retry later.
    """
    job = {
        "data": data,
        "filename": filename,
        "source": source,
        "media_type": media_type,
        "ocr": ocr,
        "timeout_s": timeout_s,
        "memory_mb": memory_mb,
    }
    worker = _take()
    try:
        status, value = worker.call(job, timeout_s + GRACE_S)
    except SandboxFailure:
        worker.process.kill()
        worker.stop()
        raise
    _give_back(worker)
    if status == "ok" and isinstance(value, Document):
        return value
    raise ExtractionError(str(value))
