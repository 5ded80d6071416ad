"""Starters from the reference: stub a lab's regions out, take them, put them back.

Sources are a package's files as `{relative path: text}`, so every step is a pure function
and "generate, then put the reference regions back" can be compared byte for byte.

A lab's regions are stubbed in one of two ways. The lab being worked on gets a TODO with its
hint (`stub`); a lab not yet reached gets no hint at all, only a clear refusal (`not_built`),
which the app answers as 501 Not Implemented, `{"errors": {"body": ["built in lab 02"]}}`.
"""

import textwrap
from collections.abc import Callable, Container, Iterable, Mapping
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


def _require(found: Container[str], lab: str, names: list[str]) -> None:
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


NOT_BUILT = "built in lab {lab}"


def not_built(lab: str, name: str, indent: str, hint: str = "") -> str:
    """The body of a region of a lab not reached yet: no hint of its solution, a 501 answer."""
    del name, hint  # said nowhere: this lab's hints are for when it is started
    return (
        f"{indent}# Built in lab {lab}: until then, what needs it answers 501 Not Implemented.\n"
        f'{indent}raise NotImplementedError("{NOT_BUILT.format(lab=lab)}")\n'
    )


def stand_in(lab: str, indent: str, placeholder: str) -> str:
    """The body of a region of a lab not reached yet that earlier labs go through: code that
    works and protects nothing (its lab.toml's `placeholder`), never the solution."""
    lines = textwrap.dedent(placeholder).strip("\n").splitlines()
    return (
        f"{indent}# Built in lab {lab}: until then, a stand-in that works and protects nothing.\n"
        + "".join(f"{indent}{line}\n" if line.strip() else "\n" for line in lines)
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


Stubber = Callable[[str, str, str, str], str]  # (lab, region, indent, hint) -> its body


def make_starter(
    sources: Mapping[str, str], lab: str, hints: Mapping[str, str], stubber: Stubber = stub
) -> Sources:
    """The sources with every region of `lab` (named in `hints`) replaced by a stub."""
    found = regions_of(sources, lab)
    unknown = sorted(set(found) - set(hints))
    if unknown:
        raise MarkerError(f"lab {lab}: regions {', '.join(unknown)} are marked but not in lab.toml")
    stubs = {
        name: stubber(lab, name, found[name][1].indent, hint)
        for name, hint in hints.items()
        if name in found
    }
    _require(found, lab, list(hints))
    return put_regions(sources, lab, stubs)


def outside_regions(sources: Mapping[str, str], labs: Mapping[str, Mapping[str, str]]) -> Sources:
    """The sources with the bodies of every region of these labs (number -> hints) emptied.

    Two sources are equal here exactly when stubbing all these labs with `make_starter` makes
    them equal (a stub follows from its marker line, which stays), and this raises MarkerError
    when that would; but each file is read once, instead of once per lab and region.
    """
    result = dict(sources)
    seen: dict[tuple[str, str], str] = {}
    for path, text in sources.items():
        regions = [each for each in find_regions(text, path) if each.lab in labs]
        for region in regions:
            if region.name not in labs[region.lab]:
                raise MarkerError(
                    f"lab {region.lab}: regions {region.name} are marked but not in lab.toml"
                )
            if (region.lab, region.name) in seen:
                raise MarkerError(
                    f"region {region.name!r} of lab {region.lab} is marked twice: "
                    f"in {seen[region.lab, region.name]} and in {path}"
                )
            seen[region.lab, region.name] = path
        if regions:
            lines = text.splitlines(keepends=True)
            for region in reversed(regions):
                del lines[region.start + 1 : region.end]
            result[path] = "".join(lines)
    for lab, hints in labs.items():
        _require({name for each, name in seen if each == lab}, lab, list(hints))
    return result


def _later(placeholders: Mapping[str, str]) -> Stubber:
    """Not built, or the region's stand-in when it has one."""

    def body(lab: str, name: str, indent: str, hint: str) -> str:
        if name in placeholders:
            return stand_in(lab, indent, placeholders[name])
        return not_built(lab, name, indent, hint)

    return body


def stub_labs(
    sources: Mapping[str, str],
    labs: Iterable[tuple[str, Mapping[str, str]]],
    placeholders: Mapping[str, Mapping[str, str]] | None = None,
) -> Sources:
    """The sources with every region of these labs (number, hints) not built, or given its
    stand-in where `placeholders` (lab -> region -> code) has one."""
    result = dict(sources)
    for lab, hints in labs:
        theirs = (placeholders or {}).get(lab, {})

        def later(
            lab: str, name: str, indent: str, hint: str, theirs: Mapping[str, str] = theirs
        ) -> str:
            if name in theirs:
                return stand_in(lab, indent, theirs[name])
            return not_built(lab, name, indent, hint)

        result = make_starter(result, lab, hints, later)
    return result


def stubbed_labs(sources: Mapping[str, str]) -> list[str]:
    """The labs some region of which is a stub (a TODO or not built), in order."""
    found = set()
    for path, text in sources.items():
        for region in find_regions(text, path):
            if f'raise NotImplementedError("lab {region.lab}: {region.name} ' in region.body or (
                f'raise NotImplementedError("{NOT_BUILT.format(lab=region.lab)}")' in region.body
            ):
                found.add(region.lab)
    return sorted(found)
