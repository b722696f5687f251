"""Start-up cost: `monitor --help` and a cycle with nothing new import no heavy library.

Each check runs in a fresh interpreter, so what another test imported cannot hide a regression.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from tests.builders import Entry, rss
from tests.servers import Site

# loaded only by the work that needs them (article pages, PDFs, near-duplicates, serve, plots)
HEAVY = (
    "trafilatura",
    "pypdf",
    "numpy",
    "datasketch",
    "matplotlib",
    "procrastinate",
    "prometheus_client",  # only where /metrics is served
)


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
    # the lazy imports are real imports: the item work (extraction, signatures, analysis)
    # still finds its modules
    loaded = _loaded_after(
        "import monitor.cycle, monitor.batch, monitor.sources.article, monitor.dedup.neardup\n"
        "from monitor.analyze import classify"
    )
    assert {"numpy", "trafilatura", "monitor.analyze.pipeline"} <= loaded


def test_the_process_that_stores_items_loads_no_analyser_or_numpy(tmp_path: Path) -> None:
    # the cycle's process stores what the worker analysed: it queries the near-duplicate
    # index and decides stories, which need neither numpy nor the analyser's ~70 ms of rules
    loaded = _loaded_after(
        "import monitor.cycle, monitor.batch, monitor.decide\n"
        "from monitor.store import Store\n"
        f"store = Store('sqlite:///{tmp_path / 'm.db'}')\n"
        "store.migrate()\n"
        "index = store.near_duplicates()\n"
        "index.add(1, bytes(512))\n"
        "assert index.query(bytes(512)) == [(1, 1.0)]"
    )
    assert "monitor.batch" in loaded
    assert sorted(m for m in ("numpy", "monitor.analyze.pipeline") if m in loaded) == []


# what a cycle whose feeds all answer 304 has no use for: no parsing, no alert to write or
# send, no /metrics to serve, and on a SQLite file no SQLAlchemy (its bookkeeping goes
# through the standard library's sqlite3, monitor.database)
NOT_FOR_A_304 = (
    *HEAVY,
    "jinja2",
    "feedparser",
    "lxml",
    "charset_normalizer",
    "sqlalchemy",
    "monitor.store",
    "monitor.alerts.outbox",
)
# pydantic: only the SQLModel rows use it (the config file's tables are msgspec structs)
ORM = ("sqlmodel", "sqlalchemy.orm", "monitor.models", "pydantic")


def test_a_warm_run_once_imports_nothing_it_does_not_use(tmp_path: Path, site: Site) -> None:
    now = datetime.now(UTC)
    lines = ["[monitor]", 'user_agent = "ofsted-monitor-test"', 'host_delay = "0s"', ""]
    for n in range(3):
        entries = [Entry(f"Story {n}", site.url(f"/news/{n}"), "Local news.", now)]
        feed = rss("News", site.url("/"), entries)
        site.serve(f"/f{n}.xml", feed, content_type="application/rss+xml", etag=f'"f{n}"')
        lines += ["[[sources]]", f'name = "feed-{n}"', 'kind = "feed"']
        lines += [f'url = "{site.url(f"/f{n}.xml")}"', "fetch_articles = false", ""]
    config = tmp_path / "sources.toml"
    config.write_text("\n".join(lines), encoding="utf-8")
    database = f"sqlite:///{tmp_path / 'monitor.db'}"
    argv = ["--config", str(config), "--database", database, "run", "--once"]
    run = f"from monitor.cli import main\ntry:\n    main({argv!r})\nexcept SystemExit:\n    pass"

    cold = _loaded_after(run)  # stores the items: parses, and may import what it needs
    assert {"feedparser", "lxml"} & cold
    # a feed's batch, the database's creation and the bookkeeping are Core statements on
    # monitor.tables: neither run loads SQLModel, the models, the ORM or pydantic
    assert sorted(m for m in ORM if m in cold) == []
    warm = _loaded_after(run)
    assert len(site.gets("/f0.xml")) == 2 and site.gets("/f0.xml")[1].headers["If-None-Match"]
    assert "monitor.cycle" in warm
    assert sorted(m for m in (*NOT_FOR_A_304, *ORM) if m in warm) == []


def _freeze_count_after(code: str) -> int:
    probe = f"{code}\nimport gc\nprint(gc.get_freeze_count())"
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    return int(out.stdout.strip().splitlines()[-1])


def test_a_run_keeps_the_callers_objects_collectable_unless_it_is_the_command(
    tmp_path: Path, site: Site
) -> None:
    # `monitor run --once` in its own process freezes what it loaded (monitor.startup); a
    # program calling main() with its own arguments keeps its collector as it was
    site.serve("/f.xml", rss("News", site.url("/"), []), content_type="application/rss+xml")
    config = tmp_path / "sources.toml"
    config.write_text(
        '[monitor]\nuser_agent = "ofsted-monitor-test"\nhost_delay = "0s"\n\n'
        f'[[sources]]\nname = "f"\nkind = "feed"\nurl = "{site.url("/f.xml")}"\n',
        encoding="utf-8",
    )
    argv = ["--config", str(config), "--database", f"sqlite:///{tmp_path / 'm.db'}"]
    argv += ["run", "--once"]
    called = f"from monitor.cli import main\ntry:\n    main({argv!r})\nexcept SystemExit:\n    pass"
    assert _freeze_count_after(called) == 0
    as_command = (
        f"import sys\nsys.argv = ['monitor', *{argv!r}]\n"
        "from monitor.cli import main\ntry:\n    main()\nexcept SystemExit:\n    pass"
    )
    assert _freeze_count_after(as_command) > 10_000
