"""Answers read bounded: a compression bomb is refused before it expands, and says so."""

import gzip
import resource
import zlib
from collections.abc import Iterator

import httpx
import pytest

from labs.engine.capped import AnswerTooLarge, CappedTransport

LIMIT = 64 * 1024


def bomb(size: int, wbits: int = 16 + zlib.MAX_WBITS) -> bytes:
    """`size` zero bytes, compressed (about a thousandth of their size)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, wbits)
    block = bytes(1024 * 1024)
    parts = [packer.compress(block) for _ in range(size // len(block))]
    return b"".join([*parts, packer.flush()])


class Chunks(httpx.SyncByteStream):
    """A body as a server sends it: raw, in pieces (httpx would decode `content=` at once)."""

    def __init__(self, body: bytes) -> None:
        self.body = body

    def __iter__(self) -> Iterator[bytes]:
        for start in range(0, len(self.body), 16 * 1024):
            yield self.body[start : start + 16 * 1024]


def client(body: bytes, headers: dict[str, str], limit: int = LIMIT) -> httpx.Client:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers=headers, stream=Chunks(body))

    return httpx.Client(transport=CappedTransport(httpx.MockTransport(answer), limit))


def test_a_plain_answer_under_the_limit_is_read_as_it_is() -> None:
    with client(b'{"tags": []}', {"Content-Type": "application/json"}) as http:
        response = http.get("http://app/api/tags")
    assert response.json() == {"tags": []}
    assert response.headers["Content-Type"] == "application/json"


def test_a_compressed_answer_under_the_limit_is_decompressed() -> None:
    with client(gzip.compress(b"x" * 1000), {"Content-Encoding": "gzip"}) as http:
        response = http.get("http://app/")
    assert response.text == "x" * 1000
    assert "Content-Encoding" not in response.headers


def test_a_plain_answer_over_the_limit_is_refused() -> None:
    with client(b"x" * (LIMIT + 1), {}) as http, pytest.raises(AnswerTooLarge, match="over"):
        http.get("http://app/")


@pytest.mark.parametrize(
    ("encoding", "wbits"), [("gzip", 16 + zlib.MAX_WBITS), ("deflate", zlib.MAX_WBITS)]
)
def test_a_small_answer_that_expands_hugely_is_refused_without_growing(
    encoding: str, wbits: int
) -> None:
    body = bomb(512 * 1024 * 1024, wbits)  # 512 MiB of zeros in well under 1 MiB
    assert len(body) < LIMIT * 16
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB, the peak so far
    with (
        client(body, {"Content-Encoding": encoding}, limit=len(body) + 1) as http,
        pytest.raises(AnswerTooLarge, match="expands past"),
    ):
        http.get("http://app/")
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert grown < 64 * 1024, f"the process grew by {grown} KiB"


def test_an_encoding_the_checks_did_not_ask_for_is_refused() -> None:
    with client(b"...", {"Content-Encoding": "br"}) as http, pytest.raises(AnswerTooLarge):
        http.get("http://app/")


def test_the_checks_ask_only_for_what_they_can_bound() -> None:
    seen: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers["Accept-Encoding"])
        return httpx.Response(204)

    with httpx.Client(transport=CappedTransport(httpx.MockTransport(answer))) as http:
        http.get("http://app/")
    assert seen == ["gzip, deflate"]


def test_a_gzip_body_of_many_members_is_bounded_as_a_whole() -> None:
    member = gzip.compress(bytes(LIMIT // 2))
    with (
        client(member * 3, {"Content-Encoding": "gzip"}) as http,
        pytest.raises(AnswerTooLarge, match="expands past"),
    ):
        http.get("http://app/")
    with client(member * 2, {"Content-Encoding": "gzip"}) as http:
        assert len(http.get("http://app/").content) == LIMIT
