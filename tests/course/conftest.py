"""The course site's build tools (course/_tools/) are scripts beside the chapters, not a package."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TOOLS = ROOT / "course" / "_tools"
if str(TOOLS) not in sys.path:
    sys.path.insert(0, str(TOOLS))

import os  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402

import pytest  # noqa: E402

MKDOCS = Path(sys.executable).with_name("mkdocs")


def build_env() -> dict[str, str]:
    """The environment of a build: MkDocs's notice about its next major version left out."""
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The course built as `make course` builds it (strict), into a tmp folder."""
    from mermaid import VERSION

    cached = ROOT / "build" / "course-assets" / f"mermaid-{VERSION}.min.js"
    if not cached.exists() and shutil.which("npm") is None:
        pytest.skip("the site needs mermaid.js, which is not cached and npm is not installed")
    site = tmp_path_factory.mktemp("course-site")
    finished = subprocess.run(
        [
            str(MKDOCS),
            "build",
            "--strict",
            "--config-file",
            str(ROOT / "mkdocs.yml"),
            "--site-dir",
            str(site),
        ],
        capture_output=True,
        text=True,
        env=build_env(),
        check=False,
    )
    assert finished.returncode == 0, f"the strict build failed:\n{finished.stderr}"
    return site
