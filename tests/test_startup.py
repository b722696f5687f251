"""Start-up cost: `monitor --help` and a cycle with nothing new import no heavy library.

Each check runs in a fresh interpreter, so what another test imported cannot hide a regression.
"""

from __future__ import annotations

import json
import subprocess
import sys

# loaded only by the work that needs them (article pages, PDFs, near-duplicates, serve, plots)
HEAVY = ("trafilatura", "pypdf", "numpy", "datasketch", "matplotlib", "procrastinate")


def _loaded_after(code: str) -> set[str]:
    probe = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


def _heavy(modules: set[str]) -> list[str]:
    return sorted(h for h in HEAVY if h in modules)


def test_help_imports_no_heavy_library() -> None:
    loaded = _loaded_after(
        "from monitor.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass"
    )
    assert "monitor.cli" in loaded
    assert _heavy(loaded) == []


def test_a_cycle_with_nothing_new_imports_no_heavy_library() -> None:
    # what `run --once` loads before any feed answers 200: the cycle, its ledger, the fetcher
    loaded = _loaded_after(
        "import monitor.cli, monitor.cycle, monitor.ledger, monitor.fetch, monitor.schedule"
    )
    assert "monitor.cycle" in loaded
    assert _heavy(loaded) == []


def test_a_cycle_that_stores_items_loads_what_it_needs() -> None:
    # the lazy imports are real imports: the storing path still finds its modules
    loaded = _loaded_after("import monitor.cycle, monitor.batch, monitor.sources.article")
    assert {"numpy", "trafilatura"} <= loaded
