"""The lab engine: starters from the reference, workspaces, checks and their results."""

from labs.engine.checks import CheckFailed, check, dig, expect, expect_errors, expect_status
from labs.engine.client import Account, Api, Reply, fresh

__all__ = [
    "Account",
    "Api",
    "CheckFailed",
    "Reply",
    "check",
    "dig",
    "expect",
    "expect_errors",
    "expect_status",
    "fresh",
]
