"""The checks' client: a server answering in an unexpected shape gets a verdict, never a crash.

A fake transport (httpx.MockTransport) answers each request in one odd shape: text, a JSON
list, an object without the key, a key holding the wrong kind of value, or no answer at all.
Every public and hidden check of labs 01-03 is then run against it: each must end in a
CheckFailed (sent, expected, got, hint), never in another exception, which a learner would see
as "the check itself could not run" with a traceback.
"""

import importlib.util
import inspect
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

from labs.engine.checks import CheckFailed, expect_object, expect_objects
from labs.engine.client import Api

LABS = Path(__file__).resolve().parents[3] / "labs"
SWEPT = ("lab01_server", "lab03_database", "lab04_contract")

Answer = Callable[[httpx.Request], httpx.Response]
ODD_OBJECT = {
    "user": {"token": ["not", "text"]},
    "article": {"slug": 7},
    "articles": 5,
    "articlesCount": "many",
    "comment": ["body"],
    "comments": ["one", 2, None],
    "tags": {"a": 1},
    "profile": "someone",
    "errors": {"title": {"nested": True}, "body": "text", "email": 3},
    "status": ["ok"],
}


def _status(request: httpx.Request) -> int:
    """The status a check would hope for, so that odd bodies get past the status checks."""
    if request.method == "POST" and request.url.path in ("/api/users", "/api/articles"):
        return 201
    return 204 if request.method == "DELETE" else 200


def _answer(body: bytes, content_type: str) -> Answer:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            _status(request), content=body, headers={"content-type": content_type}
        )

    return answer


def _hang_up(request: httpx.Request) -> httpx.Response:
    raise httpx.RemoteProtocolError(
        "server disconnected without sending a response", request=request
    )


def _after_setup(odd: Answer) -> Answer:
    """Registering and publishing work; everything after answers oddly (to reach deeper code)."""

    def answer(request: httpx.Request) -> httpx.Response:
        name = f"user{len(request.content)}"
        if request.method == "POST" and request.url.path == "/api/users":
            user = {"username": name, "email": f"{name}@example.org", "token": "t"}
            return httpx.Response(201, json={"user": user})
        if request.method == "POST" and request.url.path == "/api/articles":
            return httpx.Response(201, json={"article": {"slug": name, "title": name}})
        return odd(request)

    return answer


ODD: dict[str, Answer] = {
    "text": _answer(b"ok", "text/plain"),
    "empty": _answer(b"", "application/json"),
    "not-json": _answer(b"{'user': ", "application/json"),
    "list": _answer(b"[]", "application/json"),
    "list-of-lists": _answer(b"[[1, 2], {}]", "application/json"),
    "empty-object": _answer(b"{}", "application/json"),
    "string": _answer(b'"user"', "application/json"),
    "null": _answer(b"null", "application/json"),
    "odd-values": _answer(httpx.Response(200, json=ODD_OBJECT).content, "application/json"),
    "hangs-up": _hang_up,
}
SHAPES = {**ODD, **{f"{name}-after-setup": _after_setup(answer) for name, answer in ODD.items()}}


def _api(answer: Answer) -> Iterator[Api]:
    with httpx.Client(
        base_url="http://127.0.0.1:1", transport=httpx.MockTransport(answer)
    ) as client:
        yield Api(client)


@pytest.fixture(params=list(ODD), ids=list(ODD))
def odd_api(request: pytest.FixtureRequest) -> Iterator[Api]:
    yield from _api(ODD[request.param])


def test_register_on_an_odd_answer_is_a_verdict(odd_api: Api) -> None:
    with pytest.raises(CheckFailed) as failed:
        odd_api.register()
    assert failed.value.sent.startswith("POST /api/users")
    assert failed.value.expected
    assert failed.value.got


def test_create_article_on_an_odd_answer_is_a_verdict(odd_api: Api) -> None:
    author = odd_api.new_account()
    with pytest.raises(CheckFailed) as failed:
        odd_api.create_article(author)
    assert failed.value.sent.startswith("POST /api/articles")


def test_a_server_that_hangs_up_is_a_verdict_saying_so() -> None:
    for api in _api(_hang_up):
        with pytest.raises(CheckFailed) as failed:
            api.get("/health")
        assert failed.value.expected == "an HTTP answer"
        assert "RemoteProtocolError" in failed.value.got


def test_well_shaped_answers_are_read() -> None:
    user = {"username": "u", "email": "u@example.org", "token": "t"}
    article = {"slug": "s", "title": "T"}
    body = {"user": user, "article": article, "comments": [{"id": 1}]}
    for api in _api(_answer(httpx.Response(200, json=body).content, "application/json")):
        assert api.register().token == "t"
        assert api.create_article(api.new_account())["slug"] == "s"
        reply = api.get("/api/articles/s/comments")
        assert expect_objects(reply, "comments", hint="") == [{"id": 1}]
        assert expect_object(reply, "user", hint="") == user
        with pytest.raises(CheckFailed, match=r"a JSON object at \['comments'\]"):
            expect_object(reply, "comments", hint="")


def _module(path: Path) -> ModuleType:
    # By its package name, so that a check module's relative imports (`from .named import ...`)
    # resolve as they do when the engine collects it.
    dotted = path.relative_to(LABS.parent).with_suffix("").parts
    return importlib.import_module(".".join(dotted))


def _checks() -> list[tuple[str, Callable[..., Any]]]:
    found = []
    for lab in SWEPT:
        for path in sorted((LABS / lab).glob("*/test_*.py")):
            for name, function in vars(_module(path)).items():
                if name.startswith("test_") and callable(function):
                    found.append((f"{lab}:{name}", function))
    return found


CHECKS = _checks()


@pytest.mark.parametrize("shape", list(SHAPES))
@pytest.mark.parametrize(("name", "function"), CHECKS, ids=[name for name, _ in CHECKS])
def test_every_check_of_labs_01_to_03_gives_a_verdict_on_odd_answers(
    name: str, function: Callable[..., Any], shape: str
) -> None:
    if list(inspect.signature(function).parameters) != ["api"]:
        pytest.skip("needs more than the API (insides, the reference): a fake transport has none")
    verdict: CheckFailed | None = None
    for api in _api(SHAPES[shape]):
        try:
            function(api)
        except CheckFailed as failed:
            verdict = failed
    # Passing is no crash either (a check of headers may pass on any body); any other exception
    # fails this test with the check's traceback.
    assert verdict is None or verdict.got, name
