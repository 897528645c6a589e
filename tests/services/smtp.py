"""A real SMTP server on loopback for tests: aiosmtpd in a child process.

Every accepted message is written to its own file in `directory` before the server
answers 250, as a real mail server queues a message before it accepts it; a test
counts deliveries by reading the files. Run as a module it is the server itself.
"""

from __future__ import annotations

import email
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from pathlib import Path

from tests.services.dovecot import free_port

REPO = Path(__file__).resolve().parents[2]


@dataclass
class SmtpSink:
    directory: Path
    port: int = field(default_factory=free_port)
    delay_s: float = 0.0  # before answering DATA: widens the window between accept and mark
    process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 20) -> SmtpSink:
        self.directory.mkdir(parents=True, exist_ok=True)
        log = open(self.directory.parent / f"smtp-{self.port}.log", "ab")  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.services.smtp",
                str(self.directory),
                str(self.port),
                str(self.delay_s),
            ],
            cwd=REPO,
            stdout=log,
            stderr=log,
        )
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as s:
                    if s.recv(3) == b"220":
                        return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"the SMTP server on port {self.port} did not start")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(10)
        self.process = None

    def messages(self) -> list[EmailMessage]:
        return [
            email.message_from_bytes(p.read_bytes(), policy=policy.default)
            for p in sorted(self.directory.glob("*.eml"))
        ]


def _serve(directory: Path, port: int, delay_s: float) -> None:
    from aiosmtpd.controller import Controller

    class Keep:
        async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
            fd, tmp = tempfile.mkstemp(dir=directory, prefix=".tmp-")
            with os.fdopen(fd, "wb") as fh:
                fh.write(b"X-Envelope-To: " + ", ".join(envelope.rcpt_tos).encode() + b"\r\n")
                fh.write(envelope.original_content or envelope.content)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, directory / f"{time.time_ns()}-{os.getpid()}.eml")
            if delay_s:
                time.sleep(delay_s)
            return "250 Message accepted for delivery"

    controller = Controller(Keep(), hostname="127.0.0.1", port=port)
    controller.start()
    stopped = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    stopped.wait()
    controller.stop()


if __name__ == "__main__":
    _serve(Path(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]))
