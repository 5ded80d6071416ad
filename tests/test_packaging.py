"""The learner's package: every file its tools read, and no instructor material nor solution.

Built as a learner gets it (a wheel, from a copy of the tracked files, instructor/ included in
the copy), then read: no hidden check, mistake or equivalent in it, no body of any lab's region,
and the instructors' tools, run from it, refuse with a message saying why.
"""

import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from labs.engine.catalog import INSTRUCTOR_ROOT, all_labs
from labs.engine.starter import Sources, not_built, regions_of, stand_in, stubbed_labs
from labs.engine.workspace import reference_sources

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("reference_app", "labs", "graders", "loadtests")
BUILD_FILES = ("pyproject.toml", "setup.py", "README.md")


def _tracked(*paths: str) -> list[str]:
    listed = subprocess.run(
        ["git", "ls-files", *paths], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return listed.stdout.splitlines()


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Iterator[zipfile.ZipFile]:
    # Built from a copy of the tracked files: a build writes beside its sources.
    folder = tmp_path_factory.mktemp("wheel")
    source = folder / "source"
    for name in [*BUILD_FILES, *_tracked(*PACKAGES, "instructor")]:
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, source / name)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(folder), str(source)],
        check=True, capture_output=True,
    )  # fmt: skip
    (built,) = folder.glob("*.whl")
    with zipfile.ZipFile(built) as zipped:
        yield zipped


@pytest.fixture(scope="module")
def installed(wheel: zipfile.ZipFile, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel's files unpacked, to be put first on the path as a learner's install."""
    folder = tmp_path_factory.mktemp("installed")
    wheel.extractall(folder)
    return folder


def _shipped_reference(wheel: zipfile.ZipFile) -> Sources:
    prefix = "reference_app/"
    return {
        name.removeprefix(prefix): wheel.read(name).decode()
        for name in wheel.namelist()
        if name.startswith(prefix) and name.endswith(".py")
    }


def test_the_wheel_holds_every_file_of_the_packages(wheel: zipfile.ZipFile) -> None:
    missing = sorted(set(_tracked(*PACKAGES)) - set(wheel.namelist()))
    assert missing == [], f"a built install would lack: {missing[:10]}"


def test_the_wheel_holds_no_instructor_material(wheel: zipfile.ZipFile) -> None:
    kept = [path.read_bytes() for path in INSTRUCTOR_ROOT.rglob("*") if path.is_file()]
    assert len(kept) > 50  # the hidden checks, mistakes and equivalents of every lab
    assert not [name for name in wheel.namelist() if name.startswith("instructor/")]
    leaked = [name for name in wheel.namelist() if wheel.read(name) in kept]
    assert leaked == []


def test_the_wheels_reference_holds_no_lab_s_solution(wheel: zipfile.ZipFile) -> None:
    reference, shipped = reference_sources(), _shipped_reference(wheel)
    tracked = {
        p.removeprefix("reference_app/") for p in _tracked("reference_app") if p.endswith(".py")
    }
    assert set(shipped) == tracked
    assert stubbed_labs(shipped) == list(all_labs())
    texts = [wheel.read(name).decode(errors="replace") for name in wheel.namelist()]
    for lab in all_labs().values():
        ours, theirs = regions_of(reference, lab.number), regions_of(shipped, lab.number)
        for name, (_, region) in ours.items():
            stub = (
                stand_in(lab.number, region.indent, lab.placeholders[name])
                if name in lab.placeholders  # works and protects nothing, for earlier labs
                else not_built(lab.number, name, region.indent)
            )
            assert theirs[name][1].body == stub, f"lab {lab.number}'s {name} is not stubbed"
            assert not any(region.body in text for text in texts), f"{name}'s body is shipped"


def _course(installed: Path, *arguments: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(installed)}  # before the editable install's finder
    return subprocess.run(
        [sys.executable, "-c", "from labs.engine.cli import main; main()", *arguments],
        cwd=cwd, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip


def test_the_instructors_tools_refuse_in_a_learners_install(
    installed: Path, tmp_path: Path
) -> None:
    started = _course(installed, "lab", "start", "02", "class/ann", cwd=tmp_path)
    assert started.returncode == 0, started.stderr
    assert "built in lab 02" not in (tmp_path / "class/ann/conduit/users/queries.py").read_text()
    graded = _course(installed, "grade", "02", "class", "--out", "out", cwd=tmp_path)
    released = _course(installed, "release", "02", cwd=tmp_path)
    hidden = _course(installed, "check", "02", "-w", "class/ann", "--hidden", cwd=tmp_path)
    for refused in (graded, released):
        assert refused.returncode == 1
        assert "learner's install" in refused.stderr, refused.stderr
    assert hidden.returncode == 2
    assert "learner's install" in hidden.stdout, hidden.stdout
    assert not (tmp_path / "out").exists()
    assert not (tmp_path / "release").exists()
