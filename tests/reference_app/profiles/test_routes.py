"""Profiles: read anyone's, follow and unfollow them."""

from tests.reference_app.conftest import Conduit, errors_of, sqlite_only


async def test_a_profile_reads_anonymously_and_without_following(conduit: Conduit) -> None:
    author = await conduit.register()
    response = await conduit.client.get(f"/api/profiles/{author.username}")
    assert response.status_code == 200, response.text
    assert response.json() == {
        "profile": {"username": author.username, "bio": "", "image": "", "following": False}
    }


async def test_following_answers_200_and_shows_on_the_profile(conduit: Conduit) -> None:
    author, reader = await conduit.register(), await conduit.register()
    response = await conduit.client.post(
        f"/api/profiles/{author.username}/follow", headers=reader.headers
    )
    assert response.status_code == 200, response.text
    assert response.json()["profile"]["following"] is True
    seen = await conduit.client.get(f"/api/profiles/{author.username}", headers=reader.headers)
    assert seen.json()["profile"]["following"] is True
    anonymous = await conduit.client.get(f"/api/profiles/{author.username}")
    assert anonymous.json()["profile"]["following"] is False, "following is per viewer"


async def test_following_twice_is_the_same_as_once(conduit: Conduit) -> None:
    author, reader = await conduit.register(), await conduit.register()
    await conduit.follow(reader, author.username)
    await conduit.follow(reader, author.username)
    response = await conduit.client.delete(
        f"/api/profiles/{author.username}/follow", headers=reader.headers
    )
    assert response.status_code == 200, response.text
    assert response.json()["profile"]["following"] is False
    seen = await conduit.client.get(f"/api/profiles/{author.username}", headers=reader.headers)
    assert seen.json()["profile"]["following"] is False


@sqlite_only
async def test_an_unknown_profile_answers_404(conduit: Conduit) -> None:
    reader = await conduit.register()
    for method, path in [
        ("GET", "/api/profiles/nobody"),
        ("POST", "/api/profiles/nobody/follow"),
        ("DELETE", "/api/profiles/nobody/follow"),
    ]:
        response = await conduit.client.request(method, path, headers=reader.headers)
        assert response.status_code == 404, f"{method} {path}: {response.text}"
        assert errors_of(response) == {"profile": ["not found"]}


@sqlite_only
async def test_following_oneself_answers_422(conduit: Conduit) -> None:
    account = await conduit.register()
    response = await conduit.client.post(
        f"/api/profiles/{account.username}/follow", headers=account.headers
    )
    assert response.status_code == 422, response.text
    assert errors_of(response) == {"profile": ["cannot follow yourself"]}


@sqlite_only
async def test_following_requires_sign_in(conduit: Conduit) -> None:
    author = await conduit.register()
    response = await conduit.client.post(f"/api/profiles/{author.username}/follow")
    assert response.status_code == 401, response.text


async def test_usernames_that_differ_only_in_case_are_two_people(conduit: Conduit) -> None:
    """On every database: MariaDB's default collation alone would take them for one."""
    for number, username in enumerate(["Casey", "casey"]):
        user = {"username": username, "email": f"casey{number}@example.org", "password": "p" * 8}
        response = await conduit.client.post("/api/users", json={"user": user})
        assert response.status_code == 201, response.text
    response = await conduit.client.get("/api/profiles/casey")
    assert response.json()["profile"]["username"] == "casey"
