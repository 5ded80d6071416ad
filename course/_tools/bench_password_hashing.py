"""How long one password hash takes: bcrypt at several costs, and plain SHA-256 beside it.

    .venv/bin/python course/_tools/bench_password_hashing.py            # writes the course's figure
    .venv/bin/python course/_tools/bench_password_hashing.py --costs 4 10 --out /tmp/h.json

The time of one hash is also what one guess costs an attacker who stole the hashes, on one
core. Both schemes are measured in the same run, in turns, so the ratio between them holds even
on a busy machine. The course's chapter on authentication renders its table from the JSON this
writes (`course/_data/password_hashing.json`); run it again to refresh the figure.
"""

import argparse
import hashlib
import json
import os
import platform
import secrets
import statistics
import time
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

import bcrypt

DEFAULT_OUT = Path(__file__).resolve().parents[1] / "_data" / "password_hashing.json"
PASSWORD = b"correct horse battery staple"
SHA256_BATCH = 100_000


def bcrypt_seconds(cost: int) -> float:
    salt = bcrypt.gensalt(rounds=cost)
    started = time.perf_counter()
    bcrypt.hashpw(PASSWORD, salt)
    return time.perf_counter() - started


def sha256_seconds() -> float:
    """Seconds per SHA-256 of a salted password, averaged over a batch (one is too short)."""
    salt = secrets.token_bytes(16)
    started = time.perf_counter()
    for _ in range(SHA256_BATCH):
        hashlib.sha256(salt + PASSWORD).digest()
    return (time.perf_counter() - started) / SHA256_BATCH


def _cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def measure(costs: list[int], samples: int) -> dict[str, object]:
    """Median seconds per hash for each scheme, sampled in turns."""
    times: dict[str, list[float]] = {"sha256": [], **{f"bcrypt-{cost}": [] for cost in costs}}
    for _ in range(samples):
        times["sha256"].append(sha256_seconds())
        for cost in costs:
            times[f"bcrypt-{cost}"].append(bcrypt_seconds(cost))
    sha = statistics.median(times["sha256"])
    rows: list[dict[str, object]] = [
        {"scheme": "SHA-256 (fast, wrong for passwords)", "cost": None, "seconds": sha}
    ]
    for cost in costs:
        rows.append(
            {
                "scheme": f"bcrypt, cost {cost}",
                "cost": cost,
                "seconds": statistics.median(times[f"bcrypt-{cost}"]),
            }
        )
    return {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": "python course/_tools/bench_password_hashing.py "
        f"--costs {' '.join(map(str, costs))} --samples {samples}",
        "machine": f"{_cpu_name()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"bcrypt {version('bcrypt')}",
        "load_average": os.getloadavg()[0],
        "samples": samples,
        "rows": rows,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--costs", type=int, nargs="+", default=[4, 8, 10, 12, 13])
    parser.add_argument("--samples", type=int, default=5, help="samples of each scheme (5)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    result = measure(args.costs, args.samples)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    for row in result["rows"]:  # type: ignore[attr-defined]
        print(f"{row['scheme']:<40} {row['seconds'] * 1000:10.4f} ms")
    print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
