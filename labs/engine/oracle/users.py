"""Operations on accounts and profiles: register, sign in, read and change yourself, follow."""

from typing import Any

from hypothesis import strategies as st
from hypothesis.stateful import MultipleResults, multiple, precondition, rule

from labs.engine.oracle.exchange import Side
from labs.engine.oracle.feeds import FeedReads
from labs.engine.oracle.machine import NAMES, USERS, Machine, User, endpoint

# A signature no key made: 32 zero bytes, as HS256 signatures are 32 bytes long.
FORGED_SIGNATURE = "A" * 43
BROKEN_REGISTRATIONS = ("no password", "short password", "not an email", "space in name", "empty")
USER_CHANGES = ("bio", "image", "email", "username", "password")
REFUSED_CHANGES = ("nothing", "taken email", "taken username", "bad email")
names = st.sampled_from(NAMES)
REFUSED_LOGINS = ("wrong password", "unknown email")
LOGINS = ("right", "shouted", *REFUSED_LOGINS)


def _forged(token: str) -> str:
    head, _, _ = token.rpartition(".")
    return f"{head}.{FORGED_SIGNATURE}"


class UserRules(Machine):
    @endpoint("POST /api/users")
    @precondition(lambda self: len(self.usernames) < len(NAMES))  # a few users say it all
    @rule(target=USERS, name=names, mail=names, shout=st.booleans())
    def register(self, name: str, mail: str, shout: bool) -> User | MultipleResults[User]:
        """Register; a name or email already taken is refused (where input may be invalid)."""
        if not self.may("invalid"):  # take the first name still free
            free = [n for n in NAMES if f"{n}-{self.ns}" not in self.usernames]
            if not free:
                return multiple()
            name = mail = free[0]
        user = User(f"{name}-{self.ns}", f"{mail}-{self.ns}@example.org", f"pw-{name}-{self.ns}")
        email = user.email.upper() if shout else user.email
        sent = {"user": {"username": user.username, "email": email, "password": user.password}}
        answer = self.send("POST /api/users", "/api/users", body=sent)
        if answer.status != 201:
            return multiple()
        self.usernames.add(user.username)
        self.people.append(user)
        self.emails.add(user.email)
        user.tokens = {side: answer.of(side).body["user"]["token"] for side in answer.sides}
        self.read_user(user)
        return user

    @endpoint("POST /api/users", refused="invalid")
    @rule(kind=st.sampled_from(BROKEN_REGISTRATIONS))
    def register_wrongly(self, kind: str) -> None:
        fields: dict[str, Any] = {
            "username": f"x-{self.ns}",
            "email": f"x-{self.ns}@example.org",
            "password": "long enough",
        }
        if kind == "no password":
            del fields["password"]
        elif kind == "short password":
            fields["password"] = "short"
        elif kind == "not an email":
            fields["email"] = f"x-{self.ns}"
        elif kind == "space in name":
            fields["username"] = f"x {self.ns}"
        else:
            fields = {}
        self.send("POST /api/users", "/api/users", body={"user": fields})

    @endpoint("POST /api/users/login")
    @rule(user=USERS, how=st.sampled_from(LOGINS))
    def login(self, user: User, how: str) -> None:
        """Sign in, right or (where it may be refused) with a wrong password or unknown email."""
        if how in REFUSED_LOGINS and not self.may("refused"):
            how = "right"
        email = user.email.upper() if how == "shouted" else user.email
        if how == "unknown email":
            email = f"nobody-{email}"
        password = user.password + "!" if how == "wrong password" else user.password
        sent = {"user": {"email": email, "password": password}}
        answer = self.send("POST /api/users/login", "/api/users/login", body=sent)
        if answer.status == 200:
            user.tokens = {side: answer.of(side).body["user"]["token"] for side in answer.sides}
            self.read_user(user)

    @endpoint("GET /api/user")
    @rule(user=USERS, how=st.sampled_from(("own", "none", "garbage", "forged")))
    def current_user(self, user: User, how: str) -> None:
        """Read yourself, with your token or (where it may be refused) none or a forged one."""
        if how == "own" or not self.may("refused"):
            self.read_user(user)
            return

        def token(side: Side) -> str:
            return "garbage" if how == "garbage" else _forged(user.token(side))

        self.send("GET /api/user", "/api/user", token=None if how == "none" else token)

    @endpoint("PUT /api/user")
    @rule(user=USERS, other=USERS, change=st.sampled_from(USER_CHANGES + REFUSED_CHANGES))
    def update_user(self, user: User, other: User, change: str) -> None:
        if change in REFUSED_CHANGES and not self.may("invalid"):
            change = "bio"
        fields: dict[str, str] = {
            "bio": {"bio": f"bio of {user.username}"},
            "image": {"image": f"https://example.org/{user.username}.png"},
            "email": {"email": f"new-{user.email}"},
            "username": {"username": f"new-{user.username}"},
            "password": {"password": f"new-{user.password}"},
            "nothing": {},
            "taken email": {"email": other.email},
            "taken username": {"username": other.username},
            "bad email": {"email": "not-an-email"},
        }[change]
        if change.startswith("taken") and user is other:
            fields = {}  # nothing changes: refused too
        elif not change.startswith("taken") and (
            fields.get("username") in self.usernames or fields.get("email") in self.emails
        ):
            return  # another user was renamed so already: the run takes no name twice
        body = {"user": fields}
        answer = self.send(
            "PUT /api/user", "/api/user", body=body, token=user.token, who=user.username
        )
        if answer.status != 200:
            return
        if "username" in fields:
            self.usernames.add(fields["username"])
            user.username = fields["username"]
        if "email" in fields:
            self.emails.add(fields["email"])
            user.email = fields["email"]
        user.password = fields.get("password", user.password)
        user.tokens = {side: answer.of(side).body["user"]["token"] for side in answer.sides}
        self.read_user(user)


class ProfileRules(FeedReads):
    @endpoint("GET /api/profiles/{username}")
    @rule(user=USERS, viewer=USERS, anonymous=st.booleans())
    def get_profile(self, user: User, viewer: User, anonymous: bool) -> None:
        self.read_profile(user, None if anonymous else viewer)

    @endpoint("POST /api/profiles/{username}/follow")
    @rule(viewer=USERS, user=USERS)
    def follow(self, viewer: User, user: User) -> None:
        self.send_follow("POST", viewer, user)

    @endpoint("DELETE /api/profiles/{username}/follow")
    @rule(viewer=USERS, user=USERS)
    def unfollow(self, viewer: User, user: User) -> None:
        self.send_follow("DELETE", viewer, user)
