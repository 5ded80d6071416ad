"""The socket generator reads whole answers by their content-length, and refuses unframed ones."""

import asyncio

import pytest

from loadtests.socket_generator import UnframedAnswer, read_answer, request_bytes


def reader_of(data: bytes) -> asyncio.StreamReader:
    reader = asyncio.StreamReader()
    reader.feed_data(data)
    reader.feed_eof()
    return reader


async def test_two_answers_in_a_row_are_read_one_at_a_time() -> None:
    answers = (
        b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello"
        b"HTTP/1.1 404 Not Found\r\ncontent-length: 2\r\nx-other: 1\r\n\r\n{}"
    )
    reader = reader_of(answers)
    assert await read_answer(reader) == 200
    assert await read_answer(reader) == 404
    assert reader.at_eof()


async def test_an_answer_without_content_length_is_refused() -> None:
    reader = reader_of(
        b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"
    )
    with pytest.raises(UnframedAnswer):
        await read_answer(reader)


def test_the_request_names_the_target_and_the_host() -> None:
    host, port, request = request_bytes("http://127.0.0.1:8000/api/articles?limit=20")
    assert (host, port) == ("127.0.0.1", 8000)
    assert request.startswith(b"GET /api/articles?limit=20 HTTP/1.1\r\nHost: 127.0.0.1:8000\r\n")
    assert request.endswith(b"\r\n\r\n")
