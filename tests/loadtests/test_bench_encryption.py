"""The encryption benchmark runs end to end and prints both modes for each read."""

import pytest

from loadtests.bench_encryption import main


def test_the_benchmark_prints_each_read_with_and_without_decryption(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--rounds", "2", "--requests", "2"]) == 0
    printed = capsys.readouterr().out
    for expected in (
        "| GET /api/profiles/author7 ",
        "| GET /api/articles?limit=20 ",
        "| decrypting | not decrypting |",
        "One bio opened alone:",
    ):
        assert expected in printed, f"{expected!r} is missing from:\n{printed}"
