"""Tests here import labs' check modules: their `@check` makes a mark pytest must know."""

import pytest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "check: a lab's check (labs.engine.checks.check)")
