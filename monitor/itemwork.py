"""The CPU work of a feed and its items: parsing, page extraction, classification, fingerprints.

Two pure jobs, each giving the same answer wherever it runs:

- :func:`read_feed`: a fetched feed's body parsed (``monitor.sources.feed``, without the
  items' full content, which the cycle does not read), with each
  item's link (the publisher's, when a news aggregator's link names it), its canonical URL,
  the prefilter's verdict on its title and summary, and the body's content hash (the feed's
  fetch state);
- :func:`analyse_many`: a feed's items, with the article pages the cycle fetched for them, as
  one batch: for each item the page's text (trafilatura), then the text, title, date and URL
  the analyser reads, its :class:`Classification`, the canonical URL it is stored under, the
  content hash and the MinHash signature. Ordinary news, most of a cycle, is not analysed:
  an item whose title and summary have no inspection or children's social care vocabulary
  (the prefilter's verdict) and which has no page cannot be about an inspection, nor a
  near-copy of a relevant article (the only kind the near-duplicate index holds). It is
  stored as it came, not relevant (``monitor.analyze.result.UNREAD``: no councils, type or
  grade), with its content hash and no fingerprint: about 20 µs, against 0.2 ms analysed.

They run:

- **inline**, in the cycle's process (a small cycle; ``serve``'s jobs; ordinary news always,
  as it costs less than the round trip to a worker);
- in **a worker process** (:class:`Analyser` with ``workers=1``), while the event loop goes
  on fetching, parsing and storing other feeds: ``run --once`` of at least
  ``POOL_MIN_SOURCES`` sources on a machine with a second core. The worker (``python -m
  monitor.itemwork``: a fresh interpreter, no inherited threads, connections or ``__main__``)
  is started when the first batch comes. Analysis batches queue for it while it loads (the
  cycle's process never imports trafilatura and the analyser then: about 0.5 s of CPU a
  cold cycle paid twice), while feeds are parsed inline until it is up, so neither core
  idles.

Fetching stays with the cycle (politeness, the address guard, the fetch counts); a page that
cannot be read is reported back as ``page_error`` and the item goes on with its feed summary.
A feed the worker cannot parse (not a feed at all, a parser's bug) is parsed again inline,
so its error is raised in the cycle exactly as without a worker.
"""

from __future__ import annotations

import logging
import os
import pickle
import struct
import sys
import time
from collections import deque
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, BinaryIO, cast

from monitor.dedup import content_hash
from monitor.errors import ParseError

if TYPE_CHECKING:
    import asyncio
    from collections.abc import Callable

    from monitor.analyze.result import Classification
    from monitor.sources.base import ArticlePage, FeedPage

log = logging.getLogger(__name__)

POOL_MIN_SOURCES = 20  # a smaller cycle does not pay for a worker's start (about 1 s of CPU)
WORKER_LOAD_WAIT_S = 30.0  # an analysis waits this long for a loading worker, then runs inline


@dataclass(frozen=True)
class Work:
    """One item: its feed fields and the article page fetched for it, if any."""

    title: str | None
    summary: str | None
    published: datetime | None
    link: str
    page: bytes | None = None  # the fetched page's body
    page_url: str | None = None  # the page's final URL, after redirects
    canonical: str | None = None  # the link's canonical form, when the cycle has it already
    # the prefilter passes its title and summary; False (no inspection vocabulary, no page):
    # it cannot be about an inspection (not analysed) nor a near-copy of a relevant article
    # (not fingerprinted)
    vocabulary: bool = True
    # the content hash of its title and summary, when :func:`read_feed` gave it (an item it
    # found no vocabulary in: what it is stored under unread)
    digest: str | None = None

    @property
    def unread(self) -> bool:
        """Not analysed: no inspection vocabulary in its title or summary, and no page."""
        return not self.vocabulary and self.page is None


@dataclass(frozen=True)
class Analysed:
    """What the analyser made of one item."""

    page: ArticlePage | None  # None: no page fetched, or it had no readable text
    page_error: str | None  # why the fetched page could not be read
    text: str | None  # the page's text, else the feed summary
    title: str | None
    published: datetime | None
    final_url: str  # the page's URL when it was read, else the feed's link
    canonical_url: str  # what it is stored under: the page's declared URL, else final_url's
    digest: str
    cls: Classification
    signature: bytes | None


@dataclass(frozen=True)
class FeedBody:
    """A fetched feed: its body (UTF-8), final URL and content type."""

    content: bytes
    url: str
    content_type: str | None


@dataclass(frozen=True)
class ReadFeed:
    """A parsed feed, with what the cycle asks of each item before fetching its page."""

    page: FeedPage  # its items without their full content (the cycle does not read it)
    links: tuple[str, ...]  # per item: the publisher's URL when the link names it, else the link
    canonical: tuple[str, ...]  # per item: the canonical form of its link
    worth: tuple[bool, ...]  # per item: does the prefilter pass its title and summary?
    # per item the prefilter rejects: the content hash of its title and summary, computed
    # here (often in the worker) rather than in the cycle's process, which stores it unread
    digests: tuple[str | None, ...]
    body_hash: str  # the body's content hash, for the feed's fetch state


def read_feed(body: FeedBody) -> ReadFeed:
    """Parse a feed (raises ParseError when the body is not one) and look at its items."""
    from monitor.dedup import canonical_url, publisher_url
    from monitor.dedup.text import content_hash_latin1
    from monitor.prefilter import worth_fetching
    from monitor.sources.feed import parse_feed

    # the cycle reads no item's full content: not read here (the costliest field)
    page = parse_feed(
        body.content, url=body.url, content_type=body.content_type, with_content=False
    )
    links = tuple(publisher_url(i.url) or i.url for i in page.items)
    worth = tuple(worth_fetching(i.title, i.summary) for i in page.items)
    return ReadFeed(
        page=page,
        links=links,
        canonical=tuple(canonical_url(link) for link in links),
        worth=worth,
        digests=tuple(
            None if passed else content_hash(i.title, i.summary)
            for i, passed in zip(page.items, worth, strict=True)
        ),
        body_hash=content_hash_latin1(body.content),
    )


def analyse(work: Work) -> Analysed:
    """One item, as the cycle always analysed it (its ``_candidate``)."""
    if work.unread:
        return _unread(work)
    from monitor.analyze import classify
    from monitor.dedup import canonical_url, page_canonical
    from monitor.dedup.neardup import signature
    from monitor.sources.article import extract_article

    text, title, published, final_url = work.summary, work.title, work.published, work.link
    page: ArticlePage | None = None
    page_error: str | None = None
    if work.page is not None and work.page_url is not None:
        try:
            page = extract_article(work.page, url=work.page_url)
        except ParseError as exc:
            page_error = exc.message
        else:
            final_url = work.page_url
            text = page.text or text
            title = title or page.title
            published = published or page.published
    digest = content_hash(title, text)
    cls = classify(text or "", title=title, url=final_url, published=published)
    canonical = work.canonical or canonical_url(work.link)
    if page is not None:
        declared = page_canonical(page.canonical_url, final_url)
        if declared:
            canonical = canonical_url(declared)
        elif final_url != work.link:
            canonical = canonical_url(final_url)
    return Analysed(
        page=page,
        page_error=page_error,
        text=text,
        title=title,
        published=published,
        final_url=final_url,
        canonical_url=canonical,
        digest=digest,
        cls=cls,
        signature=signature(text),
    )


def _unread(work: Work) -> Analysed:
    """Ordinary news (:attr:`Work.unread`): stored as it came, not analysed nor fingerprinted
    (the analyser and the fingerprints are not even imported for it)."""
    from monitor import metrics
    from monitor.analyze.result import UNREAD
    from monitor.dedup import canonical_url

    metrics.record_classification(UNREAD)
    return Analysed(
        page=None,
        page_error=None,
        text=work.summary,
        title=work.title,
        published=work.published,
        final_url=work.link,
        canonical_url=work.canonical or canonical_url(work.link),
        digest=work.digest or content_hash(work.title, work.summary),
        cls=UNREAD,
        signature=None,
    )


def analyse_many(works: list[Work]) -> list[Analysed]:
    return [analyse(w) for w in works]


class Analyser:
    """Runs :func:`read_feed` and :func:`analyse_many` inline, or in a worker process once it
    is up.

    The worker is ``python -m monitor.itemwork``: jobs go to it as length-prefixed pickles on
    its stdin and come back in order on its stdout, each with the worker's CPU seconds so
    far. Once it is up, every analysis batch goes to it (the cycle's process also fetches
    and stores, and never loads trafilatura then), and a feed goes to it while it has used
    no more CPU than the cycle's process since it started, else the feed is parsed inline:
    the two cores' loads stay even whichever side the cycle's work leans to (more feeds,
    fewer pages, slower fetching). While the worker loads, analyses wait for it and feeds are
    parsed inline. If it dies, what it held runs inline and the cycle goes on without it.

    (A cap on the jobs queued in the worker balanced badly: the cycle's process, busy with
    the jobs it kept, read the worker's answers late, so the queue looked full and it kept
    more; half the batches of a 200-feed cycle ran inline while the worker idled.)
    """

    def __init__(self, workers: int = 0, *, balance_feeds: bool = True) -> None:
        self.workers = workers
        self.balance_feeds = balance_feeds  # False: every feed to the worker once it is up
        self._proc: asyncio.subprocess.Process | None = None
        self._starting: asyncio.Task[None] | None = None  # the worker's start, awaited by all
        self._ready = False
        self._failed = False
        self._slow = False  # it did not load within WORKER_LOAD_WAIT_S
        self._waiting: deque[asyncio.Future[Any]] = deque()
        self._reader: asyncio.Task[None] | None = None
        self._worker_cpu = 0.0  # the worker's CPU seconds, as of its last answer
        self._cpu_at_start = 0.0  # this process's CPU seconds when the worker was started
        self.batches_in_worker = 0  # analysis batches
        self.feeds_in_worker = 0

    @classmethod
    def for_cycle(cls, sources: int) -> Analyser:
        """A worker for a cycle of at least ``POOL_MIN_SOURCES`` sources when the machine has
        a second core; else inline."""
        spare = (os.cpu_count() or 1) - 1
        return cls(workers=1 if spare >= 1 and sources >= POOL_MIN_SOURCES else 0)

    @property
    def worker_ready(self) -> bool:
        """The worker has loaded the analyser and takes batches."""
        return self._ready and not self._failed

    @property
    def worker_pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    async def run(self, works: list[Work]) -> list[Analysed]:
        """The works analysed, in order: ordinary news (:attr:`Work.unread`) here, at once
        (cheaper than the round trip to the worker, and never waiting for it to load), the
        rest in the worker when there is one."""
        todo = [w for w in works if not w.unread]
        if not todo:
            return analyse_many(works)
        done = await self._in_worker("analyse", todo)
        if done is _INLINE:
            done = analyse_many(todo)
        else:
            self.batches_in_worker += 1
        if len(todo) == len(works):
            return done  # type: ignore[no-any-return]
        analysed = iter(done)
        return [_unread(w) if w.unread else next(analysed) for w in works]

    async def read_feed(self, body: FeedBody) -> ReadFeed:
        busier = self._worker_cpu > time.process_time() - self._cpu_at_start
        done = _INLINE if busier and self.balance_feeds else await self._in_worker("feed", body)
        if done is _INLINE:
            return read_feed(body)
        self.feeds_in_worker += 1
        return cast(ReadFeed, done)

    def start(self) -> None:
        """Start the worker now rather than at the first job (it loads while the cycle's
        first requests wait on the network); nothing without one."""
        import asyncio  # not at import: the worker process never needs it

        if self.workers and self._starting is None:
            self._starting = asyncio.create_task(self._start())

    async def _in_worker(self, job: str, arg: object) -> Any:
        """The job's answer from the worker, or ``_INLINE``: run it here (no worker up)."""
        import asyncio  # not at import: the worker process never needs it

        self.start()
        if self._starting is not None and not self._starting.done():
            # every job of the cycle's first moments waits for the worker's process to exist:
            # one run here instead would import the analyser and trafilatura in this process
            await asyncio.shield(self._starting)
        # once it is starting, an analysis waits for the worker (this process would otherwise
        # import trafilatura and the analyser too); a feed is parsed inline until it is up
        queue = self._ready or (job == "analyse" and self._proc is not None and not self._slow)
        if queue and not self._failed:
            assert self._proc is not None and self._proc.stdin is not None
            future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
            payload = pickle.dumps((job, arg), protocol=pickle.HIGHEST_PROTOCOL)
            self._waiting.append(future)
            try:
                self._proc.stdin.write(_HEADER.pack(len(payload)) + payload)
                if self._ready:
                    return await future
                # a worker that never comes up must not hold the cycle: the answer to a
                # cancelled job is read and dropped
                return await asyncio.wait_for(future, WORKER_LOAD_WAIT_S)
            except TimeoutError:
                if not self._slow:
                    log.warning("analysis worker not up after %.0f s: inline", WORKER_LOAD_WAIT_S)
                self._slow = True  # inline until it is up
            except _BatchFailed:
                pass  # a bug the job trips (or not a feed): inline, so it surfaces as always
            except (OSError, EOFError, asyncio.IncompleteReadError) as exc:
                self._give_up(exc)
        return _INLINE

    async def _start(self) -> None:
        import asyncio  # not at import: the worker process never needs it

        self._cpu_at_start = time.process_time()
        try:
            self._proc = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "monitor.itemwork",
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
            )
        except OSError as exc:
            self._give_up(exc)
            return
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        assert self._proc is not None and self._proc.stdout is not None
        out = self._proc.stdout
        try:
            await out.readexactly(len(_READY))
            self._ready = True
            while True:
                (size,) = _HEADER.unpack(await out.readexactly(_HEADER.size))
                result, self._worker_cpu = pickle.loads(await out.readexactly(size))
                future = self._waiting.popleft()
                if future.done():
                    continue
                if isinstance(result, _BatchFailed):  # analysed again inline: same error here
                    future.set_exception(result)
                else:
                    future.set_result(result)
        except Exception as exc:  # whatever broke, no batch may wait for it forever
            self._give_up(exc)

    def _give_up(self, exc: BaseException) -> None:
        if not self._failed:
            log.warning("analysis worker stopped (%r): analysing in the cycle's process", exc)
        self._failed = True
        while self._waiting:
            future = self._waiting.popleft()
            if not future.done():
                future.set_exception(EOFError("analysis worker stopped"))

    async def close(self) -> None:
        """Stop the worker (it exits at the end of its input) and reap it."""
        import asyncio  # not at import: the worker process never needs it

        proc, self._proc = self._proc, None
        if proc is None:
            return
        self._failed = True
        if proc.stdin is not None:
            proc.stdin.close()
        try:
            await asyncio.wait_for(proc.wait(), timeout=10)
        except TimeoutError:
            proc.kill()
            await proc.wait()
        if self._reader is not None:
            await self._reader


class _BatchFailed(Exception):
    """The worker could not do a job (not a feed, or an unexpected error in a parser)."""


_INLINE = object()
_JOBS: dict[str, Callable[[Any], Any]] = {"analyse": analyse_many, "feed": read_feed}


_HEADER = struct.Struct("<Q")
_READY = b"ready\n"


def warm_up() -> None:
    """Import the analyser, trafilatura and numpy and build their tables with one small
    item (``serve`` at start, the worker before its first batch); never raises."""
    sample = " ".join(
        f"Ofsted inspectors visited the council's children's services {n}." for n in range(30)
    )
    page = f"<html><head><title>Ofsted</title></head><body><p>{sample}</p></body></html>"
    try:
        analyse(
            Work(
                "Ofsted",
                sample,
                None,
                "https://example.org/news/1",
                page.encode(),
                "https://example.org/news/1",
            )
        )
    except Exception:  # a warm-up never stops anything: the first real item pays instead
        log.debug("warm-up failed", exc_info=True)


def _serve(stdin: BinaryIO, stdout: BinaryIO) -> None:
    """The worker's loop: batches in, analyses out, until its input ends."""
    from monitor.startup import freeze_loaded, own_process, tune_gc

    own_process()  # python -m monitor.itemwork: the worker's process is its own
    tune_gc()  # as in the cycle's process (monitor.startup)
    warm_up()
    freeze_loaded()  # the analyser's tables and the parsers' modules live as long as it does
    stdout.write(_READY)
    stdout.flush()
    while True:
        head = stdin.read(_HEADER.size)
        if len(head) < _HEADER.size:
            return
        (size,) = _HEADER.unpack(head)
        job, arg = pickle.loads(stdin.read(size))
        try:
            done: object = _JOBS[job](arg)
        except Exception as exc:  # the worker lives on; the cycle repeats the job inline
            done = _BatchFailed(f"{type(exc).__name__}: {exc}")
        payload = pickle.dumps((done, time.process_time()), protocol=pickle.HIGHEST_PROTOCOL)
        stdout.write(_HEADER.pack(len(payload)) + payload)
        stdout.flush()


if __name__ == "__main__":
    # the batches own stdout: anything a library prints goes to stderr instead
    results = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    from monitor import itemwork  # the classes pickled under their module's name, not __main__

    try:
        itemwork._serve(sys.stdin.buffer, results)
    except KeyboardInterrupt:  # Ctrl-C reaches the whole process group: the parent reports
        sys.exit(130)
