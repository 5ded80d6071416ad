"""Who may change what: only an author may edit or delete their own article or comment."""

from reference_app.errors import forbidden
from reference_app.users.models import User


def ensure_author(author_id: int, user: User, thing: str) -> None:
    """Raise 403 unless `user` wrote the `thing` whose author is `author_id`."""
    if author_id != user.id:
        # --- lab 05: refuse_non_author ---
        raise forbidden(thing, "can only be changed by its author")
        # --- end lab 05: refuse_non_author ---
