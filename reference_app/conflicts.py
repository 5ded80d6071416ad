"""What a database error means for the client, read the same way on SQLite, PostgreSQL and MariaDB.

Handlers check what they can first (is this username taken?), but two requests can both pass
that check and race to the database; the loser's error is then read here. Each database says
it in its own words, so this module knows the three dialects:

| what happened | SQLite | PostgreSQL (SQLSTATE) | MariaDB (error code) |
|---|---|---|---|
| a unique value is taken | `UNIQUE constraint failed: users.email` | 23505 | 1062 |
| a row refers to one that is gone | `FOREIGN KEY constraint failed` | 23503 | 1452 |
| a deadlock, or a serialization failure | (writers wait their turn) | 40P01, 40001 | 1213, 1205 |
"""

import re
from enum import Enum

from sqlalchemy.exc import DBAPIError

# Unique columns a client chooses, so the loser of a race can be told which one is taken.
CHOSEN_UNIQUE = ("username", "email")

_SQLITE = re.compile(r"(UNIQUE|FOREIGN KEY|NOT NULL|CHECK) constraint failed(?:: (\w+)\.(\w+))?")
_POSTGRES_CONSTRAINT = re.compile(r'constraint "(\w+)"')
_MARIADB_KEY = re.compile(r"for key '([\w.]+)'\Z")
_TRANSIENT_SQLSTATES = frozenset({"40001", "40P01"})
_TRANSIENT_MARIADB_CODES = frozenset({1205, 1213})  # lock wait timeout, deadlock


class Violation(Enum):
    UNIQUE = "unique"
    MISSING_REFERENCE = "missing reference"
    OTHER = "other"


def violation(error: DBAPIError) -> Violation:
    """Which kind of integrity rule an IntegrityError broke."""
    original = error.orig
    sqlstate = getattr(original, "sqlstate", None)
    code = _mariadb_code(error)
    sqlite = _SQLITE.search(_message(error))
    if sqlstate == "23505" or code == 1062 or (sqlite and sqlite[1] == "UNIQUE"):
        return Violation.UNIQUE
    if sqlstate == "23503" or code in (1451, 1452) or (sqlite and sqlite[1] == "FOREIGN KEY"):
        return Violation.MISSING_REFERENCE
    return Violation.OTHER


def taken_field(error: DBAPIError, among: tuple[str, ...] = CHOSEN_UNIQUE) -> str | None:
    """Which of the unique columns `among` (`username`, `email`) the value was taken in, if any."""
    message = _message(error)
    if sqlite := _SQLITE.search(message):
        name = sqlite[3] or ""
    elif postgres := _POSTGRES_CONSTRAINT.search(message):
        name = postgres[1]
    elif mariadb := _MARIADB_KEY.search(message):
        name = mariadb[1]
    else:
        return None
    # `users.email`, `users_email_key`, `ix_users_email`, `email`: the column is one of the words.
    words = set(re.split(r"[._]", name))
    return next((field for field in among if field in words), None)


def is_transient(error: DBAPIError) -> bool:
    """A deadlock or serialization failure: nobody's fault, and gone when tried again."""
    sqlstate = getattr(error.orig, "sqlstate", None)
    return sqlstate in _TRANSIENT_SQLSTATES or _mariadb_code(error) in _TRANSIENT_MARIADB_CODES


def _mariadb_code(error: DBAPIError) -> int | None:
    args: tuple[object, ...] = getattr(error.orig, "args", ())
    return args[0] if args and isinstance(args[0], int) else None


def _message(error: DBAPIError) -> str:
    """The database's own message: MariaDB's driver gives it as `(code, message)`."""
    args: tuple[object, ...] = getattr(error.orig, "args", ())
    if len(args) == 2 and isinstance(args[0], int):
        return str(args[1])
    return str(error.orig)
