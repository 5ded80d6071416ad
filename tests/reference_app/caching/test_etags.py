"""Entity tags and the If-None-Match comparison."""

from reference_app.caching.etags import client_has, etag_of


def test_the_same_bytes_get_the_same_strong_tag_and_other_bytes_another() -> None:
    tag = etag_of(b'{"tags":["a"]}')
    assert tag == etag_of(b'{"tags":["a"]}')
    assert tag != etag_of(b'{"tags":["b"]}')
    assert tag.startswith('"'), "a tag is a quoted string"
    assert tag.endswith('"'), "a tag is a quoted string"
    assert not tag.startswith("W/"), "a hash of the bytes is a strong tag"


def test_the_client_has_the_answer_when_if_none_match_names_its_tag() -> None:
    tag = etag_of(b"body")
    assert client_has(tag, tag)
    assert client_has(f'"other", {tag}', tag), "If-None-Match may list several tags"
    assert client_has(f"W/{tag}", tag), "If-None-Match compares weakly"
    assert client_has("*", tag), "`*` matches any current answer"


def test_the_client_lacks_the_answer_when_it_names_another_tag_or_none() -> None:
    tag = etag_of(b"body")
    assert not client_has(None, tag)
    assert not client_has(etag_of(b"older body"), tag)
    assert not client_has("", tag)
    assert not client_has(tag.strip('"'), tag), "an unquoted tag is not the same tag"
