"""A learner's workspace: their copy of the backend, as the package `conduit`, and their progress.

workspace/
    conduit/              the backend, generated from the reference, then the learner's
    .course/state.json    the labs started
    .course/results/      the last result of each lab's checks
"""

import json
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from labs.engine.catalog import Lab, all_labs, reference_root
from labs.engine.starter import Sources, make_starter, read_sources, regions_of, stub_labs

PACKAGE = "conduit"
REFERENCE_PACKAGE = "reference_app"


class WorkspaceError(Exception):
    """The workspace cannot be used as asked (not one, or a lab already started)."""


def to_workspace(text: str) -> str:
    """A reference file as the workspace holds it: its imports name the `conduit` package."""
    return text.replace(REFERENCE_PACKAGE, PACKAGE)


def reference_sources() -> Sources:
    return read_sources(reference_root())


def release_sources(sources: Mapping[str, str], lab: Lab) -> Sources:
    """What a learner gets for `lab`: earlier labs' regions as `sources` has them, `lab`'s as
    TODOs with hints, and later labs' not built (their routes answer 501 naming the lab).

    A lab's checks go through its own and earlier labs' regions only (`needs`, checked when
    lab.toml is read), so what is given is enough to score full and holds no later solution.
    """
    labs = [other for other in all_labs().values() if other.number > lab.number]
    later = [(other.number, other.hints) for other in labs]
    stand_ins = {other.number: other.placeholders for other in labs}
    return make_starter(stub_labs(sources, later, stand_ins), lab.number, lab.hints)


@dataclass(frozen=True)
class Workspace:
    root: Path

    @property
    def package(self) -> Path:
        return self.root / PACKAGE

    @property
    def state_file(self) -> Path:
        return self.root / ".course" / "state.json"

    def result_file(self, lab: str) -> Path:
        return self.root / ".course" / "results" / f"lab{lab}.json"

    def exists(self) -> bool:
        return self.state_file.exists() and self.package.is_dir()

    def started(self) -> list[str]:
        """The labs the learner has started, in order."""
        if not self.state_file.exists():
            return []
        return sorted(json.loads(self.state_file.read_text()).get("started", []))

    def _save_started(self, labs: list[str]) -> None:
        self.state_file.parent.mkdir(parents=True, exist_ok=True)
        self.state_file.write_text(json.dumps({"started": sorted(set(labs))}, indent=2) + "\n")

    def sources(self) -> Sources:
        return read_sources(self.package)

    def write_sources(self, sources: Mapping[str, str]) -> None:
        for path, text in sources.items():
            target = self.package / path
            target.parent.mkdir(parents=True, exist_ok=True)
            if not target.exists() or target.read_text() != text:
                target.write_text(text)


def find_workspace(root: Path) -> Path:
    """`root` when it is a workspace; else the folder you are in, or one above it, if one is.

    So `course check 01` works from inside the workspace folder as well as from beside it.
    """
    if Workspace(root).exists() or root.is_absolute():
        return root
    here = Path.cwd()
    for folder in (here, *here.parents):
        if Workspace(folder).exists():
            return folder
    return root


def create(root: Path, sources: Mapping[str, str], started: list[str]) -> Workspace:
    """A new workspace holding these (reference-named) sources."""
    workspace = Workspace(root)
    if workspace.package.exists():
        shutil.rmtree(workspace.package)
    workspace.write_sources({path: to_workspace(text) for path, text in sources.items()})
    workspace._save_started(started)
    return workspace


def start_lab(root: Path, lab: Lab, *, reset: bool = False) -> Workspace:
    """Create a workspace for `lab`, or stub out `lab`'s regions in an existing one.

    Only that lab's regions change: everything the learner wrote for other labs stays.
    """
    workspace = Workspace(root)
    if not workspace.exists():
        if root.exists() and any(root.iterdir()):
            raise WorkspaceError(
                f"{root} is not empty and is not a workspace; choose another folder"
            )
        return create(root, release_sources(reference_sources(), lab), [lab.number])
    if lab.number in workspace.started() and not reset:
        raise WorkspaceError(
            f"lab {lab.number} is already started in {root}; starting it again would erase "
            "your code for it (use --reset if that is what you want)"
        )
    sources = workspace.sources()
    regions_of(sources, lab.number)  # refuse damaged markers before writing anything
    workspace.write_sources(make_starter(sources, lab.number, lab.hints))
    workspace._save_started([*workspace.started(), lab.number])
    return workspace


def labs_in_order() -> list[Lab]:
    return list(all_labs().values())
