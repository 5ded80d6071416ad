"""One check's verdict in a result file, for autograders that score one command per check."""

from pathlib import Path

from labs.engine.results import load


def verdict(result: Path, key: str) -> tuple[bool, str]:
    """Whether the check `key` ("01:health_answers_ok") passed in `result`, and what to say."""
    if not result.is_file():
        return False, f"{result} does not exist: the checks could not run (see their step's log)"
    checks = {f"{c.lab}:{c.id}": c for c in load(result).checks}
    if key not in checks:
        return False, f"no check {key} in {result}"
    check = checks[key]
    if check.status == "passed":
        return True, f"passed: {check.title}"
    return False, f"{check.status}: {check.title}\n{check.message or check.hint}".rstrip()
