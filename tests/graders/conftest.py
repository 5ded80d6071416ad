"""Fixtures of the graders' tests."""

from tests.graders.loopback import listener

__all__ = ["listener"]
