"""An installed course (not an editable one) holds every file it reads at run time."""

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("reference_app", "labs", "graders", "loadtests")


def _tracked(*paths: str) -> list[str]:
    listed = subprocess.run(
        ["git", "ls-files", *paths], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return listed.stdout.splitlines()


def test_the_wheel_holds_every_file_of_the_packages(tmp_path: Path) -> None:
    # Built from a copy of the tracked files: a build writes beside its sources.
    source = tmp_path / "source"
    for name in ["pyproject.toml", "README.md", *_tracked(*PACKAGES)]:
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, source / name)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(source)],
        check=True, capture_output=True,
    )  # fmt: skip
    (wheel,) = tmp_path.glob("*.whl")
    shipped = set(zipfile.ZipFile(wheel).namelist())
    missing = sorted(set(_tracked(*PACKAGES)) - shipped)
    assert missing == [], f"a built install would lack: {missing[:10]}"
