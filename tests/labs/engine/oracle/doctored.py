"""An API client to a correct app that changes one thing, as a wrong app would answer."""

from typing import Any

from labs.engine.client import Api, Reply


class Doctored(Api):
    """Sends what it is asked, with `sent_headers` changed, and gives back `answered`'s reply:
    a subclass overrides one of the two to pose as an app with one mistake."""

    def request(
        self,
        method: str,
        path: str,
        json: Any = None,
        token: str | None = None,
        headers: dict[str, str] | None = None,
        content: str | None = None,
    ) -> Reply:
        sent = self.sent_headers(headers)
        reply = super().request(method, path, json, token, sent, content)
        return self.answered(method, path, reply)

    def sent_headers(self, headers: dict[str, str] | None) -> dict[str, str] | None:
        return headers

    def answered(self, method: str, path: str, reply: Reply) -> Reply:
        return reply
