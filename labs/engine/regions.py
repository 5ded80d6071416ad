"""Marked solution regions: find them in a source file, and replace their bodies.

A region is the lines between two marker comments, which Python and linters ignore:

    # --- lab 04: hash_password ---
    ...the solution...
    # --- end lab 04: hash_password ---

The markers stay in every generated file, so a learner's workspace can be updated later.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass

START = re.compile(r"^(?P<indent>[ \t]*)# --- lab (?P<lab>\d\d): (?P<name>[a-z_][a-z0-9_]*) ---$")
END = re.compile(r"^(?P<indent>[ \t]*)# --- end lab (?P<lab>\d\d): (?P<name>[a-z_][a-z0-9_]*) ---$")
LOOSE = re.compile(r"#\s*-+\s*(end\s+)?lab\b", re.IGNORECASE)


class MarkerError(Exception):
    """A region's markers are missing, unbalanced or damaged."""


@dataclass(frozen=True, slots=True)
class Region:
    """One marked region of one file: its lab, its name, and the text between its markers."""

    lab: str
    name: str
    indent: str
    body: str
    start: int  # index of the start marker's line
    end: int  # index of the end marker's line


def find_regions(text: str, where: str = "<text>") -> list[Region]:
    """Every region of a file, in order; raise MarkerError if the markers are not well formed."""
    # Every marker, whole or damaged, matches LOOSE: most files hold none, and most lines of
    # those that do hold no '#'. Skipping them makes stubbing all the labs' regions cheap.
    if LOOSE.search(text) is None:
        return []
    lines = text.splitlines(keepends=True)
    regions: list[Region] = []
    open_at: tuple[int, re.Match[str]] | None = None
    for number, line in enumerate(lines):
        if "#" not in line:
            continue
        stripped = line.rstrip("\r\n")
        if start := START.match(stripped):
            if open_at is not None:
                raise MarkerError(
                    f"{where}:{number + 1}: region {start['name']!r} starts inside region "
                    f"{open_at[1]['name']!r}, which has no end marker"
                )
            open_at = (number, start)
        elif end := END.match(stripped):
            if open_at is None:
                raise MarkerError(
                    f"{where}:{number + 1}: end of region {end['name']!r} without a start"
                )
            first, begun = open_at
            if (end["lab"], end["name"]) != (begun["lab"], begun["name"]):
                raise MarkerError(
                    f"{where}:{number + 1}: region {begun['name']!r} (lab {begun['lab']}) "
                    f"ends with the marker of {end['name']!r} (lab {end['lab']})"
                )
            body = "".join(lines[first + 1 : number])
            regions.append(
                Region(begun["lab"], begun["name"], begun["indent"], body, first, number)
            )
            open_at = None
        elif LOOSE.search(stripped):
            raise MarkerError(
                f"{where}:{number + 1}: damaged region marker {stripped.strip()!r}; "
                "expected '# --- lab NN: name ---' or '# --- end lab NN: name ---'"
            )
    if open_at is not None:
        raise MarkerError(
            f"{where}:{open_at[0] + 1}: region {open_at[1]['name']!r} has no end marker"
        )
    return regions


def replace_bodies(text: str, bodies: Mapping[str, str], lab: str, where: str = "<text>") -> str:
    """The file with the bodies of the named regions of `lab` replaced; the markers stay."""
    lines = text.splitlines(keepends=True)
    for region in reversed(find_regions(text, where)):
        if region.lab == lab and region.name in bodies:
            body = bodies[region.name]
            if body and not body.endswith("\n"):
                body += "\n"
            lines[region.start + 1 : region.end] = [body] if body else []
    return "".join(lines)
