"""Percentiles and tables, as the benchmarks print them."""

import math

import pytest

from loadtests.report import percentiles, print_table


def test_percentiles_interpolate_between_samples() -> None:
    assert percentiles(list(range(1, 102)), 50, 99) == [51, 100]


def test_percentiles_of_one_sample_are_not_a_number() -> None:
    assert all(math.isnan(value) for value in percentiles([3.0], 50, 95))


def test_a_table_prints_as_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    print_table("Title", ["endpoint", "req/s"], [["GET /api/articles?tag=[tag]", "12"]])

    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        "",
        "Title",
        "",
        "| endpoint                    | req/s |",
        "|-----------------------------|-------|",
        "| GET /api/articles?tag=[tag] |    12 |",
    ]
