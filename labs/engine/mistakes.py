"""Implementations kept beside each lab: wrong ones, so the tests can prove every check can
fail, and correct ones written differently, so they can prove a correct learner scores full.

A mistake is a `mistakes/<what_it_gets_wrong>.toml` file: a sentence (`mistake = "..."`), and
the body it gives to one or more of the lab's regions. An equivalent is an
`equivalents/<how_it_differs>.toml` file: a sentence (`solution = "..."`) and region bodies.

A mistake that only shows on some databases says which: `databases = ["postgresql"]` for one
that SQLite lets pass (an id compared as text, say). The test matrix runs it there.

A mistake in an earlier lab's regions that only a later lab's checks can see (a reader ignored,
which shows once following and favoriting exist) is kept with the later lab and says whose
regions it changes: `regions_of_lab = "03"`.
"""

import tomllib
from dataclasses import dataclass
from pathlib import Path

from labs.engine.catalog import Lab
from labs.engine.starter import Sources, put_regions


@dataclass(frozen=True, slots=True)
class Mistake:
    lab: str
    name: str
    description: str
    regions: dict[str, str]
    databases: tuple[str, ...] = ("sqlite",)  # where it shows: the matrix runs it there
    regions_of_lab: str = ""  # the lab whose regions it changes, when not its own

    @property
    def changes_lab(self) -> str:
        """The lab whose regions the mistake's bodies go into."""
        return self.regions_of_lab or self.lab


def load_mistake(lab: Lab, path: Path, sentence: str = "mistake") -> Mistake:
    data = tomllib.loads(path.read_text())
    databases = tuple(data.get("databases", ["sqlite"]))
    return Mistake(
        lab.number,
        path.stem,
        data[sentence],
        dict(data["regions"]),
        databases,
        str(data.get("regions_of_lab", "")),
    )


def mistakes_of(lab: Lab) -> list[Mistake]:
    return [load_mistake(lab, path) for path in lab.mistakes]


def equivalents_of(lab: Lab) -> list[Mistake]:
    """The lab's correct-but-different implementations (same shape as a mistake)."""
    return [load_mistake(lab, path, "solution") for path in lab.equivalents]


def apply_mistake(sources: Sources, mistake: Mistake) -> Sources:
    """The sources with the mistake's bodies in the regions it changes."""
    return put_regions(sources, mistake.changes_lab, mistake.regions)
