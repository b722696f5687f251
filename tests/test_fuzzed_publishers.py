"""Fuzzed publishers: mutated feeds, article pages, Ofsted pages and report PDFs, served on
127.0.0.1 to ``monitor run --once`` as a user runs it.

``benchmarks/fuzz.py`` feeds each parser on its own; this puts the mutations behind real HTTP,
through the whole cycle (fetch, parse, classify, dedup, store, the bounded PDF worker), where
one source's broken bytes must not stop another's good ones. Every run must end with exit 0
or 1 (1: "a source failing"), no traceback, an intact database, and the one clean publisher
among the hostile ones stored in full, once.

No packet leaves loopback: a mutated link may name any host or address, so names resolve
through a stub (only ``localhost``), and a connection to any address beyond 127.0.0.0/8 is
refused before it is made (and recorded, to show the guard was reached).
"""

from __future__ import annotations

import ipaddress
import random
import socket
import sqlite3
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from benchmarks.fuzz_targets import TOKENS, first_pages, hostile_pdfs, mutate, real_pdfs
from monitor import clock
from monitor.cli import main
from monitor.councils import gazetteer
from tests.builders import Entry, ProviderReport, article_page, provider_page, rss
from tests.servers import Site, running

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
SEED = 18
FEEDS = 8
COUNCILS = ("Kent", "Liverpool", "Hull", "Cumberland", "Somerset", "Cheshire West and Chester")


@pytest.fixture
def site() -> Iterator[Site]:
    with running(Site()) as s:
        yield s


@pytest.fixture
def outside(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Names resolve only to loopback; any other address is refused before a packet is sent."""
    import monitor.netguard

    tried: list[str] = []

    async def stub_resolver(host: str, port: int) -> list[str]:
        if host.lower().rstrip(".") == "localhost":
            return ["127.0.0.1"]
        tried.append(host)
        raise socket.gaierror(socket.EAI_NONAME, f"stub resolver: {host} is not known here")

    def no_lookup(host: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else str(host)
        try:
            if ipaddress.ip_address(name).is_loopback:
                return real_getaddrinfo(host, *args, **kwargs)
        except ValueError:
            if name.lower() == "localhost":
                return real_getaddrinfo(host, *args, **kwargs)
        tried.append(name)
        raise socket.gaierror(socket.EAI_NONAME, f"stub resolver: {name} is not known here")

    real_connect = socket.socket.connect

    def loopback_only(self: socket.socket, address: Any) -> Any:
        inet = isinstance(address, tuple) and self.family in (socket.AF_INET, socket.AF_INET6)
        if inet and not ipaddress.ip_address(str(address[0]).split("%")[0]).is_loopback:
            tried.append(str(address[0]))
            raise ConnectionRefusedError(f"test: {address[0]} is beyond loopback")
        return real_connect(self, address)

    real_getaddrinfo = socket.getaddrinfo
    monkeypatch.setattr(monitor.netguard, "system_resolver", stub_resolver)
    monkeypatch.setattr(socket, "getaddrinfo", no_lookup)
    monkeypatch.setattr(socket.socket, "connect", loopback_only)
    return tried


def story(council: str, n: int) -> list[str]:
    return [
        f"{council} Council's children's services have been rated requires improvement to be "
        f"good by Ofsted after a full inspection, report {n} says.",
        "Inspectors found that leaders know their services well, but too many children wait "
        "too long for help and the quality of social work practice is variable.",
        f"The council said it accepted the findings and would publish an action plan. {n}",
    ]


def publish(site: Site, rng: random.Random) -> list[str]:
    """Serve FEEDS mutated feeds, their mutated pages, one clean feed and the Ofsted side."""
    for f in range(FEEDS + 1):
        clean = f == FEEDS
        entries = []
        for i in range(6):
            council = COUNCILS[(f + i) % len(COUNCILS)]
            path = f"/news/{f}/{i}"
            published = NOW - timedelta(hours=f * 6 + i)
            title = f"{council} children's services rated requires improvement ({f}-{i})"
            entries.append(Entry(title, site.url(path), "Ofsted inspection findings.", published))
            page = article_page(
                url=site.url(path),
                title=title,
                outlet=f"Paper {f}",
                published=published,
                paragraphs=story(council, f * 10 + i),
            ).encode()
            site.serve(path, page if clean else mutate(page, rng, TOKENS["html"]))
        feed = rss(f"Paper {f}", site.url("/"), entries).encode()
        site.serve(
            f"/feed/{f}.xml",
            feed if clean else mutate(feed, rng, TOKENS["xml"]),
            content_type="application/rss+xml",
        )
    serve_ofsted(site, rng, new_reports=False)
    return [f"{c} children's services rated requires improvement ({FEEDS}-" for c in COUNCILS]


def serve_ofsted(site: Site, rng: random.Random, *, new_reports: bool) -> list[str]:
    """Provider pages (every other council's mutated) and hostile PDFs.

    The first fetch of a provider page is a baseline (its reports are history, PDFs unread);
    ``new_reports`` adds one published since, whose PDF the cycle reads. Returns the paths of
    the PDFs behind clean pages, which must be requested.
    """
    names = gazetteer()
    pdfs = [first_pages(pdf) for pdf in real_pdfs()[:3]]
    hostile = hostile_pdfs(pdfs[0])
    wanted = []
    for n, council in enumerate(COUNCILS):
        found = names.lookup(council)
        assert found is not None and found.ofsted_urn, council
        reports = [
            ProviderReport(
                "Children's services focused visit",
                site.url(f"/old/{n}"),
                date(2024, 3, 4),
                date(2024, 4, 9),
            )
        ]
        if new_reports:
            reports.insert(
                0,
                ProviderReport(
                    "Children's services inspection",
                    site.url(f"/files/{n}"),
                    date(2026, 10, 6),
                    date(2026, 11, 24),
                ),
            )
        page = provider_page(found.name, found.ofsted_urn, reports).encode()
        clean = n % 2 == 0
        site.serve(
            f"/provider/44/{found.ofsted_urn}", page if clean else mutate(page, rng, TOKENS["html"])
        )
        body = hostile[n] if n % 2 else mutate(pdfs[n % len(pdfs)], rng, TOKENS["pdf"])
        site.serve(f"/files/{n}", body, content_type="application/pdf")
        if clean and new_reports:
            wanted.append(f"/files/{n}")
    return wanted


def config(tmp_path: Path, site: Site) -> Path:
    feeds = "\n".join(
        f"""
[[sources]]
name = "paper-{f}"
kind = "feed"
url = "{site.url(f"/feed/{f}.xml")}"
outlet = "Paper {f}"
"""
        for f in range(FEEDS + 1)
    )
    path = tmp_path / "sources.toml"
    path.write_text(
        f"""
[monitor]
user_agent = "ofsted-monitor-test (+mailto:test@example.org)"
robots = false
host_delay = "0s"

[councils]
track = {list(COUNCILS)!r}

[[sources]]
name = "ofsted"
kind = "ofsted"
base_url = "{site.base}"
{feeds}
""".replace("'", '"'),
        encoding="utf-8",
    )
    return path


def run_once(config_path: Path, database: Path, capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    with pytest.raises(SystemExit) as done:
        main(["--config", str(config_path), "--database", f"sqlite:///{database}", "run", "--once"])
    out = capsys.readouterr()
    text = out.out + out.err
    assert done.value.code in (0, 1), text[-3000:]
    assert "Traceback" not in text, text[-3000:]
    return text


def stored(database: Path) -> tuple[list[str], str]:
    with sqlite3.connect(database) as conn:
        titles = [row[0] for row in conn.execute("SELECT title FROM article")]
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
    return titles, integrity


@pytest.mark.parametrize("seed", [SEED, SEED + 1])
def test_a_run_survives_fuzzed_publishers(
    seed: int,
    site: Site,
    tmp_path: Path,
    outside: list[str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    clean_titles = publish(site, random.Random(seed))
    config_path = config(tmp_path, site)
    database = tmp_path / "monitor.db"

    with clock.use(NOW):
        first = run_once(config_path, database, capsys)
    titles, integrity = stored(database)
    assert integrity == "ok"
    for prefix in clean_titles:  # the clean publisher is not held back by the broken ones
        assert sum((t or "").startswith(prefix) for t in titles) == 1, (prefix, first[-2000:])

    # the same hostile feeds and pages again, and Ofsted publishes reports with hostile PDFs
    pdfs = serve_ofsted(site, random.Random(seed), new_reports=True)
    with clock.use(NOW + timedelta(hours=2)):
        run_once(config_path, database, capsys)
    again, integrity = stored(database)
    assert integrity == "ok"
    assert sorted(map(str, again)) == sorted(map(str, titles))  # nothing twice, nothing lost
    for path in pdfs:  # read (or refused) in the bounded worker, the run went on
        assert len(site.gets(path)) == 1, path
    with sqlite3.connect(database) as conn:
        read = dict(conn.execute("SELECT pdf_url, pdf_status FROM report"))
    assert {read.get(site.url(p)) for p in pdfs} <= {"ok", "failed"}  # none left pending
