"""Mappers and background jobs: the same results wherever the work runs."""

import pytest

from analysis.mapping import Workers, map_here, start_here, start_on


def _halve(n: int) -> float:
    if n < 0:
        raise ValueError(f"negative: {n}")
    return n / 2


def test_map_here_keeps_order():
    assert map_here(_halve, [4, 2, 8]) == [2.0, 1.0, 4.0]


def test_start_here_gives_the_result_or_raises_on_wait():
    assert start_here(_halve, 6)() == 3.0
    wait = start_here(_halve, -1)  # no error yet: it comes when the caller waits
    with pytest.raises(ValueError, match="negative: -1"):
        wait()


def test_start_on_uses_the_workers_start_and_falls_back_to_here():
    started: list[int] = []

    def start(func, item):
        started.append(item)
        return lambda: func(item)

    workers = Workers(map_here, start)
    assert workers(_halve, [2, 4]) == [1.0, 2.0]
    assert start_on(workers, _halve, 10)() == 5.0 and started == [10]
    assert start_on(map_here, _halve, 10)() == 5.0  # a plain mapper: run here
    assert start_on(None, _halve, 10)() == 5.0
