"""The application factory: settings in, a ready Litestar app out."""

from datetime import timedelta

import anyio.to_thread
from litestar import Litestar, Router
from litestar.config.cors import CORSConfig
from litestar.datastructures import State
from litestar.di import Provide
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import ScalarRenderPlugin, SwaggerRenderPlugin
from litestar.openapi.spec import Components, SecurityScheme

from reference_app.access_log import access_log_middleware
from reference_app.articles.routes import router as articles_router
from reference_app.auth.dependencies import provide_optional_user, provide_user
from reference_app.auth.passwords import unknown_user_hash
from reference_app.auth.tokens import TokenConfig
from reference_app.comments.routes import router as comments_router
from reference_app.database import Database, provide_session
from reference_app.errors import EXCEPTION_HANDLERS
from reference_app.health import health
from reference_app.profiles.routes import router as profiles_router
from reference_app.settings import Settings
from reference_app.users.routes import router as users_router

DOCS_PATH = "/docs"


def create_app(settings: Settings | None = None) -> Litestar:
    settings = settings or Settings()
    database = Database(settings.database_url)
    token_config = TokenConfig(
        key=settings.signing_key,
        issuer=settings.token_issuer,
        audience=settings.token_audience,
        lifetime=timedelta(minutes=settings.token_lifetime_minutes),
    )

    async def warm_up() -> None:
        # Computed once here, not inside the first login with an unknown email.
        await anyio.to_thread.run_sync(unknown_user_hash, settings.bcrypt_rounds)

    api = Router(
        path="/api",
        route_handlers=[users_router, profiles_router, articles_router, comments_router],
    )
    return Litestar(
        route_handlers=[api, health],
        state=State({"settings": settings, "database": database, "token_config": token_config}),
        dependencies={
            "session": Provide(provide_session),
            "optional_user": Provide(provide_optional_user),
            "user": Provide(provide_user),
        },
        exception_handlers=EXCEPTION_HANDLERS,  # type: ignore[arg-type]
        cors_config=CORSConfig(allow_origins=settings.cors_origins, max_age=3600),
        openapi_config=_openapi_config(),
        middleware=[access_log_middleware],
        on_startup=[warm_up],
        on_shutdown=[database.dispose],
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
        security=[{"Token": []}],
    )
