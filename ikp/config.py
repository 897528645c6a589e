"""Settings of the operating interface: environment over an optional TOML file over defaults.

The names are the contract's (`IKP_DATABASE_URL`, ...). In a TOML file the same
names are written in lower case without the prefix (`database_url = "..."`).
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from ipaddress import IPv4Network, IPv6Network, ip_network
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from store import Store


class ConfigError(Exception):
    """A setting is missing or malformed; the message names it."""


@dataclass(frozen=True)
class Settings:
    data_dir: Path = Path("var")
    database_url: str | None = None  # None: SQLite file under data_dir
    imap_host: str | None = None
    imap_port: int | None = None
    imap_user: str | None = None
    imap_password: str | None = None
    imap_ssl: bool = True
    imap_folder: str = "INBOX"
    imap_done_folder: str = "Verwerkt"
    imap_failed_folder: str = "Quarantaine"
    scan_dir: Path | None = None
    web_host: str = "127.0.0.1"
    web_port: int = 8000
    # Secure flag (and __Host- name) on the session cookie: set when served behind https.
    web_secure_cookies: bool = False
    # Reverse proxies (IPs or CIDRs, comma-separated) whose X-Forwarded-For names the
    # client for the login limits; none: the socket peer is the client.
    web_trusted_proxies: str | None = None
    # `ikp run`: worker processes (1: the workers are threads of the daemon itself).
    worker_processes: int = 1
    # "json": one JSON object per log line (ikp.logs); "text" otherwise
    log_format: str = "text"
    # Retention (store.retention): the policy file, and whether `ikp run` applies it daily.
    retention_policy: Path | None = None  # None: store/retention.yaml as shipped
    retention_daily: bool = True
    # /readyz turns unready when the oldest queued item waits longer than this.
    ready_queue_age_s: int = 900
    # Forwarding confirmed items by mail (ikp.forward); no SMTP host: nothing is sent.
    smtp_host: str | None = None
    smtp_port: int = 25
    smtp_from: str = "ikp@localhost"
    smtp_user: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = False
    smtp_timeout_s: int = 30
    forward_retry_s: int = 30  # first retry after a failed send; doubles, capped at an hour
    # destination code -> team address: IKP_FORWARD_<DESTINATION> or a TOML [forward] table
    forward: dict[str, str] = field(default_factory=dict)

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'ikp.sqlite3').resolve()}"

    @property
    def trusted_proxies(self) -> tuple[IPv4Network | IPv6Network, ...]:
        """IKP_WEB_TRUSTED_PROXIES as networks; ValueError names a malformed entry."""
        text = self.web_trusted_proxies or ""
        return tuple(
            ip_network(part.strip(), strict=False) for part in text.split(",") if part.strip()
        )

    @property
    def forwarding_enabled(self) -> bool:
        return bool(self.smtp_host)

    @property
    def imap_enabled(self) -> bool:
        return bool(self.imap_host)

    @property
    def imap_effective_port(self) -> int:
        if self.imap_port:
            return self.imap_port
        return 993 if self.imap_ssl else 143

    def redacted_database_url(self) -> str:
        """The database URL with its password, if any, replaced by ***."""
        from sqlalchemy.engine import make_url

        return make_url(self.effective_database_url).render_as_string(hide_password=True)

    def redacted(self) -> dict[str, object]:
        """Settings for logs and `ikp config`: secrets left out."""
        shown: dict[str, object] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name in ("imap_password", "smtp_password") and value:
                value = "***"
            elif f.name == "database_url" and value:
                value = self.redacted_database_url()
            shown[f.name] = str(value) if isinstance(value, Path) else value
        return shown


_TRUE = {"1", "true", "yes", "on", "ja"}
_FALSE = {"0", "false", "no", "off", "nee", ""}


def _convert(name: str, raw: object, kind: str) -> object:
    if raw is None:
        return None
    if "bool" in kind:
        if isinstance(raw, bool):
            return raw
        text = str(raw).strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise ConfigError(f"{name}: expected true or false, got {raw!r}")
    if "int" in kind:
        try:
            return int(raw)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise ConfigError(f"{name}: expected a whole number, got {raw!r}") from None
    if "Path" in kind:
        text = str(raw).strip()
        return Path(text).expanduser() if text else None
    text = str(raw)
    return text if text != "" else None


def load_settings(
    config_file: Path | None = None, environ: Mapping[str, str] | None = None
) -> Settings:
    """Defaults, then the TOML file (if any), then `IKP_*` environment variables."""
    env = os.environ if environ is None else environ
    values: dict[str, object] = {}
    if config_file is None and env.get("IKP_CONFIG"):
        config_file = Path(env["IKP_CONFIG"])
    if config_file is not None:
        try:
            with open(config_file, "rb") as fh:
                table = tomllib.load(fh)
        except FileNotFoundError:
            raise ConfigError(f"config file not found: {config_file}") from None
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{config_file}: {exc}") from None
        known = {f.name for f in fields(Settings)}
        unknown = sorted(set(table) - known)
        if unknown:
            raise ConfigError(f"{config_file}: unknown settings {', '.join(unknown)}")
        values.update(table)
    forward = _forward_addresses(values.pop("forward", None), env)
    for f in fields(Settings):
        env_name = "IKP_" + f.name.upper()
        if env_name in env and f.name != "forward":
            values[f.name] = env[env_name]
    converted = {
        f.name: _convert("IKP_" + f.name.upper(), values[f.name], str(f.type))
        for f in fields(Settings)
        if f.name in values
    }
    converted["forward"] = forward
    defaulted = (
        "retention_daily",
        "ready_queue_age_s",
        "smtp_port",
        "smtp_from",
        "smtp_starttls",
        "smtp_timeout_s",
    )
    for default in (*defaulted, "forward_retry_s"):
        if default in converted and converted[default] is None:
            del converted[default]
    if converted.get("log_format") not in (None, "text", "json"):
        raise ConfigError("IKP_LOG_FORMAT: expected text or json")
    if converted.get("log_format", "") is None:
        del converted["log_format"]
    for required in ("data_dir", "imap_folder", "imap_done_folder", "imap_failed_folder"):
        if required in converted and converted[required] is None:
            raise ConfigError(f"IKP_{required.upper()} may not be empty")
    if converted.get("web_host") is None and "web_host" in converted:
        del converted["web_host"]
    if converted.get("web_port") is None and "web_port" in converted:
        del converted["web_port"]
    if converted.get("imap_ssl") is None and "imap_ssl" in converted:
        del converted["imap_ssl"]
    if "worker_processes" in converted:
        if converted["worker_processes"] is None:
            del converted["worker_processes"]
        elif int(converted["worker_processes"]) < 1:  # type: ignore[call-overload]
            raise ConfigError("IKP_WORKER_PROCESSES: expected 1 or more")
    settings = Settings(**converted)  # type: ignore[arg-type]
    try:
        _ = settings.trusted_proxies  # malformed: refused now, not when the web queue starts
    except ValueError as exc:
        raise ConfigError(f"IKP_WEB_TRUSTED_PROXIES: {exc}") from None
    return settings


def _forward_addresses(table: object, env: Mapping[str, str]) -> dict[str, str]:
    """Team addresses by destination code: the TOML [forward] table, then IKP_FORWARD_*."""
    from contract.vocabulary import DESTINATIONS

    if table is not None and not isinstance(table, dict):
        raise ConfigError("forward: expected a table of destination = address")
    found: dict[str, str] = {str(k): str(v) for k, v in (table or {}).items()}
    for name, value in env.items():
        if name.startswith("IKP_FORWARD_") and name != "IKP_FORWARD_RETRY_S":
            found[name.removeprefix("IKP_FORWARD_").lower()] = value
    unknown = sorted(set(found) - set(DESTINATIONS))
    if unknown:
        raise ConfigError(f"forward: unknown destinations {', '.join(unknown)}")
    for destination, address in found.items():
        if "@" not in address:
            raise ConfigError(f"IKP_FORWARD_{destination.upper()}: not a mail address: {address!r}")
    return {d: a.strip() for d, a in found.items() if a.strip()}


def open_store(settings: Settings, *, migrate: Literal["here", "child", "no"] = "here") -> Store:
    """The store of these settings' database and data directory, migrated on open: `here`,
    by a `child` process (alembic stays out of this one: store.migrate_child), or `no` (the
    daemon that serves this store has migrated it)."""
    from store import Store

    url = settings.effective_database_url
    store = Store(url, settings.data_dir, apply_migrations=migrate == "here")
    if migrate == "child":
        from store.migrate_child import migrate_in_child

        try:
            migrate_in_child(url)
        except BaseException:
            store.close()
            raise
    return store
