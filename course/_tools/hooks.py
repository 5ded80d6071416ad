"""MkDocs hooks that build the course from the repository's own files (see mkdocs.yml).

- lab READMEs and notebooks become pages (`repo_pages`);
- `<!-- include: FILE::NAME -->` becomes that code, as it is today (`includes`);
- `<!-- mistakes: NN -->` becomes lab NN's kept mistakes (`mistakes`);
- `<!-- figure: NAME -->` becomes a table from a benchmark's JSON (`figures`);
- mermaid.min.js is served by the site itself, on the pages with a diagram (`mermaid`).

Every marker that cannot be filled is a warning, so `mkdocs build --strict` fails on it.
"""

import logging
import sys
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

sys.path.insert(0, str(Path(__file__).parent))

from figures import expand_figures
from includes import expand_includes
from mermaid import MermaidUnavailable, mermaid_js
from mistakes import expand_mistakes
from repo_pages import RepoPage, repo_pages, rewrite_links

ROOT = Path(__file__).resolve().parents[2]
MERMAID_CACHE = ROOT / "build" / "course-assets"
MERMAID_URI = "assets/javascripts/mermaid.min.js"

log = logging.getLogger("mkdocs.hooks.course")
_pages: list[RepoPage] = []


def on_files(files: Files, config: MkDocsConfig, **_: Any) -> Files:
    _pages[:] = repo_pages(ROOT)
    for page in _pages:
        files.append(File.generated(config, page.docs_path, content=page.markdown))
    try:
        script = mermaid_js(MERMAID_CACHE)
    except MermaidUnavailable as error:
        raise PluginError(str(error)) from error
    files.append(File.generated(config, MERMAID_URI, abs_src_path=str(script)))
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, **_: Any) -> str:
    docs_path = page.file.src_uri
    origin = next((p.origin for p in _pages if p.docs_path == docs_path), f"course/{docs_path}")
    markdown = rewrite_links(markdown, origin, docs_path, _pages, ROOT)
    markdown, missing_code = expand_includes(markdown, ROOT)
    markdown, missing_mistakes = expand_mistakes(markdown, ROOT)
    markdown, missing_figures = expand_figures(markdown, ROOT / "course" / "_data")
    for problem in [*missing_code, *missing_mistakes, *missing_figures]:
        log.warning("%s: %s", docs_path, problem)
    return markdown


def on_post_page(html: str, page: Page, config: MkDocsConfig, **_: Any) -> str:
    """Pages with a diagram load mermaid (3 MB) from the site; Material then draws with it."""
    if '<pre class="mermaid">' not in html:
        return html
    src = get_relative_url(MERMAID_URI, page.url)
    return html.replace("</body>", f'<script src="{src}"></script></body>', 1)
