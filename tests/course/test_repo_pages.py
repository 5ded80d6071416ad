"""Links between repository files still work on the site."""

import json
from pathlib import Path

from repo_pages import repo_pages, rewrite_links

ROOT = Path(__file__).resolve().parents[2]
PAGES = repo_pages(ROOT)


def test_every_lab_and_notebook_has_a_page() -> None:
    origins = {page.origin for page in PAGES}
    labs = {p.relative_to(ROOT).as_posix() for p in ROOT.glob("labs/lab*/README.md")}
    notebooks = {p.relative_to(ROOT).as_posix() for p in ROOT.glob("notebooks/source/*/*.ipynb")}
    assert labs | notebooks == origins


def test_a_notebook_page_shows_none_of_its_code_cells() -> None:
    """Code cells of the notebooks' sources hold the solutions: the site shows none of them."""
    for page in PAGES:
        if not page.origin.endswith(".ipynb"):
            continue
        cells = json.loads((ROOT / page.origin).read_text())["cells"]
        code = ["".join(c["source"]).strip() for c in cells if c["cell_type"] == "code"]
        assert code, f"{page.origin} has no code cells: has the notebook format changed?"
        for source in filter(None, code):
            assert source not in page.markdown, (
                f"{page.docs_path} shows a code cell of {page.origin}"
            )
        assert "BEGIN SOLUTION" not in page.markdown


def test_a_chapter_link_to_a_lab_readme_goes_to_its_page() -> None:
    text = "See [lab 02](../labs/lab02_auth/README.md#tasks)."
    built = rewrite_links(text, "course/02-authentication.md", "02-authentication.md", PAGES, ROOT)
    assert built == "See [lab 02](labs/lab02_auth.md#tasks)."


def test_a_link_to_a_notebook_goes_to_its_page() -> None:
    text = "[the notebook](../notebooks/source/04-tokens/tokens.ipynb)"
    built = rewrite_links(text, "course/02-authentication.md", "02-authentication.md", PAGES, ROOT)
    assert built == "[the notebook](notebooks/04-tokens.md)"


def test_a_link_to_a_source_file_becomes_its_path() -> None:
    text = "In [`auth/tokens.py`](../../reference_app/auth/tokens.py), and [here](../../Makefile)."
    built = rewrite_links(text, "labs/lab02_auth/README.md", "labs/lab02_auth.md", PAGES, ROOT)
    assert built == "In `reference_app/auth/tokens.py`, and here (`Makefile`)."


def test_web_links_anchors_and_code_blocks_are_left_alone() -> None:
    text = "[a](https://example.org) [b](#part)\n```\n[c](../Makefile)\n```\n"
    assert rewrite_links(text, "course/x.md", "x.md", PAGES, ROOT) == text
