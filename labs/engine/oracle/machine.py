"""The state machine the operations share: the things a run made, its names, how it reads back.

A run only ever touches what it made itself: every username, email, title and tag carries the
run's namespace (random letters per run, then the number of the sequence), lists are filtered
by the run's own authors and tags, and the tags in use are intersected with the run's own. So a
server that holds earlier data, or serves other checks at the same time, compares cleanly.
"""

import itertools
import os
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Executor
from dataclasses import dataclass, field
from typing import Any, ClassVar, TypeVar

from hypothesis import assume
from hypothesis.stateful import Bundle, RuleBasedStateMachine

from labs.engine.client import Api
from labs.engine.oracle.exchange import Answer, Divergence, Exchange, Side
from labs.engine.oracle.transcripts import Recording, Replay

F = TypeVar("F", bound=Callable[..., Any])


NAMES = ("ada", "bo", "cy")
# Sequences tried to shrink a difference, at most: a bound on time that keeps runs replayable
# (a clock would not), and far more than most differences need. COURSE_ORACLE_SHRINKS sets another
# (0: tell the first difference as found; what needs only the verdict, the test matrix and the
# mutation bench, saves the time).
SHRINK_SEQUENCES = 500
SHRINKS_ENV = "COURSE_ORACLE_SHRINKS"


def shrink_budget() -> int:
    """How many sequences shrinking may try: COURSE_ORACLE_SHRINKS, or SHRINK_SEQUENCES."""
    return int(os.environ.get(SHRINKS_ENV, SHRINK_SEQUENCES))


# The kinds of refusal an operation may ask for, each answered by other regions: a lab asks
# only for those its own regions (or the labs it needs) answer.
#   invalid:   invalid or conflicting input, 422 (lab 04's validation and "taken" checks)
#   refused:   401, 404, 405, and 422 from a handler (lab 01's error handler)
#   forbidden: 403, changing what another user wrote (lab 05's ownership check)
REFUSALS = frozenset({"invalid", "refused", "forbidden"})


@dataclass(eq=False)
class Held:
    """A session as its client holds it: an access token and the refresh tokens, per side."""

    access: dict[Side, str]
    refresh: dict[Side, str]
    used: dict[Side, str] = field(default_factory=dict)  # the refresh token traded last


@dataclass(eq=False)
class User:
    username: str
    email: str
    password: str
    tokens: dict[Side, str] = field(default_factory=dict)
    # The sessions this user signed in for (oracle/sessions.py), oldest first.
    sessions: list["Held"] = field(default_factory=list)
    # Who follows this user and what they wrote, in order (oracle/feeds.py): where feeds show it.
    followers: list["User"] = field(default_factory=list)
    written: list["Article"] = field(default_factory=list)

    def token(self, side: Side) -> str:
        return self.tokens[side]

    def __repr__(self) -> str:
        return self.username


@dataclass(eq=False)
class Article:
    title: str
    author: User
    slugs: dict[Side, str]
    alive: bool = True

    def path(self, suffix: str = "") -> Callable[[Side], str]:
        return lambda side: f"/api/articles/{self.slugs[side]}{suffix}"

    def __repr__(self) -> str:
        return f"article {self.title!r}"


@dataclass(eq=False)
class Comment:
    article: Article
    author: User
    ids: dict[Side, int]
    alive: bool = True

    def __repr__(self) -> str:
        return f"comment by {self.author.username}"


USERS: Bundle[User] = Bundle("users")
ARTICLES: Bundle[Article] = Bundle("articles")
COMMENTS: Bundle[Comment] = Bundle("comments")


class TooSlow(Exception):
    """The run went past its time: the app answers too slowly to be compared in time."""

    def __init__(self, requests: int) -> None:
        super().__init__(f"{requests} requests answered before the oracle's time ran out")
        self.requests = requests


def endpoint(*names: str, refused: str | None = None) -> Callable[[F], F]:
    """Mark a rule with the endpoints it exercises: a lab runs the rules of its endpoints.

    A rule whose requests are all `refused` (one of REFUSALS) runs only in labs whose
    operations may ask for that kind of refusal.
    """

    def mark(rule: F) -> F:
        rule.oracle_endpoints = names  # type: ignore[attr-defined]
        rule.oracle_refused = refused  # type: ignore[attr-defined]
        return rule

    return mark


class Machine(RuleBasedStateMachine):
    """What every operation may use; a lab's machine is built by `machine_for`."""

    reference: ClassVar[Api | Replay]  # the reference's app, or its recorded answers
    learner: ClassVar[Api | None]  # None while recording the reference's answers
    recording: ClassVar[Recording | None] = None
    pool: ClassVar[Executor]  # where the reference's answers are waited for
    deadline: ClassVar[float] = float("inf")  # time.monotonic() when the run must have ended
    run_tag: ClassVar[str] = "run"
    refusals: ClassVar[frozenset[str]] = REFUSALS  # the kinds of refusal operations may ask for
    endpoints: ClassVar[frozenset[str]] = frozenset()
    sequences: ClassVar[Iterator[int]] = itertools.count()
    requests: ClassVar[list[int]] = [0]  # requests sent by every sequence of the run
    seen: ClassVar[list[Divergence]] = []  # every difference found, in order
    shrunk: ClassVar[list[int]] = [0]  # sequences tried since the first difference

    users = USERS
    articles = ARTICLES
    comments = COMMENTS

    def __init__(self) -> None:
        super().__init__()
        self.ns = f"{self.run_tag}{next(self.sequences):03d}"
        if self.seen:  # a sequence tried while shrinking
            self.shrunk[0] += 1
        self.shrinking = self.shrunk[0]
        self.exchange = Exchange(
            self.reference, self.learner, self.pool, tag=self.run_tag, recording=self.recording
        )
        self.usernames: set[str] = set()
        self.emails: set[str] = set()
        self.people: list[User] = []  # every user registered, in order

    def send(self, endpoint: str, path: Any, **kwargs: Any) -> Answer:
        out_of_time = time.monotonic() > self.deadline
        # Shrinking has had its share (of sequences, or of the run's time): what is left to try
        # is dropped, unsent, and the shortest difference seen so far is told.
        assume(not self.seen or (self.shrinking <= shrink_budget() and not out_of_time))
        if self.seen and isinstance(self.reference, Replay):
            # A transcript answers one run of the seed once: what Hypothesis sends again to
            # report the difference is told the difference already found.
            raise self.seen[0]
        if out_of_time:
            raise TooSlow(self.requests[0])
        self.requests[0] += 1
        try:
            return self.exchange.send(endpoint, path, **kwargs)
        except Divergence as divergence:
            self.seen.append(divergence)
            raise

    def can(self, name: str) -> bool:
        return name in self.endpoints

    def may(self, refusal: str) -> bool:
        """Whether this lab's operations may ask for this kind of refusal."""
        return refusal in self.refusals

    def own_tag(self, word: str) -> str:
        return f"{word}-{self.ns}"

    def is_own_tag(self, tag: object) -> bool:
        return isinstance(tag, str) and tag.endswith(f"-{self.ns}")

    def read_user(self, user: User) -> None:
        if self.can("GET /api/user"):
            self.send("GET /api/user", "/api/user", token=user.token, who=user.username)

    def read_article(self, article: Article, viewer: User | None = None) -> None:
        """Read an article back the ways the lab can: by its slug, or in its author's list."""
        token, who = (viewer.token, viewer.username) if viewer else (None, "")
        if self.can("GET /api/articles/{slug}") and (article.alive or self.may("refused")):
            self.send("GET /api/articles/{slug}", article.path(), token=token, who=who)
        elif self.can("GET /api/articles"):
            path = f"/api/articles?author={article.author.username}"
            self.send("GET /api/articles", path, token=token, who=who)

    def read_comments(self, article: Article) -> None:
        if self.can("GET /api/articles/{slug}/comments") and (article.alive or self.may("refused")):
            self.send("GET /api/articles/{slug}/comments", article.path("/comments"))


def machine_for(
    base: type[Machine],
    endpoints: frozenset[str],
    refusals: frozenset[str],
    reference: Api | Replay,
    learner: Api | None,
    pool: Executor,
    tag: str,
    *,
    recording: Recording | None = None,
    deadline: float = float("inf"),
) -> type[Machine]:
    """A machine with only the rules of `endpoints`, comparing `learner` with `reference`."""
    attributes: dict[str, Any] = {
        "reference": reference,
        "learner": learner,
        "recording": recording,
        "deadline": deadline,
        "pool": pool,
        "run_tag": tag,
        "refusals": refusals,
        "endpoints": endpoints,
        "sequences": itertools.count(),
        "requests": [0],
        "seen": [],
        "shrunk": [0],
    }
    for name in dir(base):
        rule = getattr(base, name)
        names = getattr(rule, "oracle_endpoints", None)
        if names is None:
            continue
        if endpoints.isdisjoint(names) or rule.oracle_refused not in {None, *refusals}:
            attributes[name] = None  # not a rule of this lab
    return type("BehavesLikeReference", (base,), attributes)
