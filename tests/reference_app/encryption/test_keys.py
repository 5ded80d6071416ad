"""Key rings: written newest first, grown by a new key, shrunk by a retired one."""

import pytest

from reference_app.encryption.keys import KeyProblem, new_ring, parse_ring


def test_a_ring_reads_back_as_it_was_written_and_its_first_key_seals() -> None:
    ring = new_ring().with_new_key()
    again = parse_ring(ring.text())
    assert again == ring
    assert again.current == "k2"
    assert list(again.keys) == ["k2", "k1"]


def test_a_retired_key_leaves_but_the_sealing_key_cannot() -> None:
    ring = new_ring().with_new_key()
    assert list(ring.without("k1").keys) == ["k2"]
    with pytest.raises(KeyProblem, match="the key that seals"):
        ring.without("k2")


def test_the_ring_hides_its_keys_from_repr() -> None:
    ring = new_ring()
    assert repr(ring.keys["k1"]) not in repr(ring)
    assert "k1" in repr(ring)
