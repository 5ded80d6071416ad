"""How long checks may wait, from the whole `course check` run down to one request.

Each limit is well inside the one above it, so that an app that hangs fails with a verdict that
says so (and the checks after it still run) rather than by having its whole run killed. They
are generous: a correct app answers in milliseconds, but a loaded 2-core machine (the test
suite's, a grader's) can stretch a login at a realistic bcrypt cost to many seconds, and a
correct app must never fail for that.
"""

CHECKS_SECONDS = 300.0  # one `course check` run (its pytest subprocess is killed after)
ORACLE_SECONDS = CHECKS_SECONDS / 2  # the oracle's whole run of requests
# One answer: in-process, the app shares the checks' process and CPU; by URL, a server answers
# from its own (the client's limit, as it always was).
REQUEST_SECONDS = CHECKS_SECONDS / 5
URL_REQUEST_SECONDS = 10.0
