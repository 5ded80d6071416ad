"""Blind indexes: equal for equal emails, unguessable without the key, one per column."""

import secrets

from reference_app.encryption.blind_index import blind_index, normalise_email

KEY = secrets.token_bytes(32)


def test_one_email_written_two_ways_has_one_index() -> None:
    one = blind_index(KEY, "users.email", normalise_email("Alice@Example.ORG "))
    assert one == blind_index(KEY, "users.email", normalise_email("alice@example.org"))
    assert one != blind_index(KEY, "users.email", normalise_email("alicia@example.org"))


def test_without_the_key_the_index_cannot_be_computed() -> None:
    other_key = secrets.token_bytes(32)
    email = "alice@example.org"
    assert blind_index(KEY, "users.email", email) != blind_index(other_key, "users.email", email)


def test_the_same_value_in_two_columns_has_two_indexes() -> None:
    assert blind_index(KEY, "users.email", "x") != blind_index(KEY, "users.username", "x")
