"""Time and memory of intake (`ikp.intake.mail_intake`) on hostile mails.

    PYTHONPATH=$PWD .venv/bin/python bench/hostile_intake.py

Intake runs in the daemon itself, outside the sandbox, on bytes anyone can send:
each hostile mail of tests/factories/mail.py, plus a header block of 60,000 short
lines (the most lines that fit the 256 KiB cut), is read 5 times; the best time
and the process's peak RSS are printed. Before the limits, the 1.25 MB Subject ran
out of memory at 3 GB after 6 s.
"""

from __future__ import annotations

import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ikp.intake import mail_intake
from tests.factories.mail import HOSTILE_MAILS


def main() -> None:
    cases = {
        **HOSTILE_MAILS,
        "60,000 short header lines": lambda: b"Subject: x\r\n" + b"X: y\r\n" * 60_000 + b"\r\nT",
    }
    print("| mail | bytes | intake, best of 5 (ms) |")
    print("|---|---:|---:|")
    for name, make in cases.items():
        raw = make()
        best = float("inf")
        for _ in range(5):
            started = time.perf_counter()
            mail_intake(raw)
            best = min(best, time.perf_counter() - started)
        print(f"| {name} | {len(raw):,} | {1000 * best:.1f} |")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak RSS of the process: {peak:.0f} MB")


if __name__ == "__main__":
    main()
