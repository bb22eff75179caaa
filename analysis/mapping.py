"""`Mapper`: how the corpus-level steps run their chunks of work (see analysis.runners).

A mapper is `map(func, items) -> [func(item) for item in items]`, in order; the runners
provide one that sends the chunks to a process pool or to Dask workers. `func` must be a
top-level function and the items picklable.
"""

from collections.abc import Callable, Sequence
from typing import Any

Mapper = Callable[[Callable[[Any], Any], Sequence[Any]], list[Any]]


def map_here(func: Callable[[Any], Any], items: Sequence[Any]) -> list[Any]:
    """The Mapper of one process: a plain list comprehension."""
    return [func(item) for item in items]
