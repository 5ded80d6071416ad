"""Mermaid, the library that draws the course's diagrams, served by the site itself.

Material for MkDocs would load mermaid from a public CDN in the reader's browser; a site that a
class may read offline, and a browser test that must stay on loopback, cannot depend on that.
So the build takes mermaid's release from the npm registry once (`npm pack`, one tarball, no
dependencies to install), checks it against the integrity pinned here, and keeps its
`dist/mermaid.min.js` in `build/course-assets/`. Material uses a mermaid already on the page
instead of fetching its own.
"""

import base64
import hashlib
import os
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

VERSION = "11.17.2"
# `npm view mermaid@11.17.2 dist.integrity`: the tarball is refused unless it matches.
INTEGRITY = (
    "sha512-"
    "V6K3C8EBdEsPFZXSKMJe6ppQOENxuHARr9GvHX4hh47lAbhMRD9qf4oEK7LoaRQxULMa80/qt5gHO73aCleBBg=="
)
MEMBER = "package/dist/mermaid.min.js"


class MermaidUnavailable(Exception):
    """mermaid.min.js is not cached and cannot be fetched (no npm, or a bad tarball)."""


def _integrity_of(path: Path) -> str:
    digest = hashlib.sha512(path.read_bytes()).digest()
    return "sha512-" + base64.b64encode(digest).decode("ascii")


def mermaid_js(cache: Path) -> Path:
    """The path of mermaid.min.js in `cache`, fetched with npm the first time."""
    target = cache / f"mermaid-{VERSION}.min.js"
    if target.is_file():
        return target
    npm = shutil.which("npm")
    if npm is None:
        raise MermaidUnavailable(
            f"mermaid {VERSION} is not in {cache} and npm is not installed to fetch it "
            "(install Node.js and npm, then build again)"
        )
    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        finished = subprocess.run(  # noqa: S603  # a fixed command, no shell
            [npm, "pack", f"mermaid@{VERSION}", "--pack-destination", scratch, "--silent"],
            capture_output=True,
            text=True,
            check=False,
        )
        tarballs = list(Path(scratch).glob("mermaid-*.tgz"))
        if finished.returncode != 0 or len(tarballs) != 1:
            raise MermaidUnavailable(f"npm pack mermaid@{VERSION} failed: {finished.stderr}")
        if _integrity_of(tarballs[0]) != INTEGRITY:
            raise MermaidUnavailable(f"mermaid-{VERSION}.tgz does not match its pinned integrity")
        with tarfile.open(tarballs[0]) as tarball:
            member = tarball.extractfile(MEMBER)
            if member is None:
                raise MermaidUnavailable(f"the mermaid tarball holds no {MEMBER}")
            draft = cache / f".mermaid-{VERSION}.{os.getpid()}.partial"
            draft.write_bytes(member.read())
        draft.replace(target)  # atomic: two builds at once never see half a file
    return target
