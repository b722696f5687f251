"""Process-wide settings for the ``monitor`` command, applied as :mod:`monitor.cli` is imported
(before its heavy imports).

- The cyclic garbage collector's youngest generation is collected every 10,000 allocations
  instead of 700, the middle one every 100 of those instead of 10. Importing SQLAlchemy,
  pydantic and httpx allocates a few hundred thousand long-lived objects, and at the default
  thresholds the collector walked them again and again: 0.15-0.2 s of CPU, a sixth of a run
  whose feeds all answer 304, against 0.04 s now. Cycles are still collected, and the peak
  memory of a cold cycle did not move (``benchmarks/pipeline.py`` reports it).
"""

from __future__ import annotations

import gc

THRESHOLDS = (10_000, 100, 10)  # CPython's defaults: (700, 10, 10)


def tune_gc() -> None:
    if gc.get_threshold()[0] > 0:  # 0: the collector is off (left so)
        gc.set_threshold(*THRESHOLDS)


tune_gc()
