"""The app's one settings object, read from the environment (and a `.env` file, if present)."""

import contextlib
import ipaddress
import os
import secrets
from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from reference_app.encryption.cipher import FieldCipher
from reference_app.encryption.keys import (
    KeyProblem,
    KeyRing,
    new_key_text,
    new_ring,
    parse_key,
    parse_ring,
    reuse_problem,
)

MIN_SECRET_LENGTH = 32
# Secrets that appear in tutorials and templates: as good as no secret at all.
WELL_KNOWN_SECRETS = frozenset({"secret", "changeme", "change-me", "changethis", "development"})


class Settings(BaseSettings):
    """Everything that differs between a laptop, a test run and a production server."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", frozen=True)

    environment: Literal["development", "test", "production"] = "development"
    database_url: str = "sqlite+aiosqlite:///.data/conduit.db"
    data_dir: Path = Path(".data")
    secret_key: SecretStr | None = None
    # Personal data at rest (see encryption/): AES-256-GCM keys as `id:base64,id:base64`,
    # newest first (the first seals, all open), and the blind index's HMAC key (base64).
    # Outside production, missing keys are made once and kept in the data folder.
    encryption_keys: SecretStr | None = None
    blind_index_key: SecretStr | None = None

    token_issuer: str = "conduit"
    token_audience: str = "conduit-api"
    # The RealWorld `token`: long-lived, as its frontends keep it for days (see sessions/).
    token_lifetime_minutes: int = Field(default=60 * 24 * 7, gt=0)
    # Sessions (sessions/): short access tokens, refresh tokens rotated on every use.
    access_token_lifetime_minutes: int = Field(default=15, gt=0)
    refresh_token_lifetime_days: int = Field(default=14, gt=0)
    session_lifetime_days: int = Field(default=30, gt=0)
    # Failed sign-ins allowed per window (sessions/sign_in_limits.py): per account and client
    # address, per address, and per account from anywhere (far higher: see why there).
    sign_in_window_seconds: int = Field(default=15 * 60, gt=0)
    sign_in_failures_per_account_address: int = Field(default=20, gt=0)
    sign_in_failures_per_address: int = Field(default=1000, gt=0)
    sign_in_failures_per_account: int = Field(default=5000, gt=0)
    # Proxies whose X-Forwarded-For is believed (addresses or networks, comma-separated).
    # Empty: the client's address is the connection's, whatever the header says.
    trusted_proxies: Annotated[list[str], NoDecode] = []
    # HTTPS: a certificate and its key (`python -m reference_app dev-certificate` makes them).
    tls_certfile: Path | None = None
    tls_keyfile: Path | None = None
    bcrypt_rounds: int = Field(default=12, ge=4, le=31)

    # "*" is safe here: the API authenticates with a header, and its one cookie (the refresh
    # token, sessions/cookies.py) is SameSite=Strict and never sent with credentialed CORS.
    cors_origins: Annotated[list[str], NoDecode] = ["*"]
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = Field(default=1, ge=1)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    # Slow clients: how long the request's head, then its body, may take (see serving.py).
    head_timeout_seconds: float = Field(default=10.0, gt=0)
    body_timeout_seconds: float = Field(default=30.0, gt=0)
    # The response cache (see caching/). Unset: on, except in tests, whose fixtures write to the
    # database behind the app's back. REDIS_URL shares it between workers (and is needed for
    # more than one); entries live at most the TTL, which bounds what a write made outside the
    # app can leave stale.
    response_cache: bool | None = None
    redis_url: SecretStr | None = None
    cache_key_prefix: str = "conduit:cache:"  # one per app (and database) sharing a Redis
    cache_ttl_seconds: float = Field(default=300.0, gt=0)
    cache_max_entries: int = Field(default=10_000, ge=1)

    @model_validator(mode="before")
    @classmethod
    def _split_lists(cls, values: dict[str, object]) -> dict[str, object]:
        for name in ("cors_origins", "trusted_proxies"):
            given = values.get(name)
            if isinstance(given, str):
                values[name] = [item.strip() for item in given.split(",") if item.strip()]
        return values

    @field_validator("trusted_proxies")
    @classmethod
    def _proxies_are_networks(cls, proxies: list[str]) -> list[str]:
        for proxy in proxies:
            ipaddress.ip_network(proxy, strict=False)  # ValueError names the bad one
        return proxies

    @model_validator(mode="after")
    def _tls_needs_both_files(self) -> "Settings":
        if (self.tls_certfile is None) != (self.tls_keyfile is None):
            raise ValueError("TLS_CERTFILE and TLS_KEYFILE go together: give both or neither")
        return self

    @model_validator(mode="after")
    def _refuse_weak_secret_in_production(self) -> "Settings":
        if self.environment != "production":
            return self
        problem = secret_problem(self.secret_key)
        if problem:
            raise ValueError(
                f"SECRET_KEY {problem}; production refuses to start without a strong one"
            )
        for name, value in (
            ("ENCRYPTION_KEYS", self.encryption_keys),
            ("BLIND_INDEX_KEY", self.blind_index_key),
        ):
            if value is None:
                raise ValueError(
                    f"{name} is missing; production refuses to keep personal data without it"
                )
        return self

    @model_validator(mode="after")
    def _refuse_unfit_keys(self) -> "Settings":
        """Keys given in any environment must be well-formed, strong and used for one job."""
        try:
            ring = None if self.encryption_keys is None else self.key_ring
            index = None if self.blind_index_key is None else self.index_key
        except KeyProblem as error:
            raise ValueError(str(error)) from error
        keys = {f"ENCRYPTION_KEYS key {k!r}": v for k, v in (ring.keys if ring else {}).items()}
        if index is not None:
            keys["BLIND_INDEX_KEY"] = index
        secret = None if self.secret_key is None else self.secret_key.get_secret_value()
        if problem := reuse_problem(keys, secret):
            raise ValueError(f"{problem}: give each job a key of its own")
        if index is not None and ring is not None and index in ring.keys.values():
            raise ValueError("BLIND_INDEX_KEY is also an encryption key: give it one of its own")
        return self

    @cached_property
    def signing_key(self) -> str:
        """The key tokens are signed with: SECRET_KEY, or outside production a kept random one."""
        if self.secret_key is not None:
            return self.secret_key.get_secret_value()
        return _development_secret(self.data_dir)

    @cached_property
    def key_ring(self) -> KeyRing:
        """ENCRYPTION_KEYS, or outside production a ring kept in the data folder."""
        if self.encryption_keys is not None:
            return parse_ring(self.encryption_keys.get_secret_value())
        return parse_ring(_kept(self.data_dir / "encryption_keys", lambda: new_ring().text()))

    @cached_property
    def index_key(self) -> bytes:
        """BLIND_INDEX_KEY, or outside production a key kept in the data folder."""
        if self.blind_index_key is not None:
            return parse_key(self.blind_index_key.get_secret_value(), name="BLIND_INDEX_KEY")
        return parse_key(_kept(self.data_dir / "blind_index_key", new_key_text))

    @cached_property
    def field_cipher(self) -> FieldCipher:
        return FieldCipher(self.key_ring, self.index_key)

    @property
    def response_cache_on(self) -> bool:
        if self.response_cache is None:
            return self.environment != "test"
        return self.response_cache

    @property
    def key_ring_file(self) -> Path | None:
        """Where the ring is kept when ENCRYPTION_KEYS does not give it (development, tests)."""
        return None if self.encryption_keys is not None else self.data_dir / "encryption_keys"


def secret_problem(secret: SecretStr | None) -> str | None:
    """Say what is wrong with a secret, or None when it is fit for production."""
    if secret is None:
        return "is missing"
    value = secret.get_secret_value()
    if value.lower() in WELL_KNOWN_SECRETS:
        return "is a well-known default"
    if len(value) < MIN_SECRET_LENGTH:
        return f"is shorter than {MIN_SECRET_LENGTH} characters"
    return None


def _development_secret(data_dir: Path) -> str:
    """Create a random secret once and keep it, so tokens survive a restart of the dev server."""
    return _kept(data_dir / "secret_key", lambda: secrets.token_urlsafe(48))


def _kept(path: Path, make: Callable[[], str]) -> str:
    """The text in `path`, made by `make` (readable by its owner only) the first time."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        draft = path.parent / f".{path.name}.{os.getpid()}"
        draft.touch(mode=0o600)
        draft.write_text(make())
        # link() never replaces: when several workers race, the first secret wins for all.
        with contextlib.suppress(FileExistsError):
            os.link(draft, path)
        draft.unlink()
    return path.read_text().strip()
