"""Extraction worker: `python -m ingest.worker`, driven by `ingest.sandbox`.

Reads jobs from stdin, forks one child per job and answers on stdout; both as
length-prefixed JSON frames (`ingest.wire`; never pickle, since the child parses
hostile files). The worker imports the extractors once; each child
starts from that state (a fork costs milliseconds, a fresh interpreter with
pdfplumber, lxml and numpy about 0.5 s of CPU), gets its own process group
and RLIMIT_AS, and is killed with its group when the job's time is up.
"""

from __future__ import annotations

import contextlib
import logging
import os
import resource
import select
import signal
import struct
import sys
import time
from typing import Any, BinaryIO

from ingest.wire import decode_job, encode_answer

_HEADER = struct.Struct("!Q")


def read_frame(stream: BinaryIO) -> bytes | None:
    """One length-prefixed frame, or None at end of stream."""
    head = stream.read(_HEADER.size)
    if len(head) < _HEADER.size:
        return None
    (size,) = _HEADER.unpack(head)
    body = stream.read(size)
    return body if len(body) == size else None


def write_frame(stream: BinaryIO, body: bytes) -> None:
    stream.write(_HEADER.pack(len(body)) + body)
    stream.flush()


def _extract(job: dict[str, Any]) -> tuple[str, object]:
    """The child's work: ("ok", Document) or ("error", reason)."""
    from ingest import extract_bytes
    from ingest.registry import ExtractionError

    try:
        document = extract_bytes(
            job["data"],
            job["filename"],
            source=job["source"],
            media_type=job["media_type"],
            ocr=job["ocr"],
        )
    except ExtractionError as exc:
        return "error", str(exc) or "the file cannot be read"
    except MemoryError:
        return "error", "ran out of memory"
    except RecursionError:
        return "error", "structure nested too deeply to read"
    except Exception as exc:  # a bug or an unwrapped library error: say so, do not hide it
        return "error", f"internal error: {type(exc).__name__}: {exc}"[:500]
    return "ok", document


def _child(job: dict[str, Any], out_fd: int) -> None:
    os.setpgid(0, 0)  # the worker kills the whole group, tesseract included
    limit = job["memory_mb"] * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        answer = encode_answer(*_extract(job))
    except MemoryError:
        answer = encode_answer("error", "ran out of memory")
    with os.fdopen(out_fd, "wb") as out:
        out.write(answer)


def _death(status: int, memory_mb: int) -> str:
    if os.WIFSIGNALED(status):
        name = signal.Signals(os.WTERMSIG(status)).name
        return f"crashed with {name} (a parser fault, or more than {memory_mb} MB of memory)"
    return f"extraction process exited with status {os.WEXITSTATUS(status)} without an answer"


def run_job(job: dict[str, Any]) -> bytes:
    """Fork, let the child extract, collect its answer within the job's time limit."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child
        os.close(read_fd)
        code = 0
        try:
            _child(job, write_fd)
        except BaseException:
            code = 70
        os._exit(code)
    os.close(write_fd)
    chunks, deadline, timed_out = [], time.monotonic() + job["timeout_s"], False
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not select.select([read_fd], [], [], remaining)[0]:
            timed_out = True
            break
        chunk = os.read(read_fd, 1 << 20)
        if not chunk:
            break
        chunks.append(chunk)
    os.close(read_fd)
    if timed_out:
        _kill_group(pid)
    _, status = os.waitpid(pid, 0)
    _kill_group(pid)  # grandchildren that outlived the child
    if timed_out:
        return encode_answer("error", f"timed out after {job['timeout_s']:g} s")
    if not chunks:
        return encode_answer("error", _death(status, job["memory_mb"]))
    return b"".join(chunks)


def _kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)


def main() -> None:
    # Library chatter on stdout would corrupt the frames: stdout becomes stderr, the
    # answers go to a private copy of the original stdout.
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    # pdfminer, pypdfium2 and bs4 warn about every oddity of a broken file; the answer
    # carries what matters. Errors (and our own log.exception) still reach stderr.
    logging.basicConfig(level=logging.ERROR)
    import ingest  # noqa: F401  (every extractor, imported once for all children)

    jobs = sys.stdin.buffer
    while (frame := read_frame(jobs)) is not None:
        write_frame(answers, run_job(decode_job(frame)))


if __name__ == "__main__":
    main()
