"""Encryption at rest: personal data sealed with AES-GCM, found through blind indexes.

- `envelope`: the sealed format (`v1.<key id>.<nonce ‖ ciphertext ‖ tag>`), seal and open;
- `blind_index`: HMAC-SHA256 of a normalised value, to look up and keep unique what is sealed;
- `keys`: the key ring (the first key seals, all open) and the checks keys must pass;
- `cipher`: the app's keys, ready to seal, open and index a column's value for one row;
- `orm`: sealed fields on a model, sealed at flush and opened when first read;
- `rotation` and `commands`: re-sealing under a new key while the app serves, and retiring
  the old one.
"""

from reference_app.encryption.cipher import FieldCipher
from reference_app.encryption.envelope import Undecryptable
from reference_app.encryption.keys import KeyProblem, KeyRing
from reference_app.encryption.orm import NoCipher

__all__ = ["FieldCipher", "KeyProblem", "KeyRing", "NoCipher", "Undecryptable"]
