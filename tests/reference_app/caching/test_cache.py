"""Which store the settings choose, and that tests keep the cache off unless they ask."""

from pathlib import Path

from reference_app.caching.cache import store_for
from reference_app.caching.redis_store import RedisStore
from reference_app.caching.stores import MemoryStore
from reference_app.settings import Settings


def settings(tmp_path: Path, **values: object) -> Settings:
    return Settings(environment="development", data_dir=tmp_path, **values)  # type: ignore[arg-type]


def test_one_worker_keeps_its_cache_in_process(tmp_path: Path) -> None:
    store = store_for(settings(tmp_path, cache_max_entries=5))
    assert isinstance(store, MemoryStore)
    assert store.max_entries == 5


def test_several_workers_without_redis_cache_nothing(tmp_path: Path) -> None:
    assert store_for(settings(tmp_path, workers=2)) is None


def test_a_redis_url_gives_the_shared_store(tmp_path: Path) -> None:
    url = "redis://127.0.0.1:6379/0"
    store = store_for(settings(tmp_path, workers=4, redis_url=url, cache_key_prefix="blog:"))
    assert isinstance(store, RedisStore)
    assert store.prefix == "blog:"


def test_the_cache_is_off_in_tests_and_when_turned_off(tmp_path: Path) -> None:
    assert store_for(Settings(environment="test", data_dir=tmp_path)) is None
    assert store_for(settings(tmp_path, response_cache=False)) is None
    assert (
        store_for(Settings(environment="test", data_dir=tmp_path, response_cache=True)) is not None
    )
