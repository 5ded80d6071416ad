"""Mutants of a lab's regions: generated from the reference sources, one change each.

A region's body is parsed on its own (dedented, inside an `async def`, so that `return` and
`await` are valid), one node is changed, and the body is written back with `ast.unparse`,
indented as the region is. Only the lab's regions ever change, so every mutant is a submission
a learner could have made.
"""

import ast
import difflib
import hashlib
import random
import textwrap
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

from labs.engine.catalog import Lab
from labs.engine.starter import Sources, put_regions, regions_of
from labs.mutation.operators import OPERATORS, Change, Operator, changes, replaced

WRAPPER = "async def __region__():\n"


class RegionSyntaxError(Exception):
    """A region's body does not parse on its own, so it cannot be mutated."""


@dataclass(frozen=True, slots=True)
class Mutant:
    """One region of one lab with one change; its id is stable while the region's text is."""

    id: str
    lab: str
    region: str
    path: str  # the file, relative to the package
    operator: str
    line: int  # in the file, 1-based
    description: str
    original: str  # the region's body as `ast.unparse` writes it (comments dropped)
    body: str  # the mutated body, as it goes between the region's markers

    def diff(self) -> str:
        """The change, as a unified diff of the region's body."""
        lines = difflib.unified_diff(
            self.original.splitlines(),
            self.body.splitlines(),
            f"{self.path} ({self.region})",
            "mutant",
            n=1,
            lineterm="",
        )
        return "\n".join(lines)

    def apply(self, sources: Mapping[str, str]) -> Sources:
        """The sources with this mutant's body in its region."""
        return put_regions(sources, self.lab, {self.region: self.body})


def parse_region(body: str) -> ast.Module:
    """A region's body as a module holding one `async def` around it."""
    try:
        return ast.parse(WRAPPER + textwrap.indent(textwrap.dedent(body), "    ", lambda _: True))
    except SyntaxError as error:
        raise RegionSyntaxError(f"the region does not parse on its own: {error}") from error


def region_text(tree: ast.Module, indent: str) -> str:
    """The body of the wrapping function, as region text at `indent`."""
    function = tree.body[0]
    assert isinstance(function, ast.AsyncFunctionDef)
    source = "\n".join(ast.unparse(statement) for statement in function.body)
    return textwrap.indent(source, indent, lambda _: True) + "\n"


def mutant_id(lab: str, region: str, operator: str, body: str) -> str:
    digest = hashlib.sha256(body.encode("utf-8")).hexdigest()[:8]
    return f"{lab}:{region}:{operator}:{digest}"


def _compiles(text: str, path: str) -> bool:
    try:
        compile(text, path, "exec", dont_inherit=True)
    except SyntaxError:
        return False
    return True


def _line(node: ast.AST) -> int:
    """The line a node is on; a call in a chain spans the chain, its name is on its own line."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return int(node.func.end_lineno or node.lineno)
    return int(getattr(node, "lineno", 1))


def _mutant(
    lab: str, name: str, path: str, start: int, original: str, body: str, change: Change
) -> Mutant:
    # The wrapper adds one line before the body; the body starts after the start marker.
    line = start + _line(change.node)
    return Mutant(
        id=mutant_id(lab, name, change.operator, body),
        lab=lab,
        region=name,
        path=path,
        operator=change.operator,
        line=line,
        description=f"{path} {name} line {line}: {change.what}",
        original=original,
        body=body,
    )


def region_mutants(
    sources: Mapping[str, str], lab: str, name: str, operators: Mapping[str, Operator] = OPERATORS
) -> list[Mutant]:
    """Every mutant of one region, without duplicates, each of which still compiles."""
    path, region = regions_of(sources, lab)[name]
    tree = parse_region(region.body)
    original = region_text(tree, region.indent)
    seen = {original}
    found: list[Mutant] = []
    for change in changes(tree, dict(operators)):
        body = region_text(replaced(tree, change), region.indent)
        if body in seen:
            continue
        seen.add(body)
        mutant = _mutant(lab, name, path, region.start, original, body, change)
        if _compiles(mutant.apply(sources)[path], path):
            found.append(mutant)
    return found


def lab_mutants(
    sources: Mapping[str, str], lab: Lab, operators: Mapping[str, Operator] = OPERATORS
) -> list[Mutant]:
    """Every mutant of every region of a lab (those named in its lab.toml), in file order."""
    found = regions_of(sources, lab.number)
    names = sorted(
        (name for name in lab.hints if name in found),
        key=lambda n: (found[n][0], found[n][1].start),
    )
    return [
        mutant for name in names for mutant in region_mutants(sources, lab.number, name, operators)
    ]


def by_lab(mutants: Iterable[Mutant]) -> dict[str, list[Mutant]]:
    grouped: dict[str, list[Mutant]] = {}
    for mutant in mutants:
        grouped.setdefault(mutant.lab, []).append(mutant)
    return grouped


def sample(
    mutants: Sequence[Mutant], size: int, seed: int, leave_out: Collection[str] = ()
) -> list[Mutant]:
    """`size` mutants of each lab, drawn by `seed` from those not left out, in their order.

    The draw depends only on the seed and the mutants' ids, so a sample is the same on every
    machine and every run while the regions do not change.
    """
    chosen: list[Mutant] = []
    for lab, group in by_lab(mutants).items():
        ids = sorted(mutant.id for mutant in group if mutant.id not in leave_out)
        # Not for security: a fixed, reproducible draw is the point.
        draw = random.Random(f"{seed}:{lab}")  # noqa: S311
        picked = set(draw.sample(ids, min(size, len(ids))))
        chosen += [mutant for mutant in group if mutant.id in picked]
    return chosen
