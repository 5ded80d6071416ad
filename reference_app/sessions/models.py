"""The tables of sessions: one row per session, one per refresh token it was given."""

from datetime import datetime

from sqlmodel import Field, SQLModel

from reference_app.timestamps import UTCDateTime

SESSION_ID_LENGTH = 32
TOKEN_HASH_LENGTH = 64  # SHA-256, in hex


class SignInSession(SQLModel, table=True):
    """One sign-in, from its first access token until sign-out, expiry or revocation.

    Its refresh tokens form a *family*: each one replaced the one before it.
    """

    __tablename__ = "sessions"

    # Random, and named by the session's access tokens (their `sid` claim).
    id: str = Field(primary_key=True, max_length=SESSION_ID_LENGTH)
    user_id: int = Field(foreign_key="users.id", ondelete="CASCADE", index=True)
    created_at: datetime = Field(sa_type=UTCDateTime)
    # A session ends at this moment however often it is refreshed: a stolen refresh token,
    # rotated along by a thief, does not live forever.
    expires_at: datetime = Field(sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    revoked_because: str = Field(default="", max_length=32)

    def is_live(self, now: datetime) -> bool:
        return self.revoked_at is None and now < self.expires_at


class RefreshToken(SQLModel, table=True):
    """A refresh token, kept only as its hash: a copy of this table signs nobody in."""

    __tablename__ = "refresh_tokens"

    id: int = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=TOKEN_HASH_LENGTH, unique=True, index=True)
    session_id: str = Field(
        foreign_key="sessions.id", ondelete="CASCADE", index=True, max_length=SESSION_ID_LENGTH
    )
    issued_at: datetime = Field(sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    # Set once, when the token is traded for the next one; presenting it again is reuse.
    used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class TokenCutoff(SQLModel, table=True):
    """RealWorld tokens (which name no session) issued before `not_before` are refused."""

    __tablename__ = "token_cutoffs"

    user_id: int = Field(primary_key=True, foreign_key="users.id", ondelete="CASCADE")
    not_before: datetime = Field(sa_type=UTCDateTime)
