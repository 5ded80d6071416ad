"""Settings: read from the environment, and refusing to run production on a weak secret."""

from pathlib import Path

import pytest
from pydantic import ValidationError

from reference_app.settings import Settings

STRONG_SECRET = "x7Qp2LwN9vRt4YbK8mZc3HsD6fGj1AeU"  # 32 random-looking characters


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No `.env` file and no variable of the machine running the tests leaks into these."""
    monkeypatch.chdir(tmp_path)
    for name in (
        "ENVIRONMENT",
        "SECRET_KEY",
        "DATA_DIR",
        "CORS_ORIGINS",
        "DATABASE_URL",
        "BCRYPT_ROUNDS",
    ):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.parametrize(
    ("secret", "problem"),
    [
        pytest.param(None, "SECRET_KEY is missing", id="missing"),
        pytest.param("changeme", "SECRET_KEY is a well-known default", id="changeme"),
        pytest.param("secret", "SECRET_KEY is a well-known default", id="secret"),
        pytest.param("SECRET", "SECRET_KEY is a well-known default", id="SECRET"),
        pytest.param("short-but-random-9f8e", "shorter than 32 characters", id="short"),
    ],
)
def test_production_refuses_a_weak_secret_and_says_why(
    monkeypatch: pytest.MonkeyPatch, secret: str | None, problem: str
) -> None:
    monkeypatch.setenv("ENVIRONMENT", "production")
    if secret is not None:
        monkeypatch.setenv("SECRET_KEY", secret)
    with pytest.raises(ValidationError, match=problem):
        Settings()


def test_production_starts_with_a_strong_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ENVIRONMENT", "production")
    monkeypatch.setenv("SECRET_KEY", STRONG_SECRET)
    assert Settings().signing_key == STRONG_SECRET


def test_development_keeps_one_random_secret_in_the_data_dir(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    first = Settings(environment="development", data_dir=data_dir).signing_key
    second = Settings(environment="development", data_dir=data_dir).signing_key
    assert first == second, "tokens would not survive a restart of the dev server"
    assert len(first) >= 32
    assert (data_dir / "secret_key").read_text().strip() == first
    assert (data_dir / "secret_key").stat().st_mode & 0o077 == 0, "readable by other users"


def test_each_data_dir_gets_its_own_development_secret(tmp_path: Path) -> None:
    one = Settings(data_dir=tmp_path / "one").signing_key
    other = Settings(data_dir=tmp_path / "other").signing_key
    assert one != other, "a secret the same everywhere is a well-known one"


def test_the_secret_stays_out_of_repr_and_str() -> None:
    settings = Settings(secret_key=STRONG_SECRET)  # type: ignore[arg-type]
    assert STRONG_SECRET not in repr(settings)
    assert STRONG_SECRET not in str(settings)
    assert STRONG_SECRET not in settings.model_dump_json()


def test_cors_origins_are_read_comma_separated(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CORS_ORIGINS", "https://one.example, https://two.example ,")
    assert Settings().cors_origins == ["https://one.example", "https://two.example"]


def test_cors_origins_default_to_any_origin() -> None:
    assert Settings().cors_origins == ["*"]


def test_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql+asyncpg://conduit@db/conduit")
    monkeypatch.setenv("BCRYPT_ROUNDS", "10")
    settings = Settings()
    assert settings.database_url == "postgresql+asyncpg://conduit@db/conduit"
    assert settings.bcrypt_rounds == 10


@pytest.mark.parametrize("rounds", [pytest.param(3, id="3"), pytest.param(32, id="32")])
def test_a_bcrypt_cost_bcrypt_cannot_use_is_refused(rounds: int) -> None:
    with pytest.raises(ValidationError, match="bcrypt_rounds"):
        Settings(bcrypt_rounds=rounds)
