from __future__ import annotations

from pathlib import Path

import pytest

from ikp.config import ConfigError, load_settings


def test_defaults_work_on_a_fresh_clone():
    s = load_settings(environ={})
    assert s.data_dir == Path("var")
    assert s.effective_database_url.startswith("sqlite:///") and s.effective_database_url.endswith(
        "var/ikp.sqlite3"
    )
    assert (s.imap_folder, s.imap_done_folder, s.imap_failed_folder) == (
        "INBOX",
        "Verwerkt",
        "Quarantaine",
    )
    assert (s.web_host, s.web_port) == ("127.0.0.1", 8000)
    assert not s.imap_enabled and s.scan_dir is None


def test_environment_wins_over_the_file(tmp_path):
    config = tmp_path / "ikp.toml"
    config.write_text('web_port = 9000\nimap_host = "mail.example"\nimap_ssl = false\n')
    s = load_settings(config, environ={"IKP_WEB_PORT": "9100"})
    assert s.web_port == 9100
    assert s.imap_host == "mail.example" and s.imap_ssl is False and s.imap_effective_port == 143


def test_bad_values_name_the_setting(tmp_path):
    with pytest.raises(ConfigError, match="IKP_WEB_PORT"):
        load_settings(environ={"IKP_WEB_PORT": "achtduizend"})
    config = tmp_path / "ikp.toml"
    config.write_text("wbe_port = 1\n")
    with pytest.raises(ConfigError, match="unknown settings wbe_port"):
        load_settings(config, environ={})


def test_password_is_never_shown():
    s = load_settings(environ={"IKP_IMAP_PASSWORD": "geheim"})
    assert s.redacted()["imap_password"] == "***"


def test_database_password_is_never_shown():
    url = "postgresql+psycopg://ikp:geheim@db.example/ikp"
    s = load_settings(environ={"IKP_DATABASE_URL": url})
    assert "geheim" not in str(s.redacted())
    assert s.redacted()["database_url"] == "postgresql+psycopg://ikp:***@db.example/ikp"


def test_worker_processes_come_from_the_environment_or_the_file(tmp_path):
    assert load_settings(environ={}).worker_processes == 1
    assert load_settings(environ={"IKP_WORKER_PROCESSES": "2"}).worker_processes == 2
    config = tmp_path / "ikp.toml"
    config.write_text("worker_processes = 3\n", encoding="utf-8")
    assert load_settings(config, environ={}).worker_processes == 3
    with pytest.raises(ConfigError, match="IKP_WORKER_PROCESSES"):
        load_settings(environ={"IKP_WORKER_PROCESSES": "0"})
