"""The labs of the course, read from each lab folder's `lab.toml`.

What a learner may see of a lab is in its folder, `labs/labNN_*/` (its README, its settings,
its public checks); what only instructors may see is in `instructor/labs/labNN_*/` (hidden
checks, mistakes, equivalents, equivalent mutants), which the learner's package does not ship.
"""

import tomllib
from dataclasses import dataclass, replace
from functools import cache
from importlib.util import find_spec
from pathlib import Path

LABS_ROOT = Path(__file__).resolve().parent.parent
INSTRUCTOR_ROOT = LABS_ROOT.parent / "instructor" / "labs"


class InstructorMaterialMissing(Exception):
    """This install is a learner's: the instructor's material (hidden checks...) is not in it."""


@dataclass(frozen=True, slots=True)
class Lab:
    """One lab: its folder, and what its `lab.toml` says about it."""

    number: str
    title: str
    folder: Path
    points: int  # of the public checks, the ones learners see
    hidden_points: int  # of the hidden checks, run only for instructors
    time_limit_minutes: int
    needs: tuple[str, ...]
    hints: dict[str, str]  # region name -> the hint its stub shows
    instructor: Path | None = None  # its instructor folder, if not INSTRUCTOR_ROOT/<its folder>
    # Points `course grade` gives its load test (`[loadtest] points`): 0, and none is run.
    loadtest_points: int = 0

    @property
    def checks_dir(self) -> Path:
        return self.folder / "checks"

    @property
    def instructor_dir(self) -> Path:
        """The lab's instructor-only folder; InstructorMaterialMissing in a learner's install."""
        folder = self.instructor or INSTRUCTOR_ROOT / self.folder.name
        if not folder.is_dir():
            raise InstructorMaterialMissing(
                f"lab {self.number}'s instructor material ({folder}) is not here: this is a "
                "learner's install of the course, which holds no hidden checks, mistakes or "
                "solutions. Grade and run hidden checks from a clone of the course's own "
                "repository, installed with `pip install -e .`"
            )
        return folder

    @property
    def hidden_dir(self) -> Path:
        return self.instructor_dir / "hidden"

    @property
    def mistakes(self) -> list[Path]:
        return sorted((self.instructor_dir / "mistakes").glob("*.toml"))

    @property
    def equivalents(self) -> list[Path]:
        """Correct implementations written differently from the reference: each scores full."""
        return sorted((self.instructor_dir / "equivalents").glob("*.toml"))


def _read(folder: Path) -> Lab:
    meta = tomllib.loads((folder / "lab.toml").read_text())
    return Lab(
        number=meta["number"],
        title=meta["title"],
        folder=folder,
        points=int(meta["points"]),
        hidden_points=int(meta.get("hidden_points", 0)),
        time_limit_minutes=int(meta.get("time_limit_minutes", 120)),
        needs=tuple(meta.get("needs", [])),
        hints={name: spec["hint"] for name, spec in meta.get("regions", {}).items()},
        loadtest_points=int(meta.get("loadtest", {}).get("points", 0)),
    )


@cache
def all_labs() -> dict[str, Lab]:
    """Every lab, by number ("01", "02", ...), in order."""
    labs = [_read(folder) for folder in sorted(LABS_ROOT.glob("lab[0-9][0-9]_*"))]
    # A lab whose regions lie under every earlier lab's checks (`under_earlier_labs = true`:
    # lab 06 seals the email every registration stores) is needed by each of those labs.
    under = [lab.number for lab in labs if _under_earlier_labs(lab.folder)]
    labs = [replace(lab, needs=(*lab.needs, *(n for n in under if n > lab.number))) for lab in labs]
    return {lab.number: lab for lab in labs}


def _under_earlier_labs(folder: Path) -> bool:
    return bool(tomllib.loads((folder / "lab.toml").read_text()).get("under_earlier_labs"))


def get_lab(number: str) -> Lab:
    """The lab numbered `number` ("1", "01" and "lab01" all work); KeyError if there is none."""
    key = number.lower().removeprefix("lab").zfill(2)
    labs = all_labs()
    if key not in labs:
        raise KeyError(f"there is no lab {number!r}; the labs are {', '.join(labs)}")
    return labs[key]


def reference_root() -> Path:
    """The folder of the reference backend's package, found without importing it."""
    spec = find_spec("reference_app")
    if spec is None or spec.origin is None:
        raise RuntimeError("the reference_app package is not installed")
    return Path(spec.origin).parent
