"""Demo data: a few users, articles, tags, comments, follows and favorites to explore."""

from datetime import timedelta

from sqlalchemy import func, select

from reference_app import migrations
from reference_app.articles import queries as articles
from reference_app.auth.passwords import hash_password
from reference_app.comments import queries as comments
from reference_app.database import Database
from reference_app.profiles import queries as profiles
from reference_app.timestamps import utc_now
from reference_app.users import queries as users
from reference_app.users.models import User

DEMO_PASSWORD = "conduit-demo"

DEMO_USERS = [
    ("alice", "Writes about databases and the queries that make them fast."),
    ("bob", "Backend developer; likes small services and good logs."),
    ("carol", "Security engineer. Ask me about tokens."),
]

DEMO_ARTICLES = [
    ("alice", "Why every foreign key wants an index", ["databases", "indexing"]),
    ("alice", "Reading a query plan", ["databases", "sql"]),
    ("bob", "One log line per request", ["logging", "observability"]),
    ("bob", "Pagination without surprises", ["api", "sql"]),
    ("carol", "What a JWT does and does not protect", ["security", "tokens"]),
    ("carol", "bcrypt, slowly and on purpose", ["security", "passwords"]),
]

DEMO_COMMENTS = [
    ("bob", 0, "The part about composite indexes saved my afternoon."),
    ("carol", 2, "Do you log the user id too, or only the request?"),
    ("alice", 4, "Short expiry times and refresh tokens, then?"),
]


async def has_data(database: Database) -> bool:
    async with database.session(write=False) as session:
        return bool((await session.execute(select(func.count()).select_from(User))).scalar_one())


async def seed(database: Database, bcrypt_rounds: int) -> None:
    """Empty every table (made by the migrations first, if it is not there yet), then fill them
    with the demo data."""
    await migrations.upgrade(database)
    await database.empty_tables()
    password_hash = await hash_password(DEMO_PASSWORD, bcrypt_rounds)
    async with database.session(write=True) as session, session.begin():
        people = {
            name: await users.create_user(session, name, f"{name}@example.org", password_hash)
            for name, _ in DEMO_USERS
        }
        for name, bio in DEMO_USERS:
            await users.update_user(session, people[name], {"bio": bio})
        written = []
        for age, (author, title, tags) in enumerate(reversed(DEMO_ARTICLES)):
            body = f"# {title}\n\nA demo article by {author}. Edit it, comment on it, favorite it."
            article = await articles.create_article(
                session, people[author], title, f"Notes on {tags[0]}.", body, tags
            )
            article.created_at = article.updated_at = utc_now() - timedelta(hours=age)
            written.append(article)
        written.reverse()
        for author, index, body in DEMO_COMMENTS:
            await comments.add_comment(session, written[index].id, people[author], body)
        await profiles.follow(session, people["bob"], people["alice"])
        await profiles.follow(session, people["carol"], people["alice"])
        await articles.favorite(session, people["bob"], written[0])
        await articles.favorite(session, people["carol"], written[0])
