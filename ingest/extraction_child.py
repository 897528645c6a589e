"""The extraction child: `python -m ingest.extraction_child`, driven by `ingest.sandbox`.

Reads frames of jobs from stdin and answers each job on stdout, in order; both as
length-prefixed JSON frames (`ingest.wire`; never pickle, since the child parses
hostile files). The worker imports the extractors once; a forked child starts
from that state (a fresh interpreter with pdfplumber, lxml and numpy costs about
0.5 s of CPU, a fork of this large process tens of milliseconds), gets its own
process group and RLIMIT_AS, and is killed with its group when a job's time is up.

One child takes a frame's jobs one after another, so a batch of small mails costs
one fork. Each job keeps its own time limit (counted from the previous answer).
When a child dies or runs out of memory on a job that was not its first, that job
runs again in a fresh child, since a predecessor may have left it short of memory;
after a timeout or a crash the next job starts in a fresh child too.

Each child writes its temporary files (OCR page images, converted documents) in a
private scratch directory (0700) that the worker creates before the fork and removes
after the child and its group are gone, so a child killed on timeout leaves nothing
of a hostile file behind in the system's temporary folder.

The worker starts lean: the format modules import their large libraries (PDF,
OCR, Outlook, Word, PowerPoint, Excel) only when that format arrives, so a
worker that sees only mail stays at about 30 MB instead of 80. A child that
finished its jobs names the LIBRARIES it had to import; the worker then imports
them itself, so the next children start with them instead of importing them
again (50-150 ms each).
"""

from __future__ import annotations

import contextlib
import importlib
import json
import logging
import os
import resource
import select
import shutil
import signal
import struct
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any, BinaryIO

from ingest.wire import decode_jobs, encode_answer

_HEADER = struct.Struct("!Q")
_OUT_OF_MEMORY = "ran out of memory"
# What the format modules import lazily; only these names are taken from a child.
LIBRARIES = (
    "pdfplumber",
    "pypdfium2",
    "ingest.ocr",
    "extract_msg",
    "docx",
    "pptx",
    "openpyxl",
    "xlrd",
)
_LEARNED_WAIT_S = 5.0


def read_frame(stream: BinaryIO) -> bytes | None:
    """One length-prefixed frame, or None at end of stream."""
    head = stream.read(_HEADER.size)
    if len(head) < _HEADER.size:
        return None
    (size,) = _HEADER.unpack(head)
    body = stream.read(size)
    return body if len(body) == size else None


def write_frame(stream: BinaryIO, body: bytes) -> None:
    stream.write(_HEADER.pack(len(body)))
    stream.write(body)  # not `head + body`: a frame of files is tens of MB, copied once more
    stream.flush()


def _extract(job: dict[str, Any]) -> tuple[str, object]:
    """The child's work: ("ok", Document) or ("error", reason)."""
    from ingest import extract_bytes
    from ingest.registry import ExtractionError
    from ingest.text_cap import cap_text

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
        return "error", _OUT_OF_MEMORY
    except RecursionError:
        return "error", "structure nested too deeply to read"
    except Exception as exc:  # a bug or an unwrapped library error: say so, do not hide it
        return "error", f"internal error: {type(exc).__name__}: {exc}"[:500]
    return "ok", cap_text(document)  # the raw bytes stay stored whole; the text is passed on


def _child(jobs: list[dict[str, Any]], out_fd: int, scratch: str) -> None:
    os.setpgid(0, 0)  # the worker kills the whole group, tesseract included
    # tempfile and the tools it starts (tesseract, antiword) write only in `scratch`.
    os.environ["TMPDIR"] = tempfile.tempdir = scratch
    before = {name for name in LIBRARIES if name in sys.modules}
    limit = jobs[0]["memory_mb"] * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    with os.fdopen(out_fd, "wb") as out:
        for index, job in enumerate(jobs):
            if index and job["memory_mb"] != jobs[0]["memory_mb"]:
                return  # another limit: a fresh child starts at this job
            try:
                status, value = _extract(job)
                answer = encode_answer(status, value)
            except MemoryError:
                status, value = "error", _OUT_OF_MEMORY
            if status == "error" and value == _OUT_OF_MEMORY:
                if index:
                    return  # perhaps an earlier job's leftovers: again, alone, in a fresh child
                write_frame(out, encode_answer(status, value))
                return
            write_frame(out, answer)
        # Every job answered: one more frame, the libraries this child had to import.
        learned = [name for name in LIBRARIES if name in sys.modules and name not in before]
        write_frame(out, json.dumps(learned).encode())


def _death(status: int, memory_mb: int) -> str:
    if os.WIFSIGNALED(status):
        name = signal.Signals(os.WTERMSIG(status)).name
        return f"crashed with {name} (a parser fault, or more than {memory_mb} MB of memory)"
    return f"extraction process exited with status {os.WEXITSTATUS(status)} without an answer"


class FrameReader:
    """Length-prefixed frames from a pipe, each awaited until a deadline."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.buffer = bytearray()

    def next(self, deadline: float) -> bytes | None:
        """The next frame; None at end of stream; TimeoutError when the deadline passes."""
        while True:
            if len(self.buffer) >= _HEADER.size:
                (size,) = _HEADER.unpack_from(self.buffer)
                end = _HEADER.size + size
                if len(self.buffer) >= end:
                    frame = bytes(self.buffer[_HEADER.size : end])
                    del self.buffer[:end]
                    return frame
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([self.fd], [], [], remaining)[0]:
                raise TimeoutError
            chunk = os.read(self.fd, 1 << 20)
            if not chunk:
                return None
            self.buffer += chunk


def run_jobs(jobs: list[dict[str, Any]], emit: Callable[[bytes], None]) -> None:
    """Answer every job, in order, through `emit`; as few forks as the jobs allow."""
    start = 0
    while start < len(jobs):
        start += _run_child(jobs[start:], emit)


def _run_child(jobs: list[dict[str, Any]], emit: Callable[[bytes], None]) -> int:
    """Fork one child for `jobs`, pass on its answers; returns how many jobs are answered."""
    scratch = tempfile.mkdtemp(prefix="ikp-extract-")  # 0700, this child's alone
    try:
        answered, closing = _watch_child(jobs, emit, scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)  # the child's group is gone by now
    if closing is None:
        return answered
    emit(closing)  # only now: whoever waits for it finds the scratch dir removed
    return answered + 1


def _watch_child(
    jobs: list[dict[str, Any]], emit: Callable[[bytes], None], scratch: str
) -> tuple[int, bytes | None]:
    """Pass on the child's answers until it is done, dies or runs out of time, then kill
    its group. Returns how many it answered, and the answer for the job it did not
    finish (timed out, or died on its first job), else None."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child
        os.close(read_fd)
        code = 0
        try:
            _child(jobs, write_fd, scratch)
        except BaseException:
            code = 70
        os._exit(code)
    os.close(write_fd)
    frames = FrameReader(read_fd)
    answered, timed_out = 0, False
    deadline = time.monotonic() + jobs[0]["timeout_s"]
    while answered < len(jobs):
        try:
            frame = frames.next(deadline)
        except TimeoutError:
            timed_out = True
            break
        if frame is None:
            break
        emit(frame)
        answered += 1
        if answered < len(jobs):
            deadline = time.monotonic() + jobs[answered]["timeout_s"]
    if answered == len(jobs):
        with contextlib.suppress(TimeoutError):
            _learn(frames.next(time.monotonic() + _LEARNED_WAIT_S))
    os.close(read_fd)
    if timed_out:
        _kill_group(pid)
    _, status = os.waitpid(pid, 0)
    _kill_group(pid)  # grandchildren that outlived the child
    if answered == len(jobs):
        return answered, None
    job = jobs[answered]
    if timed_out:
        return answered, encode_answer("error", f"timed out after {job['timeout_s']:g} s")
    if answered == 0:
        return 0, encode_answer("error", _death(status, job["memory_mb"]))
    return answered, None  # stopped early: the next child starts afresh at this job


def _learn(frame: bytes | None) -> None:
    """Import here what a child had to import, so that later children have it."""
    try:
        names = json.loads(frame) if frame else []
    except ValueError:
        return
    for name in names if isinstance(names, list) else []:
        if name in LIBRARIES and name not in sys.modules:  # never a name of the child's choosing
            try:
                importlib.import_module(name)
            except Exception:
                logging.getLogger(__name__).exception("cannot import %s in the worker", name)


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
    import ingest.catalogue  # noqa: F401  (every extractor, once for all children; see LIBRARIES)

    jobs = sys.stdin.buffer
    while (frame := read_frame(jobs)) is not None:
        batch = decode_jobs(frame)
        # The jobs hold the bytes now: a child forked while the frame lived would carry
        # a second copy of every file (a 30 MB mail is 40 MB of base64 in the frame).
        frame = None
        run_jobs(batch, lambda answer: write_frame(answers, answer))


if __name__ == "__main__":
    main()
