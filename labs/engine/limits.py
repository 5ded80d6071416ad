"""How long checks may wait, from the whole `course check` run down to one request.

Each limit is well inside the one above it, so that an app that hangs or crawls fails with a
verdict that says so (and the checks after it still run) rather than by having its whole run
killed: a request is given REQUEST_SECONDS, the oracle's whole random use ORACLE_SECONDS, and
the run CHECKS_SECONDS. They are generous: a correct app answers in milliseconds, and a run of
every check takes seconds even on a loaded machine.
"""

CHECKS_SECONDS = 300.0  # one `course check` run (its pytest subprocess is killed after)
ORACLE_SECONDS = CHECKS_SECONDS / 4  # the oracle's whole run of requests
REQUEST_SECONDS = 10.0  # one request's answer, in-process and by URL
