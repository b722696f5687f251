"""What a delivery round did (kept apart from :mod:`monitor.alerts.outbox`, so that a cycle
with no alert waiting reports an empty round without importing the senders)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class DeliveryTally:
    sent: int = 0
    failed: int = 0
    retrying: int = 0
    skipped: int = 0
    recovered: int = 0  # abandoned claims taken back
    digests: int = 0  # digests built

    def count(self, outcome: str) -> None:
        if outcome in ("sent", "failed", "retrying", "skipped"):
            setattr(self, outcome, getattr(self, outcome) + 1)
