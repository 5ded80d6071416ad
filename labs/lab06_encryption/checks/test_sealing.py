from itertools import combinations

from labs.engine import Api, CheckFailed, check, fresh
from labs.engine.inside import Inside

from .keyed import NEW, OLD, KeyedApps, keyed_apps, keyed_database  # noqa: F401 - the fixtures
from .sealed import NONCE_BYTES, aes_gcm_plaintext, disguises, key_bytes, parse
from .stored import stored_user, with_bio


@check(
    points=3,
    task="Sealing",
    rule="course",
    catches=["base64_is_not_encryption"],
    inside=True,
)
def test_no_personal_data_is_stored_in_clear(api: Api, inside: Inside, keyed: KeyedApps) -> None:
    """Email and bio are stored encrypted by AES-GCM, not in clear nor encoded (base64, hex)."""
    account = api.register()
    bio = fresh("I grow tomatoes on my balcony ")
    with_bio(api, account, bio)
    row = stored_user(inside, account.username)
    for name, plaintext in (("email", account.email), ("bio", bio)):
        for column, value in row.items():
            shown = str(value).lower()
            if any(disguise.lower() in shown for disguise in disguises(plaintext)):
                raise CheckFailed(
                    f"POST /api/users, PUT /api/user (bio {bio!r}), then read users.{column}",
                    f"no trace of the {name} {plaintext!r}, in clear, base64 or hex",
                    repr(str(value)[:120]),
                    "seal with AES-GCM (key.encrypt): an encoding anyone can decode is no secret",
                )
    # Bytes that only look random (XORed, shuffled) pass the above: an app whose key the
    # checks know must have sealed the email with AES-GCM under that key.
    with keyed.app(OLD) as own:
        account = own.register()
    stored = str(keyed.user(account.username).get("email"))
    if aes_gcm_plaintext(key_bytes(keyed.keys[OLD]), parse(stored)) != account.email.encode():
        raise CheckFailed(
            f"an app with ENCRYPTION_KEYS {OLD}: POST /api/users, then read users.email and "
            f"decrypt its ciphertext as AES-GCM's under key {OLD} and the value's nonce",
            f"the email {account.email!r}, encrypted by AES-GCM "
            "(v1.<key id>.<nonce ‖ ciphertext ‖ tag>)",
            f"{stored[:80]!r}, which that key does not decrypt to the email",
            "seal with the ring's AESGCM key (key.encrypt(nonce, plaintext, associated data)): "
            "bytes that only look random hide nothing",
        )


@check(
    points=3,
    task="Sealing",
    rule="course",
    catches=[
        "fixed_nonce",
        "nonce_reused_per_key",
        "nonce_from_the_clock",
        "base64_is_not_encryption",
    ],
    inside=True,
)
def test_equal_values_are_sealed_with_fresh_random_nonces(api: Api, inside: Inside) -> None:
    """Two users with one bio get different ciphertexts: every seal has a fresh random nonce."""
    bio = fresh("Same bio for both ")
    first, second = api.register(), api.register()
    with_bio(api, first, bio)
    with_bio(api, second, bio)
    rows = [stored_user(inside, account.username) for account in (first, second)]
    sealed = [parse(str(row[column])) for row in rows for column in ("email", "bio")]
    bios = sealed[1], sealed[3]
    sent = f"two users, both with the bio {bio!r}, then read users.email and users.bio"
    if bios[0].ciphertext == bios[1].ciphertext:
        raise CheckFailed(
            sent,
            "two different ciphertexts: the same value never encrypts the same way twice",
            f"both bios hold the ciphertext {bios[0].ciphertext.hex()[:48]}...",
            "AES-GCM with a nonce used twice gives the same ciphertext for the same value, and "
            "leaks the XOR of different ones: a fresh os.urandom(NONCE_BYTES) nonce every seal",
        )
    for one, other in combinations(sealed, 2):
        if one.nonce[:8] == other.nonce[:8]:
            raise CheckFailed(
                sent,
                f"nonces of {NONCE_BYTES} random bytes: no two alike, not even in part",
                f"nonces {one.nonce.hex()} and {other.nonce.hex()} share their first 8 bytes",
                "a counter or a clock repeats after a restart or on another server: "
                "os.urandom(NONCE_BYTES) for every seal",
            )


@check(
    points=2,
    task="Sealing",
    rule="course",
    catches=["key_id_written_in_the_code"],
    inside=True,
)
def test_values_name_the_key_that_sealed_them(keyed: KeyedApps) -> None:
    """Sealed values name the key that sealed them: the first of the ring (`v1.k8.`...)."""
    for ring in ((OLD,), (NEW, OLD)):
        with keyed.app(*ring) as api:
            account = api.register()
            with_bio(api, account, fresh("Sealed under the first key "))
        row = keyed.user(account.username)
        for column in ("email", "bio"):
            if parse(str(row[column])).key_id != ring[0]:
                raise CheckFailed(
                    f"an app with ENCRYPTION_KEYS {', '.join(ring)} (the first seals): "
                    f"POST /api/users, then read users.{column}",
                    f"a value starting 'v1.{ring[0]}.'",
                    repr(str(row[column])[:40]),
                    "write the header from the key id `seal` is given: rotation and retiring "
                    "a key find values by it",
                )
