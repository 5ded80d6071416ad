"""A lab's checks service: served beside the app for the checks that need more than its URL."""

import base64
import os
from pathlib import Path

import httpx
import pytest

from graders.labs.checks_service import checks_service, service_of
from graders.labs.server import SERVER_LIMITS
from graders.sandbox import sandbox_problem
from labs.engine.catalog import get_lab
from labs.engine.client import Api
from labs.engine.inside import Inside
from labs.engine.served import ServiceError, ServiceTransport, call
from labs.engine.workspace import reference_sources, to_workspace

SOURCES = {path: to_workspace(text) for path, text in reference_sources().items()}
# Sandboxed where a sandbox can be made; elsewhere the same path, trusted.
TRUSTED = sandbox_problem() is not None


def _key() -> str:
    return base64.urlsafe_b64encode(os.urandom(32)).decode().rstrip("=")


def test_only_labs_whose_checks_need_one_have_a_service() -> None:
    assert service_of(get_lab("06")) is not None
    assert service_of(get_lab("07")) is not None
    assert service_of(get_lab("01")) is None


def test_no_service_is_started_for_a_lab_without_one(tmp_path: Path) -> None:
    with checks_service(
        get_lab("01"), tmp_path, SOURCES, limits=SERVER_LIMITS, trusted=TRUSTED
    ) as served:
        assert served is None


def test_lab_06s_service_serves_an_app_with_the_checks_keys(tmp_path: Path) -> None:
    """The checks start the app with a ring, register through it, read the sealed row from
    the service's database themselves, and have the learner's open_sealed refuse a forgery."""
    ring, index_key = f"k7:{_key()}", _key()
    with checks_service(
        get_lab("06"), tmp_path, SOURCES, limits=SERVER_LIMITS, trusted=TRUSTED
    ) as served:
        assert served is not None
        assert not served.problem
        call(served.socket, "reset")
        call(served.socket, "start", ring=ring, index_key=index_key)
        transport = ServiceTransport(served.socket)
        with httpx.Client(base_url="http://sandbox", transport=transport) as client:
            account = Api(client).register()
        database = Inside(served.database, "", "", "")
        stored = database.scalar("SELECT email FROM users WHERE username = :n", n=account.username)
        assert str(stored).startswith("v1.k7.")
        assert account.email not in str(stored)
        keys = {"k7": base64.b64encode(os.urandom(32)).decode()}
        forged = call(served.socket, "open_sealed", keys=keys, value=stored, place="users.bio:x")
        assert forged == {"raised": "Undecryptable"}
        with pytest.raises(ServiceError, match="no_such_operation"):
            call(served.socket, "no_such_operation")


def test_a_service_that_is_gone_fails_the_request_it_was_sent(tmp_path: Path) -> None:
    with pytest.raises(ServiceError, match="no answer"):
        call(str(tmp_path / "nobody.sock"), "reset")
