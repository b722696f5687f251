"""Where a cycle writes its feeds' batches: on the event loop, or on a thread of their own.

``run --once`` on a database server (PostgreSQL) writes on one thread beside the event loop.
A feed's transaction (:func:`monitor.batch.decide_and_apply`) waits on the network for each
statement and on the server's WAL flush at commit: on the 500-feed benchmark about 20 ms a
feed, 4.5 ms of it CPU. On the loop, that wait held every other feed: nothing was fetched or
parsed meanwhile. On a thread, the loop goes on while the server works (the driver releases
the GIL while it waits).

One thread, so the batches are still decided and written one at a time, in the order they
come, as on the loop: the near-duplicate index, the stories and the decisions see the same
database either way. The caller awaits each batch, so its counts are those of a committed
transaction.

**Group commit.** The batches that queue while one transaction is written go together in
the next one (at most ``GROUP_MAX``), each inside a savepoint of its own: one commit, and
one wait for the server's WAL flush, for the lot. A batch whose savepoint fails on a row
another process stored meanwhile is rolled back alone and raises
:class:`~monitor.store.Conflict` to its feed, which decides it again, as before; any other
error of one batch (a bug) is rolled back alone too and raised to its feed. When the
transaction itself fails, none of its batches is stored, each feed gets the error (and its
items are offered again next cycle: their fetch state did not commit either), and the
near-duplicate index forgets what it read inside it. A batch not yet begun when its feed is
cancelled is not written.

**The cycle's other story writes.** A report recorded from Ofsted's provider page, and a
report PDF's facts, are written on the loop, under the writer's :attr:`BatchWriter.lock`,
which the thread holds for each transaction. So they never interleave with a batch: a
report recorded while a batch about the same inspection is being written waits for it and
then joins its story, as when both were written on the loop, instead of starting a second
story (a second alert) from what it read before the batch committed. The wait is one
transaction, and only when a new report comes.

SQLite stays on the loop: its writes are local (a commit takes a fraction of a millisecond),
and on a thread they only added hand-offs of the GIL (measured: the same wall time, 3% more
CPU). ``serve`` runs small cycles, one source each, and stays on the loop too.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import datetime

    from sqlalchemy import Connection

    from monitor.batch import Applied
    from monitor.config import Settings
    from monitor.decide import Candidate, Decision, KnownArticle, Policy
    from monitor.fetchstate import FetchStateRow
    from monitor.store import Store

log = logging.getLogger(__name__)

GROUP_MAX = 32  # batches in one transaction at most

Result = tuple["list[Decision]", "Applied"]


@dataclass
class _Batch:
    store: Store
    settings: Settings
    candidates: Sequence[Candidate]
    by_url: dict[str, KnownArticle]
    policy: Policy
    now: datetime
    fetch_state: FetchStateRow | None
    future: Future[Result] = field(default_factory=Future)

    def write(self, session: Connection | None = None) -> Result:
        """In a transaction of its own, or inside ``session``'s (the caller commits)."""
        from monitor.batch import decide_and_apply

        args = (self.store, self.settings, self.candidates, self.by_url, self.policy)
        return decide_and_apply(*args, now=self.now, fetch_state=self.fetch_state, session=session)


class BatchWriter:
    """Writes batches with :func:`monitor.batch.decide_and_apply`: inline, or on one thread
    in group commits."""

    def __init__(self, *, threaded: bool = False, group_max: int = GROUP_MAX) -> None:
        self._pool = (
            ThreadPoolExecutor(max_workers=1, thread_name_prefix="monitor-store")
            if threaded
            else None
        )
        self._queue: deque[_Batch] = deque()
        # held by the thread for each transaction; the loop's other story writes take it too
        self.lock: contextlib.AbstractContextManager[Any] = (
            threading.Lock() if threaded else contextlib.nullcontext()
        )
        self.group_max = group_max
        self.transactions = 0  # on the thread: transactions committed or tried
        self.batches = 0  # on the thread: batches in them
        self.largest_group = 0

    @classmethod
    def for_cycle(cls, store: Store) -> BatchWriter:
        """On a thread for a database server; inline for SQLite."""
        return cls(threaded=store.dialect != "sqlite")

    @property
    def threaded(self) -> bool:
        return self._pool is not None

    async def decide_and_apply(
        self,
        store: Store,
        settings: Settings,
        candidates: Sequence[Candidate],
        by_url: dict[str, KnownArticle],
        policy: Policy,
        *,
        now: datetime,
        fetch_state: FetchStateRow | None = None,
    ) -> tuple[list[Decision], Applied]:
        if self._pool is None:
            from monitor.batch import decide_and_apply

            return decide_and_apply(
                store, settings, candidates, by_url, policy, now=now, fetch_state=fetch_state
            )
        batch = _Batch(store, settings, candidates, by_url, policy, now, fetch_state)
        self._queue.append(batch)
        self._pool.submit(self._drain)
        # cancelling the caller cancels a batch not yet begun; one under way is written
        return await asyncio.wrap_future(batch.future)

    def close(self) -> None:
        """Write what is queued and wait for it; later batches are refused."""
        if self._pool is None:
            return
        self._pool.shutdown(wait=True)
        if self.transactions:
            log.debug(
                "batches written batches=%d transactions=%d largest=%d",
                self.batches,
                self.transactions,
                self.largest_group,
            )

    def _drain(self) -> None:
        """On the thread: what is queued, ``group_max`` batches a transaction (one on SQLite:
        its driver begins a transaction only at the first write, so a savepoint taken before
        it would commit on release)."""
        while self._queue:
            group: list[_Batch] = []
            limit = 1 if self._queue[0].store.dialect == "sqlite" else self.group_max
            while self._queue and len(group) < limit:
                batch = self._queue.popleft()
                if batch.future.set_running_or_notify_cancel():  # False: cancelled
                    group.append(batch)
            if group:
                self._write(group)

    def _write(self, group: list[_Batch]) -> None:
        self.transactions += 1
        self.batches += len(group)
        self.largest_group = max(self.largest_group, len(group))
        with self.lock:
            if len(group) == 1:
                self._write_one(group[0])
            else:
                self._write_group(group)

    @staticmethod
    def _write_one(b: _Batch) -> None:
        """One batch in its own transaction, as on the loop."""
        try:
            result = b.write()
        except BaseException as exc:
            b.future.set_exception(exc)
            if not isinstance(exc, Exception):
                raise
            return
        b.future.set_result(result)

    @staticmethod
    def _write_group(group: list[_Batch]) -> None:
        """Several batches in one transaction, a savepoint each."""
        from sqlalchemy.exc import IntegrityError

        from monitor.batch import learn
        from monitor.store import Conflict

        store = group[0].store
        index = store.__dict__.get("_near_dup_index")
        loaded = index.last_id if index is not None else 0
        results: list[Result | BaseException] = []
        try:
            with store.connection() as session:
                for b in group:
                    try:
                        with session.begin_nested():
                            results.append(b.write(session))
                    except IntegrityError as exc:  # stored meanwhile by another process
                        conflict = Conflict("row already stored")
                        conflict.__cause__ = exc
                        results.append(conflict)
                    except Exception as exc:
                        if _is_database_error(exc):
                            raise  # the transaction's, not this batch's: every batch fails
                        results.append(exc)
        except BaseException as exc:
            index = store.__dict__.get("_near_dup_index")
            if index is not None:
                index.forget_after(loaded)  # rows read inside the rolled-back transaction
            for b in group:
                b.future.set_exception(exc)
            if not isinstance(exc, Exception):
                raise
            return
        for b, result in zip(group, results, strict=True):
            if isinstance(result, BaseException):
                b.future.set_exception(result)
            else:
                learn(b.store, b.candidates, *result)
                b.future.set_result(result)


def _is_database_error(exc: BaseException) -> bool:
    from sqlalchemy.exc import SQLAlchemyError

    return isinstance(exc, SQLAlchemyError)


__all__ = ["GROUP_MAX", "BatchWriter"]
