"""Python's ``time.sleep`` under libfaketime's FAKETIME_DONT_FAKE_MONOTONIC, mended.

The any-date check runs the suite with ``LD_PRELOAD=libfaketime.so.1 FAKETIME=+400d
FAKETIME_DONT_FAKE_MONOTONIC=1``. With monotonic time left alone, libfaketime still shifts the
absolute monotonic deadline Python 3.11's ``time.sleep`` hands ``clock_nanosleep``, the kernel
gets a negative time and every sleep, and every subprocess wait with a timeout, fails with
EINVAL (wolfcw/libfaketime#426). Where (and only where) a sleep fails so, it sleeps by
``select`` instead, the same wait by a call libfaketime leaves alone.

``tests/conftest.py`` applies it to the suite's process and puts this folder on the
PYTHONPATH of the Python processes the tests start (``monitor serve``, the migration workers,
the benchmarks), which load it as their ``sitecustomize``.
"""

from __future__ import annotations

import select
import time


def select_sleep(seconds: float) -> None:
    """``time.sleep`` by ``select``."""
    if seconds < 0:
        raise ValueError("sleep length must be non-negative")
    select.select([], [], [], seconds)


def mend_sleep() -> bool:
    """Sleep by ``select`` if ``time.sleep`` fails here; True if it did."""
    try:
        time.sleep(0)
    except OSError:
        time.sleep = select_sleep
        return True
    return False


if __name__ == "sitecustomize":  # loaded by a child's interpreter, not imported by the suite
    mend_sleep()
