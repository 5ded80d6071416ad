"""The server and the load generator get CPUs of their own when there are two."""

from loadtests.machine import pinning


def test_two_cpus_or_more_pin_the_server_and_the_generator_apart() -> None:
    assert pinning(2) == ("1", "0")
    assert pinning(8) == ("7", "6")


def test_one_cpu_pins_nothing() -> None:
    assert pinning(1) is None


def test_a_master_and_its_workers_get_every_cpu_but_the_servers() -> None:
    assert pinning(4, processes=3) == ("3", "0,1,2")
    assert pinning(2, processes=3) == ("1", "0")
