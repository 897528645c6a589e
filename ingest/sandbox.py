"""Extraction of untrusted files out of process, with a wall-clock and memory limit.

Hostile or broken files can hang a parser (several corpus PDFs take 6-15 s on
one page), exhaust memory, or crash pdfium. `extract_bytes_isolated` hands the
bytes to a worker (`python -m ingest.extraction_child`, started once and reused), which
forks a fresh child per file with RLIMIT_AS and kills it, with everything it
started, when time runs out. Each concurrent caller gets its own worker.
`extract_many_isolated` sends a batch in one round trip; the worker extracts it in
as few children as the limits allow (see `ingest.extraction_child`).

Not multiprocessing: its spawn and forkserver methods re-import the caller's
`__main__` in every child, and a fresh interpreter per file costs ~0.5 s.
"""

from __future__ import annotations

import atexit
import subprocess
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass

from contract.children import ROOT, child_env, module_command
from contract.records import Document
from ingest.extraction_child import FrameReader, write_frame
from ingest.registry import ExtractionError
from ingest.wire import decode_answer, encode_jobs

# Extra seconds the worker itself may take beyond a job's own limit before we give up on it.
GRACE_S = 15
# Bytes of files per frame: a batch of large scans is sent in several round trips.
MAX_FRAME_BYTES = 32 * 1024 * 1024


class SandboxFailure(RuntimeError):
    """The extraction worker itself failed (not the file): worth a retry, not a quarantine."""


class _Worker:
    def __init__(self) -> None:
        # One thread per numerical library: the machine is shared and children fork.
        env = child_env(OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
        try:
            self.process = subprocess.Popen(
                module_command("ingest.extraction_child"),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                env=env,
                cwd=ROOT,
            )
        except OSError as exc:
            raise SandboxFailure(f"extraction worker cannot start: {exc}") from exc

    def call_many(
        self, jobs: list[dict[str, object]], wait_s: float
    ) -> list[tuple[str, object] | SandboxFailure]:
        """Answers in job order; after a failure of the worker, the rest are that failure.

        A job that is not the first may run twice (see ingest.extraction_child): it gets
        twice the time.
        """
        assert self.process.stdin is not None and self.process.stdout is not None
        answers: list[tuple[str, object] | SandboxFailure] = []
        # Unbuffered reads: a buffered stream could hold the next answer where select
        # cannot see it.
        frames = FrameReader(self.process.stdout.fileno())
        try:
            write_frame(self.process.stdin, encode_jobs(jobs))
            for index in range(len(jobs)):
                wait = wait_s if index == 0 else 2 * wait_s - GRACE_S
                try:
                    frame = frames.next(time.monotonic() + wait)
                except TimeoutError:
                    raise SandboxFailure(
                        f"extraction worker gave no answer within {wait:g} s"
                    ) from None
                if frame is None:
                    raise SandboxFailure("extraction worker died")
                answers.append(decode_answer(frame))
        except OSError as exc:  # BrokenPipeError among them: the worker is gone
            failure = SandboxFailure(f"extraction worker failed: {exc}")
            answers.extend([failure] * (len(jobs) - len(answers)))
        except SandboxFailure as exc:
            answers.extend([exc] * (len(jobs) - len(answers)))
        return answers

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


@dataclass(frozen=True)
class Job:
    """One file or mail for `extract_many_isolated`."""

    data: bytes
    filename: str | None = None
    source: str = "file"
    media_type: str | None = None


def extract_many_isolated(
    jobs: Sequence[Job],
    *,
    timeout_s: float = 60,
    memory_mb: int = 1024,
    ocr: bool = True,
) -> list[Document | ExtractionError | SandboxFailure]:
    """`extract_bytes_isolated` for many files, in order, in as few round trips as fit.

    Each result is the Document, the ExtractionError the file caused, or the
    SandboxFailure of the worker (retry later); the limits hold for each file alone.
    """
    results: list[Document | ExtractionError | SandboxFailure] = []
    for chunk in _frames(jobs):
        wire = [
            {
                "data": job.data,
                "filename": job.filename,
                "source": job.source,
                "media_type": job.media_type,
                "ocr": ocr,
                "timeout_s": timeout_s,
                "memory_mb": memory_mb,
            }
            for job in chunk
        ]
        worker = _take()
        answers = worker.call_many(wire, timeout_s + GRACE_S)
        if any(isinstance(a, SandboxFailure) for a in answers):
            worker.process.kill()
            worker.stop()
        else:
            _give_back(worker)
        for answer in answers:
            if isinstance(answer, SandboxFailure):
                results.append(answer)
            elif answer[0] == "ok" and isinstance(answer[1], Document):
                results.append(answer[1])
            else:
                results.append(ExtractionError(str(answer[1])))
    return results


def _frames(jobs: Sequence[Job]) -> list[list[Job]]:
    chunks: list[list[Job]] = [[]]
    size = 0
    for job in jobs:
        if chunks[-1] and size + len(job.data) > MAX_FRAME_BYTES:
            chunks.append([])
            size = 0
        chunks[-1].append(job)
        size += len(job.data)
    return [c for c in chunks if c]


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
    [result] = extract_many_isolated(
        [Job(data, filename, source, media_type)],
        timeout_s=timeout_s,
        memory_mb=memory_mb,
        ocr=ocr,
    )
    if isinstance(result, Exception):
        raise result
    return result
