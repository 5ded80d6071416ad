"""Added to a Locust run by the scenario's test: it ends the run once every expected request ran.

The expected requests come as JSON in `COURSE_EXPECTED_REQUESTS` (a list of [method, name]).
Ending on that event, not on a run time, lets the rarest action happen however busy the
machine is; the run time given to Locust is only the bound for a scenario that never gets there.
"""

import json
import os
from typing import Any

from locust import events
from locust.env import Environment

EXPECTED = {tuple(pair) for pair in json.loads(os.environ.get("COURSE_EXPECTED_REQUESTS", "[]"))}
seen: set[tuple[str, str]] = set()


@events.init.add_listener  # type: ignore[misc,unused-ignore]
def _stop_once_all_seen(environment: Environment, **_: Any) -> None:
    def record(request_type: str, name: str, **_: Any) -> None:
        seen.add((request_type, name))
        if EXPECTED and seen >= EXPECTED and environment.runner is not None:
            environment.runner.quit()

    environment.events.request.add_listener(record)
