"""Load tests and benchmarks for the Conduit API: a Locust scenario, a reference server to aim
them at, and two benchmarks (`bench_api`, `bench_login`) that print their figures as tables.

Locust patches the standard library with gevent when it starts, so `locustfile.py` is only ever
loaded by the `locust` command, in a process of its own; nothing here imports it.
"""
