"""Requests that need nothing made first: health, tags in use, what is missing, what is wrong.

They are one rule, so that in a lab that also makes things they take one draw in many, not most
of them; a lab's probes are those whose endpoint it lists (and whose refusal it may ask for).
"""

from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st
from hypothesis.stateful import rule

from labs.engine.oracle.machine import Machine, endpoint


@dataclass(frozen=True)
class Probe:
    endpoint: str
    path: str  # `{ns}` is the run's namespace
    refused: str | None = None
    token: str | None = None
    content: str | None = None


PROBES = (
    Probe("GET /health", "/health"),
    Probe("GET /api/tags", "/api/tags"),
    Probe("GET /api/articles/{slug}", "/api/articles/{ns}-no-such-article", "refused"),
    Probe("GET /api/profiles/{username}", "/api/profiles/nobody-{ns}", "refused"),
    Probe("GET /api/{nowhere}", "/api/nowhere-{ns}", "refused"),
    Probe("DELETE /api/tags", "/api/tags", "refused"),
    Probe("PUT /health", "/health", "refused"),
    Probe("GET /api/user (not signed in)", "/api/user", "refused"),
    # A token is read by lab 02's regions, a body that is JSON by lab 04's: apart, so that a lab
    # that needs neither can leave them out.
    Probe("GET /api/user (bad token)", "/api/user", "refused", token="garbage"),
    Probe("GET /api/user (bad token)", "/api/user", "refused", token="a.b.c"),
    Probe("POST /api/users (broken JSON)", "/api/users", "refused", content="{"),
    Probe("POST /api/users (invalid body)", "/api/users", "invalid", content="[]"),
    Probe("POST /api/users (invalid body)", "/api/users", "invalid", content='{"user": null}'),
)


class ProbeRules(Machine):
    @endpoint(*(probe.endpoint for probe in PROBES))
    @rule(choice=st.integers(0, len(PROBES) - 1))
    def probe(self, choice: int) -> None:
        chosen = [
            probe
            for probe in PROBES
            if self.can(probe.endpoint) and (probe.refused is None or self.may(probe.refused))
        ]
        if not chosen:
            return
        probe = chosen[choice % len(chosen)]
        view = self._own_tags if probe.endpoint == "GET /api/tags" else None
        path = probe.path.replace("{ns}", self.ns)
        self.send(probe.endpoint, path, token=probe.token, content=probe.content, view=view)

    def _own_tags(self, answer: Any) -> Any:
        """The tags in use, of this run only: a server may hold others."""
        tags = answer.get("tags") if isinstance(answer, dict) else None
        if not isinstance(tags, list):
            return answer
        return {**answer, "tags": [tag for tag in tags if self.is_own_tag(tag)]}
