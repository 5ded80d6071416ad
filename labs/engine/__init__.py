"""The lab engine: starters from the reference, workspaces, checks and their results.

What checks are written with is importable from here. It is loaded on first use, so that
the `course` command, which imports `labs.engine.cli`, does not pay for pytest and httpx.
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from labs.engine.checks import (
        CheckFailed,
        check,
        dig,
        expect,
        expect_errors,
        expect_object,
        expect_objects,
        expect_status,
    )
    from labs.engine.client import Account, Api, Reply, fresh
    from labs.engine.inside import Inside

_HOMES = {
    "Account": "labs.engine.client",
    "Api": "labs.engine.client",
    "CheckFailed": "labs.engine.checks",
    "Inside": "labs.engine.inside",
    "Reply": "labs.engine.client",
    "check": "labs.engine.checks",
    "dig": "labs.engine.checks",
    "expect": "labs.engine.checks",
    "expect_errors": "labs.engine.checks",
    "expect_object": "labs.engine.checks",
    "expect_objects": "labs.engine.checks",
    "expect_status": "labs.engine.checks",
    "fresh": "labs.engine.client",
}

__all__ = [
    "Account",
    "Api",
    "CheckFailed",
    "Inside",
    "Reply",
    "check",
    "dig",
    "expect",
    "expect_errors",
    "expect_object",
    "expect_objects",
    "expect_status",
    "fresh",
]


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(_HOMES[name]), name)
