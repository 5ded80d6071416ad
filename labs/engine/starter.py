"""Starters from the reference: stub a lab's regions out, take them, put them back.

Sources are a package's files as `{relative path: text}`, so every step is a pure function
and "generate, then put the reference regions back" can be compared byte for byte.
"""

from collections.abc import Mapping
from pathlib import Path

from labs.engine.regions import MarkerError, Region, find_regions, replace_bodies

Sources = dict[str, str]


def read_sources(package: Path) -> Sources:
    """Every Python file of a package, by path relative to the package folder."""
    return {
        path.relative_to(package).as_posix(): path.read_text()
        for path in sorted(package.rglob("*.py"))
        if "__pycache__" not in path.parts
    }


def regions_of(sources: Mapping[str, str], lab: str) -> dict[str, tuple[str, Region]]:
    """The regions of one lab, by name, with the file each is in."""
    found: dict[str, tuple[str, Region]] = {}
    for path, text in sources.items():
        for region in find_regions(text, path):
            if region.lab != lab:
                continue
            if region.name in found:
                raise MarkerError(
                    f"region {region.name!r} of lab {lab} is marked twice: "
                    f"in {found[region.name][0]} and in {path}"
                )
            found[region.name] = (path, region)
    return found


def _require(found: Mapping[str, object], lab: str, names: list[str]) -> None:
    missing = [name for name in names if name not in found]
    if missing:
        raise MarkerError(
            f"lab {lab}: the marked region(s) {', '.join(missing)} are missing; were their "
            "'# --- lab ...' marker lines deleted? Put them back around your code."
        )


def stub(lab: str, name: str, indent: str, hint: str) -> str:
    """The body a starter has in place of a solution: a TODO, a hint, a clear failure."""
    return (
        f"{indent}# TODO(lab {lab}): {hint}\n"
        f'{indent}raise NotImplementedError("lab {lab}: {name} is not written yet")\n'
    )


def take_regions(sources: Mapping[str, str], lab: str, names: list[str]) -> dict[str, str]:
    """The bodies of a lab's regions, by name: the inverse of `put_regions`."""
    found = regions_of(sources, lab)
    _require(found, lab, names)
    return {name: found[name][1].body for name in names}


def put_regions(sources: Mapping[str, str], lab: str, bodies: Mapping[str, str]) -> Sources:
    """The sources with the named regions of `lab` given these bodies."""
    found = regions_of(sources, lab)
    _require(found, lab, list(bodies))
    result = dict(sources)
    for path in {found[name][0] for name in bodies}:
        result[path] = replace_bodies(result[path], bodies, lab, path)
    return result


def make_starter(sources: Mapping[str, str], lab: str, hints: Mapping[str, str]) -> Sources:
    """The sources with every region of `lab` (named in `hints`) replaced by a stub."""
    found = regions_of(sources, lab)
    unknown = sorted(set(found) - set(hints))
    if unknown:
        raise MarkerError(f"lab {lab}: regions {', '.join(unknown)} are marked but not in lab.toml")
    stubs = {
        name: stub(lab, name, found[name][1].indent, hint)
        for name, hint in hints.items()
        if name in found
    }
    _require(found, lab, list(hints))
    return put_regions(sources, lab, stubs)
