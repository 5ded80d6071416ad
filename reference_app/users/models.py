"""Users: the table, and the shapes a client sends and receives."""

import re
import secrets
from datetime import datetime
from typing import Any, ClassVar

from pydantic import EmailStr, field_validator
from sqlalchemy import Column, Text
from sqlmodel import Field, SQLModel

from reference_app.auth.passwords import (
    MAX_PASSWORD_BYTES,
    MIN_PASSWORD_LENGTH,
    check_password_rule,
)
from reference_app.encryption.blind_index import normalise_email
from reference_app.encryption.orm import SealedField, SealedRow, watch
from reference_app.exact_text import exact_text
from reference_app.incoming import Incoming
from reference_app.timestamps import UTCDateTime, utc_now

USERNAME_PATTERN = re.compile(r"[A-Za-z0-9_.-]+")

# The rules as the OpenAPI document shows them; the validators below enforce them, with messages
# that say more than "should match pattern".
USERNAME_DOCS = {"json_schema_extra": {"pattern": f"^{USERNAME_PATTERN.pattern}$"}}
PASSWORD_DOCS = {
    "json_schema_extra": {"minLength": MIN_PASSWORD_LENGTH, "maxLength": MAX_PASSWORD_BYTES},
    "description": f"At least {MIN_PASSWORD_LENGTH} characters and at most {MAX_PASSWORD_BYTES} "
    "bytes in UTF-8 (72 ASCII letters, 36 accented letters or 18 emoji).",
}


def check_username(username: str) -> str:
    """Usernames appear in URLs (`/profiles/<username>`), so they keep to URL-safe characters."""
    if not USERNAME_PATTERN.fullmatch(username):
        raise ValueError("can only contain letters, digits, '_', '.' and '-'")
    return username


def new_row_uid() -> str:
    return secrets.token_hex(16)


class User(SealedRow, SQLModel, table=True):
    """A user. `email` and `bio` are personal data: stored sealed (AES-GCM), never in clear.

    Each sealed value is bound to this row's `uid` (chosen here, before the insert, unlike
    `id`), so a value copied into another row does not open. The email is found and kept
    unique through `email_index`, its blind index. See reference_app/encryption/.
    """

    __tablename__ = "users"
    __sealed__: ClassVar[dict[str, SealedField]] = {
        "email": SealedField(
            "sealed_email", "users.email", index_attribute="email_index", normalise=normalise_email
        ),
        "bio": SealedField("sealed_bio", "users.bio"),
    }

    # None until the database assigns it on insert; typed `int` since every stored row has one.
    id: int = Field(default=None, primary_key=True)
    uid: str = Field(default_factory=new_row_uid, max_length=32, unique=True, index=True)
    username: str = Field(max_length=64, unique=True, sa_type=exact_text(64))
    email_index: str = Field(default="", max_length=64, unique=True, index=True)
    sealed_email: str = Field(default="", sa_column=Column("email", Text, nullable=False))
    password_hash: str = Field(max_length=128)
    sealed_bio: str = Field(default="", sa_column=Column("bio", Text, nullable=False))
    image: str = Field(default="", max_length=1000)
    created_at: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)

    def __init__(self, *, email: str | None = None, bio: str = "", **columns: Any) -> None:
        super().__init__(**columns)
        if email is not None:
            self.email = email
        self.bio = bio

    @property
    def email(self) -> str:
        return self.opened("email")

    @email.setter
    def email(self, value: str) -> None:
        self.to_seal("email", value)

    @property
    def bio(self) -> str:
        return self.opened("bio")

    @bio.setter
    def bio(self, value: str) -> None:
        self.to_seal("bio", value)


watch(User)


class NewUser(Incoming):
    username: str = Field(min_length=1, max_length=64, schema_extra=USERNAME_DOCS)
    email: EmailStr = Field(max_length=254)
    password: str = Field(schema_extra=PASSWORD_DOCS)

    @field_validator("username")
    @classmethod
    def _username_rule(cls, username: str) -> str:
        return check_username(username)

    @field_validator("email")
    @classmethod
    def _lowercase_email(cls, email: str) -> str:
        return email.lower()

    @field_validator("password")
    @classmethod
    def _password_rule(cls, password: str) -> str:
        return check_password_rule(password)


class LoginUser(Incoming):
    email: str = Field(min_length=1, max_length=254)
    password: str = Field(min_length=1)


class UpdateUser(Incoming):
    """Every field optional: a client sends only what it changes."""

    username: str | None = Field(
        default=None, min_length=1, max_length=64, schema_extra=USERNAME_DOCS
    )
    email: EmailStr | None = Field(default=None, max_length=254)
    password: str | None = Field(default=None, schema_extra=PASSWORD_DOCS)
    bio: str | None = Field(default=None, max_length=2000)
    image: str | None = Field(default=None, max_length=1000)

    @field_validator("email")
    @classmethod
    def _lowercase_email(cls, email: str | None) -> str | None:
        return None if email is None else email.lower()

    @field_validator("password")
    @classmethod
    def _password_rule(cls, password: str | None) -> str | None:
        return None if password is None else check_password_rule(password)

    @field_validator("username")
    @classmethod
    def _username_rule(cls, username: str | None) -> str | None:
        return None if username is None else check_username(username)


class UserRead(SQLModel):
    email: str
    token: str
    username: str
    bio: str
    image: str


class NewUserRequest(SQLModel):
    user: NewUser


class LoginRequest(SQLModel):
    user: LoginUser


class UpdateUserRequest(SQLModel):
    user: UpdateUser


class UserResponse(SQLModel):
    user: UserRead
