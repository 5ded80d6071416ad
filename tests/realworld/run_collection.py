"""Run the official RealWorld test collection (newman) against a Conduit server.

    python tests/realworld/run_collection.py                  # starts the reference backend
    python tests/realworld/run_collection.py --url URL/api    # any server, in any language

newman is installed from npm into `.newman/` on first use. Exit status 0 when no assertion
failed. A fresh username and email on every run let it run against a database holding data.
"""

import argparse
import json
import secrets
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
COLLECTION = ROOT.parent / "shared" / "realworld" / "Conduit.postman_collection.json"
NEWMAN_DIR = ROOT / ".newman"
NEWMAN = NEWMAN_DIR / "node_modules" / ".bin" / "newman"


def ensure_newman() -> Path:
    if not NEWMAN.exists():
        npm = shutil.which("npm")
        if npm is None:
            raise SystemExit("npm is needed to install newman (the collection's runner)")
        print("Installing newman into .newman/ (once) ...", flush=True)
        subprocess.run(
            [
                npm,
                "install",
                "--silent",
                "--no-audit",
                "--no-fund",
                "--prefix",
                str(NEWMAN_DIR),
                "newman@6",
            ],
            check=True,
        )
    return NEWMAN


def run_collection(api_url: str, collection: Path = COLLECTION) -> dict[str, int]:
    """Run the collection once; return its assertion and request counts."""
    tag = secrets.token_hex(4)
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "report.json"
        subprocess.run(
            [
                str(ensure_newman()),
                "run",
                str(collection),
                "--delay-request",
                "1",
                "--global-var",
                f"APIURL={api_url}",
                "--global-var",
                f"USERNAME=u{tag}",
                "--global-var",
                f"EMAIL=e{tag}@example.org",
                "--global-var",
                "PASSWORD=password1234",
                "--reporters",
                "cli,json",
                "--reporter-json-export",
                str(report),
            ],
            check=False,
        )
        stats = json.loads(report.read_text())["run"]["stats"]
    return {
        "assertions": stats["assertions"]["total"],
        "assertions_failed": stats["assertions"]["failed"],
        "requests": stats["requests"]["total"],
        "requests_failed": stats["requests"]["failed"],
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--url", help="the API's base URL, ending in /api (default: start the reference)"
    )
    args = parser.parse_args()
    if args.url:
        counts = run_collection(args.url)
    else:
        from loadtests.serve import reference_server

        with reference_server() as server:
            counts = run_collection(f"{server.url}/api")
    print(
        f"{counts['assertions'] - counts['assertions_failed']} passed, "
        f"{counts['assertions_failed']} failed assertions in {counts['requests']} requests"
    )
    return 0 if counts["assertions_failed"] == 0 and counts["requests_failed"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
