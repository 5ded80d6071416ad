"""Profiles: the public face of a user, and who follows whom."""

from sqlmodel import Field, SQLModel


class Follow(SQLModel, table=True):
    __tablename__ = "follows"

    follower_id: int = Field(foreign_key="users.id", primary_key=True, ondelete="CASCADE")
    # Indexed on its own: "who follows this author" is asked by every article read.
    followee_id: int = Field(
        foreign_key="users.id", primary_key=True, ondelete="CASCADE", index=True
    )


class Profile(SQLModel):
    username: str
    bio: str
    image: str
    following: bool


class ProfileResponse(SQLModel):
    profile: Profile
