"""What a 422's errors name: the fields that were wrong, and no field that was right."""

from collections.abc import Collection

from labs.engine import Reply, dig, expect


def named_fields(reply: Reply) -> set[str]:
    """The fields the error envelope names (none when it is not one)."""
    errors = dig(reply.body, "errors")
    return set(errors) if isinstance(errors, dict) else set()


def expect_only(reply: Reply, fields: Collection[str]) -> None:
    """Fail unless the errors name exactly `fields`: naming every field is no answer."""
    wanted = ", ".join(sorted(fields))
    expect(
        named_fields(reply) == set(fields),
        reply,
        f"errors naming {wanted}, and no field that was right",
        "report the problems this request has, each under its field: an answer naming "
        "every field whatever was sent tells the client nothing",
    )
