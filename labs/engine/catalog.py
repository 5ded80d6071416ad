"""The labs of the course, read from each lab folder's `lab.toml`.

What a learner may see of a lab is in its folder, `labs/labNN_*/` (its README, its settings,
its public checks); what only instructors may see is in `instructor/labs/labNN_*/` (hidden
checks, mistakes, equivalents, equivalent mutants), which the learner's package does not ship.
"""

import tomllib
from dataclasses import dataclass, field
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
    # Region name -> the stand-in earlier labs' releases get for it (`placeholder` in lab.toml):
    # for a region every earlier lab goes through (lab 06 seals every email), code that works
    # and teaches nothing, where "not built" would stop the earlier labs.
    placeholders: dict[str, str] = field(default_factory=dict)

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


class LabOrderError(ValueError):
    """A lab.toml says its lab needs a later lab (or itself): its release could not stand alone."""


def read_lab(folder: Path) -> Lab:
    """One lab folder's lab.toml; LabOrderError if it needs a later lab."""
    meta = tomllib.loads((folder / "lab.toml").read_text())
    later = [need for need in meta.get("needs", []) if need >= meta["number"]]
    if later:
        # A release gives earlier labs' code only: a check through a later lab's region would
        # fail for every learner, or need that lab's solution shipped with this one.
        raise LabOrderError(
            f"{folder / 'lab.toml'}: lab {meta['number']} needs lab(s) {', '.join(later)}; "
            "a lab may need only earlier labs"
        )
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
        placeholders={
            name: spec["placeholder"]
            for name, spec in meta.get("regions", {}).items()
            if "placeholder" in spec
        },
    )


@cache
def all_labs() -> dict[str, Lab]:
    """Every lab, by number ("01", "02", ...), in order."""
    labs = [read_lab(folder) for folder in sorted(LABS_ROOT.glob("lab[0-9][0-9]_*"))]
    return {lab.number: lab for lab in labs}


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
