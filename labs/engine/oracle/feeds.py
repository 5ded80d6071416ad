"""Follows and the feeds they fill: who follows whom, who wrote what, and reading feeds then.

Drawn at random, a feed is mostly read by someone who follows nobody, or only authors who have
written nothing: an app whose feed is always empty answered as the reference did. So a writer
nobody follows is followed by another user as they write, and every change of what a feed
shows reads it: a follow or unfollow of an author with articles reads the follower's feed, an
author's new or deleted article reads each of their followers' feeds. The bookkeeping follows
the reference's answers (a follow counts once it answered 200), so a seed reads the same feeds
replayed or live.
"""

from labs.engine.oracle.machine import Article, Machine, User

# The first page, as wide as the lab's list checks: a run's feed holds a few articles at most.
FEED = "/api/articles/feed?limit=20&offset=0"
FOLLOW = "POST /api/profiles/{username}/follow"
READ = "GET /api/articles/feed"


class FeedReads(Machine):
    def read_feed(self, viewer: User) -> None:
        if self.can(READ):
            self.send(READ, FEED, token=viewer.token, who=viewer.username)

    def read_profile(self, user: User, viewer: User | None) -> None:
        if self.can("GET /api/profiles/{username}"):
            token, who = (viewer.token, viewer.username) if viewer else (None, "")
            path = f"/api/profiles/{user.username}"
            self.send("GET /api/profiles/{username}", path, token=token, who=who)

    def send_follow(self, method: str, viewer: User, user: User) -> None:
        """Follow (POST) or unfollow (DELETE), then read the profile, and the feed if it changed."""
        if viewer is user and not self.may("refused"):
            return
        path = f"/api/profiles/{user.username}/follow"
        endpoint_name = f"{method} /api/profiles/{{username}}/follow"
        answer = self.send(endpoint_name, path, token=viewer.token, who=viewer.username)
        self.read_profile(user, viewer)
        if answer.status != 200:
            return
        was = viewer in user.followers
        if method == "POST" and not was:
            user.followers.append(viewer)
        elif method == "DELETE" and was:
            user.followers.remove(viewer)
        # An unfollow of someone not followed changes no feed: nothing new to read there.
        if (method == "POST" or was) and any(article.alive for article in user.written):
            self.read_feed(viewer)

    def followers_see(self, article: Article) -> None:
        """The article was written (or deleted): its author's followers see it come (or go)."""
        author = article.author
        if article not in author.written:
            author.written.append(article)
        if article.alive and not author.followers and self.can(FOLLOW) and self.can(READ):
            reader = next((user for user in self.people if user is not author), None)
            if reader is not None:
                self.send_follow("POST", reader, author)  # which reads the reader's feed
                return
        for follower in author.followers:
            self.read_feed(follower)
