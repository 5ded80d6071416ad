"""A login storm cannot take every database connection: bcrypt runs with none held."""

from typing import Any

import pytest
from litestar import Litestar

from reference_app.users import routes
from tests.reference_app.conftest import Conduit


async def test_login_holds_no_database_connection_while_bcrypt_runs(
    conduit: Conduit, app: Litestar, monkeypatch: pytest.MonkeyPatch
) -> None:
    account = await conduit.register()
    pool: Any = app.state.database.engine.pool
    held_during_bcrypt: list[int] = []
    real_verify = routes.verify_password

    async def verify_and_count(password: str, password_hash: str) -> bool:
        held_during_bcrypt.append(pool.checkedout())
        return await real_verify(password, password_hash)

    monkeypatch.setattr(routes, "verify_password", verify_and_count)
    known = await conduit.login(account.email, account.password)
    unknown = await conduit.login("nobody@example.org", account.password)
    assert (known.status_code, unknown.status_code) == (200, 401), (known.text, unknown.text)
    assert held_during_bcrypt == [0, 0], "connections checked out while bcrypt ran"
