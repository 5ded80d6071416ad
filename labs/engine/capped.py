"""An HTTP transport that reads at most so many bytes of an answer, decompressed or not.

The checks read what a learner's server answers; when grading, that server is hostile code.
A few kilobytes of gzip can expand to gigabytes, so an answer is decompressed here, bounded,
instead of by httpx (which would expand all of it): past `limit` bytes, before or after
decompression, the request fails with AnswerTooLarge, and the rest is never read.
"""

import zlib

import httpx

LIMIT_BYTES = 2 * 1024 * 1024  # far more than any check's answer
ENCODINGS = {"gzip": 16 + zlib.MAX_WBITS, "x-gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS}
ASKED = "gzip, deflate"


class AnswerTooLarge(httpx.DecodingError):
    """The answer was over the limit, or compressed in a way the checks did not ask for."""


def _decompress(data: bytes, encoding: str, limit: int, request: httpx.Request) -> bytes:
    if encoding not in ENCODINGS:
        raise AnswerTooLarge(f"the answer is encoded as {encoding!r}, not {ASKED}", request=request)
    wbits = ENCODINGS[encoding]
    if encoding == "deflate" and data[:1] and data[0] & 0x0F != 8:
        wbits = -zlib.MAX_WBITS  # raw deflate, without the zlib header, as some servers send
    out = bytearray()
    rest = data
    # A gzip body may hold several members one after the other: each is read, all bounded.
    while rest:
        try:
            inflater = zlib.decompressobj(wbits)
            out += inflater.decompress(rest, limit + 1 - len(out))
        except zlib.error as error:
            damaged = f"the answer's {encoding} body is damaged: {error}"
            raise AnswerTooLarge(damaged, request=request) from error
        if len(out) > limit or inflater.unconsumed_tail:
            raise AnswerTooLarge(
                f"the answer expands past {limit} bytes once decompressed ({encoding}): "
                "no check needs that much",
                request=request,
            )
        rest = inflater.unused_data if wbits == ENCODINGS["gzip"] else b""
    return bytes(out)


class CappedTransport(httpx.BaseTransport):
    """Wraps a transport; every answer is read whole, bounded, and handed on decompressed."""

    def __init__(self, inner: httpx.BaseTransport, limit: int = LIMIT_BYTES) -> None:
        self.inner = inner
        self.limit = limit

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.headers["Accept-Encoding"] = ASKED
        response = self.inner.handle_request(request)
        raw = bytearray()
        try:
            for chunk in response.stream:  # type: ignore[union-attr]  # a SyncByteStream here
                raw += chunk
                if len(raw) > self.limit:
                    raise AnswerTooLarge(
                        f"the answer is over {self.limit} bytes: no check needs that much",
                        request=request,
                    )
        finally:
            response.close()
        body = bytes(raw)
        encodings = response.headers.get("Content-Encoding", "identity")
        for encoding in reversed([e.strip().lower() for e in encodings.split(",")]):
            if encoding and encoding != "identity":
                body = _decompress(body, encoding, self.limit, request)
        kept = [
            (name, value)
            for name, value in response.headers.multi_items()
            if name.lower() not in ("content-encoding", "content-length", "transfer-encoding")
        ]
        return httpx.Response(
            response.status_code,
            headers=[*kept, ("Content-Length", str(len(body)))],
            content=body,
            extensions=response.extensions,
        )

    def close(self) -> None:
        self.inner.close()
