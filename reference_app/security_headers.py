"""The headers a JSON API sends with every answer, and why each one.

- `X-Content-Type-Options: nosniff`: a browser takes a JSON answer for JSON, never for a
  script or a page, even if someone gets HTML into it (an article body, say).
- `Content-Security-Policy: default-src 'none'; frame-ancestors 'none'` on the API: an API
  answer opened in a tab runs nothing, loads nothing, and cannot be framed (clickjacking).
  Not on `/docs`, whose pages run the interactive documentation's scripts.
- `Referrer-Policy: no-referrer`: links followed from the docs pages leak no URL.
- `Strict-Transport-Security` only over HTTPS: once a browser has seen it, it refuses plain
  HTTP to this host for a year, so nobody on the network can strip TLS away. Over plain
  HTTP browsers ignore it, as the standard says (an attacker there could forge or drop it).
  Behind a proxy that ends TLS, the proxy sends it: the app sees plain HTTP.

`Cache-Control: no-store` is set by the endpoints whose answers carry a token (users/routes.py
and sessions/routes.py): a shared cache or the browser's disk must not keep a credential.
"""

from litestar.datastructures import MutableScopeHeaders
from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send

HSTS = "max-age=31536000; includeSubDomains"
API_CSP = "default-src 'none'; frame-ancestors 'none'"


def security_headers_middleware(app: ASGIApp, docs_path: str = "/docs") -> ASGIApp:
    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await app(scope, receive, send)
            return
        over_https = scope.get("scheme") == "https"
        is_docs = scope["path"].startswith(docs_path)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableScopeHeaders.from_message(message)
                headers["X-Content-Type-Options"] = "nosniff"
                headers["Referrer-Policy"] = "no-referrer"
                if not is_docs:
                    headers["Content-Security-Policy"] = API_CSP
                if over_https:
                    headers["Strict-Transport-Security"] = HSTS
            await send(message)

        await app(scope, receive, send_with_headers)

    return middleware
