"""Fixtures shared by the source tests: the loopback "Ofsted" world."""

from __future__ import annotations

from tests.sources.test_ofsted_cycle import ofsted  # noqa: F401  (a fixture)
