"""The differential oracle: random use of the API, answered by the learner's app and the reference.

    behaves_like_reference(api, reference, lab="02", regions=REGIONS, seed=oracle_seed)

Sequences of operations (register, write, read back, change, delete, follow, favorite...) are
drawn by Hypothesis' stateful testing from a seed and sent to both apps; their answers are
compared once normalised by explicit rules (`normalise`). On a difference, the sequence is
shrunk to the shortest that still shows one, and the check fails saying: the requests, the
reference's answer, the learner's, the regions to look at, and how to replay it.

At a lab's public seeds, the reference's answers are replayed from transcripts recorded once
(`transcripts`, `python -m labs.engine.oracle.record`): `course check` needs neither the
reference's code nor its process, and tells the first difference as recorded. Grading replays
every public seed, then draws a fresh one and compares with the reference app itself, shrinking
what differs: a mistake that a public seed shows is caught every time, not by chance.

Each lab's `checks/test_behaves_like_reference.py` says which endpoints it uses; the plugin
(`labs.engine.oracle.plugin`) gives it the seed and the reference beside the app.
"""

import os
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from labs.engine.oracle.run import Report

# Hypothesis looks for plugins of its own in every installed package at import: none is used.
os.environ.setdefault("HYPOTHESIS_NO_PLUGINS", "1")

__all__ = ["behaves_like_reference"]


def behaves_like_reference(*args: Any, **kwargs: Any) -> "Report":
    """See `labs.engine.oracle.run.behaves_like_reference` (loaded on first use).

    In a check, a seed that needs the reference app where it is not installed skips, saying so.
    """
    import pytest

    from labs.engine.oracle.run import ReferenceUnavailable
    from labs.engine.oracle.run import behaves_like_reference as run

    try:
        return run(*args, **kwargs)
    except ReferenceUnavailable as unavailable:
        pytest.skip(f"not checked here: {unavailable}")
