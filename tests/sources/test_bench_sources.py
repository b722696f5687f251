"""benchmarks/sources.py runs (once, tiny) so it never breaks unnoticed; no timings asserted."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "sources.py"


def test_sources_benchmark_runs(capsys: pytest.CaptureFixture[str]) -> None:
    spec = importlib.util.spec_from_file_location("bench_sources", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(["--quick"]) == 0
    out = capsys.readouterr().out
    for stage in ("provider pages", "report PDFs", "article pages", "prefilter"):
        assert stage in out
    assert "pypdf" in out and "pdfminer.six" in out and "jusText" in out
