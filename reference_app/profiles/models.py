"""Profiles: the public face of a user, and who follows whom."""

from pydantic import BaseModel
from sqlmodel import Field, SQLModel


class Follow(SQLModel, table=True):
    __tablename__ = "follows"

    follower_id: int = Field(foreign_key="users.id", primary_key=True, ondelete="CASCADE")
    # Indexed on its own: "who follows this author" is asked by every article read.
    followee_id: int = Field(
        foreign_key="users.id", primary_key=True, ondelete="CASCADE", index=True
    )


# Answers are plain pydantic models: SQLModel's table machinery made each one cost three times
# as much to build, and an answer never becomes a row.
class Profile(BaseModel):
    username: str
    bio: str
    image: str
    following: bool


class ProfileResponse(BaseModel):
    profile: Profile
