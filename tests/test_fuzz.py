"""A few fixed-seed inputs per parser from the fuzzer (benchmarks/fuzz.py runs 10,000 each).

The bounded PDF reader (a process per input) is tested in tests/sources/test_pdf_worker.py.

Every input must be parsed or refused with the parser's documented error, within the time
bound; a crash names its input's file in the crash folder to replay it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.fuzz import run_target
from benchmarks.fuzz_targets import targets

INPUTS = {"report_pdf": 12, "report_pdf_bounded": 0, "article": 15}
NAMES = [t.name for t in targets() if INPUTS.get(t.name, 25)]


@pytest.mark.parametrize("name", NAMES)
def test_fuzzed_inputs_are_parsed_or_refused(name: str, tmp_path: Path) -> None:
    # report_pdf mutates the real reports in ../shared, else the invented ones of tests/sources
    stats = run_target(name, INPUTS.get(name, 25), seed=18, time_bound=10.0, crash_dir=tmp_path)
    assert stats.inputs == INPUTS.get(name, 25)
    assert stats.crashes == 0, (dict(stats.signatures), sorted(p.name for p in tmp_path.iterdir()))
    assert stats.overruns == 0, dict(stats.signatures)
    assert stats.parsed > 0, "no input got through: the mutations are too coarse to test much"
