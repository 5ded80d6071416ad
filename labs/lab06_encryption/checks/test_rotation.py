from labs.engine import Account, Api, CheckFailed, check, dig, expect_status, fresh

from .keyed import NEW, OLD, KeyedApps, keyed_apps, keyed_database  # noqa: F401 - the fixtures
from .sealed import parse
from .stored import with_bio

USERS, BATCH = 5, 2  # a few batches, the last one short


def members(api: Api) -> list[tuple[Account, str]]:
    """USERS registered users, each with a bio of their own."""
    made = []
    for _ in range(USERS):
        account = api.register()
        bio = fresh("Bio before the rotation ")
        with_bio(api, account, bio)
        made.append((account, bio))
    return made


def rotated(keyed: KeyedApps) -> None:
    """The workspace's `rotate`, run to its end with the ring NEW, OLD in batches of BATCH."""
    keyed.rotate((NEW, OLD), BATCH)


def not_under(keyed: KeyedApps, key_id: str) -> list[str]:
    """`username.column` of every stored value some other key sealed."""
    return [
        f"{row['username']}.{column}"
        for row in keyed.rows("SELECT username, email, bio FROM users")
        for column in ("email", "bio")
        if parse(str(row[column])).key_id != key_id
    ]


@check(
    points=3,
    task="Rotation",
    rule="course",
    catches=[
        "rotation_checks_only_the_email",
        "key_id_ignored_on_open",
        "key_id_written_in_the_code",
    ],
    inside=True,
)
def test_rotation_reseals_every_value_under_the_new_key(keyed: KeyedApps) -> None:
    """After a rotation every email and bio is sealed with the new key and opens without the old."""
    with keyed.app(OLD) as api:
        made = members(api)
    with keyed.app(NEW, OLD) as api:  # one user changes their email once the new key seals
        changer = made[1][0]
        changer.email = f"new-{changer.email}"
        reply = api.put("/api/user", {"user": {"email": changer.email}}, token=changer.token)
        expect_status(reply, 200, "changing your own email must work before this can be checked")
    rotated(keyed)
    done = (
        f"{USERS} users sealed with {OLD}, one of whom then changed their email under {NEW}; "
        f"rotate() with the ring {NEW}, {OLD} in batches of {BATCH}"
    )
    if stale := not_under(keyed, NEW):
        raise CheckFailed(
            done,
            f"every users.email and users.bio starting 'v1.{NEW}.'",
            f"still under another key: {', '.join(stale)}",
            "a row is stale if any of its sealed columns is: check every column, re-seal each",
        )
    with keyed.app(NEW) as api:
        for account, bio in made:
            reply = api.get(f"/api/profiles/{account.username}")
            if reply.status != 200 or dig(reply.body, "profile", "bio") != bio:
                raise CheckFailed(
                    f"{done}; then, with {OLD} retired, {reply.request_line()}",
                    f"200 and the bio {bio!r}",
                    reply.summary(),
                    "re-seal what cipher.open gives back, for the same column and row",
                )


@check(
    points=2,
    task="Rotation",
    rule="course",
    catches=["rotation_pages_by_offset", "key_id_ignored_on_open", "key_id_written_in_the_code"],
    inside=True,
)
def test_one_pass_of_batches_reaches_every_row(keyed: KeyedApps) -> None:
    """One pass of stale_batch and write_changes, batch after batch, re-seals every row."""
    with keyed.app(OLD) as api:
        members(api)

    def one_pass() -> int:
        """The most rows one batch held."""
        most, after = 0, 0
        while True:
            batch = keyed.stale_batch((NEW, OLD), after, BATCH)
            most = max(most, len(batch.rows))
            keyed.write_changes((NEW, OLD), batch)
            if batch.after is None:
                return most
            after = batch.after

    if (most := one_pass()) > BATCH:
        raise CheckFailed(
            f"{USERS} users sealed with {OLD}; stale_batch(..., size={BATCH}) batch after batch",
            f"at most {BATCH} rows a batch",
            f"a batch of {most} rows",
            "a batch reads `size` rows at most (.limit(size)), so a rotation never holds many "
            "rows at once while the app serves",
        )
    if stale := not_under(keyed, NEW):
        raise CheckFailed(
            f"{USERS} users sealed with {OLD}; stale_batch(after_id) then write_changes, from "
            f"after_id 0 to None, in batches of {BATCH}, with the ring {NEW}, {OLD}",
            f"every value under {NEW} after one pass",
            f"still under {OLD}: {', '.join(stale)}",
            "page by id (id > after_id), not by OFFSET: rows re-sealed leave the stale set, so "
            "an offset skips as many rows as were written",
        )


@check(
    points=2,
    task="Rotation",
    rule="course",
    catches=["rotation_overwrites_changes", "key_id_ignored_on_open", "key_id_written_in_the_code"],
    inside=True,
)
def test_rotation_keeps_a_change_made_meanwhile(keyed: KeyedApps) -> None:
    """A bio changed between the rotation's read and its write keeps the change."""
    with keyed.app(OLD) as api:
        account = api.register()
        with_bio(api, account, fresh("Old bio "))
    changed = fresh("Bio changed during the rotation ")
    batch = keyed.stale_batch((NEW, OLD), 0, BATCH)
    with keyed.app(NEW, OLD) as api:  # a request, between the read and the write
        with_bio(api, account, changed)
        counts = keyed.write_changes((NEW, OLD), batch)
        reply = api.get(f"/api/profiles/{account.username}")
    read = batch.values
    if dig(reply.body, "profile", "bio") != changed:
        raise CheckFailed(
            f"stale_batch read {account.username}'s row; PUT /api/user (bio {changed!r}); "
            f"then write_changes; then {reply.request_line()}",
            f"the bio {changed!r}",
            reply.summary(),
            "write a re-sealed value only WHERE the column still holds the value read "
            "(compare-and-set): the request sealed its own with the new key already",
        )
    if tuple(counts) != (read - 1, 1):
        raise CheckFailed(
            f"stale_batch read {read} stale values of {account.username} (email and bio); "
            "the bio changed by a request; then write_changes",
            f"write_changes returning (written, raced) = ({read - 1}, 1)",
            repr(counts),
            "count the rows each UPDATE wrote (result.rowcount); the changes left raced",
        )
