"""Single flight: requests for one cold key wait for one computation of it."""

import asyncio

import pytest

from reference_app.caching.single_flight import SingleFlight


async def test_callers_of_a_running_key_share_one_computation() -> None:
    flight: SingleFlight[str] = SingleFlight()
    release = asyncio.Event()
    runs = 0

    async def work() -> str:
        nonlocal runs
        runs += 1
        await release.wait()
        return "answer"

    calls = [asyncio.create_task(flight.run("k", work)) for _ in range(10)]
    await asyncio.sleep(0)  # let every call reach the flight
    release.set()
    results = await asyncio.gather(*calls)
    assert runs == 1, f"the work ran {runs} times for one key"
    assert [answer for answer, _ in results] == ["answer"] * 10
    assert sum(led for _, led in results) == 1, "exactly one caller leads"
    assert len(flight) == 0, "a finished key is forgotten"


async def test_different_keys_do_not_wait_for_each_other() -> None:
    flight: SingleFlight[str] = SingleFlight()
    blocked = asyncio.Event()

    async def slow() -> str:
        await blocked.wait()
        return "slow"

    async def fast() -> str:
        return "fast"

    slow_call = asyncio.create_task(flight.run("a", slow))
    await asyncio.sleep(0)
    assert await flight.run("b", fast) == ("fast", True)
    blocked.set()
    assert await slow_call == ("slow", True)


async def test_when_the_leader_fails_the_followers_get_nothing_and_the_key_is_free() -> None:
    flight: SingleFlight[str] = SingleFlight()
    release = asyncio.Event()

    async def failing() -> str:
        await release.wait()
        raise RuntimeError("the database went away")

    leader = asyncio.create_task(flight.run("k", failing))
    await asyncio.sleep(0)
    follower = asyncio.create_task(flight.run("k", failing))
    await asyncio.sleep(0)
    release.set()
    with pytest.raises(RuntimeError):
        await leader
    assert await follower == (None, False), "a follower should run the work itself, not fail"
    assert len(flight) == 0
