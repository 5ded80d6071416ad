"""Mutation testing of the labs' checks: how many wrong regions do they tell from right ones?

A mutant is the reference with one small change in one region of one lab: `==` made `!=`, a
`.where(...)` dropped, a status code moved to its neighbour, a statement removed. The lab's
checks (public and hidden) are run against it: the mutant is *killed* when any check does not
pass, and *survives* when they all pass. The share killed is the lab's mutation score.

    python -m labs.bench_mutation [--lab 02] [-j 2] [--sample 6 --seed 0] [--json out.json]

Why the platform writes its own small mutator rather than using mutmut or cosmic-ray: those
mutate whole files and judge each mutant with the project's own test runner. Here a mutant must
stay inside a lab's marked regions (the code a learner writes; the rest of the app is given),
and it is judged by the lab engine, the way a learner's submission is graded: written into a
`conduit` workspace and checked by `run_checks` in a subprocess. Parsing one region, changing
one node and putting the region back with `put_regions` is a few hundred lines of `ast`.

A surviving mutant is a missing check, or an *equivalent*: a change no correct check can see
(a message nobody reads, an order that is sorted again later). Equivalents are written down per
lab in `equivalent_mutants.toml`, each with why, and left out of the score.
"""
