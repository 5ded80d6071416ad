"""The course's reference backend: the RealWorld "Conduit" API on Litestar and SQLModel."""

from reference_app.app import create_app
from reference_app.settings import Settings

__all__ = ["Settings", "create_app"]
