"""Operations on sessions: sign in for one, refresh it (and replay a used token), sign out,
and change the password from inside one.

The refresh token travels in a cookie, each app's own: it is read from each side's answer and
sent back to that side by hand. The oracle compares what the two apps answer (statuses, bodies
with their tokens normalised), and every operation then reads the session back with its access
token, so an app that should have ended a session, or ended the wrong one, differs there.
"""

from hypothesis import strategies as st
from hypothesis.stateful import rule

from labs.engine.client import Reply
from labs.engine.oracle.exchange import Answer, Side
from labs.engine.oracle.machine import USERS, Held, Machine, User, endpoint

REFRESH_COOKIE = "conduit_refresh"
# Which of a user's sessions an operation takes: at most two matter (this one, another).
WHICH = st.integers(min_value=0, max_value=1)


def refresh_token_in(reply: Reply) -> str:
    """The refresh token a `Set-Cookie` of the answer carries ('' if none)."""
    for line in reply.headers.get_list("set-cookie"):
        name, _, rest = line.partition("=")
        if name.strip() == REFRESH_COOKIE:
            return rest.split(";", 1)[0].strip().strip('"')
    return ""


def _tokens(answer: Answer) -> tuple[dict[Side, str], dict[Side, str]]:
    """Each side's access token and refresh token in a 200 answer."""
    access = {side: str(answer.of(side).body["user"]["token"]) for side in answer.sides}
    refresh = {side: refresh_token_in(answer.of(side)) for side in answer.sides}
    return access, refresh


class SessionRules(Machine):
    def read_session(self, user: User, held: Held) -> None:
        """GET /api/user with the session's access token: 200 while it lives, 401 after."""
        if self.can("GET /api/user"):
            self.send(
                "GET /api/user",
                "/api/user",
                token=lambda side: held.access[side],
                who=user.username,
            )

    @endpoint("POST /api/users/sessions")
    @rule(user=USERS)
    def start_session(self, user: User) -> None:
        sent = {"user": {"email": user.email, "password": user.password}}
        answer = self.send("POST /api/users/sessions", "/api/users/sessions", body=sent)
        if answer.status != 200:
            return
        held = Held(*_tokens(answer))
        user.sessions.append(held)
        self.read_session(user, held)

    @endpoint("POST /api/users/refresh")
    @rule(user=USERS, which=WHICH)
    def refresh(self, user: User, which: int) -> None:
        """Trade a session's refresh token for a new pair."""
        if user.sessions:
            self._refresh(user, user.sessions[which % len(user.sessions)], replay=False)

    @endpoint("POST /api/users/refresh", refused="refused")
    @rule(user=USERS, which=WHICH)
    def replay_used_token(self, user: User, which: int) -> None:
        """Present a refresh token already traded, as a thief would: its session ends."""
        if user.sessions:
            held = user.sessions[which % len(user.sessions)]
            if not held.used:
                self._refresh(user, held, replay=False)  # first, a token to replay
            self._refresh(user, held, replay=True)

    def _refresh(self, user: User, held: Held, *, replay: bool) -> None:
        presented = held.used if replay else held.refresh
        answer = self.send(
            "POST /api/users/refresh",
            "/api/users/refresh",
            cookie=lambda side: f"{REFRESH_COOKIE}={presented.get(side, '')}",
            who=user.username,
        )
        if answer.status == 200 and not replay:
            held.used = held.refresh
            held.access, held.refresh = _tokens(answer)
        self.read_session(user, held)

    @endpoint("POST /api/users/logout")
    @rule(user=USERS, which=WHICH)
    def sign_out(self, user: User, which: int) -> None:
        if not user.sessions:
            return
        held = user.sessions[which % len(user.sessions)]
        self.send(
            "POST /api/users/logout",
            "/api/users/logout",
            token=lambda side: held.access[side],
            who=user.username,
        )
        self.read_session(user, held)

    # Named by the sessions' endpoint, not PUT /api/user: it acts only on sessions, and the labs
    # that change users without them must draw exactly the operations they drew before.
    @endpoint("POST /api/users/sessions")
    @rule(user=USERS, which=WHICH)
    def change_password_in_session(self, user: User, which: int) -> None:
        """Change the password with a session's access token: every other session ends."""
        if not user.sessions:
            return
        held = user.sessions[which % len(user.sessions)]
        password = f"{user.password[:40]}+"
        answer = self.send(
            "PUT /api/user",
            "/api/user",
            body={"user": {"password": password}},
            token=lambda side: held.access[side],
            who=user.username,
        )
        if answer.status != 200:
            return
        user.password = password
        # The RealWorld token held was issued before the change, maybe in its very second
        # (which the cutoff lets through, by design): the session's token, alive either way,
        # takes its place.
        user.tokens = dict(held.access)
        for each in user.sessions:
            self.read_session(user, each)
