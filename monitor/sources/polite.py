"""Politeness for the ``ofsted`` source: a least delay per Ofsted host, and a request budget.

Ofsted's hosts (reports.ofsted.gov.uk, files.ofsted.gov.uk) get at least ``request_delay``
seconds between requests (default ``DEFAULT_OFSTED_DELAY_S``). The spacing itself is done by
the fetcher's per-host gate (:class:`monitor.politeness.HostGate`, which also applies
``[monitor] host_delay`` and robots.txt ``Crawl-delay``, the longest winning): :class:`Pacer`
only raises that host's delay before each request, it never sleeps itself. Under replay
(no network) no extra delay is set.

Each cycle may send at most ``max_requests`` requests (default ``DEFAULT_OFSTED_BUDGET``):
provider pages first, then report PDFs; when the budget is spent :class:`BudgetSpent` is
raised and the rest waits for the next cycle (counted in the summary).
"""

from __future__ import annotations

from typing import Protocol

from monitor.politeness import host_key

DEFAULT_OFSTED_DELAY_S = 1.0
DEFAULT_OFSTED_BUDGET = 400


class BudgetSpent(Exception):
    """The source has used its request budget for this cycle."""


class _Gate(Protocol):
    def set_crawl_delay(self, host: str, seconds: float | None) -> None: ...


class Pacer:
    """Counts a source's requests against its budget and sets its hosts' least delay."""

    def __init__(
        self, gate: _Gate | None, *, delay_s: float = 0.0, budget: int | None = None
    ) -> None:
        self.gate = gate
        self.delay_s = max(0.0, delay_s)
        self.budget = budget
        self.used = 0

    @property
    def spent(self) -> bool:
        return self.budget is not None and self.used >= self.budget

    def before(self, url: str) -> None:
        """Call before each request; raises BudgetSpent when none is left."""
        if self.spent:
            raise BudgetSpent(f"request budget of {self.budget} spent")
        if self.gate is not None and self.delay_s > 0:
            self.gate.set_crawl_delay(host_key(url), self.delay_s)
        self.used += 1
