"""`Mapper`: how the corpus-level steps run their chunks of work (see analysis.runners).

A mapper is `map(func, items) -> [func(item) for item in items]`, in order; the runners
provide one that sends the chunks to a process pool or to Dask workers. `func` must be a
top-level function and the items picklable. A runner's mapper is a `Workers`, which can
also `start` one job in the background (the corpus steps run the source tables and the
distinctive words on a worker while this process finds shared passages).
"""

from collections.abc import Callable, Sequence
from typing import Any

Mapper = Callable[[Callable[[Any], Any], Sequence[Any]], list[Any]]
Wait = Callable[[], Any]  # returns a started job's result (or raises its error)


def map_here(func: Callable[[Any], Any], items: Sequence[Any]) -> list[Any]:
    """The Mapper of one process: a plain list comprehension."""
    return [func(item) for item in items]


def start_here(func: Callable[[Any], Any], item: Any) -> Wait:
    """Run `func(item)` now, in this process; waiting gives its result or raises its error."""
    try:
        result = func(item)
    except Exception as exc:  # noqa: BLE001 - raised again when the caller waits
        error = exc

        def fail() -> Any:
            raise error

        return fail
    return lambda: result


class Workers:
    """A Mapper (call it like `map`) that can also `start(func, item)` one job on a worker
    and return a `Wait` for its result, so this process can work meanwhile."""

    def __init__(self, map_items: Mapper, start: Callable[[Callable[[Any], Any], Any], Wait],
                 *, size: int | None = None) -> None:
        self._map, self._start = map_items, start
        self.size = size  # number of workers; None when not known (a Dask cluster)

    def __call__(self, func: Callable[[Any], Any], items: Sequence[Any]) -> list[Any]:
        return self._map(func, items)

    def start(self, func: Callable[[Any], Any], item: Any) -> Wait:
        return self._start(func, item)


def start_on(mapper: Mapper | None, func: Callable[[Any], Any], item: Any) -> Wait:
    """Start `func(item)` on the mapper's workers when it can (a `Workers`), else run it here
    now; either way, call the returned Wait for the result."""
    start = getattr(mapper, "start", None)
    return start(func, item) if start is not None else start_here(func, item)


def worker_count(mapper: Mapper | None) -> int | None:
    """How many workers `mapper` spreads work over: 1 without one, None when not known."""
    if mapper is None:
        return 1
    return getattr(mapper, "size", None)
