"""The data a load test runs on: a few hundred articles by tens of users, with tags, comments,
follows and favorites, drawn from a fixed seed into one SQLite file.

Each server of a comparison gets a database drawn from the same seed and the same clock, so
they answer the same queries over the same rows. Each is written through its own app's tables
(`--package`): a workspace started before the reference's tables changed still reads its own.
A `manifest.json` beside it says what is in it (the tags' counts, the slugs, the users and
their password), for the scenarios to check answers against.

    python -m loadtests.dataset OUT_DIR --articles 300 [--package conduit]
"""

import argparse
import asyncio
import importlib
import json
import random
import sys
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import bcrypt

PASSWORD = "load-test-pw"
DATABASE_FILE = "conduit.db"
MANIFEST_FILE = "manifest.json"
TAGS = [f"topic-{n:02d}" for n in range(20)]
WORDS = [
    *("index", "query", "cache", "token", "latency", "queue"),
    *("replica", "shard", "schema", "join", "plan", "hash"),
]


@dataclass(frozen=True, slots=True)
class Size:
    articles: int = 300
    users: int = 40
    follows_per_user: int = 5
    max_favorites: int = 6  # per article, drawn from 0 to this
    max_comments: int = 3  # per article
    seed: int = 13


@dataclass(slots=True)
class Manifest:
    """What a dataset holds, as the scenarios read it (`load_manifest`)."""

    password: str
    users: list[str]
    articles: int
    slugs: list[str]
    tags: dict[str, int] = field(default_factory=dict)  # tag -> how many articles have it
    authors: dict[str, int] = field(default_factory=dict)  # username -> articles written


def load_manifest(path: Path) -> Manifest:
    return Manifest(**json.loads(path.read_text()))


def _tables(package: str) -> dict[str, Any]:
    """The app's table classes, and what writes them, from the package's own modules."""
    found: dict[str, Any] = {}
    for module, names in (
        ("articles.models", ["Article", "ArticleTag", "Favorite"]),
        ("articles.slugs", ["slugify"]),
        ("comments.models", ["Comment"]),
        ("profiles.models", ["Follow"]),
        ("users.models", ["User"]),
        ("database", ["Database"]),
        ("settings", ["Settings"]),
    ):
        loaded = importlib.import_module(f"{package}.{module}")
        found |= {name: getattr(loaded, name) for name in names}
    return found


async def _fill(
    database: Any, t: dict[str, Any], size: Size, rounds: int, now: datetime
) -> Manifest:
    chance = random.Random(size.seed)  # noqa: S311 - a reproducible draw, not a secret
    # bcrypt itself rather than the app's hashing: a lab may not have written that yet.
    password_hash = bcrypt.hashpw(PASSWORD.encode(), bcrypt.gensalt(rounds)).decode("ascii")
    User, Follow, Article, ArticleTag, Favorite, Comment = (
        t["User"],
        t["Follow"],
        t["Article"],
        t["ArticleTag"],
        t["Favorite"],
        t["Comment"],
    )
    names = [f"user-{n:03d}" for n in range(size.users)]
    manifest = Manifest(PASSWORD, names, size.articles, [])
    async with database.session(write=True) as session, session.begin():
        users = [
            User(
                username=name,
                email=f"{name}@example.org",
                password_hash=password_hash,
                bio=f"{name} writes about {chance.choice(WORDS)}s.",
            )
            for name in names
        ]
        session.add_all(users)
        await session.flush()
        for user in users:
            others = [other for other in users if other is not user]
            for followee in chance.sample(others, size.follows_per_user):
                session.add(Follow(follower_id=user.id, followee_id=followee.id))
        for number in range(size.articles):
            author = chance.choice(users)
            title = f"Article {number:04d}: the {' and the '.join(chance.sample(WORDS, 2))}"
            # One hour apart, newest last: lists are newest first, with no ties to break.
            created = now - timedelta(hours=size.articles - number)
            article = Article(
                slug=t["slugify"](title),
                title=title,
                description=f"On {title.lower()}.",
                body=f"# {title}\n\n" + "A paragraph of body text. " * 30,
                author_id=author.id,
                created_at=created,
                updated_at=created,
            )
            session.add(article)
            await session.flush()
            tags = chance.sample(TAGS, 3)
            session.add_all(ArticleTag(article_id=article.id, tag=tag) for tag in tags)
            for fan in chance.sample(users, chance.randint(0, size.max_favorites)):
                session.add(Favorite(user_id=fan.id, article_id=article.id))
            for reply in range(chance.randint(0, size.max_comments)):
                session.add(
                    Comment(
                        body=f"Reply {reply} to {title}",
                        article_id=article.id,
                        author_id=chance.choice(users).id,
                    )
                )
            manifest.slugs.append(article.slug)
            for tag in tags:
                manifest.tags[tag] = manifest.tags.get(tag, 0) + 1
            manifest.authors[author.username] = manifest.authors.get(author.username, 0) + 1
    return manifest


async def _build(
    folder: Path, package: str, size: Size, bcrypt_rounds: int, now: datetime
) -> Manifest:
    tables = _tables(package)
    # The app's own settings, read from the environment as its server will read them.
    settings = tables["Settings"]()
    # Newer apps seal personal data with a key of their settings; older workspaces do not.
    sealing = {"cipher": settings.field_cipher} if hasattr(settings, "field_cipher") else {}
    database = tables["Database"](settings.database_url, **sealing)
    try:
        await database.drop_tables()
        await database.create_tables()
        return await _fill(database, tables, size, bcrypt_rounds, now)
    finally:
        await database.dispose()


def build(
    folder: Path,
    size: Size = Size(),
    *,
    package: str = "reference_app",
    bcrypt_rounds: int = 4,
    now: datetime | None = None,
) -> Manifest:
    """Write the dataset into the database of `package`'s settings (DATABASE_URL), through its
    tables, and its manifest into `folder`; the articles are dated back from `now`."""
    folder.mkdir(parents=True, exist_ok=True)
    now = now or datetime.now(UTC)
    manifest = asyncio.run(_build(folder, package, size, bcrypt_rounds, now))
    (folder / MANIFEST_FILE).write_text(json.dumps(asdict(manifest), indent=1) + "\n")
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m loadtests.dataset", description=__doc__)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--articles", type=int, default=Size().articles)
    parser.add_argument("--users", type=int, default=Size().users)
    parser.add_argument("--bcrypt-rounds", type=int, default=4)
    parser.add_argument("--package", default="reference_app", help="whose tables to write")
    parser.add_argument("--now", type=datetime.fromisoformat, help="the clock (ISO, with zone)")
    args = parser.parse_args(argv)
    size = Size(args.articles, args.users)
    manifest = build(
        args.folder, size, package=args.package, bcrypt_rounds=args.bcrypt_rounds, now=args.now
    )
    print(f"{manifest.articles} articles by {len(manifest.users)} users in {args.folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
