"""Every table of the app, imported in one place so that the metadata knows them all."""

from reference_app.articles.models import Article, ArticleTag, Favorite
from reference_app.comments.models import Comment
from reference_app.profiles.models import Follow
from reference_app.sessions.models import RefreshToken, SignInSession, TokenCutoff
from reference_app.users.models import User

__all__ = [
    "Article",
    "ArticleTag",
    "Comment",
    "Favorite",
    "Follow",
    "RefreshToken",
    "SignInSession",
    "TokenCutoff",
    "User",
]
