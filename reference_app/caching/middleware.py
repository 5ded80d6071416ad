"""The cache at the route: answers anonymous reads from the store, and validates every answer.

It runs after routing, so it knows the route's handler (and whether it is marked `cached`) and
its path parameters, but before the handler's dependencies: a hit costs no database session,
no token check and no serialisation. Every 200 of a marked route carries an ETag, and one the
client already has is answered `304 Not Modified`, cached or not.

Until every region of lab 08 is written (the course's starter raises NotImplementedError in
them), a marked route is answered as if there were no cache: the cache may make answers
faster, never different.
"""

from dataclasses import dataclass

from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from reference_app.caching.cache import ResponseCache
from reference_app.caching.entries import Entry
from reference_app.caching.etags import client_has
from reference_app.caching.families import CACHE_OPT, entry_key, versions_shown

# Anonymous: any cache may keep the answer, but must ask us (with its ETag) before reusing it,
# since a write may change it at any moment; the question costs a 304, not a body.
ANONYMOUS = b"no-cache"
# Signed in: the answer holds this reader's own flags (favorited, following), so only their
# own browser may keep it, and it too must ask first.
SIGNED_IN = b"private, no-cache"
# The same URL answers differently with and without a token: caches must key on it.
VARY = (b"vary", b"Authorization")


@dataclass(slots=True)
class Captured:
    """A response as the handler sent it, held back to be tagged or replayed."""

    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes

    def content_type(self) -> bytes:
        return next((v for k, v in self.headers if k == b"content-type"), b"application/json")


def response_cache_middleware(app: ASGIApp, cache: ResponseCache) -> ASGIApp:
    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        family = None
        if scope["type"] == ScopeType.HTTP and scope["method"] == "GET":
            family = scope["route_handler"].opt.get(CACHE_OPT)
        if family is None:
            await app(scope, receive, send)
            return
        try:
            await _answer(app, cache, family, scope, receive, send)
        except NotImplementedError:
            # A region not written yet, met before anything was sent (every region runs before
            # the answer starts): the handler answers alone. At worst it ran once already, for
            # a read, which changes nothing.
            await app(scope, receive, send)

    return middleware


async def _answer(
    app: ASGIApp, cache: ResponseCache, family: str, scope: Scope, receive: Receive, send: Send
) -> None:
    """Answer a marked route: from the store when anonymous, and validated either way."""
    signed_in, if_none_match = _request_headers(scope)
    store = cache.store
    if signed_in or store is None:
        # Never cached: a signed-in answer is this reader's own (see families.py).
        answer = await _run(app, scope, receive)
        await _send(send, answer, if_none_match, signed_in=signed_in)
        return

    versions = await store.versions(versions_shown(family, scope["path_params"]))
    key = entry_key(family, versions, scope["path"], scope["query_string"])
    entry = await store.get(key)
    if entry is not None:
        cache.counters.hits[family] += 1
        await _send_entry(send, entry, if_none_match, cache=cache, family=family)
        return

    cache.counters.misses[family] += 1
    captured: Captured | None = None

    async def fill() -> Entry | None:
        nonlocal captured
        captured = await _run(app, scope, receive)
        if captured.status != 200:
            return None  # errors and not-found are not kept: a write may create the article
        entry = Entry.of(captured.body, captured.content_type())
        await store.put(key, entry)  # under the versions read *before* the queries ran
        return entry

    entry, led = await cache.flight.run(key, fill)
    if not led:
        cache.counters.shared[family] += 1
    if entry is not None:
        await _send_entry(send, entry, if_none_match, cache=cache, family=family)
        return
    if captured is None:  # a follower whose leader had nothing to share: run it here
        captured = await _run(app, scope, receive)
    await _send(send, captured, if_none_match)


def _request_headers(scope: Scope) -> tuple[bool, str | None]:
    """Whether the request carries a token, and its If-None-Match."""
    # --- lab 08: read_request ---
    signed_in, if_none_match = False, None
    for name, value in scope["headers"]:  # ASGI gives header names in lower case
        if name == b"authorization":
            signed_in = True
        elif name == b"if-none-match":
            if_none_match = value.decode("latin-1")
    return signed_in, if_none_match
    # --- end lab 08: read_request ---


async def _run(app: ASGIApp, scope: Scope, receive: Receive) -> Captured:
    """Run the handler, holding its response back."""
    captured = Captured(500, [], b"")
    chunks: list[bytes] = []

    async def keep(message: Message) -> None:
        if message["type"] == "http.response.start":
            captured.status = message["status"]
            captured.headers = list(message.get("headers", []))
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, receive, keep)
    captured.body = b"".join(chunks)
    return captured


async def _send(
    send: Send, captured: Captured, if_none_match: str | None, *, signed_in: bool = False
) -> None:
    """A 200 tagged and validated like a cached one; anything else as the handler sent it."""
    if captured.status == 200:
        entry = Entry.of(captured.body, captured.content_type())
        await _send_entry(send, entry, if_none_match, signed_in=signed_in)
        return
    await send(
        {"type": "http.response.start", "status": captured.status, "headers": captured.headers}
    )
    await send({"type": "http.response.body", "body": captured.body, "more_body": False})


def _validators(entry: Entry, *, signed_in: bool) -> list[tuple[bytes, bytes]]:
    """The headers every answer of a marked route carries, a 304 as much as a 200."""
    # --- lab 08: validators ---
    control = SIGNED_IN if signed_in else ANONYMOUS
    return [(b"etag", entry.etag.encode()), (b"cache-control", control), VARY]
    # --- end lab 08: validators ---


async def _send_entry(
    send: Send,
    entry: Entry,
    if_none_match: str | None,
    *,
    signed_in: bool = False,
    cache: ResponseCache | None = None,
    family: str = "",
) -> None:
    headers = _validators(entry, signed_in=signed_in)
    # --- lab 08: not_modified ---
    if client_has(if_none_match, entry.etag):
        if cache is not None:
            cache.counters.not_modified[family] += 1
        # 304: no body, no content headers; the validators tell the client its copy is current.
        await send({"type": "http.response.start", "status": 304, "headers": headers})
        await send({"type": "http.response.body", "body": b"", "more_body": False})
        return
    # --- end lab 08: not_modified ---
    headers += [
        (b"content-type", entry.content_type),
        (b"content-length", str(len(entry.body)).encode()),
    ]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": entry.body, "more_body": False})
