"""The course builds as a site with warnings as errors, and its pages hold what the build adds."""

import html as html_module
import re
from pathlib import Path

from includes import snippet
from mistakes import mistakes_of

ROOT = Path(__file__).resolve().parents[2]
CHAPTERS = ["01-servers", "02-databases", "03-apis", "04-authentication", "05-authorization"]


def _text(html: str) -> str:
    return html_module.unescape(re.sub(r"<[^>]+>", "", html))


def test_every_chapter_lab_and_notebook_is_a_page(built_site: Path) -> None:
    pages = {p.parent.relative_to(built_site).as_posix() for p in built_site.rglob("index.html")}
    expected = {*CHAPTERS, *(f"labs/{p.parent.name}" for p in ROOT.glob("labs/lab*/README.md"))}
    expected |= {f"notebooks/{p.parent.name}" for p in ROOT.glob("notebooks/source/*/*.ipynb")}
    assert expected <= pages, f"missing pages: {sorted(expected - pages)}"


def test_included_code_is_the_current_source(built_site: Path) -> None:
    html = _text((built_site / "04-authentication" / "index.html").read_text())
    for line in snippet(ROOT, "reference_app/auth/tokens.py", "read_token").code.splitlines():
        assert line.strip() in html, f"the built chapter lacks {line.strip()!r}"


def test_mistakes_are_listed_on_their_chapter(built_site: Path) -> None:
    html = _text((built_site / "04-authentication" / "index.html").read_text())
    for mistake in mistakes_of(ROOT, "04"):
        assert mistake.sentence in html, f"chapter 4 lacks the mistake {mistake.name}"


def test_diagrams_and_the_measured_table_are_on_their_pages(built_site: Path) -> None:
    for chapter in CHAPTERS:
        html = (built_site / chapter / "index.html").read_text()
        assert '<pre class="mermaid">' in html, f"{chapter} has no diagram"
        assert "<!-- include:" not in html, chapter
        assert "<!-- mistakes:" not in html, chapter
    assert "guesses per second" in (built_site / "04-authentication" / "index.html").read_text()


def test_the_site_loads_its_diagram_library_from_itself(built_site: Path) -> None:
    assert (built_site / "assets" / "javascripts" / "mermaid.min.js").stat().st_size > 1_000_000
    chapter = (built_site / "02-databases" / "index.html").read_text()
    assert '<script src="../assets/javascripts/mermaid.min.js"></script>' in chapter
    lab = (built_site / "labs" / "lab02_database" / "index.html").read_text()
    assert "mermaid.min.js" not in lab, "only pages with a diagram load mermaid"
    assert "fonts.googleapis.com" not in chapter
