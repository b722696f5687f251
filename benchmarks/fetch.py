"""Fetch benchmark: N feeds on 127.0.0.x, a cold cycle, then a cycle where 90% answer 304.

    .venv/bin/python benchmarks/fetch.py              # 1,000 feeds on 20 loopback hosts
    .venv/bin/python benchmarks/fetch.py --feeds 50   # the smoke size

A server process serves ``/feed/<i>.xml`` (a 5 KB RSS document with an ETag) on ``--hosts``
loopback addresses (each is a publisher: per-host limits apply). Each client runs in its own
process, so CPU seconds and peak RSS are its own:

- ``monitor``: :class:`monitor.fetch.Fetcher` as the cycle uses it (robots.txt, per-host
  slots, retries, bounded decompression), all feeds concurrently under the cycle's limit;
  ``host_delay`` is 0 so both clients do the same work (the default 0.5s would measure the
  politeness delay, not the fetcher);
- ``plain``: a sequential ``httpx.Client`` loop sending the same conditional GETs.

Between the two cycles every tenth feed changes its ETag, so the warm cycle is 90% 304.
Figures: wall time, requests/s, CPU seconds (user + system), peak RSS, and monitor/plain.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FEED_ITEMS = 10
SOURCE_CONCURRENCY = 64  # monitor.cycle.SOURCE_CONCURRENCY (not imported: it loads the analyser)


def feed_body(index: int, generation: int) -> bytes:
    items = "".join(
        f"<item><title>Story {index}-{generation}-{n}</title>"
        f"<link>https://news.example/{index}/{generation}/{n}</link>"
        f"<description>{'Local news about the council. ' * 12}</description>"
        f"<pubDate>Mon, 23 Nov 2026 12:{n:02d}:00 GMT</pubDate></item>"
        for n in range(FEED_ITEMS)
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>Feed {index}</title>{items}</channel></rss>"
    ).encode()


# -- the server ----------------------------------------------------------------------------
async def serve(hosts: list[str], port_file: Path) -> None:
    state = {"generation": 0}
    bodies: dict[tuple[int, int], bytes] = {}

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                path = lines[0].split(" ")[1]
                headers = {
                    k.lower(): v for k, _, v in (line.partition(": ") for line in lines[1:] if line)
                }
                status, body, etag = "404 Not Found", b"", None
                if path == "/_bump":
                    state["generation"] += 1
                    status = "200 OK"
                elif path.startswith("/feed/"):
                    index = int(path.split("/")[2].split(".")[0])
                    generation = state["generation"] if index % 10 == 0 else 0
                    etag = f'"{index}-{generation}"'
                    if headers.get("if-none-match") == etag:
                        status = "304 Not Modified"
                    else:
                        status = "200 OK"
                        key = (index, generation)
                        body = bodies.get(key) or bodies.setdefault(key, feed_body(*key))
                extra = f"ETag: {etag}\r\n" if etag else ""
                writer.write(
                    f"HTTP/1.1 {status}\r\nContent-Type: application/rss+xml\r\n{extra}"
                    f"Content-Length: {len(body)}\r\n\r\n".encode()
                    + body
                )
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    servers = [await asyncio.start_server(handle, host, 0, backlog=1024) for host in hosts]
    ports = [s.sockets[0].getsockname()[1] for s in servers]
    port_file.write_text(json.dumps(dict(zip(hosts, ports, strict=True))))
    await asyncio.Event().wait()


# -- the clients ---------------------------------------------------------------------------
def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def monitor_cycle(urls: list[str], etags: dict[str, str], fetcher: object) -> int:
    from monitor.fetch import Fetcher

    assert isinstance(fetcher, Fetcher)
    limit = asyncio.Semaphore(SOURCE_CONCURRENCY)
    before = fetcher.requests_sent

    async def one(url: str) -> None:
        async with limit:
            result = await fetcher.get(url, etag=etags.get(url))
            if result.etag:
                etags[url] = result.etag

    await asyncio.gather(*(one(u) for u in urls))
    return fetcher.requests_sent - before


def plain_cycle(urls: list[str], etags: dict[str, str], client: object) -> int:
    import httpx

    assert isinstance(client, httpx.Client)
    for url in urls:
        headers = {"If-None-Match": etags[url]} if url in etags else {}
        response = client.get(url, headers=headers)
        if response.headers.get("ETag"):
            etags[url] = response.headers["ETag"]
    return len(urls)


def run_client(kind: str, urls: list[str], bump: str) -> dict[str, object]:
    import httpx

    etags: dict[str, str] = {}
    phases = {}
    if kind == "monitor":
        from monitor.fetch import Fetcher

        async def both() -> None:
            async with Fetcher(user_agent="bench", host_delay_s=0.0) as fetcher:
                for phase in ("cold", "warm"):
                    if phase == "warm":
                        httpx.get(bump)
                    t0, c0 = time.perf_counter(), cpu_s()
                    sent = await monitor_cycle(urls, etags, fetcher)
                    phases[phase] = (time.perf_counter() - t0, cpu_s() - c0, sent)

        asyncio.run(both())
    else:
        with httpx.Client(headers={"User-Agent": "bench"}) as client:
            for phase in ("cold", "warm"):
                if phase == "warm":
                    httpx.get(bump)
                t0, c0 = time.perf_counter(), cpu_s()
                sent = plain_cycle(urls, etags, client)
                phases[phase] = (time.perf_counter() - t0, cpu_s() - c0, sent)
    return {"kind": kind, "phases": phases, "peak_rss_mib": peak_rss_mib()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--feeds", type=int, default=1000)
    parser.add_argument("--hosts", type=int, default=20)
    parser.add_argument("--_serve", help=argparse.SUPPRESS)
    parser.add_argument("--_client", help=argparse.SUPPRESS)
    parser.add_argument("--_urls", help=argparse.SUPPRESS)
    args = parser.parse_args()
    hosts = [f"127.0.0.{n}" for n in range(2, 2 + args.hosts)]
    if args._serve:
        asyncio.run(serve(hosts, Path(args._serve)))
        return
    if args._client:
        data = json.loads(Path(args._urls).read_text())
        print(json.dumps(run_client(args._client, data["urls"], data["bump"])))
        return

    work = Path(os.environ.get("TMPDIR", "/tmp")) / f"fetch-bench-{os.getpid()}"
    work.mkdir(exist_ok=True)
    port_file = work / "ports.json"
    server = subprocess.Popen(
        [sys.executable, __file__, "--hosts", str(args.hosts), "--_serve", str(port_file)]
    )
    try:
        for _ in range(200):
            if port_file.exists() and port_file.read_text():
                break
            time.sleep(0.05)
        ports = json.loads(port_file.read_text())
        urls = [
            f"http://{hosts[i % len(hosts)]}:{ports[hosts[i % len(hosts)]]}/feed/{i}.xml"
            for i in range(args.feeds)
        ]
        bump = f"http://{hosts[0]}:{ports[hosts[0]]}/_bump"
        (work / "urls.json").write_text(json.dumps({"urls": urls, "bump": bump}))
        results = {}
        for kind in ("monitor", "plain"):
            out = subprocess.run(
                [sys.executable, __file__, "--_client", kind, "--_urls", str(work / "urls.json")],
                capture_output=True,
                text=True,
                check=True,
            )
            results[kind] = json.loads(out.stdout.strip().splitlines()[-1])
    finally:
        server.terminate()
        server.wait()
    report(results, args.feeds, args.hosts)


def report(results: dict[str, dict[str, object]], feeds: int, hosts: int) -> None:
    print(f"fetch benchmark: {feeds} feeds on {hosts} loopback hosts; warm cycle 90% 304")
    print(f"{'client':<8} {'cycle':<5} {'wall s':>8} {'requests':>9} {'req/s':>8} {'CPU s':>7}")
    rows: dict[tuple[str, str], tuple[float, float, int]] = {}
    for kind in ("monitor", "plain"):
        phases = results[kind]["phases"]
        assert isinstance(phases, dict)
        for phase in ("cold", "warm"):
            wall, cpu, sent = phases[phase]
            rows[(kind, phase)] = (wall, cpu, sent)
            print(f"{kind:<8} {phase:<5} {wall:>8.2f} {sent:>9} {sent / wall:>8.0f} {cpu:>7.2f}")
    for kind in ("monitor", "plain"):
        print(f"peak RSS {kind}: {results[kind]['peak_rss_mib']:.0f} MiB")
    for phase in ("cold", "warm"):
        m, p = rows[("monitor", phase)], rows[("plain", phase)]
        print(
            f"ratio monitor/plain, {phase}: wall {m[0] / p[0]:.2f}x, CPU {m[1] / p[1]:.2f}x "
            f"(monitor sends {m[2] - p[2]} robots.txt requests more)"
        )


if __name__ == "__main__":
    main()
