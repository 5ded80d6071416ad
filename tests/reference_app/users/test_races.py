"""Two people claiming one username or email at once: the loser is told which one is taken."""

import asyncio

import httpx
import pytest

from reference_app.errors import TAKEN
from tests.reference_app.conftest import errors_of


@pytest.mark.parametrize("shared", ["username", "email"])
async def test_the_losers_of_a_registration_race_hear_has_already_been_taken(
    racing_client: httpx.AsyncClient, shared: str
) -> None:
    def user(n: int) -> dict[str, str]:
        name = "racer" if shared == "username" else f"racer{n}"
        email = "racer@example.org" if shared == "email" else f"racer{n}@example.org"
        return {"username": name, "email": email, "password": "correct horse"}

    answers = await asyncio.gather(
        *(racing_client.post("/api/users", json={"user": user(n)}) for n in range(8))
    )
    statuses = sorted(answer.status_code for answer in answers)
    assert statuses == [201] + [422] * 7, [answer.text for answer in answers]
    for answer in answers:
        if answer.status_code == 422:
            assert errors_of(answer) == {shared: [TAKEN]}, answer.text
