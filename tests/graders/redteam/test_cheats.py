"""Cheats on every lab graded with an honest learner: each earns less than the honest one.

Every cheat's score is shown beside the score it deserves (`cheat_batch`'s docstring says how
that is counted); a cheat that still earns more than it deserves is marked STILL EARNS in the
table, which the test prints (`pytest -s`, or in its failure).
"""

from pathlib import Path

import pytest
from rich.console import Console

from graders.sandbox import sandbox_problem
from labs.engine.catalog import get_lab
from tests.graders.redteam.cheat_batch import LABS, cheats_of, grade_cheats, table

# The labs whose every cheat was seen to earn no more than it deserves, kept so. Lab 05's
# empty_feed is among them since the oracle reads the feed wherever it shows something
# (labs/engine/oracle/feeds.py): it once earned the oracle's 2 points.
EARN_NO_MORE = ("01", "02", "03", "04", "05", "06", "07")

pytestmark = pytest.mark.skipif(
    sandbox_problem() is not None, reason=f"no sandbox here: {sandbox_problem()}"
)


@pytest.mark.parametrize("number", LABS)
def test_each_lab_has_cheats_of_every_kind(number: str) -> None:
    kinds = {cheat.kind for cheat in cheats_of(get_lab(number))}
    assert {"hard-coded", "honest when checked"} <= kinds
    if number in ("02", "06", "07"):  # the labs that store secrets: passwords, emails, tokens
        assert "plain text" in kinds


@pytest.mark.parametrize("number", LABS)
def test_every_cheat_earns_less_than_the_honest_learner(number: str, tmp_path: Path) -> None:
    lab = get_lab(number)
    outcomes = grade_cheats(lab, tmp_path / "submissions", tmp_path / "grades")
    console = Console(width=160, record=True)
    console.print(table(lab, outcomes))
    shown = console.export_text()
    print(shown)  # the score table, for the record (pytest -s)
    # The honest learner's full marks are proven by the labs' own tests and lab 01's red team;
    # here a check it lost (its caption says which) must not hide a cheat that earned as much.
    richer = [o.cheat.name for o in outcomes if o.earned >= o.honest]
    assert not richer, f"cheats earning as much as the honest learner: {richer}\n{shown}"
    assert all(o.deserved < o.maximum for o in outcomes), shown
    if number in EARN_NO_MORE:
        still = [o.cheat.name for o in outcomes if o.still_earns]
        assert not still, f"cheats earning more than they deserve: {still}\n{shown}"
