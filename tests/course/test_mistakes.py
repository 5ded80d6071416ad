"""Each chapter lists the mistakes its lab keeps, read from the lab's own files at build time."""

from pathlib import Path

import pytest
from mistakes import MISTAKES, expand_mistakes, lab_folder, mistakes_of

ROOT = Path(__file__).resolve().parents[2]
# The chapters of a lab: a chapter without one (load testing) has no mistakes to list.
CHAPTERS = [
    chapter
    for chapter in sorted(ROOT.glob("course/[0-9][0-9]-*.md"))
    if lab_folder(ROOT, chapter.name[:2])
]


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda c: c.name)
def test_each_chapter_lists_its_labs_mistakes(chapter: Path) -> None:
    labs = [m["lab"] for m in MISTAKES.finditer(chapter.read_text())]
    assert labs == [chapter.name[:2]], (
        f"{chapter.name} should hold <!-- mistakes: {chapter.name[:2]} -->"
    )


@pytest.mark.parametrize("lab", ["01", "02", "03", "04", "05"])
def test_every_kept_mistake_appears_with_its_sentence(lab: str) -> None:
    kept = sorted((ROOT / "instructor" / "labs").glob(f"lab{lab}_*/mistakes/*.toml"))
    built, problems = expand_mistakes(f"<!-- mistakes: {lab} -->", ROOT)
    assert not problems
    assert built.count('??? failure "') == len(kept), "one block per mistakes/*.toml file"
    for mistake in mistakes_of(ROOT, lab):
        assert f'??? failure "{mistake.sentence}"' in built


def test_a_new_mistake_file_appears_at_the_next_build(tmp_path: Path) -> None:
    folder = tmp_path / "instructor" / "labs" / "lab07_caching" / "mistakes"
    folder.mkdir(parents=True)
    (folder / "cache_never_expires.toml").write_text(
        'mistake = "Cached pages are never invalidated."\n\n'
        "[regions]\nget_page = '''\n    return cache[key]\n'''\n"
    )
    built, problems = expand_mistakes("Before.\n\n<!-- mistakes: 07 -->\n", tmp_path)
    assert not problems
    assert '??? failure "Cached pages are never invalidated."' in built
    assert "    The wrong `get_page`:" in built
    assert "    return cache[key]" in built  # dedented once, indented under the block


def test_a_lab_without_mistakes_is_reported(tmp_path: Path) -> None:
    built, problems = expand_mistakes("<!-- mistakes: 09 -->", tmp_path)
    assert built == "<!-- mistakes: 09 -->"
    assert problems == ["<!-- mistakes: 09 -->: lab 09 has no mistakes/*.toml"]
