"""Following, as the checks do it: through the API, and read back through a profile."""

from labs.engine import Account, Api, Reply, dig, expect_status


def follow(api: Api, follower: Account, followee: Account) -> Reply:
    reply = api.post(f"/api/profiles/{followee.username}/follow", token=follower.token)
    expect_status(reply, 200, "follow must store who follows whom, and answer 200")
    return reply


def unfollow(api: Api, follower: Account, followee: Account) -> Reply:
    return api.delete(f"/api/profiles/{followee.username}/follow", token=follower.token)


def profile(api: Api, viewer: Account, author: Account) -> tuple[Reply, object]:
    """The author's profile as the viewer sees it, and its "following"."""
    reply = api.get(f"/api/profiles/{author.username}", token=viewer.token)
    return reply, dig(reply.body, "profile", "following")
