"""time.sleep that works under libfaketime; loaded only by scripts/test-clock.sh.

test-clock.sh moves the wall clock and leaves the monotonic clock real
(FAKETIME_DONT_FAKE_MONOTONIC=1), or every timed wait of Python's locks would wait a
year. libfaketime 0.9.10 then shifts the absolute CLOCK_MONOTONIC deadline of
clock_nanosleep, which time.sleep uses, by the fake offset: EINVAL. A select() with a
relative timeout sleeps the same and passes through libfaketime untouched.
"""

from __future__ import annotations

import os
import select
import time

if "faketime" in os.environ.get("LD_PRELOAD", ""):

    def _sleep(seconds: float) -> None:
        if seconds < 0:
            raise ValueError("sleep length must be non-negative")
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            select.select([], [], [], left)

    time.sleep = _sleep
