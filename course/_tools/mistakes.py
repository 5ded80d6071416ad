"""The mistakes learners make, as each lab keeps them: one `mistakes/*.toml` file per mistake,
in the lab's instructor folder, `instructor/labs/labNN_*/mistakes/`.

A chapter writes `<!-- mistakes: 02 -->` alone on a line; the build puts there every mistake
of lab 02, its sentence and the wrong code, read from the files the test suite runs against
the lab's checks. A mistake added to a lab appears in its chapter at the next build.
"""

import re
import textwrap
import tomllib
from dataclasses import dataclass
from pathlib import Path

MISTAKES = re.compile(r"^<!-- mistakes: (?P<lab>\d\d) -->$", re.M)


@dataclass(frozen=True, slots=True)
class Mistake:
    """One wrong implementation: what it gets wrong, and the region bodies it puts in."""

    name: str
    sentence: str
    regions: dict[str, str]


def lab_folder(root: Path, lab: str) -> Path | None:
    folders = sorted((root / "instructor" / "labs").glob(f"lab{lab}_*"))
    return folders[0] if folders else None


def mistakes_of(root: Path, lab: str) -> list[Mistake]:
    """Every mistake kept for a lab, in file-name order."""
    folder = lab_folder(root, lab)
    if folder is None:
        return []
    found = []
    for path in sorted((folder / "mistakes").glob("*.toml")):
        data = tomllib.loads(path.read_text())
        regions = {str(k): str(v) for k, v in dict(data.get("regions", {})).items()}
        found.append(Mistake(path.stem, str(data["mistake"]), regions))
    return found


def _details(mistake: Mistake) -> str:
    lines = [f'??? failure "{mistake.sentence}"']
    for region, body in mistake.regions.items():
        code = textwrap.dedent(body).strip("\n")
        lines += ["", f"    The wrong `{region}`:", "", "    ```python"]
        lines += [f"    {line}".rstrip() for line in code.splitlines()]
        lines += ["    ```"]
    return "\n".join(lines)


def mistakes_markdown(root: Path, lab: str) -> str | None:
    """The lab's mistakes as collapsible blocks, or None when the lab has none."""
    folder = lab_folder(root, lab)
    mistakes = mistakes_of(root, lab)
    if folder is None or not mistakes:
        return None
    intro = (
        f"Each of these {len(mistakes)} wrong versions is kept in "
        f"`instructor/labs/{folder.name}/mistakes/`, and the test suite proves that lab {lab}'s "
        "checks catch every one. Open one to see the wrong code."
    )
    return "\n\n".join([intro, *(_details(mistake) for mistake in mistakes)])


def expand_mistakes(markdown: str, root: Path) -> tuple[str, list[str]]:
    """The markdown with every mistakes marker replaced, and the markers that found nothing."""
    problems: list[str] = []

    def replace(match: re.Match[str]) -> str:
        text = mistakes_markdown(root, match["lab"])
        if text is None:
            problems.append(f"{match[0]}: lab {match['lab']} has no mistakes/*.toml")
            return match[0]
        return text

    return MISTAKES.sub(replace, markdown), problems
