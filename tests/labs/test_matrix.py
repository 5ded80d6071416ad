"""The lab matrix: for every lab, the reference, its starter and its mistakes score as they must."""

from collections.abc import Callable
from pathlib import Path

import pytest

from labs.engine.catalog import Lab
from labs.engine.mistakes import equivalents_of, mistakes_of
from labs.engine.results import RunResult
from labs.engine.runner import run_checks
from labs.engine.starter import Sources, make_starter, put_regions, regions_of, take_regions
from labs.engine.workspace import release_sources
from tests.labs.conftest import LABS

# Each mistake where it shows: SQLite, or the databases it names (PostgreSQL, when it answers).
MISTAKES = [
    (lab, mistake, database)
    for lab in LABS
    for mistake in mistakes_of(lab)
    for database in mistake.databases
]
EQUIVALENTS = [(lab, solution) for lab in LABS for solution in equivalents_of(lab)]


def _not_passed(run: RunResult, lab: str) -> dict[str, str]:
    return {c.id: c.status for c in run.of_lab(lab) if c.status != "passed"}


@pytest.mark.parametrize("lab", LABS, ids=lambda lab: lab.number)
def test_reference_scores_full_points(lab: Lab, reference_run: RunResult) -> None:
    assert _not_passed(reference_run, lab.number) == {}
    assert reference_run.score(lab.number) == lab.points + lab.hidden_points
    public = [c for c in reference_run.of_lab(lab.number) if not c.hidden]
    assert sum(c.points for c in public) == lab.points


def test_reference_scores_full_points_on_postgresql(reference_run_on_postgresql: RunResult) -> None:
    """Every lab, the app on PostgreSQL: what SQLite lets pass and PostgreSQL refuses shows."""
    run = reference_run_on_postgresql
    for lab in LABS:
        assert _not_passed(run, lab.number) == {}, lab.number
        assert run.score(lab.number) == lab.points + lab.hidden_points


def test_some_mistake_only_shows_on_postgresql() -> None:
    """Kept so that the run on PostgreSQL is seen to catch what the run on SQLite cannot."""
    assert any(database == "postgresql" for _, _, database in MISTAKES)


@pytest.mark.parametrize("lab", LABS, ids=lambda lab: lab.number)
def test_lab_has_1_to_3_hidden_checks_worth_its_hidden_points(
    lab: Lab, reference_run: RunResult
) -> None:
    hidden = [c for c in reference_run.of_lab(lab.number) if c.hidden]
    assert 1 <= len(hidden) <= 3
    assert sum(c.points for c in hidden) == lab.hidden_points


@pytest.mark.parametrize("lab", LABS, ids=lambda lab: lab.number)
def test_lab_has_8_to_25_checks_and_at_least_3_mistakes(lab: Lab, reference_run: RunResult) -> None:
    public = [c for c in reference_run.of_lab(lab.number) if not c.hidden]
    assert 8 <= len(public) <= 25
    assert len(lab.mistakes) >= 3


@pytest.mark.parametrize("lab", LABS, ids=lambda lab: lab.number)
def test_every_check_names_a_mistake_that_exists(lab: Lab, reference_run: RunResult) -> None:
    names = {mistake.name for mistake in mistakes_of(lab)}
    for result in reference_run.of_lab(lab.number):
        assert result.catches, f"{result.id} names no mistake, so nothing proves it can fail"
        assert set(result.catches) <= names, f"{result.id} names unknown mistakes"


@pytest.mark.parametrize("lab", LABS, ids=lambda lab: lab.number)
def test_starter_scores_zero_on_its_lab_and_full_on_labs_that_do_not_need_it(
    lab: Lab, starter_run: Callable[[Lab], RunResult]
) -> None:
    run = starter_run(lab)
    assert run.score(lab.number) == 0, [c.id for c in run.of_lab(lab.number) if c.earned]
    for other in LABS:
        # Earlier labs go through the regions a later lab gives stand-ins for (lab 06 seals
        # every email): their releases hold the stand-in, never this starter's TODO.
        stands_in = bool(lab.placeholders) and other.number < lab.number
        if other is not lab and lab.number not in other.needs and not stands_in:
            assert _not_passed(run, other.number) == {}, f"lab {other.number} lost points"


@pytest.mark.parametrize("lab", LABS, ids=lambda lab: lab.number)
def test_its_release_done_right_scores_full_with_later_labs_not_built(
    lab: Lab, reference: Sources, make_workspace: Callable[[str, Sources], Path]
) -> None:
    """What a learner receives for a lab, its regions written as the reference's, scores full:
    the lab's checks go through no later lab's code (which its release does not hold)."""
    done = put_regions(
        release_sources(reference, lab),
        lab.number,
        take_regions(reference, lab.number, list(lab.hints)),
    )
    run = run_checks([lab], workspace=make_workspace(f"release{lab.number}", done), hidden=True)
    assert _not_passed(run, lab.number) == {}
    assert run.score(lab.number) == lab.points + lab.hidden_points


@pytest.mark.parametrize(
    ("lab", "mistake", "database"),
    MISTAKES,
    ids=[f"{lab.number}-{m.name}" + ("" if d == "sqlite" else f"-{d}") for lab, m, d in MISTAKES],
)
def test_mistake_loses_exactly_the_checks_that_name_it(
    lab: Lab, mistake: object, database: str, mistake_run: Callable[..., RunResult]
) -> None:
    run = mistake_run(lab, mistake, database)
    name = mistake.name  # type: ignore[attr-defined]
    lost = set(_not_passed(run, lab.number))
    naming = {c.id for c in run.of_lab(lab.number) if name in c.catches}
    assert lost == naming, {c.id: (c.status, c.message[:300]) for c in run.of_lab(lab.number)}


@pytest.mark.parametrize(
    ("lab", "solution"), EQUIVALENTS, ids=[f"{lab.number}-{s.name}" for lab, s in EQUIVALENTS]
)
def test_correct_but_different_solution_scores_full(
    lab: Lab, solution: object, mistake_run: Callable[[Lab, object], RunResult]
) -> None:
    run = mistake_run(lab, solution)
    assert _not_passed(run, lab.number) == {}
    assert run.score(lab.number) == lab.points + lab.hidden_points


@pytest.mark.parametrize("lab", LABS, ids=lambda lab: lab.number)
def test_contract_and_course_points_add_up_to_the_lab(lab: Lab, reference_run: RunResult) -> None:
    contract = reference_run.score(lab.number, "contract")
    course = reference_run.score(lab.number, "course")
    assert contract + course == lab.points + lab.hidden_points


@pytest.mark.parametrize("lab", LABS, ids=lambda lab: lab.number)
def test_starter_with_reference_regions_put_back_is_the_reference(
    lab: Lab, reference: Sources
) -> None:
    bodies = take_regions(reference, lab.number, list(lab.hints))
    starter = make_starter(reference, lab.number, lab.hints)
    assert starter != reference
    assert put_regions(starter, lab.number, bodies) == reference


@pytest.mark.parametrize("lab", LABS, ids=lambda lab: lab.number)
def test_lab_toml_names_exactly_the_marked_regions(lab: Lab, reference: Sources) -> None:
    assert set(regions_of(reference, lab.number)) == set(lab.hints)


def test_checks_pass_against_the_reference_served_by_url(reference_server: str) -> None:
    run = run_checks(LABS, url=reference_server, hidden=True)
    assert {c.id: c.message for c in run.checks if c.status not in ("passed", "n/a")} == {}
    assert all(c.inside for c in run.checks if c.status == "n/a")


def test_a_second_run_gives_the_same_verdicts(
    reference_run: RunResult, reference_workspace: object
) -> None:
    again = run_checks(LABS, workspace=reference_workspace, hidden=True)  # type: ignore[arg-type]
    assert again.verdicts() == reference_run.verdicts()
