from labs.engine import Api, CheckFailed, Reply, check, dig, expect_status, fresh

from .envelopes import fresh_keys, sealed_by_hand, with_body
from .keyed import NEW, OLD, KeyedApps, keyed_apps, keyed_database  # noqa: F401 - the fixtures
from .sealed import flipped
from .stored import with_bio

REFUSED = "an error (the reference answers 500 and logs which field did not open), not 200"


def profile(api: Api, username: str) -> Reply:
    return api.get(f"/api/profiles/{username}")


def refuse(reply: Reply, done: str, hint: str) -> None:
    """Fail unless the read was refused."""
    if reply.status == 200:
        raise CheckFailed(f"{done}, then {reply.request_line()}", REFUSED, reply.summary(), hint)


@check(
    points=3,
    task="Opening",
    rule="course",
    catches=["tag_failure_read_as_empty", "base64_is_not_encryption", "key_id_written_in_the_code"],
    inside=True,
)
def test_a_flipped_byte_is_refused(keyed: KeyedApps) -> None:
    """A sealed bio with one bit flipped in the database is refused, never shown altered."""
    with keyed.app(OLD) as api:
        account = api.register()
        with_bio(api, account, fresh("Nobody may change this bio "))
        sealed = str(keyed.user(account.username)["bio"])
        keyed.write(
            "UPDATE users SET bio = :bio WHERE username = :name",
            bio=flipped(sealed),
            name=account.username,
        )
        refuse(
            profile(api, account.username),
            "one bit of users.bio flipped in the database",
            "key.decrypt raises InvalidTag when a byte changed: raise Undecryptable, never "
            "return something else in its place",
        )


@check(
    points=3,
    task="Opening",
    rule="course",
    catches=[
        "no_associated_data",
        "associated_data_is_the_header_only",
        "tag_failure_read_as_empty",
        "base64_is_not_encryption",
        "key_id_written_in_the_code",
    ],
    inside=True,
)
def test_a_value_moved_to_another_row_is_refused(keyed: KeyedApps) -> None:
    """Alice's sealed bio copied into Mallory's row does not open there."""
    with keyed.app(OLD) as api:
        alice, mallory = api.register(), api.register()
        bio = fresh("Alice's own bio ")
        with_bio(api, alice, bio)
        keyed.write(
            "UPDATE users SET bio = (SELECT bio FROM users WHERE username = :alice) "
            "WHERE username = :mallory",
            alice=alice.username,
            mallory=mallory.username,
        )
        refuse(
            profile(api, mallory.username),
            f"users.bio of {alice.username} (bio {bio!r}) copied into the row of "
            f"{mallory.username}",
            "seal and open with associated data naming the place: the column and the row's "
            "uid (_associated_data(header, place)), so a value opens only where it was sealed",
        )


@check(
    points=2,
    task="Opening",
    rule="course",
    catches=["unknown_key_read_as_it_is", "base64_is_not_encryption", "key_id_written_in_the_code"],
    inside=True,
)
def test_a_value_of_an_unknown_key_is_refused(keyed: KeyedApps) -> None:
    """A value sealed with a key that has left the ring is refused, not shown as it is stored."""
    with keyed.app(OLD) as api:
        account = api.register()
        with_bio(api, account, fresh("Sealed with k7 "))
    with keyed.app(NEW) as api:
        refuse(
            profile(api, account.username),
            f"a bio sealed with {OLD}, read by an app whose ring holds only {NEW}",
            "a key id not in the ring: raise Undecryptable (a sealed value is never plaintext)",
        )


@check(
    points=2,
    task="Opening",
    rule="course",
    catches=["key_id_ignored_on_open", "key_id_written_in_the_code"],
    inside=True,
)
def test_values_of_an_earlier_key_still_open(keyed: KeyedApps) -> None:
    """Once a new key seals, what the previous key sealed still opens (sign-in, profile)."""
    with keyed.app(OLD) as api:
        account = api.register()
        bio = fresh("Sealed before the new key ")
        with_bio(api, account, bio)
    with keyed.app(NEW, OLD) as api:
        reply = profile(api, account.username)
        hint = "open with the key the envelope names (keys[key_id]), not the one that seals"
        done = f"{account.username} registered under {OLD}; the ring is now {NEW}, {OLD}"
        expect_status(reply, 200, f"{done}: {hint}")
        if dig(reply.body, "profile", "bio") != bio:
            raise CheckFailed(
                f"{done}; {reply.request_line()}", f"bio {bio!r}", reply.summary(), hint
            )
        login = {"user": {"email": account.email, "password": account.password}}
        reply = api.post("/api/users/login", login)
        expect_status(reply, 200, f"{done}: {hint}")
        if dig(reply.body, "user", "email") != account.email:
            raise CheckFailed(
                f"{done}; {reply.request_line()}", f"email {account.email!r}", reply.summary(), hint
            )


@check(
    points=2,
    task="Opening",
    rule="course",
    catches=[
        "tag_failure_read_as_empty",
        "unknown_key_read_as_it_is",
        "key_id_ignored_on_open",
        "no_associated_data",
        "associated_data_is_the_header_only",
        "base64_is_not_encryption",
    ],
    inside=True,
)
def test_open_sealed_refuses_with_undecryptable(keyed: KeyedApps) -> None:
    """open_sealed opens an intact value, and refuses every spoilt one with Undecryptable."""
    keys = fresh_keys(NEW, OLD)  # the value's key second: opened by its id, not by rank
    place, plaintext = "users.bio:0123abcd", fresh("A bio to open ")
    sealed = sealed_by_hand(keys[OLD], OLD, plaintext, place)
    call = f"open_sealed(keys {NEW}, {OLD}; {sealed[:24]}..., {place!r})"
    opened = keyed.open_sealed(keys, sealed, place)
    if opened.opened != plaintext:
        raise CheckFailed(
            call,
            f"{plaintext!r}",
            str(opened),
            "split the envelope, take the key its id names, decrypt nonce and rest with "
            "the associated data _associated_data(f'{version}.{key_id}', place)",
        )
    spoilt = {
        f"its key {OLD} not in the ring": (sealed, {NEW: keys[NEW]}, place),
        "one bit flipped": (flipped(sealed), keys, place),
        "opened for another row": (sealed, keys, "users.bio:4567ef01"),
        "cut to 6 bytes": (with_body(sealed, lambda body: body[:8]), keys, place),
        "'****' in its body": (
            with_body(sealed, lambda body: body[:8] + "****" + body[8:]),
            keys,
            place,
        ),
    }
    for what, (value, ring, where) in spoilt.items():
        got = keyed.open_sealed(ring, value, where)
        if got.raised == "Undecryptable":
            continue
        raise CheckFailed(
            f"open_sealed of a value {what}",
            "Undecryptable raised",
            str(got),
            "callers catch Undecryptable: check the key id, the base64url body (validate=True) "
            "and its length before decrypting, and turn InvalidTag into Undecryptable",
        )
