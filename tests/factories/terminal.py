"""Run a command with its standard error on a pseudo-terminal, as a person sees it."""

from __future__ import annotations

import fcntl
import os
import pty
import struct
import subprocess
import termios
from collections.abc import Mapping, Sequence
from pathlib import Path


def run_on_terminal(
    command: Sequence[str], *, env: Mapping[str, str], cwd: Path, columns: int = 100
) -> tuple[subprocess.CompletedProcess[bytes], str]:
    """(the finished command with its standard output, what its standard error showed)."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    done = subprocess.run(
        list(command), cwd=cwd, env=dict(env), stderr=follower, stdout=subprocess.PIPE,
        timeout=300,
    )  # fmt: skip
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    return done, shown.decode()
