"""Response caching as one Litestar plugin: the middleware, its store, /metrics, the hooks."""

from litestar.config.app import AppConfig
from litestar.middleware import DefineMiddleware
from litestar.plugins import InitPluginProtocol

from reference_app.caching.cache import ResponseCache, store_for
from reference_app.caching.metrics import metrics
from reference_app.caching.middleware import response_cache_middleware
from reference_app.database import Database
from reference_app.settings import Settings


class ResponseCaching(InitPluginProtocol):
    def __init__(self, settings: Settings, database: Database) -> None:
        self.settings = settings
        self.database = database

    def on_app_init(self, app_config: AppConfig) -> AppConfig:
        cache = ResponseCache(store_for(self.settings))
        app_config.state["response_cache"] = cache
        # Innermost: it needs the route (matched by then), and a hit should skip the most.
        app_config.middleware.append(DefineMiddleware(response_cache_middleware, cache=cache))
        app_config.route_handlers.append(metrics)
        app_config.on_shutdown.append(cache.close)
        self.database.after_commit.append(cache.forget_stale)
        return app_config
