"""The bounded PDF reader: a slow or huge PDF is refused with TooCostly, never hangs the caller.

The hostile PDFs are built here (benchmarks/fuzz_targets.py), from invented content.
"""

from __future__ import annotations

import time

import pytest

from benchmarks.fuzz_targets import bomb_pdf, slow_pdf
from monitor.errors import ParseError, TooCostly
from monitor.sources.pdf import read_report
from monitor.sources.pdf_worker import aread_report_bounded, read_report_bounded
from tests.sources.pdfs import ilacs_pdf


def test_a_readable_report_gives_the_same_facts_as_in_process() -> None:
    content = ilacs_pdf(
        "Exampleshire County Council",
        dates="14–25 September 2026",
        grades=("Good", "Good", "Outstanding", "Good", "Good"),
    )
    bounded = read_report_bounded(content, inspection_type="ilacs_full", timeout_s=30)
    assert bounded == read_report(content, inspection_type="ilacs_full")
    assert bounded.judgement == "good"


def test_a_slow_pdf_is_cut_at_the_time_bound() -> None:
    content = slow_pdf(200_000)  # 6 KB; pypdf needs well over ten seconds for it
    started = time.monotonic()
    with pytest.raises(TooCostly, match=r"longer than 1\.5s") as err:
        read_report_bounded(content, inspection_type="ilacs_full", url="u", timeout_s=1.5)
    assert time.monotonic() - started < 6
    assert err.value.limit == "time"
    assert err.value.retryable
    assert err.value.url == "u"


def test_a_decompression_bomb_is_cut_at_the_memory_bound() -> None:
    content = bomb_pdf(60)  # 60 KB that inflates to 60 MB in one allocation
    with pytest.raises(TooCostly, match="more memory") as err:
        read_report_bounded(
            content, inspection_type="ilacs_full", timeout_s=30, max_memory_bytes=150 * 2**20
        )
    assert err.value.limit == "memory"


def test_an_unreadable_pdf_is_a_parse_error_not_too_costly() -> None:
    with pytest.raises(ParseError) as err:
        read_report_bounded(b"%PDF-1.7\n1 0 obj << /Kids [", inspection_type=None, timeout_s=30)
    assert not isinstance(err.value, TooCostly)
    with pytest.raises(ParseError, match="not a PDF"):
        read_report_bounded(b"<html>", inspection_type=None)


async def test_the_async_form_leaves_the_event_loop_free() -> None:
    import asyncio

    ticks = 0

    async def tick() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.05)
            ticks += 1

    ticker = asyncio.create_task(tick())
    with pytest.raises(TooCostly):
        await aread_report_bounded(slow_pdf(200_000), inspection_type=None, timeout_s=1.0)
    ticker.cancel()
    assert ticks >= 10  # the loop kept running while the PDF was read
