"""Time one app's lists on a large library, a request at a time, as the speed check asks.

    python -m labs.lab09_indexing.checks.timer PACKAGE FOLDER ARTICLES SEED [WORKSPACE]

The speed check runs one of these for the workspace's app and one for the reference's, and asks
them in turn, so that whatever else the machine is doing slows both alike. Once its library is
filled it prints `ready`; then each line it reads names a list (see `LISTS`), and it answers
the status and the seconds one request for it took.
"""

import sys
import tempfile
import time
from pathlib import Path

from labs.lab09_indexing.checks.library import Library, library_of
from labs.lab09_indexing.checks.service import ARCHIVED

SECONDS = 2.0  # a request of a list this slow has lost already: answered 504, not waited for
# The lists timed: each reads a small part of large tables, which only indexes find quickly.
# (Newest first is not timed: SQLite keeps only the page's rows while it sorts, so the table
# must be far larger than a check can fill before the missing index shows in time.)
LISTS = ("author", "tag")


def url_of(library: Library, name: str) -> str:
    """The URL of list `name` in this library (the same list in any app filled alike)."""
    first = library.readers[0]
    return {
        # The oldest sixth of the articles: a page of it is found by reading all of them.
        "tag": f"/api/articles?tag={ARCHIVED}&limit=10",
        "author": f"/api/articles?author={first.username}&limit=10",  # its first reader's
    }[name]


def main(arguments: list[str]) -> int:
    package, folder, articles, seed = arguments[:4]
    if len(arguments) > 4:
        sys.path.insert(0, arguments[4])  # the workspace, whose package is `conduit`
    with (
        tempfile.TemporaryDirectory(dir=folder) as scratch,
        library_of(
            package, Path(scratch), articles=int(articles), seed=int(seed), seconds=SECONDS
        ) as library,
    ):
        print("ready", flush=True)
        for line in sys.stdin:
            url = url_of(library, line.strip())
            started = time.perf_counter()
            reply = library.api.get(url)
            print(reply.status, time.perf_counter() - started, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
