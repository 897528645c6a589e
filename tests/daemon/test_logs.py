"""IKP_LOG_FORMAT=json: `ikp run` logs one JSON object per line."""

from __future__ import annotations

import json

import pytest

from ikp.config import ConfigError, load_settings
from tests.factories.waiting import wait_for


def test_json_logs_are_one_object_per_line(daemon_factory, tmp_path):
    url = f"sqlite:///{tmp_path / 'data' / 'ikp.sqlite3'}"
    daemon = daemon_factory(url, {"IKP_LOG_FORMAT": "json"}).start()
    wait_for(lambda: "no IKP_SMTP_HOST" in daemon.log_text(), 60, "the daemon to start")
    assert daemon.terminate(30) == 0
    lines = [json.loads(line) for line in daemon.log_text().splitlines() if line.strip()]
    assert any(e["logger"] == "ikp.daemon" and e["message"] == "stopped" for e in lines)
    assert all({"time", "level", "logger", "message"} <= set(e) for e in lines)


def test_an_unknown_log_format_is_refused():
    with pytest.raises(ConfigError, match="IKP_LOG_FORMAT"):
        load_settings(None, {"IKP_LOG_FORMAT": "xml"})
