"""Settings: read from the environment, and refusing to run production on a weak secret."""

import base64
import hashlib
from pathlib import Path

import pytest
from pydantic import ValidationError

from reference_app.settings import Settings

STRONG_SECRET = "x7Qp2LwN9vRt4YbK8mZc3HsD6fGj1AeU"  # 32 random-looking characters
KEY_A = "xSKkPdHHy1079ukQAEuLlNrssks0fwArsa80b9-NoW0"  # 32 random bytes, base64url
KEY_B = "5cLlJ1ZbcnWV3YzO5yOoGv0Q8H0lEY9_Ts5YyNaRZbA"
INDEX_KEY = "4Usv_8boP511JP-KAD_okIKBO1UhSx2PBKt9oP7rJH8"
# A signing secret that is itself 32 bytes in base64, and that secret's SHA-256: both reuse.
STRONG_SECRET_AS_KEY = "TGiv7uPKv0d6c8v0hVbCoYg7qNNq2oJdVDq0q3kw6h0"
SIGNING_SECRET_HASH = base64.urlsafe_b64encode(
    hashlib.sha256(STRONG_SECRET_AS_KEY.encode()).digest()
).decode()


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
        "ENCRYPTION_KEYS",
        "BLIND_INDEX_KEY",
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
    monkeypatch.setenv("ENCRYPTION_KEYS", f"k2:{KEY_B},k1:{KEY_A}")
    monkeypatch.setenv("BLIND_INDEX_KEY", INDEX_KEY)
    settings = Settings()
    assert settings.signing_key == STRONG_SECRET
    assert settings.key_ring.current == "k2", "the first key listed seals"
    assert set(settings.key_ring.keys) == {"k1", "k2"}


@pytest.mark.parametrize("missing", ["ENCRYPTION_KEYS", "BLIND_INDEX_KEY"])
def test_production_refuses_to_start_without_its_keys(
    monkeypatch: pytest.MonkeyPatch, missing: str
) -> None:
    monkeypatch.setenv("ENVIRONMENT", "production")
    monkeypatch.setenv("SECRET_KEY", STRONG_SECRET)
    given = {"ENCRYPTION_KEYS": f"k1:{KEY_A}", "BLIND_INDEX_KEY": INDEX_KEY}
    for name, value in given.items():
        if name != missing:
            monkeypatch.setenv(name, value)
    with pytest.raises(ValidationError, match=f"{missing} is missing"):
        Settings()


@pytest.mark.parametrize(
    ("keys", "problem"),
    [
        pytest.param(f"k1:{KEY_A[:20]}", "is 15 bytes long, not 32", id="short"),
        pytest.param("k1:" + "A" * 43, "weak", id="all-zero"),
        pytest.param(f"k1:{KEY_A},k1:{KEY_B}", "appears twice", id="duplicate-id"),
        pytest.param(f"K.1:{KEY_A}", "its id made of", id="bad-id"),
        pytest.param(f"k1:{STRONG_SECRET_AS_KEY}", "token signing secret", id="signing-secret"),
        pytest.param(f"k1:{SIGNING_SECRET_HASH}", "token signing secret", id="sha256-of-secret"),
        pytest.param(f"k1:{INDEX_KEY}", "also an encryption key", id="index-key-reused"),
    ],
)
def test_keys_that_are_malformed_weak_or_reused_are_refused_everywhere(
    keys: str, problem: str
) -> None:
    with pytest.raises(ValidationError, match=problem):
        Settings(
            environment="development",
            secret_key=STRONG_SECRET_AS_KEY,  # type: ignore[arg-type]
            encryption_keys=keys,  # type: ignore[arg-type]
            blind_index_key=INDEX_KEY,  # type: ignore[arg-type]
        )


def test_development_keeps_its_keys_in_the_data_dir(tmp_path: Path) -> None:
    first = Settings(environment="development", data_dir=tmp_path)
    again = Settings(environment="development", data_dir=tmp_path)
    assert first.key_ring == again.key_ring
    assert first.index_key == again.index_key
    for name in ("encryption_keys", "blind_index_key"):
        assert (tmp_path / name).stat().st_mode & 0o077 == 0, f"{name} readable by other users"
    assert first.index_key not in first.key_ring.keys.values()
    other = Settings(environment="development", data_dir=tmp_path / "other")
    assert other.key_ring.keys != first.key_ring.keys, "a key the same everywhere is known"


def test_keys_stay_out_of_repr() -> None:
    settings = Settings(
        encryption_keys=f"k1:{KEY_A}",  # type: ignore[arg-type]
        blind_index_key=INDEX_KEY,  # type: ignore[arg-type]
    )
    shown = repr(settings) + str(settings) + settings.model_dump_json()
    shown += repr(settings.key_ring) + repr(settings.field_cipher)
    assert KEY_A not in shown
    assert INDEX_KEY not in shown
    for key in (*settings.key_ring.keys.values(), settings.index_key):
        assert repr(key)[2:-1] not in shown


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


def test_trusted_proxies_are_read_comma_separated(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRUSTED_PROXIES", "127.10.0.0/16, 127.2.0.1 ,")
    assert Settings().trusted_proxies == ["127.10.0.0/16", "127.2.0.1"]


def test_a_trusted_proxy_that_is_no_address_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRUSTED_PROXIES", "proxy.internal")
    with pytest.raises(ValidationError, match=r"proxy\.internal"):
        Settings()


def test_a_tls_certificate_needs_its_key(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="give both or neither"):
        Settings(tls_certfile=tmp_path / "localhost.crt")
