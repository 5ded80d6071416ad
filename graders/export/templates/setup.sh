#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder's image (Ubuntu). It installs
# Python 3.11+, bubblewrap for the grading sandbox, and the course's tools in a virtual environment
# at $AUTOGRADER_ROOT/venv, where run_autograder looks for them.
set -euo pipefail

ROOT="${AUTOGRADER_ROOT:-/autograder}"
SOURCE="$ROOT/source"

# The first Python 3.11 or newer on PATH: Ubuntu 22.04's python3 is 3.10, so there may be none.
find_python() {
    local candidate
    for candidate in python3 python3.13 python3.12 python3.11; do
        if command -v "$candidate" >/dev/null 2>&1 &&
            "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
            command -v "$candidate"
            return 0
        fi
    done
    return 1
}

apt_install() {
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
}

PYTHON="$(find_python || true)"
missing=()
[ -n "$PYTHON" ] || missing+=(python3.11 python3.11-venv)
command -v bwrap >/dev/null 2>&1 || missing+=(bubblewrap)
if [ "${#missing[@]}" -gt 0 ]; then
    apt_install "${missing[@]}"
    PYTHON="${PYTHON:-$(find_python)}"
fi
echo "Python: $PYTHON ($("$PYTHON" --version))"

if ! "$PYTHON" -m venv "$ROOT/venv"; then
    # Debian and Ubuntu ship venv's pip apart, as pythonX.Y-venv.
    rm -rf "$ROOT/venv"
    apt_install "$(basename "$PYTHON")-venv"
    "$PYTHON" -m venv "$ROOT/venv"
fi
"$ROOT/venv/bin/python" -m pip install --quiet --upgrade pip
# Editable: the course stays in $SOURCE/course, where the instructor can read what grades.
"$ROOT/venv/bin/python" -m pip install --quiet -e "$SOURCE/course" -r "$SOURCE/requirements.txt"

# Said at build time, where the instructor reads it; each run says it again in its results.
"$ROOT/venv/bin/python" -c '
from graders.sandbox import sandbox_problem
problem = sandbox_problem()
print("The grading sandbox works here." if problem is None else f"No grading sandbox here: {problem}")
'
