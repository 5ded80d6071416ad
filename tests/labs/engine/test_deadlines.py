"""An in-process app that hangs fails its checks at once, as a server by URL would."""

import threading

import httpx
import pytest
from litestar import Litestar, get

from labs.engine.checks import CheckFailed
from labs.engine.client import Api
from labs.engine.deadlines import BoundedClient

RELEASE = threading.Event()


@get("/fine")
async def fine() -> dict[str, str]:
    return {"status": "ok"}


@get("/awaits-for-ever")
async def awaits_for_ever() -> None:
    import anyio

    await anyio.sleep_forever()


@get("/blocks", sync_to_thread=False)
def blocks() -> None:
    RELEASE.wait(30)  # holds the event loop itself: nothing can cancel it


@pytest.fixture(autouse=True)
def _release() -> object:
    RELEASE.clear()
    yield
    RELEASE.set()


def _client() -> BoundedClient:
    app = Litestar([fine, awaits_for_ever, blocks])
    return BoundedClient(app, seconds=0.2, grace=0.3, raise_server_exceptions=False)


def test_a_request_that_awaits_for_ever_is_answered_504_and_the_app_still_answers() -> None:
    with _client() as client:
        api = Api(client)
        reply = api.get("/awaits-for-ever")
        assert reply.status == 504
        assert "no answer within 0.2 s" in reply.text
        assert api.get("/fine").status == 200


def test_an_app_that_blocks_its_loop_fails_this_request_and_every_later_one_at_once() -> None:
    with _client() as client:
        api = Api(client)
        with pytest.raises(CheckFailed, match="ReadTimeout"):
            api.get("/blocks")
        with pytest.raises(CheckFailed, match="still stuck"):  # told before any wait
            api.get("/fine")
        RELEASE.set()


def test_answers_in_time_pass_through_untouched() -> None:
    with _client() as client:
        response = client.get("/fine")
        assert isinstance(response, httpx.Response)
        assert response.json() == {"status": "ok"}
