"""The app with its response cache on, in this process or in the Redis of this machine."""

import uuid
from collections.abc import Iterator

import pytest
import redis
from litestar import Litestar

from reference_app.app import create_app
from reference_app.caching import ResponseCache
from reference_app.caching.redis_store import RedisStore
from reference_app.settings import Settings

REDIS_URL = "redis://127.0.0.1:6379/0"


def redis_answers() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


@pytest.fixture
def redis_prefix() -> Iterator[str]:
    """A key prefix of this test's own in the machine's Redis, deleted afterwards."""
    if not redis_answers():
        pytest.skip(f"Redis does not answer at {REDIS_URL}")
    prefix = f"test:{uuid.uuid4().hex}:"
    yield prefix
    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(match=f"{prefix}*"):
        client.delete(key)
    client.close()


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"response_cache": True})


@pytest.fixture(params=["memory", "redis"])
def store_kind(request: pytest.FixtureRequest) -> str:
    kind: str = request.param
    return kind


@pytest.fixture
def app(settings: Settings, store_kind: str, request: pytest.FixtureRequest) -> Litestar:
    """A fresh app (the parent fixture reuses apps, and their caches, across tests)."""
    app = create_app(settings)
    if store_kind == "redis":
        prefix = request.getfixturevalue("redis_prefix")
        cache(app).store = RedisStore(REDIS_URL, settings.cache_ttl_seconds, prefix=prefix)
    return app


def cache(app: Litestar) -> ResponseCache:
    response_cache: ResponseCache = app.state.response_cache
    return response_cache
