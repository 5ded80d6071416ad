"""The class summary: a plot of the scores, each check's pass rate, the slowest submissions."""

from pathlib import Path

from graders.labs.grade import Grade
from graders.labs.summary import pass_rates, write_summary
from labs.engine.results import CheckResult


def _grade(student: str, status: str, seconds: float) -> Grade:
    check = CheckResult("01", "health", "The health check", "t1", 2, False, status)
    score = 2 if status == "passed" else 0
    return Grade(student, "01", score=score, max_score=2, checks=[check], seconds=seconds)


GRADES = [_grade("ada", "passed", 3.0), _grade("bob", "failed", 9.5), _grade("cy", "passed", 1)]


def test_pass_rates_count_each_check() -> None:
    assert pass_rates(GRADES) == {"01:health": ("The health check", 2 / 3)}


def test_the_summary_has_a_plot_rates_and_the_slowest(tmp_path: Path) -> None:
    text = write_summary(GRADES, "01", tmp_path).read_text()
    assert (tmp_path / "scores.png").read_bytes().startswith(b"\x89PNG")
    assert "| The health check | 67% |" in text
    assert text.index("| bob | 9.5") < text.index("| ada | 3.0")
