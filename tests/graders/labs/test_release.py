"""A lab's release holds its starter, README and public checks: no hidden check, and no solution
of the lab nor of later ones, whose routes answer 501 naming the lab that builds them."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from graders.labs.release import release_lab
from labs.engine.catalog import INSTRUCTOR_ROOT, Lab, LabOrderError, all_labs, get_lab, read_lab
from labs.engine.serving import CREATE_TABLES
from labs.engine.starter import not_built, read_sources, regions_of, stand_in, stub
from labs.engine.workspace import reference_sources, to_workspace

LAB = get_lab("01")
LABS = list(all_labs().values())


def test_the_bundle_has_the_starter_readme_and_public_checks(tmp_path: Path) -> None:
    bundle = release_lab(LAB, tmp_path)
    health = (bundle / "workspace" / "conduit" / "health.py").read_text()
    assert 'raise NotImplementedError("lab 01: health is not written yet")' in health
    assert (bundle / "README.md").read_text() == (LAB.folder / "README.md").read_text()
    assert sorted(p.name for p in (bundle / "checks").glob("*.py")) == sorted(
        p.name for p in LAB.checks_dir.glob("*.py")
    )


@pytest.mark.parametrize("lab", LABS, ids=lambda lab: lab.number)
def test_a_release_holds_no_instructor_material(lab: Lab, tmp_path: Path) -> None:
    bundle = release_lab(lab, tmp_path)
    kept = {path.read_bytes() for path in INSTRUCTOR_ROOT.rglob("*") if path.is_file()}
    assert not [p for p in bundle.rglob("*") if p.is_file() and p.read_bytes() in kept]
    assert not any(part in ("hidden", "mistakes") for p in bundle.rglob("*") for part in p.parts)


@pytest.mark.parametrize("lab", LABS, ids=lambda lab: lab.number)
def test_a_release_holds_no_solution_of_its_lab_nor_of_later_ones(lab: Lab, tmp_path: Path) -> None:
    bundle = release_lab(lab, tmp_path)
    shipped = read_sources(bundle / "workspace" / "conduit")
    reference = {path: to_workspace(text) for path, text in reference_sources().items()}
    texts = [p.read_text() for p in bundle.rglob("*.py")]
    for other in LABS:
        theirs = regions_of(shipped, other.number)
        for name, (_, region) in regions_of(reference, other.number).items():
            body = theirs[name][1].body
            if other.number < lab.number:
                assert body == region.body, f"lab {other.number}'s {name} should be given"
                continue
            if other.number == lab.number:
                assert body == stub(lab.number, name, region.indent, lab.hints[name])
            elif name in other.placeholders:  # a stand-in: it works and protects nothing
                assert body == stand_in(other.number, region.indent, other.placeholders[name])
            else:
                assert body == not_built(other.number, name, region.indent)
            assert not any(region.body in text for text in texts), f"{name}'s solution is in it"


def test_no_lab_needs_a_later_one() -> None:
    assert {lab.number: [n for n in lab.needs if n >= lab.number] for lab in LABS} == {
        lab.number: [] for lab in LABS
    }


def test_a_lab_toml_that_needs_a_later_lab_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "lab02_early"
    folder.mkdir()
    (folder / "lab.toml").write_text(
        'number = "02"\ntitle = "t"\npoints = 1\nneeds = ["01", "04"]\n'
    )
    with pytest.raises(LabOrderError, match="lab 02 needs lab\\(s\\) 04"):
        read_lab(folder)


ASK = """
import json, sys
from litestar.testing import TestClient
from conduit.app import create_app

with TestClient(create_app()) as client:
    answers = [client.get("/health")]
    for name in ("bob", "ann"):
        user = {"username": name, "email": f"{name}@example.org", "password": "a long password"}
        token = client.post("/api/users", json={"user": user}).json()["user"]["token"]
    signed_in = {"Authorization": f"Token {token}"}
    answers.append(client.post("/api/profiles/bob/follow", headers=signed_in))
    print(json.dumps([[a.status_code, a.json()] for a in answers]))
"""


def test_a_later_labs_route_answers_501_naming_the_lab(tmp_path: Path) -> None:
    """Lab 03's release: the app starts, and following (lab 05) says where it is built."""
    workspace = release_lab(get_lab("03"), tmp_path) / "workspace"
    env = {
        **os.environ,
        "ENVIRONMENT": "test",
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'app.db'}",
        "DATA_DIR": str(tmp_path),
        "BCRYPT_ROUNDS": "4",
    }
    env.pop("PYTHONPATH", None)
    for script in (CREATE_TABLES, ASK):
        ran = subprocess.run(
            [sys.executable, "-c", script], cwd=workspace, env=env, capture_output=True, text=True
        )
        assert ran.returncode == 0, ran.stderr[-2000:]
    health, follow = json.loads(ran.stdout)
    assert health[0] == 200
    assert follow == [501, {"errors": {"body": ["built in lab 05"]}}]


def test_an_existing_bundle_is_not_overwritten(tmp_path: Path) -> None:
    release_lab(LAB, tmp_path)
    with pytest.raises(FileExistsError):
        release_lab(LAB, tmp_path)
