from labs.engine import Api, CheckFailed, check, dig, expect_status, fresh

# The keyed apps of the public checks: an app with known keys on a database the checks edit.
from labs.lab06_encryption.checks.keyed import (  # noqa: F401 - the fixtures
    OLD,
    KeyedApps,
    keyed_apps,
    keyed_database,
)
from labs.lab06_encryption.checks.stored import with_bio

BIO = "Grüße aus Köln, 東京からこんにちは, Привет 👋🏽"


@check(points=1, task="Sealing", rule="course", catches=["sealed_as_latin1"])
def test_a_bio_in_any_script_comes_back_as_it_was_sent(api: Api) -> None:
    """A bio in any script (accents, kanji, Cyrillic, emoji) is sealed and opened unchanged."""
    account = api.register()
    bio = f"{BIO} {fresh('')}"
    with_bio(api, account, bio)
    reply = api.get(f"/api/profiles/{account.username}")
    expect_status(reply, 200, "seal the UTF-8 bytes of the text (plaintext.encode())")
    if dig(reply.body, "profile", "bio") != bio:
        raise CheckFailed(
            reply.request_line(),
            f"the bio {bio!r}",
            reply.summary(),
            "seal plaintext.encode() (UTF-8) and decode what opens the same way",
        )


@check(
    points=1,
    task="Opening",
    rule="course",
    catches=[
        "no_associated_data",
        "associated_data_is_the_header_only",
        "tag_failure_read_as_empty",
        "base64_is_not_encryption",
    ],
    inside=True,
)
def test_a_value_moved_to_another_column_is_refused(keyed: KeyedApps) -> None:
    """A user's sealed email copied into their own bio column does not open there."""
    with keyed.app(OLD) as api:
        account = api.register()
        keyed.write("UPDATE users SET bio = email WHERE username = :name", name=account.username)
        reply = api.get(f"/api/profiles/{account.username}")
    if reply.status == 200:
        raise CheckFailed(
            f"users.email of {account.username} copied into their users.bio, then "
            f"{reply.request_line()}",
            "an error (the reference answers 500), not 200",
            reply.summary(),
            "the associated data names the column as well as the row: users.bio:<uid>",
        )
