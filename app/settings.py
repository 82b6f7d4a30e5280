"""Configuration from the environment: one Settings object, built once and passed in."""

from __future__ import annotations

import secrets
from pathlib import Path

from pydantic import field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

_PLACEHOLDERS = {"changeme", "change-me", "secret", "changethis", ""}


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="KOCLEDGER_", extra="ignore")

    data_dir: Path = Path("data")
    database_url: str | None = None
    secret_key: str | None = None
    debug: bool = False
    # Sessions: idle and absolute expiry, in minutes (14 days unused, 30 days at most).
    session_idle_minutes: int = 60 * 24 * 14
    session_absolute_minutes: int = 60 * 24 * 30
    # Set when served behind HTTPS so cookies get the Secure flag.
    https: bool = False
    # Comma-separated addresses of reverse proxies whose X-Forwarded-For is believed.
    trusted_proxies: str = ""
    # The address people reach the app at (e.g. https://ledger.example.com), used for the
    # calendar feed and shared card links. Without it, the request's Host is used only when
    # it is one of allowed_hosts; otherwise links are shown as paths.
    base_url: str = ""
    allowed_hosts: str = "localhost,127.0.0.1,[::1]"

    @property
    def allowed_host_set(self) -> frozenset[str]:
        return frozenset(h.strip().lower() for h in self.allowed_hosts.split(",") if h.strip())

    @property
    def trusted_proxy_set(self) -> frozenset[str]:
        return frozenset(p.strip() for p in self.trusted_proxies.split(",") if p.strip())

    @field_validator("trusted_proxies")
    @classmethod
    def _refuse_any_proxy(cls, value: str) -> str:
        # "*" makes uvicorn believe the left-most X-Forwarded-For entry, which any client writes:
        # every guess would come from a new "client", and the per-client sign-in limit not hold.
        if any(p.strip() == "*" for p in value.split(",")):
            raise ValueError(
                "KOCLEDGER_TRUSTED_PROXIES may not be '*'; name the proxy's own address "
                "(e.g. 127.0.0.1), or any client could choose its own address"
            )
        return value

    @field_validator("secret_key")
    @classmethod
    def _refuse_placeholder(cls, value: str | None) -> str | None:
        if value is not None and value.strip().lower() in _PLACEHOLDERS:
            raise ValueError("KOCLEDGER_SECRET_KEY is a placeholder; set a real secret or unset it")
        return value

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'kocledger.sqlite3').as_posix()}"

    @property
    def is_sqlite(self) -> bool:
        return self.resolved_database_url.startswith("sqlite")

    def ensure_data_dir(self) -> None:
        from app.files import private_dir

        private_dir(self.data_dir)

    def resolved_secret_key(self) -> str:
        """The configured secret, or one generated once and kept in the data dir."""
        if self.secret_key:
            return self.secret_key
        self.ensure_data_dir()
        path = self.data_dir / "secret_key"
        if path.exists():
            return path.read_text().strip()
        from app.files import private_file

        key = secrets.token_urlsafe(48)
        private_file(path)
        path.write_text(key)
        return key
