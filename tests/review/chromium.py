"""Helpers for driving the live review app in Debian's headless Chromium (Playwright),
and for serving it on loopback as `ikp` does."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import pytest

from ikp.config import Settings
from tests.review.factories import PASSWORD

# scripts/test-clock.sh sets its own wrapper (scripts/faketime/chromium)
CHROMIUM = os.environ.get("IKP_TEST_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_TIMEOUT_MS = 120_000  # a hang guard; axe takes about a second here
PNG = b"\x89PNG\r\n\x1a\n"


def axe_violations(page, timeout_ms: int = AXE_TIMEOUT_MS) -> list[str]:  # type: ignore[no-untyped-def]
    """axe-core's WCAG 2.1 A/AA violations on the page, as `rule: selector` lines.

    The page must come from a context with JavaScript enabled (as `login` makes them):
    axe.run waits on the page's timers, which never fire where scripts are off, so a
    plain `evaluate` of it would wait forever. Polled with a timeout, it fails instead."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    if not AXE.exists():
        pytest.fail(f"{AXE} missing: npm ci (scripts/setup.sh)")
    page.evaluate(AXE.read_text(encoding="utf-8"))  # evaluated by the browser, not as a <script>
    page.evaluate(
        f"() => {{ window.axeResult = null; axe.run(document, {{runOnly: {AXE_TAGS}}})"
        ".then(r => { window.axeResult = r; }, e => { window.axeResult = {error: String(e)}; }); }"
    )
    try:
        result = page.wait_for_function("() => window.axeResult", timeout=timeout_ms)
    except PlaywrightTimeout:
        pytest.fail("axe-core did not finish: is JavaScript disabled in this page's context?")
    found = result.json_value()
    assert "error" not in found, found
    return [f"{v['id']}: {n['target']}" for v in found["violations"] for n in v["nodes"]]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(settings: Settings) -> Iterator[str]:
    """The web queue as `ikp` serves it (ikp.web.serve_web, uvicorn), on a free loopback
    port; yields its base URL and stops it afterwards."""
    from ikp.web import serve_web

    port = free_port()
    stop = threading.Event()
    thread = threading.Thread(
        target=serve_web, args=(replace(settings, web_port=port), stop), daemon=True
    )
    thread.start()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.1)
    else:
        pytest.fail("review app did not start")
    yield f"http://127.0.0.1:{port}"
    stop.set()
    thread.join(timeout=30)
    assert not thread.is_alive(), "serve_web() did not stop when stop_event was set"


def login(browser, base: str, username: str):  # type: ignore[no-untyped-def]
    """A new browser context (JavaScript on) logged in as `username` through /login."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.goto(f"{base}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")
    return page


def publish(*shots: Path) -> None:
    """Check the screenshots are PNGs; with IKP_REVIEW_SCREENSHOTS=docs copy them there."""
    for path in shots:
        assert path.read_bytes()[:8] == PNG, path
    target = os.environ.get("IKP_REVIEW_SCREENSHOTS")
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        for path in shots:
            shutil.copy(path, Path(target) / path.name)
