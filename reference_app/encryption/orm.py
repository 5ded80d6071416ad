"""Sealed columns in the ORM: plaintext in Python, ciphertext in the database, nothing between.

A model lists its sealed fields in `__sealed__`; its plaintext attributes are properties over
`opened()` and `to_seal()`. The database session carries the field cipher (`session.info`):

- on load, a row keeps a reference to it, and opens a sealed value the first time it is read
  (a profile read opens the bio, never the email);
- a value set in Python waits in the row until the session flushes it: `before_flush` seals
  it (and computes its blind index) then, so plaintext never reaches an SQL statement.

A session opened without a cipher can still read and write everything else; touching a sealed
field there is refused with an error that says so.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, ClassVar

from sqlalchemy import event
from sqlalchemy.orm import QueryContext, Session, UOWTransaction

from reference_app.encryption.cipher import FieldCipher

CIPHER = "field_cipher"  # its key in `session.info`, and in a loaded row's __dict__
_PENDING = "_sealed_pending"  # plaintexts set in Python, not yet sealed
_OPENED = "_sealed_opened"  # plaintexts already opened or set, by field name


class NoCipher(RuntimeError):
    """A sealed field was used through a session opened without the field cipher."""

    def __init__(self) -> None:
        super().__init__(
            "personal data is stored encrypted: open the session from "
            "Database(url, cipher=settings.field_cipher) to read or write it"
        )


@dataclass(frozen=True)
class SealedField:
    """Where a plaintext field is stored sealed, and whether it has a blind index."""

    attribute: str  # the mapped attribute holding the sealed value (`sealed_email`)
    place: str  # what the ciphertext is bound to, besides the row (`users.email`)
    index_attribute: str | None = None  # the mapped attribute holding its blind index
    normalise: Callable[[str], str] = str


class SealedRow:
    """A mixin for a table whose rows have sealed fields and a `uid` fixed at creation."""

    __sealed__: ClassVar[dict[str, SealedField]]

    def opened(self, name: str) -> str:
        """The plaintext of sealed field `name`: set in Python, or opened once from the row."""
        opened: dict[str, str] = self.__dict__.setdefault(_OPENED, {})
        if name not in opened:
            field = self.__sealed__[name]
            sealed = self.__dict__.get(field.attribute)
            if sealed is None:
                raise AttributeError(f"{name} was not loaded with this row (deferred?)")
            cipher: FieldCipher | None = self.__dict__.get(CIPHER)
            if cipher is None:
                raise NoCipher()
            opened[name] = cipher.open(sealed, field.place, self.row_uid())
        return opened[name]

    def to_seal(self, name: str, value: str) -> None:
        """Keep `value` as the new plaintext of `name`; the next flush seals it."""
        self.__dict__.setdefault(_OPENED, {})[name] = value
        self.__dict__.setdefault(_PENDING, {})[name] = value
        # Mark the row changed for the ORM; before_flush writes the real sealed value.
        setattr(self, self.__sealed__[name].attribute, "")

    def seal_pending(self, cipher: FieldCipher) -> None:
        pending: dict[str, str] = self.__dict__.pop(_PENDING, {})
        for name, value in pending.items():
            field = self.__sealed__[name]
            setattr(self, field.attribute, cipher.seal(value, field.place, self.row_uid()))
            if field.index_attribute is not None:
                setattr(
                    self, field.index_attribute, cipher.index(field.place, field.normalise(value))
                )
        self.__dict__[CIPHER] = cipher

    def row_uid(self) -> str:
        uid: str = getattr(self, "uid")  # noqa: B009 - declared by the table, not the mixin
        return uid


def cipher_of(session: Any) -> FieldCipher:
    """The field cipher of a session (sync or async)."""
    cipher: FieldCipher | None = session.info.get(CIPHER)
    if cipher is None:
        raise NoCipher()
    return cipher


def watch(model: type[SealedRow]) -> None:
    """Give a model's loaded rows their session's cipher, so their sealed fields open."""

    @event.listens_for(model, "load")
    def on_load(row: SealedRow, context: QueryContext) -> None:
        row.__dict__[CIPHER] = context.session.info.get(CIPHER)
        row.__dict__.pop(_OPENED, None)

    @event.listens_for(model, "refresh")
    def on_refresh(row: SealedRow, context: QueryContext, _attrs: Iterable[str] | None) -> None:
        on_load(row, context)


@event.listens_for(Session, "before_flush")
def _seal_before_flush(session: Session, _context: UOWTransaction, _instances: object) -> None:
    for row in (*session.new, *session.dirty):
        if isinstance(row, SealedRow) and row.__dict__.get(_PENDING):
            row.seal_pending(cipher_of(session))
