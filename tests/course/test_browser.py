"""The built course in a real browser: every page loads cleanly, diagrams draw, search finds.

Headless Chromium (Debian's `chromium`, driven by Playwright with the system browser: no browser
is downloaded) opens every page of the site served on 127.0.0.1. A console error, an uncaught
script error, a failed request or any request to another host fails the test; the site must work
offline. Screenshots go to the test's tmp folder, and two of them, for review, to
build/course-screenshots/ (git-ignored).
"""

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
REVIEW = ROOT / "build" / "course-screenshots"
SEARCH_TERM = "bcrypt"
# Generous: drawing is waited on as an event; this only bounds how long a broken diagram takes.
DIAGRAM_TIMEOUT_MS = 30_000
MIN_DIAGRAM_HEIGHT = 50

pytestmark = pytest.mark.slow


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # the base's name
        pass


@pytest.fixture(scope="module")
def site_url(built_site: Path) -> Iterator[str]:
    """The built site, served on loopback for the duration of the module."""
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    playwright_api = pytest.importorskip(
        "playwright.sync_api", reason="playwright is not installed (pip install playwright)"
    )
    if not CHROMIUM.exists():
        pytest.skip(f"no browser: {CHROMIUM} is missing (apt-get install chromium)")
    with playwright_api.sync_playwright() as playwright:
        # Names resolve to nothing but loopback: a request to another host fails (and is
        # reported) instead of leaving the machine.
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"],
        )
        yield launched
        launched.close()


class PageWatch:
    """Everything a page did wrong: console errors, script errors, failed or foreign requests."""

    def __init__(self, page: object, base: str) -> None:
        self.problems: list[str] = []
        host = urlsplit(base).netloc
        page.on("console", self._console)  # type: ignore[attr-defined]
        page.on("pageerror", lambda error: self.problems.append(f"script error: {error}"))  # type: ignore[attr-defined]
        page.on("requestfailed", lambda r: self.problems.append(f"failed: {r.url}"))  # type: ignore[attr-defined]
        page.on("response", self._response)  # type: ignore[attr-defined]
        page.on("request", lambda r: self._request(r.url, host))  # type: ignore[attr-defined]

    def _request(self, url: str, host: str) -> None:
        if urlsplit(url).netloc != host and not url.startswith(("data:", "blob:")):
            self.problems.append(f"request to another host: {url}")

    def _console(self, message: object) -> None:
        if message.type == "error":  # type: ignore[attr-defined]
            self.problems.append(f"console error: {message.text}")  # type: ignore[attr-defined]

    def _response(self, response: object) -> None:
        if response.status >= 400:  # type: ignore[attr-defined]
            self.problems.append(f"{response.status}: {response.url}")  # type: ignore[attr-defined]


def _wait_for_diagrams(page: object, watch: PageWatch) -> None:
    """Material swaps each `<pre class="mermaid">` for a drawn `<div class="mermaid">`."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(  # type: ignore[attr-defined]
            "document.querySelectorAll('pre.mermaid').length === 0", timeout=DIAGRAM_TIMEOUT_MS
        )
    except PlaywrightTimeout:
        count = page.locator("pre.mermaid").count()  # type: ignore[attr-defined]
        watch.problems.append(f"{count} diagram(s) not drawn (a mermaid syntax error?)")
    heights = page.evaluate(  # type: ignore[attr-defined]
        "[...document.querySelectorAll('div.mermaid')].map(e => e.getBoundingClientRect().height)"
    )
    if any(height < MIN_DIAGRAM_HEIGHT for height in heights):
        watch.problems.append(f"a diagram is drawn empty (heights {heights})")


def _pages(site: Path) -> list[str]:
    return sorted(
        "" if p.parent == site else p.parent.relative_to(site).as_posix() + "/"
        for p in site.rglob("index.html")
    )


def test_every_page_loads_without_errors_and_draws_its_diagrams(
    browser: object, site_url: str, built_site: Path, tmp_path: Path
) -> None:
    pages = _pages(built_site)
    assert len(pages) >= 5 + 5 + 5, f"too few pages: {pages}"
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    problems: dict[str, list[str]] = {}
    for path in pages:
        page = context.new_page()
        watch = PageWatch(page, site_url)
        page.goto(site_url + path, wait_until="load")
        _wait_for_diagrams(page, watch)
        page.screenshot(path=str(tmp_path / f"{path.strip('/').replace('/', '_') or 'home'}.png"))
        if path == "03-databases/":
            page.locator("div.mermaid").first.scroll_into_view_if_needed()
            REVIEW.mkdir(parents=True, exist_ok=True)
            # Transitions finished: the header swaps the site's name for the page's as it scrolls.
            page.screenshot(path=str(REVIEW / "data-model-diagram.png"), animations="disabled")
        if watch.problems:
            problems[path] = watch.problems
        page.close()
    context.close()
    assert not problems, f"pages with problems: {problems}"
    assert len(list(tmp_path.glob("*.png"))) == len(pages)


def test_search_finds_a_term(browser: object, site_url: str, tmp_path: Path) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    watch = PageWatch(page, site_url)
    page.goto(site_url, wait_until="load")
    search = page.locator("input.md-search__input")
    search.click()
    # Typed key by key: Material searches on key events. The index loads in a web worker first.
    page.wait_for_function(
        "!document.querySelector('.md-search-result__meta').textContent.includes('Initializing')"
    )
    search.press_sequentially(SEARCH_TERM)
    results = page.locator("li.md-search-result__item")
    results.first.wait_for(state="visible")
    titles = page.locator(".md-search-result__list").inner_text()
    assert "Authentication" in titles, f"searching {SEARCH_TERM!r} found: {titles}"
    page.screenshot(path=str(tmp_path / "search.png"), animations="disabled")
    REVIEW.mkdir(parents=True, exist_ok=True)
    shutil.copy(tmp_path / "search.png", REVIEW / "search-bcrypt.png")
    assert not watch.problems, watch.problems
    page.close()
