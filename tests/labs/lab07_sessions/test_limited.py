"""The limit checks' apps: one kept per settings, until a check moves its clock."""

from typing import Any

import httpx
import pytest

from labs.engine.client import Api
from labs.lab07_sessions.checks.limited import Limited, LimitedApps
from labs.lab07_sessions.checks.service import MovingClock


@pytest.fixture
def apps(monkeypatch: pytest.MonkeyPatch) -> LimitedApps:
    """LimitedApps whose builds make a stand-in app (no workspace needed), one per call."""
    made = LimitedApps()

    def build(settings: dict[str, Any]) -> Limited:
        return Limited(Api(httpx.Client()), MovingClock())

    monkeypatch.setattr(made, "_build", build)
    return made


def test_the_same_settings_get_the_same_app(apps: LimitedApps) -> None:
    with apps.app(trusted_proxies=["127.9.0.0/24"], sign_in_window_seconds=60) as first:
        pass
    with apps.app(sign_in_window_seconds=60, trusted_proxies=["127.9.0.0/24"]) as again:
        assert again is first


def test_other_settings_get_another_app(apps: LimitedApps) -> None:
    with apps.app(sign_in_window_seconds=60) as first:
        pass
    with apps.app(sign_in_window_seconds=61) as other:
        assert other is not first


def test_an_app_whose_clock_moved_is_not_given_again(apps: LimitedApps) -> None:
    with apps.app(sign_in_window_seconds=60) as first:
        first.clock.advance(1)
    with apps.app(sign_in_window_seconds=60) as then:
        assert then is not first
        assert isinstance(then.clock, MovingClock)
        assert not then.clock.moved
