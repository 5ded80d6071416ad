"""The class summary: a plot of the scores, each check's pass rate, the slowest submissions."""

from pathlib import Path

from graders.labs.grade import Grade
from graders.labs.summary import pass_rates, write_summary
from labs.engine.results import CheckResult


def _grade(student: str, health: str, seconds: float, tags: str = "failed") -> Grade:
    checks = [
        CheckResult("01", "health", "The health check", "t1", 2, False, health),
        CheckResult("01", "tags", "The tags check", "t2", 1, False, tags),
    ]
    score = sum(c.points for c in checks if c.status == "passed")
    return Grade(student, "01", score=score, max_score=3, checks=checks, seconds=seconds)


GRADES = [
    _grade("ada", "passed", 3.0),
    _grade("bob", "failed", 9.5, tags="passed"),
    _grade("cy", "passed", 1),
]


def test_pass_rates_count_each_check_the_hardest_first() -> None:
    assert pass_rates(GRADES) == {
        "01:tags": ("The tags check", 1 / 3),
        "01:health": ("The health check", 2 / 3),
    }


def test_the_summary_has_a_plot_rates_and_the_slowest(tmp_path: Path) -> None:
    text = write_summary(GRADES, "01", tmp_path).read_text()
    assert (tmp_path / "scores.png").read_bytes().startswith(b"\x89PNG")
    assert (tmp_path / "pass_rates.png").read_bytes().startswith(b"\x89PNG")
    assert text.index("| The tags check | 33% |") < text.index("| The health check | 67% |")
    assert text.index("| bob | 9.5") < text.index("| ada | 3.0")


def test_the_summary_says_what_slowed_a_submission_and_which_could_not_be_checked(
    tmp_path: Path,
) -> None:
    slow = Grade("dan", "01", seconds=60.0, server_events=["the app was stopped at the time limit"])
    broken = Grade("eve", "01", error="the app ended before it served:\nSyntaxError")
    text = write_summary([*GRADES, slow, broken], "01", tmp_path).read_text()
    assert "| dan | 60.0 | 0/0 | the app was stopped at the time limit |" in text
    assert "| eve | the app ended before it served: |" in text


def test_a_learner_who_could_not_be_graded_counts_in_every_pass_rate() -> None:
    broken = Grade("eve", "01", error="no conduit/ folder in the submission eve")
    assert pass_rates([*GRADES, broken]) == {
        "01:tags": ("The tags check", 1 / 4),
        "01:health": ("The health check", 2 / 4),
    }


def test_a_learner_name_cannot_break_the_summarys_tables(tmp_path: Path) -> None:
    broken = Grade("a|b\nc", "01", error="the app ended | badly")
    text = write_summary([*GRADES, broken], "01", tmp_path).read_text()
    assert "| a\\|b c | the app ended \\| badly |" in text
