"""A throwaway Dovecot on loopback for tests (user ikp, password ikp)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from imapclient import IMAPClient

REPO = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("IKP_SHARED_DIR", REPO.parent / "shared"))
START = SHARED / "services" / "dovecot" / "start.sh"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Dovecot:
    directory: Path
    port: int
    lmtp_port: int
    user: str = "ikp"
    password: str = "ikp"

    def start(self) -> None:
        if not START.exists():
            raise RuntimeError(f"Dovecot start script missing: {START}")
        # Output to a file, not a pipe: the forked server keeps the pipe open forever.
        self.directory.parent.mkdir(parents=True, exist_ok=True)
        with open(self.directory.parent / "dovecot-start.log", "ab") as log:
            subprocess.run(
                ["sh", str(START), str(self.directory), str(self.port), str(self.lmtp_port)],
                check=True,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=log,
                timeout=120,
            )

    def stop(self) -> None:
        subprocess.run(
            ["doveadm", "-c", str(self.directory / "dovecot.conf"), "stop"],
            check=False,
            capture_output=True,
            timeout=30,
        )

    def client(self) -> IMAPClient:
        client = IMAPClient("127.0.0.1", port=self.port, ssl=False, timeout=30)
        client.login(self.user, self.password)
        return client

    def env(self) -> dict[str, str]:
        return {
            "IKP_IMAP_HOST": "127.0.0.1",
            "IKP_IMAP_PORT": str(self.port),
            "IKP_IMAP_USER": self.user,
            "IKP_IMAP_PASSWORD": self.password,
            "IKP_IMAP_SSL": "false",
        }

    def count(self, folder: str) -> int:
        client = self.client()
        try:
            return int(client.folder_status(folder, ["MESSAGES"])[b"MESSAGES"])
        finally:
            client.logout()


def start_dovecot() -> Dovecot:
    """Under /tmp itself: pytest's tmp_path is mode 0700, which Dovecot's auth user cannot enter."""
    base = Path(tempfile.mkdtemp(prefix="ikp-dovecot-"))
    base.chmod(0o755)
    server = Dovecot(base / "dovecot", free_port(), free_port())
    server.start()
    return server


def remove_dovecot(server: Dovecot) -> None:
    server.stop()
    shutil.rmtree(server.directory.parent, ignore_errors=True)
