"""The checks' process: `python -m labs.engine.checks_process ARGS` is `python -m pytest ARGS`,
started without two costs that checks never use.

- The garbage collector is off from the first import: start-up makes hundreds of thousands of
  objects that live as long as the process, and walking them is wasted work. The plugin turns
  it back on once collection is done, with all of them frozen out of its sight.
- httpx imports its own command line (click, rich and pygments, about 70 modules) unless that
  import fails; the checks only use its client.
"""

import gc
import sys


def main() -> int:
    """Run pytest on this process's arguments, and give its exit status."""
    gc.disable()
    sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]
    import pytest

    return int(pytest.main())


if __name__ == "__main__":
    sys.exit(main())
