"""The red-team batch: hostile submissions graded together with an honest one and a starter.

Each `submissions/<attack>.toml` is a starter of lab 01 (which earns nothing) with hostile code
in its regions, and files dropped beside it. Its code first prints `RAN <attack> in <region>`,
the proof that it did run. To see each attack's outcome as a table:

    python -m tests.graders.redteam.batch
"""

import socket
import tempfile
import tomllib
from pathlib import Path

from rich.console import Console
from rich.table import Table

from graders.labs import Grade, grade_class
from graders.sandbox import Limits
from labs.engine.catalog import get_lab
from labs.engine.starter import make_starter, put_regions
from labs.engine.workspace import create, reference_sources

LAB = get_lab("01")
ATTACKS = sorted((Path(__file__).parent / "submissions").glob("*.toml"))
# For the checks, once the app answers: room for the honest learner's checks when six
# submissions share two loaded cores (at 20 s it lost points in CI); the sleeper waits it out.
TIME_LIMIT = 60
# Tighter than a real batch's, so that the hostile ones end sooner; the honest one needs ~2 s of
# CPU alone, more with its oracle run: 15 s leaves it room.
LIMITS = Limits(cpu_seconds=15, memory_bytes=2048 * 1024 * 1024, processes=128)
JOBS = 6
LISTENER_PORT = "$LISTENER_PORT"


def attack(path: Path, port: int = 0) -> tuple[dict[str, str], dict[str, str]]:
    """An attack's regions (name: code) and the files it drops (path: text).

    `$LISTENER_PORT` in its code becomes `port`: that of a listener the test opens on loopback.
    """
    text = path.read_text().replace(LISTENER_PORT, str(port))
    data = tomllib.loads(text)
    return data.get("regions", {}), data.get("files", {})


def proofs(path: Path) -> list[str]:
    """What the attack prints when its code runs, one line per region it fills."""
    return [f"RAN {path.stem} in {region}" for region in attack(path)[0]]


def _submission(root: Path, name: str, regions: dict[str, str], files: dict[str, str]) -> None:
    starter = make_starter(reference_sources(), LAB.number, LAB.hints)
    folder = create(root / name, put_regions(starter, LAB.number, regions), [LAB.number]).root
    for path, text in files.items():
        (folder / path).write_text(text)


def grade_attacks(root: Path, out: Path, port: int, progress: bool = False) -> dict[str, Grade]:
    """Write the batch's submissions into `root`, grade them into `out`; grades by name.

    `port` is that of a listener on the host's loopback, which the network attack tries.
    """
    create(root / "honest", reference_sources(), [LAB.number])
    _submission(root, "starter", {}, {})
    for path in ATTACKS:
        _submission(root, path.stem, *attack(path, port))
    grades = grade_class(
        LAB, root, out, jobs=JOBS, time_limit=TIME_LIMIT, limits=LIMITS, progress=progress
    )
    return {grade.student: grade for grade in grades}


def main() -> None:
    with (
        tempfile.TemporaryDirectory(prefix="redteam-") as folder,
        socket.create_server(("127.0.0.1", 0)) as listener,
    ):
        port = listener.getsockname()[1]
        batch = grade_attacks(Path(folder) / "submissions", Path(folder) / "grades", port, True)
    table = Table(title=f"Red team: lab {LAB.number}, {len(batch)} submissions, -j{JOBS}")
    for column in ("submission", "score", "its code ran", "what the sandbox did", "seconds"):
        table.add_column(column)
    for path in [None, *ATTACKS]:
        name = path.stem if path else "honest"
        grade = batch[name]
        ran = [p for p in proofs(path) if p in grade.server_output] if path else []
        shown = "; ".join(p.split(" in ")[1] for p in ran)
        if grade.outside_edits:
            shown += f" (edits outside regions, unused: {', '.join(grade.outside_edits)})"
        events = "; ".join(grade.server_events) or (grade.error.splitlines() or [""])[0]
        score = f"{grade.score}/{grade.max_score}"
        table.add_row(name, score, shown, events, f"{grade.seconds:.1f}")
    Console().print(table)


if __name__ == "__main__":
    main()
