"""Article columns hold everything validation accepts, on every database."""

from reference_app.articles.models import MAX_BODY_LENGTH
from tests.reference_app.conftest import Conduit


async def test_the_longest_body_of_four_byte_characters_is_stored_whole(conduit: Conduit) -> None:
    # 400,000 bytes in UTF-8: six times what MariaDB's TEXT holds.
    body = "🐍" * MAX_BODY_LENGTH
    author = await conduit.register()
    created = await conduit.create_article(author, body=body)
    assert (await conduit.article(created["slug"]))["body"] == body
