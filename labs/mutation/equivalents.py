"""Equivalent mutants: survivors no correct check can kill, written down per lab with why.

    instructor/labs/lab03_database/equivalent_mutants.toml

    [[equivalent]]
    id = "02:list_articles:chain:1a2b3c4d"
    description = "articles/queries.py list_articles line 135: `.desc()` dropped"
    why = "ids grow with creation time, so ..."

They are left out of the lab's score and listed beside it. An entry whose id no longer matches
a generated mutant (its region changed since) is stale: the bench says so, to be looked at again.
"""

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from labs.engine.catalog import Lab

FILE_NAME = "equivalent_mutants.toml"


class EquivalentsError(Exception):
    """A lab's equivalent_mutants.toml is not as described above."""


@dataclass(frozen=True, slots=True)
class Equivalent:
    id: str
    description: str
    why: str


def equivalents_of(lab: Lab) -> dict[str, Equivalent]:
    """The equivalent mutants recorded in a lab's instructor folder, by id (none without a file)."""
    path = lab.instructor_dir / FILE_NAME
    if not path.exists():
        return {}
    entries = tomllib.loads(path.read_text()).get("equivalent", [])
    found: dict[str, Equivalent] = {}
    for number, entry in enumerate(entries, start=1):
        fields = {key: str(entry.get(key, "")).strip() for key in ("id", "description", "why")}
        missing = [key for key, value in fields.items() if not value]
        if missing:
            raise EquivalentsError(f"{path}: entry {number} has no {', '.join(missing)}")
        if not fields["id"].startswith(f"{lab.number}:"):
            raise EquivalentsError(f"{path}: {fields['id']!r} is not a mutant of lab {lab.number}")
        if fields["id"] in found:
            raise EquivalentsError(f"{path}: {fields['id']!r} is recorded twice")
        found[fields["id"]] = Equivalent(**fields)
    return found


def stale(equivalents: Mapping[str, Equivalent], mutant_ids: Iterable[str]) -> list[Equivalent]:
    """The recorded equivalents that match no generated mutant."""
    generated = set(mutant_ids)
    return [entry for key, entry in equivalents.items() if key not in generated]
