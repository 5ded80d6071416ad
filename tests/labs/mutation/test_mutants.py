"""Mutants are generated inside the lab's regions only, once each, with stable ids."""

import ast
from collections.abc import Iterator

import pytest

from labs.engine.catalog import all_labs
from labs.engine.regions import find_regions
from labs.engine.workspace import reference_sources
from labs.mutation.mutants import (
    RegionSyntaxError,
    lab_mutants,
    parse_region,
    region_mutants,
    region_text,
    sample,
)

SOURCE = """\
def f(x):
    y = x == 1
    # --- lab 09: pick ---
    if x == 1:  # a comment the mutants lose
        return 2
    return 3
    # --- end lab 09: pick ---


def g(y):
    return y == 1
"""
SOURCES = {"pick.py": SOURCE}


def changed_lines(before: str, after: str) -> set[int]:
    """The 1-based numbers of the lines that differ (the files have as many lines)."""
    old, new = before.splitlines(), after.splitlines()
    assert len(old) == len(new), "a mutant changed the number of lines around its region"
    return {number for number, (a, b) in enumerate(zip(old, new, strict=True), 1) if a != b}


def test_region_parses_on_its_own_and_is_written_back_at_its_indent() -> None:
    body = "        if x:\n            return 1\n        await flush()\n"
    assert region_text(parse_region(body), "        ") == body


def test_a_region_that_does_not_parse_on_its_own_is_refused() -> None:
    with pytest.raises(RegionSyntaxError):
        parse_region("    if x:\n")


def test_mutants_change_only_their_region() -> None:
    mutants = region_mutants(SOURCES, "09", "pick")
    assert mutants
    (region,) = find_regions(SOURCE)
    inside = set(range(region.start + 2, region.end + 1))
    for mutant in mutants:
        text = mutant.apply(SOURCES)["pick.py"]
        (after,) = find_regions(text)
        # The lines before the region, and after it, are the same; only the body changed.
        assert text.splitlines()[: region.start + 1] == SOURCE.splitlines()[: region.start + 1]
        assert text.splitlines()[after.end :] == SOURCE.splitlines()[region.end :]
        assert after.body == mutant.body
    assert inside  # the region is not empty


def test_mutant_ids_are_unique_stable_and_name_the_region() -> None:
    first = region_mutants(SOURCES, "09", "pick")
    again = region_mutants(SOURCES, "09", "pick")
    assert [m.id for m in first] == [m.id for m in again]
    assert len({m.id for m in first}) == len(first)
    assert all(m.id.startswith(f"09:pick:{m.operator}:") for m in first)


def test_no_two_mutants_have_the_same_text_and_none_is_the_original() -> None:
    mutants = region_mutants(SOURCES, "09", "pick")
    bodies = [m.body for m in mutants]
    assert len(set(bodies)) == len(bodies)
    assert all(body != mutants[0].original for body in bodies)


def test_description_names_the_file_region_and_line() -> None:
    mutants = region_mutants(SOURCES, "09", "pick")
    (swap,) = [m for m in mutants if m.operator == "compare"]
    assert swap.line == 4  # `if x == 1:` is line 4 of the file
    assert swap.description == "pick.py pick line 4: `x == 1` -> `x != 1`"
    assert "-    if x == 1:" in swap.diff()
    assert "+    if x != 1:" in swap.diff()


def test_mutants_that_do_not_compile_are_left_out() -> None:
    def unusable(node: ast.AST, parent: ast.AST | None) -> Iterator[tuple[ast.AST, str]]:
        if isinstance(node, ast.Return):
            yield ast.Name(id="1 not a name"), "made unparseable"

    assert region_mutants(SOURCES, "09", "pick", {"unusable": unusable}) == []


@pytest.mark.parametrize("lab", list(all_labs().values()), ids=lambda lab: lab.number)
def test_every_lab_has_mutants_in_each_region_and_only_there(lab: object) -> None:
    sources = reference_sources()
    mutants = lab_mutants(sources, lab)  # type: ignore[arg-type]
    assert {m.region for m in mutants} == set(lab.hints)  # type: ignore[attr-defined]
    for mutant in mutants[::7]:  # every 7th: enough to see, quick enough to run
        after = mutant.apply(sources)
        changed = [path for path in sources if after[path] != sources[path]]
        assert changed == [mutant.path]
        regions = {r.name: r for r in find_regions(after[mutant.path]) if r.lab == mutant.lab}
        before = {r.name: r for r in find_regions(sources[mutant.path]) if r.lab == mutant.lab}
        assert [n for n in regions if regions[n].body != before[n].body] == [mutant.region]


def test_sample_is_seeded_per_lab_and_leaves_out_what_it_is_told() -> None:
    mutants = region_mutants(SOURCES, "09", "pick")
    assert len(mutants) > 4
    first = sample(mutants, 3, seed=1)
    assert [m.id for m in first] == [m.id for m in sample(mutants, 3, seed=1)]
    assert len(first) == 3
    left_out = {first[0].id}
    assert first[0] not in sample(mutants, 3, seed=1, leave_out=left_out)
    assert len(sample(mutants, 100, seed=1)) == len(mutants)
    seeds = {tuple(m.id for m in sample(mutants, 3, seed=s)) for s in range(10)}
    assert len(seeds) > 1
