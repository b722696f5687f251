"""Process-wide settings for the ``monitor`` command, applied as :mod:`monitor.cli` is imported
(before its heavy imports).

- The cyclic garbage collector's youngest generation is collected every 10,000 allocations
  instead of 700, the middle one every 100 of those instead of 10. Importing SQLAlchemy,
  pydantic and httpx allocates a few hundred thousand long-lived objects, and at the default
  thresholds the collector walked them again and again: 0.15-0.2 s of CPU, a sixth of a run
  whose feeds all answer 304, against 0.04 s now. Cycles are still collected, and the peak
  memory of a cold cycle did not move (``benchmarks/pipeline.py`` reports it).
- :func:`freeze_loaded`: once a one-off command has imported what it uses and loaded its
  settings, what exists then (modules, classes, compiled tables, the settings) lives until
  exit, so it is moved out of the collector's sight (``gc.freeze()``): no later collection
  walks it, the one at exit included. On ``run --once`` over 500 feeds that was 0.07 s of a
  0.91 s cycle whose feeds all answer 304 (ten runs each, alternated); on a cold cycle the
  change was inside its noise (5.43 s against 5.32 s, ten runs each).
  Only what exists at the call is frozen; what the run allocates later is collected as
  always. Not for ``serve``: a long-running process replaces its settings and caches. And
  only in a process that is the command itself (``monitor ...``, ``python -m monitor``,
  the analysis worker): when another program calls ``monitor.cli.main`` with its own
  arguments (the tests do), its objects are not ours to keep forever.
"""

from __future__ import annotations

import gc

THRESHOLDS = (10_000, 100, 10)  # CPython's defaults: (700, 10, 10)
_own_process = False  # set by the command's entry point (see freeze_loaded)


def own_process() -> None:
    """This process is the command itself: :func:`freeze_loaded` may act."""
    global _own_process
    _own_process = True


def tune_gc() -> None:
    if gc.get_threshold()[0] > 0:  # 0: the collector is off (left so)
        gc.set_threshold(*THRESHOLDS)


def freeze_loaded() -> None:
    """Keep what exists now out of every later collection (see the module docstring).

    No collection first: after the imports it finds a few hundred objects of garbage and
    costs 16 ms, more than keeping them does."""
    if _own_process:
        gc.freeze()


tune_gc()
