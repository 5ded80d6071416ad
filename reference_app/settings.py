"""The app's one settings object, read from the environment (and a `.env` file, if present)."""

import contextlib
import os
import secrets
from functools import cached_property
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

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

    token_issuer: str = "conduit"
    token_audience: str = "conduit-api"
    token_lifetime_minutes: int = Field(default=60 * 24 * 7, gt=0)
    bcrypt_rounds: int = Field(default=12, ge=4, le=31)

    # "*" is safe here because the API authenticates with a header, never with cookies.
    cors_origins: Annotated[list[str], NoDecode] = ["*"]
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = Field(default=1, ge=1)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    # Slow clients: how long the request's head, then its body, may take (see serving.py).
    head_timeout_seconds: float = Field(default=10.0, gt=0)
    body_timeout_seconds: float = Field(default=30.0, gt=0)

    @model_validator(mode="before")
    @classmethod
    def _split_origins(cls, values: dict[str, object]) -> dict[str, object]:
        origins = values.get("cors_origins")
        if isinstance(origins, str):
            values["cors_origins"] = [o.strip() for o in origins.split(",") if o.strip()]
        return values

    @model_validator(mode="after")
    def _refuse_weak_secret_in_production(self) -> "Settings":
        if self.environment != "production":
            return self
        problem = secret_problem(self.secret_key)
        if problem:
            raise ValueError(
                f"SECRET_KEY {problem}; production refuses to start without a strong one"
            )
        return self

    @cached_property
    def signing_key(self) -> str:
        """The key tokens are signed with: SECRET_KEY, or outside production a kept random one."""
        if self.secret_key is not None:
            return self.secret_key.get_secret_value()
        return _development_secret(self.data_dir)


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
    path = data_dir / "secret_key"
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        draft = data_dir / f".secret_key.{os.getpid()}"
        draft.touch(mode=0o600)
        draft.write_text(secrets.token_urlsafe(48))
        # link() never replaces: when several workers race, the first secret wins for all.
        with contextlib.suppress(FileExistsError):
            os.link(draft, path)
        draft.unlink()
    return path.read_text().strip()
