"""The course builds as a site with warnings as errors, and its pages hold what the build adds."""

import html as html_module
import re
import subprocess
from pathlib import Path

from includes import snippet
from mistakes import mistakes_of

from tests.course.conftest import MKDOCS, build_env

ROOT = Path(__file__).resolve().parents[2]
CHAPTERS = ["01-servers", "02-authentication", "03-databases", "04-apis", "05-authorization"]


def _text(html: str) -> str:
    return html_module.unescape(re.sub(r"<[^>]+>", "", html))


def test_every_chapter_lab_and_notebook_is_a_page(built_site: Path) -> None:
    pages = {p.parent.relative_to(built_site).as_posix() for p in built_site.rglob("index.html")}
    expected = {*CHAPTERS, *(f"labs/{p.parent.name}" for p in ROOT.glob("labs/lab*/README.md"))}
    expected |= {f"notebooks/{p.parent.name}" for p in ROOT.glob("notebooks/source/*/*.ipynb")}
    assert expected <= pages, f"missing pages: {sorted(expected - pages)}"


def test_included_code_is_the_current_source(built_site: Path) -> None:
    html = _text((built_site / "02-authentication" / "index.html").read_text())
    for line in snippet(ROOT, "reference_app/auth/tokens.py", "read_token").code.splitlines():
        assert line.strip() in html, f"the built chapter lacks {line.strip()!r}"


def test_mistakes_are_listed_on_their_chapter(built_site: Path) -> None:
    html = _text((built_site / "02-authentication" / "index.html").read_text())
    for mistake in mistakes_of(ROOT, "02"):
        assert mistake.sentence in html, f"chapter 2 lacks the mistake {mistake.name}"


def test_diagrams_and_the_measured_table_are_on_their_pages(built_site: Path) -> None:
    for chapter in CHAPTERS:
        html = (built_site / chapter / "index.html").read_text()
        assert '<pre class="mermaid">' in html, f"{chapter} has no diagram"
        assert "<!-- include:" not in html, chapter
        assert "<!-- mistakes:" not in html, chapter
    assert "guesses per second" in (built_site / "02-authentication" / "index.html").read_text()


def test_the_site_loads_its_diagram_library_from_itself(built_site: Path) -> None:
    assert (built_site / "assets" / "javascripts" / "mermaid.min.js").stat().st_size > 1_000_000
    chapter = (built_site / "03-databases" / "index.html").read_text()
    assert '<script src="../assets/javascripts/mermaid.min.js"></script>' in chapter
    lab = (built_site / "labs" / "lab03_database" / "index.html").read_text()
    assert "mermaid.min.js" not in lab, "only pages with a diagram load mermaid"
    assert "fonts.googleapis.com" not in chapter


def test_a_missing_snippet_fails_the_strict_build(tmp_path: Path) -> None:
    """The same hooks on a one-page site whose chapter names code that does not exist."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text(
        "# A chapter\n\n<!-- include: reference_app/auth/tokens.py::no_such_function -->\n"
    )
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        f"site_name: t\ndocs_dir: {docs}\nsite_dir: {tmp_path / 'site'}\n"
        f"hooks: [{ROOT / 'course' / '_tools' / 'hooks.py'}]\n"
    )
    finished = subprocess.run(
        [str(MKDOCS), "build", "--strict", "--config-file", str(config)],
        capture_output=True,
        text=True,
        env=build_env(),
        check=False,
    )
    assert finished.returncode != 0, "a strict build with a missing snippet should fail"
    assert "defines no 'no_such_function'" in finished.stderr
