"""The application factory: settings in, a ready Litestar app out."""

import os
from datetime import timedelta

import anyio.to_thread
from litestar import Litestar, Router
from litestar.config.cors import CORSConfig
from litestar.datastructures import State
from litestar.di import Provide
from litestar.middleware import DefineMiddleware
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import ScalarRenderPlugin, SwaggerRenderPlugin
from litestar.openapi.spec import Components, SecurityScheme

from reference_app.access_log import access_log_middleware
from reference_app.articles.routes import router as articles_router
from reference_app.auth.dependencies import provide_optional_user, provide_user
from reference_app.auth.passwords import unknown_user_hash
from reference_app.auth.tokens import TokenConfig
from reference_app.caching import ResponseCaching
from reference_app.comments.routes import router as comments_router
from reference_app.database import Database, provide_session
from reference_app.errors import EXCEPTION_HANDLERS
from reference_app.head_size import head_size_middleware
from reference_app.health import health
from reference_app.incoming import refuse_nul_in_url
from reference_app.profiles.routes import router as profiles_router
from reference_app.request_deadline import body_deadline_middleware
from reference_app.retries import retry_middleware
from reference_app.security_headers import security_headers_middleware
from reference_app.sessions.config import session_config
from reference_app.sessions.routes import router as sessions_router
from reference_app.sessions.sign_in_limits import sign_in_limits
from reference_app.settings import Settings
from reference_app.users.routes import router as users_router

DOCS_PATH = "/docs"
# The API's routes, made once per process: Litestar registers a router on an app by copying it
# deeply (so that one router may serve several apps), and a router made in create_app would
# copy the five below again for every app built (the labs' checks build several per run).
API = Router(
    path="/api",
    route_handlers=[
        users_router,
        sessions_router,
        profiles_router,
        articles_router,
        comments_router,
    ],
)


def bcrypt_threads() -> int:
    """How many passwords are hashed or checked at once: one per CPU this process may use."""
    return max(2, len(os.sched_getaffinity(0)))


def create_app(settings: Settings | None = None) -> Litestar:
    settings = settings or Settings()
    # Production waits for the disk on every commit; see Database for what the others risk.
    database = Database(
        settings.database_url,
        durable=settings.environment == "production",
        cipher=settings.field_cipher,
    )
    token_config = TokenConfig(
        key=settings.signing_key,
        issuer=settings.token_issuer,
        audience=settings.token_audience,
        lifetime=timedelta(minutes=settings.token_lifetime_minutes),
    )

    async def warm_up() -> None:
        # The worker threads run bcrypt, and nothing else of this app: one per CPU. With
        # anyio's default of 40, a login storm runs 40 hashes at once on a few CPUs, and
        # the event loop and the database driver's threads starve for CPU behind them.
        anyio.to_thread.current_default_thread_limiter().total_tokens = bcrypt_threads()
        # Computed once here, not inside the first login with an unknown email.
        await anyio.to_thread.run_sync(unknown_user_hash, settings.bcrypt_rounds)

    return Litestar(
        route_handlers=[API, health],
        state=State(
            {
                "settings": settings,
                "database": database,
                "token_config": token_config,
                "sessions": session_config(settings),
                "sign_in_limits": sign_in_limits(settings),
            }
        ),
        dependencies={
            "session": Provide(provide_session),
            "optional_user": Provide(provide_optional_user),
            "user": Provide(provide_user),
        },
        exception_handlers=EXCEPTION_HANDLERS,  # type: ignore[arg-type]
        cors_config=CORSConfig(allow_origins=settings.cors_origins, max_age=3600),
        openapi_config=_openapi_config(),
        # Outermost first: the log sees the final answer, the deadline the client's real pace.
        middleware=[
            access_log_middleware,
            DefineMiddleware(security_headers_middleware, docs_path=DOCS_PATH),
            head_size_middleware,
            DefineMiddleware(body_deadline_middleware, seconds=settings.body_timeout_seconds),
            retry_middleware,
        ],
        before_request=refuse_nul_in_url,
        on_startup=[warm_up],
        on_shutdown=[database.dispose],
        plugins=[ResponseCaching(settings, database)],
        logging_config=None,  # the server's entry point configures logging
        debug=False,  # never send a traceback to a client
    )


def _openapi_config() -> OpenAPIConfig:
    return OpenAPIConfig(
        title="Conduit API",
        version="1.0.0",
        description="The RealWorld Conduit API, as implemented by the course's reference backend.",
        path=DOCS_PATH,
        render_plugins=[SwaggerRenderPlugin(path="/"), ScalarRenderPlugin(path="/scalar")],
        components=Components(
            security_schemes={
                "Token": SecurityScheme(
                    type="apiKey",
                    name="Authorization",
                    security_scheme_in="header",
                    description="`Token <jwt>`, as returned by login and registration.",
                )
            }
        ),
        # No `security` here: each endpoint says whether it needs a token (see openapi.py).
    )
