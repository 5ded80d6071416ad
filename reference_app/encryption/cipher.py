"""The field cipher: the app's keys, ready to seal, open and index personal data."""

from dataclasses import dataclass, field

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from reference_app.encryption.blind_index import blind_index
from reference_app.encryption.envelope import key_id_of, open_sealed, seal
from reference_app.encryption.keys import KeyRing


@dataclass(frozen=True)
class FieldCipher:
    """Seals a column's value for one row, opens it there only, and computes blind indexes."""

    ring: KeyRing
    index_key: bytes = field(repr=False)
    _aeads: dict[str, AESGCM] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.index_key in self.ring.keys.values():
            raise ValueError("the blind index key must not be one of the encryption keys")
        aeads = {key_id: AESGCM(key) for key_id, key in self.ring.keys.items()}
        object.__setattr__(self, "_aeads", aeads)

    @property
    def current_key(self) -> str:
        return self.ring.current

    def seal(self, value: str, column: str, row: str) -> str:
        """Encrypt `value` of `column` (`users.email`) for the row whose uid is `row`."""
        current = self.ring.current
        return seal(self._aeads[current], current, value, _place(column, row))

    def open(self, sealed: str, column: str, row: str) -> str:
        """Decrypt a value sealed by `seal` for the same column and row; refuse anything else."""
        return open_sealed(self._aeads, sealed, _place(column, row))

    def index(self, column: str, normalised: str) -> str:
        return blind_index(self.index_key, column, normalised)

    def is_current(self, sealed: str) -> bool:
        return key_id_of(sealed) == self.ring.current


def _place(column: str, row: str) -> str:
    return f"{column}:{row}"
