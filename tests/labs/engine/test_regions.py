import pytest

from labs.engine.regions import MarkerError, find_regions, replace_bodies

SOURCE = """def f():
    # --- lab 01: body ---
    return 1
    # --- end lab 01: body ---
"""


def test_a_region_is_the_lines_between_its_markers() -> None:
    (region,) = find_regions(SOURCE)
    assert (region.lab, region.name, region.indent, region.body) == (
        "01",
        "body",
        "    ",
        "    return 1\n",
    )


def test_replacing_a_body_keeps_the_markers() -> None:
    changed = replace_bodies(SOURCE, {"body": "    return 2\n"}, "01")
    assert changed == SOURCE.replace("return 1", "return 2")


def test_other_labs_regions_are_left_alone() -> None:
    assert replace_bodies(SOURCE, {"body": "    return 2\n"}, "02") == SOURCE


@pytest.mark.parametrize(
    ("damaged", "says"),
    [
        (SOURCE.replace("    # --- end lab 01: body ---\n", ""), "has no end marker"),
        (SOURCE.replace("    # --- lab 01: body ---\n", ""), "without a start"),
        (SOURCE.replace("end lab 01: body", "end lab 01: other"), "ends with the marker"),
        (SOURCE.replace("# --- lab 01: body ---", "# -- lab 01 body"), "damaged region marker"),
    ],
)
def test_damaged_markers_are_refused_with_a_clear_message(damaged: str, says: str) -> None:
    with pytest.raises(MarkerError, match=says):
        find_regions(damaged, "f.py")


def test_a_file_without_markers_has_no_regions() -> None:
    assert find_regions("x = 1  # a comment about a lab\n") == []
    assert find_regions("def f():\n    return 1\n") == []
