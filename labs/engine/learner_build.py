"""The learner's package: built from the course's tree, with no lab's solution in it.

`setup.py` runs `strip_solutions` on the `reference_app/` a wheel or an sdist is built from:
every lab's regions are "not built" (see `starter.not_built`), so a learner's install can start
any lab, whose regions then become TODOs, and holds the solution of none. Instructor material
(`instructor/`) is in no package, so no build ships it. An editable install is the tree as it
is: the course's own, and the instructors'.
"""

from pathlib import Path

from labs.engine.catalog import all_labs
from labs.engine.starter import read_sources, stub_labs


def strip_solutions(package: Path) -> list[str]:
    """Stub every lab's regions in the copy of the reference at `package`; the files changed."""
    sources = read_sources(package)
    labs = all_labs().values()
    stubbed = stub_labs(
        sources,
        [(lab.number, lab.hints) for lab in labs],
        {lab.number: lab.placeholders for lab in labs},
    )
    changed = sorted(path for path, text in stubbed.items() if text != sources[path])
    for path in changed:
        target = package / path
        target.unlink()  # a build may hard-link its files to the tree's: never write through one
        target.write_text(stubbed[path])
    return changed
