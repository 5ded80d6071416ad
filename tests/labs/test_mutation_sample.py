"""Each lab's checks kill at least 90% of a fixed, seeded sample of mutants of its regions.

The sample is SAMPLE_SIZE mutants per lab drawn with SEED from the mutants that are not
recorded as equivalent, so it is the same on every run while the regions do not change.
`python -m labs.bench_mutation` runs every mutant and shows each survivor's diff.

Expected to fail for a lab whose checks are still weak (issue 9 measured the labs' full
mutation scores below 90%): the fix is a check that kills the survivor named in the failure,
or an entry in the lab's equivalent_mutants.toml saying why no check can; never a lower bar.
"""

import pytest

from labs.engine.catalog import Lab
from labs.engine.workspace import reference_sources
from labs.mutation.equivalents import equivalents_of
from labs.mutation.mutants import lab_mutants, sample
from labs.mutation.score import run_mutants, score
from tests.labs.conftest import LABS, verdicts_only

SAMPLE_SIZE = 6
SEED = 9
TARGET_PERCENT = 90.0


@pytest.mark.slow
@pytest.mark.parametrize("lab", LABS, ids=lambda lab: lab.number)
def test_lab_checks_kill_90_percent_of_a_sample_of_mutants(lab: Lab) -> None:
    sources = reference_sources()
    recorded = equivalents_of(lab)
    mutants = sample(lab_mutants(sources, lab), SAMPLE_SIZE, SEED, leave_out=recorded)
    assert len(mutants) == SAMPLE_SIZE
    with verdicts_only():
        outcomes = run_mutants(mutants, {lab.number: lab}, sources, jobs=1)
    result = score(lab.number, outcomes, recorded)
    survivors = "\n".join(
        f"{o.mutant.id}: {o.mutant.description}\n{o.mutant.diff()}" for o in result.survived
    )
    assert result.percent >= TARGET_PERCENT, (
        f"lab {lab.number}: {len(result.killed)}/{result.total} mutants killed "
        f"({result.percent:.0f}%, target {TARGET_PERCENT:.0f}%); survivors:\n{survivors}"
    )
