"""What a cached response shows, named as versions that writes bump.

A route marked `opt=cached(TAGS)` (or LISTS, ARTICLE) is cached for anonymous readers. Its
entry's key holds the current version of each thing it shows; `changes.py` says which versions
a write bumps. The granularity is a choice: every list depends on one version, since any
article written, favorited or renamed may move into, out of or within any page of any filter;
a single article depends on its own slug's version and on the version of all articles (bumped
when an author's profile, shown in every one of their articles, changes).
"""

from collections.abc import Mapping
from typing import Any

CACHE_OPT = "response_cache"

TAGS = "tags"
LISTS = "lists"
ARTICLE = "article"
ALL_ARTICLES = "articles"
EVERYTHING = frozenset({TAGS, LISTS, ALL_ARTICLES})


def cached(family: str) -> dict[str, str]:
    """The `opt` of a route handler whose anonymous answers are cached."""
    return {CACHE_OPT: family}


def article_version(slug: str) -> str:
    return f"{ARTICLE}:{slug}"


def versions_shown(family: str, path_params: Mapping[str, Any]) -> list[str]:
    """The versions an answer of this family depends on."""
    # --- lab 08: versions_shown ---
    if family == ARTICLE:
        return [ALL_ARTICLES, article_version(path_params["slug"])]
    return [family]
    # --- end lab 08: versions_shown ---


def entry_key(family: str, versions: list[int], path: str, query: bytes) -> str:
    """The path and query say which answer; the versions say which state of the data."""
    # --- lab 08: entry_key ---
    stamp = ".".join(map(str, versions))
    return f"{family}@{stamp}:{path}?{query.decode('latin-1')}"
    # --- end lab 08: entry_key ---
