"""The quick start's demo gives the same output on any day, and the README shows it.

The demo replays ``cassettes/`` on the clock they were recorded on (``recorded_at``), so its
stories, links and alerts do not drift as the real date moves on.
"""

from __future__ import annotations

import importlib.util
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType

import pytest
import time_machine

import monitor.cycle

ROOT = Path(__file__).resolve().parents[1]


def _readme_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("readme_script", ROOT / "scripts" / "readme.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_readme_is_current_and_the_demo_is_the_same_years_apart(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(monitor.cycle, "SOURCE_CONCURRENCY", monitor.cycle.SOURCE_CONCURRENCY)
    monkeypatch.setattr(monitor.cycle, "GIVE_UP_WAITING", monitor.cycle.GIVE_UP_WAITING)
    script = _readme_script()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    outputs = []
    for day in (datetime(2026, 11, 24, 8, tzinfo=UTC), datetime(2029, 3, 1, 18, tzinfo=UTC)):
        with time_machine.travel(day, tick=True):
            outputs.append(script.render(readme))
    assert outputs[0] == outputs[1], "the demo's output depends on the date it is run"
    assert outputs[0] == readme, "README.md is stale: run python scripts/readme.py"
    # the demo's Hull article (18 Nov) joins Hull's story of the same day
    assert "E06000010-ilacs_full-2026-11-18" in readme
