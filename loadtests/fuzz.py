"""Fuzz the reference backend with schemathesis, against its own OpenAPI document.

    python -m loadtests.fuzz                                  # SQLite, 100 cases an operation
    python -m loadtests.fuzz --max-examples 500 --seed 7
    python -m loadtests.fuzz --database-url mysql+aiomysql://root@127.0.0.1:3306/conduit_fuzz

Every check schemathesis has, signed in as a demo user, with a fixed seed so that a failure
can be replayed. The test suite runs the same with a few cases an operation
(`tests/loadtests/test_fuzz.py`); this script is the longer run. It prints the number of
cases and each failure, and exits 1 when there is any. The database of `--database-url`
must exist; its tables are emptied and seeded first.

Two settings differ from schemathesis's defaults, each for a reason the schema cannot carry:

- schema-valid data may be refused with 422 (`positive_data_acceptance`): some rules are not
  expressible in JSON Schema (you cannot follow yourself; a password is at most 72 *bytes*;
  a text must not be blank; an email must be deliverable-looking; no NUL character anywhere);
- the `Allow` header of OPTIONS is not checked (`allow_header_conformance`): Litestar 2 lists
  only the first handler's method for paths with several (litestar-org/litestar#4169, fixed
  in Litestar 3); the 405 answers' `Allow` headers, which it gets right, are still checked.
"""

import argparse
import json
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from subprocess import run

import httpx

from loadtests.serve import reference_server

SEED = 20261203
CONFIG = """\
[checks.positive_data_acceptance]
expected-statuses = ["2xx", "401", "403", "404", "409", "422", "429"]
"""
EXCLUDED_CHECKS = "allow_header_conformance"


@dataclass(frozen=True, slots=True)
class FuzzResult:
    cases: int
    failures: list[str]
    output: str

    @property
    def summary(self) -> str:
        return f"{self.cases} cases, {len(self.failures)} failures"


def demo_token(url: str) -> str:
    credentials = {"user": {"email": "alice@example.org", "password": "conduit-demo"}}
    response = httpx.post(f"{url}/api/users/login", json=credentials, timeout=60)
    response.raise_for_status()
    return str(response.json()["user"]["token"])


def fuzz(url: str, *, max_examples: int, seed: int = SEED, phases: str | None = None) -> FuzzResult:
    """Run schemathesis against the server at `url`, signed in as a demo user."""
    token = demo_token(url)
    with tempfile.TemporaryDirectory(prefix="conduit-fuzz-") as tmp:
        folder = Path(tmp)
        (folder / "schemathesis.toml").write_text(CONFIG)
        command = [
            str(Path(sys.executable).with_name("st")),
            "--config-file",
            str(folder / "schemathesis.toml"),
            "run",
            f"{url}/docs/openapi.json",
            "--url",
            url,
            "--header",
            f"Authorization: Token {token}",
            "--checks",
            "all",
            "--exclude-checks",
            EXCLUDED_CHECKS,
            "--seed",
            str(seed),
            "--max-examples",
            str(max_examples),
            "--report",
            "json",
            "--report-json-path",
            str(folder / "report.json"),
            "--no-color",
        ]
        if phases:
            command += ["--phases", phases]
        finished = run(command, capture_output=True, text=True, check=False)  # noqa: S603
        report_path = folder / "report.json"
        if not report_path.exists():
            raise RuntimeError(f"schemathesis wrote no report:\n{finished.stdout}{finished.stderr}")
        report = json.loads(report_path.read_text())
    failures = [
        f"{failure['code']} {failure['title']}: {', '.join(failure['operations'])}"
        for failure in report["failures"]
    ] + [f"error: {error}" for error in report["errors"]]
    return FuzzResult(report["test_cases"]["generated"], failures, finished.stdout)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m loadtests.fuzz", description=__doc__)
    parser.add_argument("--max-examples", type=int, default=100, help="cases an operation")
    parser.add_argument("--seed", type=int, default=SEED, help=f"(default {SEED})")
    parser.add_argument("--database-url", help="an existing database (default: a new SQLite)")
    parser.add_argument("--phases", help="schemathesis phases (default: all)")
    args = parser.parse_args(argv)
    settings = {"DATABASE_URL": args.database_url} if args.database_url else {}
    with reference_server(settings=settings) as server:
        result = fuzz(
            server.url, max_examples=args.max_examples, seed=args.seed, phases=args.phases
        )
    database = (args.database_url or "sqlite").split(":", 1)[0]
    print(f"{database}: {result.summary} (seed {args.seed}, {args.max_examples} an operation)")
    for failure in result.failures:
        print(f"  {failure}")
    if result.failures:
        print(result.output[-20000:])
    return 1 if result.failures else 0


if __name__ == "__main__":
    sys.exit(main())
