"""The normalisation rules, one by one: each hides what may honestly differ, and nothing else."""

import json
from typing import Any

import httpx
import pytest

from labs.engine.client import Reply
from labs.engine.oracle import normalise
from labs.engine.oracle.normalise import Ids, body, first_difference


def _reply(content: Any, status: int = 200, headers: dict[str, str] | None = None) -> Reply:
    text = content if isinstance(content, str) else json.dumps(content)
    kept = {"content-type": "application/json", **(headers or {})}
    return Reply("GET", "/", None, status, httpx.Headers(kept), text)


def test_any_token_is_a_token_but_an_empty_one_stays() -> None:
    assert body({"user": {"token": "a.b.c"}}, Ids()) == {"user": {"token": "<token>"}}
    assert body({"user": {"token": ""}}, Ids()) == {"user": {"token": ""}}
    assert body({"user": {"token": None}}, Ids()) == {"user": {"token": None}}


def test_timestamps_are_hidden_only_when_they_are_timestamps() -> None:
    article = {"createdAt": "2026-01-01T10:00:00.000Z", "updatedAt": "yesterday"}
    assert body(article, Ids()) == {"createdAt": "<timestamp>", "updatedAt": "yesterday"}
    assert body({"title": "2026-01-01T10:00:00.000Z"}, Ids()) == {
        "title": "2026-01-01T10:00:00.000Z"
    }


def test_only_a_slugs_random_suffix_is_hidden() -> None:
    assert body({"slug": "hello-world-3fa2b1"}, Ids()) == {"slug": "hello-world-<suffix>"}
    assert body({"slug": "hello-world"}, Ids()) == {"slug": "hello-world"}
    assert body({"slug": "Hello World"}, Ids()) == {"slug": "Hello World"}
    assert body({"slug": "hello-world-2"}, Ids()) == {"slug": "hello-world-2"}


def test_ids_are_named_in_the_order_each_app_shows_them() -> None:
    one, other = Ids(), Ids()
    first = body({"comments": [{"id": 7}, {"id": 9}]}, one)
    second = body({"comments": [{"id": 1041}, {"id": 1042}]}, other)
    assert first == second == {"comments": [{"id": "<id 1>"}, {"id": "<id 2>"}]}
    assert body({"comment": {"id": 9}}, one) == {"comment": {"id": "<id 2>"}}
    swapped = body({"comments": [{"id": 1042}, {"id": 1041}]}, other)
    assert swapped != first  # another order is a difference
    assert body({"id": True}, Ids()) == {"id": True}  # not an id


def test_error_messages_are_free_but_fields_and_envelope_are_not() -> None:
    errors = {"errors": {"email": ["has already been taken", "is invalid"]}}
    assert body(errors, Ids()) == {"errors": {"email": ["<message>"]}}
    assert body({"errors": {"email": "taken"}}, Ids()) == {"errors": {"email": "taken"}}
    assert body({"errors": {"email": []}}, Ids()) == {"errors": {"email": []}}
    assert body({"errors": {"email": [""]}}, Ids()) == {"errors": {"email": [""]}}


def test_everything_else_is_kept_as_it_is() -> None:
    article = {"title": "T", "tagList": ["b", "a"], "favoritesCount": 2, "author": {"bio": ""}}
    assert body(article, Ids()) == article


@pytest.mark.parametrize(
    ("reference", "learner", "where"),
    [
        (_reply({"a": 1}), _reply({"a": 1}, status=201), "status"),
        (_reply({"a": 1}), _reply('{"a": 1}', headers={"content-type": "text/plain"}), "type"),
        (_reply({"a": 1}, 401, headers={"www-authenticate": "Token"}), _reply({"a": 1}, 401), None),
        (_reply({"tags": ["a", "b"]}), _reply({"tags": ["b", "a"]}), "body.tags[0]"),
        (_reply({"a": 1}), _reply({"a": 1, "b": 2}), "body.b"),
        (_reply({"a": 1}), _reply("a=1", headers={"content-type": "application/json"}), "body"),
    ],
)
def test_what_differs_is_named(reference: Reply, learner: Reply, where: str | None) -> None:
    expected = normalise.reply(reference, Ids())
    got = normalise.reply(learner, Ids())
    if where is None:  # the header's scheme is compared, so a missing one differs
        assert first_difference(expected, got) == "www-authenticate"
    else:
        assert first_difference(expected, got) == where


def test_media_type_parameters_and_the_scheme_case_do_not_matter() -> None:
    one = _reply({"a": 1}, 401, headers={"content-type": "application/json; charset=utf-8"})
    one.headers["www-authenticate"] = "Token realm=x"
    other = _reply({"a": 1}, 401, headers={"www-authenticate": "token"})
    assert first_difference(normalise.reply(one, Ids()), normalise.reply(other, Ids())) is None


def test_an_empty_answer_is_compared_as_text() -> None:
    empty = Reply("DELETE", "/", None, 204, httpx.Headers(), "")
    assert normalise.reply(empty, Ids()) == {"status": 204, "type": None, "text": ""}
