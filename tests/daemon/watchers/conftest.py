from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from store import Store


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[Store]:
    with Store(f"sqlite:///{tmp_path / 'ikp.sqlite3'}", tmp_path / "data") as store:
        yield store


@pytest.fixture
def stop() -> threading.Event:
    return threading.Event()
