"""Grading on PostgreSQL: a role and a database per submission, reached only through the gate.

What a hostile app could try with the socket it is lent: sign in as the administrator, open
another database, set what only an administrator may, outlast its statement timeout. Each is
tried from inside the sandbox, beside what it may do, which must keep working.
"""

import asyncio
import csv
import json
import os
import sys
from pathlib import Path

import asyncpg
import pytest
from click.testing import CliRunner
from sqlalchemy import make_url

from graders.labs.postgres import learner_database
from graders.sandbox import Limits, run, sandbox_problem
from labs.engine.catalog import get_lab
from labs.engine.cli import main
from labs.engine.mistakes import apply_mistake, load_mistake
from labs.engine.workspace import create, reference_sources
from tests.conftest import SERVERS, _answers

URL, ADDRESS = SERVERS["postgresql"]
pytestmark = pytest.mark.skipif(
    not _answers(ADDRESS), reason=f"PostgreSQL does not answer on {ADDRESS}"
)
needs_sandbox = pytest.mark.skipif(
    sandbox_problem() is not None, reason=f"no sandbox here: {sandbox_problem()}"
)

# Run in the sandbox: each attempt prints what happened, as JSON.
ATTEMPTS = """
import asyncio, json, sys
import asyncpg
role, password = sys.argv[1], sys.argv[2]
tries = {
    "own": dict(user=role, password=password, database=role),
    "administrator": dict(user="postgres", database="postgres"),
    "other_database": dict(user=role, password=password, database="postgres"),
    "options": dict(user=role, password=password, database=role,
                    server_settings={"options": "-c session_authorization=postgres"}),
}
async def attempt(name, kwargs):
    try:
        connection = await asyncpg.connect(host="/run/postgresql", timeout=20, **kwargs)
    except Exception as error:
        return name, "refused: " + type(error).__name__
    try:
        who = await connection.fetchval(
            "SELECT usename || ' ' || usesuper FROM pg_user WHERE usename = current_user"
        )
        try:
            await connection.execute("SELECT pg_sleep(30)")
            slept = "slept"
        except Exception as error:
            slept = type(error).__name__
        return name, f"in as {who}, {slept}"
    finally:
        await connection.close()
async def main():
    print(json.dumps(dict([await attempt(n, k) for n, k in tries.items()])))
asyncio.run(main())
"""


@pytest.fixture
def statement_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    from graders.labs import postgres

    monkeypatch.setitem(postgres.LIMITS, "statement_timeout", "1s")  # so the test is short


@needs_sandbox
def test_from_the_sandbox_only_its_own_role_and_database_are_reached(
    tmp_path: Path, statement_timeout: None
) -> None:
    with learner_database(URL, tmp_path) as database:
        app = make_url(database.app_url)
        finished = run(
            [sys.executable, "-c", ATTEMPTS, str(app.username), str(app.password)],
            folder=tmp_path,
            limits=Limits(wall_seconds=120),
            read_only=database.read_only,
        )
    *_, last = finished.output.strip().splitlines() or [""]
    seen = json.loads(last)
    assert seen["own"] == f"in as {app.username} false, QueryCanceledError"  # its timeout holds
    assert seen["administrator"].startswith("refused")
    assert seen["other_database"].startswith("refused")
    assert seen["options"].startswith("refused")


def test_its_role_has_no_rights_beyond_its_database_and_is_dropped_after(tmp_path: Path) -> None:
    async def facts(url: str, role: str) -> dict[str, object]:
        connection = await asyncpg.connect(
            make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
        )
        try:
            row = await connection.fetchrow(
                "SELECT rolsuper, rolcreatedb, rolcreaterole, rolconnlimit, rolconfig "
                "FROM pg_roles WHERE rolname = $1",
                role,
            )
            if row is None:
                return {}
            public = await connection.fetchval(
                "SELECT has_database_privilege('public', $1, 'CONNECT')", role
            )
            return {**dict(row), "public_may_connect": public}
        finally:
            await connection.close()

    with learner_database(URL, tmp_path) as database:
        role = str(make_url(database.inside_url).username)
        seen = asyncio.run(facts(f"{URL}/postgres", role))
        assert seen["rolsuper"] is False
        assert seen["rolcreatedb"] is False
        assert seen["rolcreaterole"] is False
        assert 0 < int(seen["rolconnlimit"]) <= 20  # type: ignore[call-overload]
        assert "statement_timeout=10s" in seen["rolconfig"]  # type: ignore[operator]
        assert seen["public_may_connect"] is False
    assert asyncio.run(facts(f"{URL}/postgres", role)) == {}  # the role is gone
    assert not asyncio.run(_database_exists(role))  # and its database


async def _database_exists(name: str) -> bool:
    connection = await asyncpg.connect(f"postgresql://postgres@{ADDRESS[0]}:{ADDRESS[1]}/postgres")
    try:
        return bool(await connection.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name))
    finally:
        await connection.close()


@needs_sandbox
def test_course_grade_on_postgresql_scores_the_reference_full_and_a_too_long_uid_loses(
    tmp_path: Path,
) -> None:
    lab = get_lab("02")
    mistake = load_mistake(lab, lab.instructor_dir / "mistakes" / "uid_longer_than_its_column.toml")
    create(tmp_path / "class" / "ann", reference_sources(), [lab.number])
    create(tmp_path / "class" / "bob", apply_mistake(reference_sources(), mistake), [lab.number])
    out = tmp_path / "out"
    command = ["grade", lab.number, str(tmp_path / "class"), "--out", str(out), "-j", "2"]
    command.append("--no-load-test")  # the scores here are the checks
    result = CliRunner().invoke(main, [*command, "--database-url", URL])
    assert result.exit_code == 0, result.output

    rows = {row["student_id"]: row for row in csv.DictReader((out / "gradebook.csv").open())}
    full = str(lab.points + lab.hidden_points)
    assert (rows["ann"]["score"], rows["ann"]["max_score"]) == (full, full)
    assert rows["bob"]["max_score"] == full
    bob = next(p for p in out.rglob("grade.json") if p.parent.name == "bob")
    lost = {c["id"] for c in json.loads(bob.read_text())["checks"] if c["status"] != "passed"}
    naming = {
        c["id"] for c in json.loads(bob.read_text())["checks"] if mistake.name in c["catches"]
    }
    assert naming
    assert naming <= lost
    assert not asyncio.run(_ours_left())  # every learner's role and database dropped


async def _ours_left() -> list[str]:
    connection = await asyncpg.connect(f"postgresql://postgres@{ADDRESS[0]}:{ADDRESS[1]}/postgres")
    try:
        found = await connection.fetch(
            "SELECT rolname AS name FROM pg_roles WHERE rolname ~ $1 "
            "UNION SELECT datname FROM pg_database WHERE datname ~ $1",
            f"^course_grade_{os.getpid()}_",
        )
        return [row["name"] for row in found]
    finally:
        await connection.close()


def test_course_grade_refuses_a_database_server_other_than_postgresql(tmp_path: Path) -> None:
    (tmp_path / "class").mkdir()
    command = ["grade", "01", str(tmp_path / "class"), "--out", str(tmp_path / "out")]
    command.append("--no-load-test")
    result = CliRunner().invoke(
        main, [*command, "--database-url", "mysql+aiomysql://root@127.0.0.1"]
    )
    assert result.exit_code == 2
    assert "PostgreSQL" in result.output


def test_the_gate_passes_on_its_role_and_database_only(tmp_path: Path) -> None:
    """The same gate, reached from this process (where there is no sandbox to try it from)."""

    async def attempt(**kwargs: object) -> str:
        try:
            connection = await asyncpg.connect(host=str(gate), timeout=20, **kwargs)  # type: ignore[arg-type]
        except (OSError, asyncpg.PostgresError, ConnectionError) as error:
            return f"refused: {type(error).__name__}"
        try:
            return str(await connection.fetchval("SELECT current_user"))
        finally:
            await connection.close()

    with learner_database(URL, tmp_path, trusted=True) as database:
        learner = make_url(database.app_url)
        gate = Path(str(learner.query["host"]))
        own = {"user": learner.username, "password": learner.password, "database": learner.database}
        assert asyncio.run(attempt(**own)) == learner.username
        assert asyncio.run(attempt(user="postgres", database="postgres")).startswith("refused")
        assert asyncio.run(attempt(**{**own, "database": "postgres"})).startswith("refused")
