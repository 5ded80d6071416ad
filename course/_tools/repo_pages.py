"""The labs and notebooks as pages of the site, and links between repository files made to work.

Chapters link to files the way they sit in the repository (`../labs/lab02_auth/README.md`), so
the links work when the chapters are read on a code host too. The site has no repository files,
so the build gives each lab's README a page (`labs/lab02_auth.md`) and each notebook a page
that says what it covers and how to open it (`notebooks/04-tokens.md`), points links at those
pages, and turns a link to any other repository file (such as a source file) into its path.
"""

import json
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

LINK = re.compile(r"(?<!!)\[(?P<text>[^\]\n]*)\]\((?P<target>[^)\s]+)\)")
FENCE = re.compile(r"(^```.*?^```)", re.M | re.S)
DOCS = "course"


@dataclass(frozen=True, slots=True)
class RepoPage:
    """A page the build makes from a repository file: where it goes, where it came from."""

    docs_path: str
    origin: str
    markdown: str


def _notebook_markdown(path: Path, origin: str) -> str:
    """The notebook's opening text, its sections, and how to open it (no code: no solutions)."""
    cells = json.loads(path.read_text())["cells"]
    texts = ["".join(cell["source"]) for cell in cells if cell["cell_type"] == "markdown"]
    opening = texts[0] if texts else f"# {path.stem}"
    sections = [
        line.lstrip("#").strip()
        for text in texts[1:]
        for line in text.splitlines()
        if line.startswith("## ") or line.startswith("### ")
    ]
    parts = [opening.strip(), "## What it covers", "\n".join(f"- {s}" for s in sections)]
    parts.append(
        "## Open it\n\n"
        "Run `make notebooks`: JupyterLab opens on the course's notebooks, exercises included, "
        f"and checks your answers. This one is `{origin}` in the repository."
    )
    return "\n\n".join(parts) + "\n"


def repo_pages(root: Path) -> list[RepoPage]:
    """One page per lab README and per concept notebook."""
    pages = []
    for readme in sorted(root.glob("labs/lab*/README.md")):
        origin = readme.relative_to(root).as_posix()
        pages.append(RepoPage(f"labs/{readme.parent.name}.md", origin, readme.read_text()))
    for notebook in sorted(root.glob("notebooks/source/*/*.ipynb")):
        origin = notebook.relative_to(root).as_posix()
        docs_path = f"notebooks/{notebook.parent.name}.md"
        pages.append(RepoPage(docs_path, origin, _notebook_markdown(notebook, origin)))
    return pages


def docs_path_of(repo_path: str, pages: list[RepoPage]) -> str | None:
    """Where a repository file is in the site, or None when the site does not have it."""
    if repo_path.startswith(f"{DOCS}/"):
        return repo_path.removeprefix(f"{DOCS}/")
    return next((page.docs_path for page in pages if page.origin == repo_path), None)


def _rewrite(text: str, origin: str, page_path: str, pages: list[RepoPage], root: Path) -> str:
    def replace(match: re.Match[str]) -> str:
        target = match["target"]
        if re.match(r"^[a-z][a-z0-9+.-]*:", target) or target.startswith(("#", "/")):
            return match[0]
        path, _, anchor = target.partition("#")
        repo_path = posixpath.normpath(posixpath.join(posixpath.dirname(origin), path))
        if repo_path.startswith("..") or not (root / repo_path).exists():
            return match[0]  # not a repository file: MkDocs reports it if it is broken
        docs_path = docs_path_of(repo_path, pages)
        if docs_path is None:
            label = match["text"].strip("`")
            return f"`{repo_path}`" if repo_path.endswith(label) else f"{label} (`{repo_path}`)"
        relative = posixpath.relpath(docs_path, posixpath.dirname(page_path) or ".")
        return f"[{match['text']}]({relative}{'#' + anchor if anchor else ''})"

    return LINK.sub(replace, text)


def rewrite_links(
    markdown: str, origin: str, page_path: str, pages: list[RepoPage], root: Path
) -> str:
    """`markdown`, written at `origin` in the repository, with links fit for `page_path`."""
    parts = FENCE.split(markdown)
    return "".join(
        part if part.startswith("```") else _rewrite(part, origin, page_path, pages, root)
        for part in parts
    )
