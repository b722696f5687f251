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

SQLite stays on the loop: its writes are local, and on a thread they only added hand-offs
of the GIL (measured: the same wall time, 3% more CPU). ``serve`` runs small cycles, one
source each, and stays on the loop, a transaction a batch.

**SQLite's group commit** (``run --once`` over many sources). A commit there costs about
1 ms of this process's CPU, a tenth of a cold 500-feed cycle: SQLite writes every page the
batch touched (eight indexes, the full-text index's new segment) to the WAL. So a batch is
written at once, on the loop, inside a transaction left open for the next ones (each in a
savepoint of its own once the transaction has begun), and the lot commits when
``group_max`` batches are in it, ``group_window_s`` after its first, at the end of the
cycle, or before any other session of the store (:attr:`Store.write_barrier`), so the
cycle's other writes never wait on the lock this process holds. A feed's await returns when
its batch is committed, as before: its counts are those of a committed transaction, and a
failed commit fails every batch in it (their fetch state with them: they are offered again).
While a group is open, :meth:`BatchWriter.known_by_url` reads on its connection and sees
what it holds. Measured on the 500-feed benchmark: see ``SQLITE_GROUP_MAX``. A bigger group
or a longer window holds more feeds waiting for the commit (of 16 in flight then) and lost more
than it saved (window 0.1 s: 7.1 s against 5.8 s; 0.2 s with 128 batches: 9.4 s).
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
    from collections.abc import Iterable, Sequence
    from datetime import datetime

    from sqlalchemy import Connection

    from monitor.batch import Applied
    from monitor.config import Settings
    from monitor.database import Database
    from monitor.decide import Candidate, Decision, KnownArticle, Policy
    from monitor.fetchstate import FetchStateRow
    from monitor.store import Store

log = logging.getLogger(__name__)

GROUP_MAX = 32  # batches in one transaction at most
# SQLite: batches of one open transaction (run --once over many sources); see the docstring.
# The cold 500-feed cycle (--mix issue), alternated against a transaction a batch, two sets of
# six pairs: median wall 6.33 -> 6.08 s and 6.05 -> 5.67 s, CPU 9.72 -> 8.63 s and 9.32 ->
# 8.50 s; the writes' own CPU (decide, statements, commits) about 1.6-1.9 -> 1.3-1.55 s
SQLITE_GROUP_MAX = 16
SQLITE_GROUP_WINDOW_S = 0.05
SQLITE_GROUP_MIN_SOURCES = 20  # a smaller cycle writes a transaction a batch

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


@dataclass
class _OpenGroup:
    """SQLite's open transaction and the batches written in it, waiting for its commit."""

    store: Store
    connection: Connection
    loaded: int  # the near-duplicate index's last id when it began
    timer: asyncio.TimerHandle | None = None
    written: list[tuple[_Batch, Result, asyncio.Future[Result]]] = field(default_factory=list)


class _GroupFailed(Exception):
    """The open transaction itself failed (not one batch): every batch in it fails."""

    def __init__(self, error: BaseException) -> None:
        super().__init__(str(error))
        self.error = error


class BatchWriter:
    """Writes batches with :func:`monitor.batch.decide_and_apply`: inline (a transaction a
    batch, or SQLite's group commit), or on one thread in group commits."""

    def __init__(
        self,
        *,
        threaded: bool = False,
        group_max: int = GROUP_MAX,
        group_window_s: float = 0.0,
    ) -> None:
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
        self.group_window_s = group_window_s  # > 0 inline: SQLite's group commit
        self._open: _OpenGroup | None = None
        self.transactions = 0  # on the thread: transactions committed or tried
        self.batches = 0  # on the thread: batches in them
        self.largest_group = 0

    @classmethod
    def for_cycle(cls, store: Store | Database, sources: int = 1) -> BatchWriter:
        """On a thread for a database server; inline for SQLite, in group commits when the
        cycle has many sources."""
        if store.dialect != "sqlite":
            return cls(threaded=True)
        if sources >= SQLITE_GROUP_MIN_SOURCES:
            return cls(group_max=SQLITE_GROUP_MAX, group_window_s=SQLITE_GROUP_WINDOW_S)
        return cls()

    def known_by_url(self, store: Store, urls: Iterable[str]) -> dict[str, KnownArticle]:
        """:func:`monitor.batch.known_by_url`, on the open group's connection when there is
        one (it sees the batches not yet committed; another session would commit them)."""
        from monitor.batch import known_by_url

        group = self._open
        if group is None:
            return known_by_url(store, urls)
        from sqlalchemy.exc import SQLAlchemyError

        try:
            return known_by_url(store, urls, group.connection)
        except SQLAlchemyError as exc:  # the transaction's: every batch in it fails
            self._open = None
            error = group.store.database_error(exc)
            self._fail(group, error)
            raise error from exc

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
        if self._pool is None and self.group_window_s <= 0:
            from monitor.batch import decide_and_apply

            return decide_and_apply(
                store, settings, candidates, by_url, policy, now=now, fetch_state=fetch_state
            )
        batch = _Batch(store, settings, candidates, by_url, policy, now, fetch_state)
        if self._pool is None:
            return await self._in_open_group(batch)
        self._queue.append(batch)
        self._pool.submit(self._drain)
        # cancelling the caller cancels a batch not yet begun; one under way is written
        return await asyncio.wrap_future(batch.future)

    def close(self) -> None:
        """Write what is queued and wait for it (commit the open group); on a thread, later
        batches are refused."""
        if self._pool is None:
            self.commit()
        else:
            self._pool.shutdown(wait=True)
        if self.transactions:
            log.debug(
                "batches written batches=%d transactions=%d largest=%d",
                self.batches,
                self.transactions,
                self.largest_group,
            )

    # -- SQLite's group commit, on the loop -------------------------------------------------
    async def _in_open_group(self, batch: _Batch) -> Result:
        """Write ``batch`` in the open transaction (begun for it if none is); wait for the
        commit."""
        group = self._open
        if group is None:
            group = self._open = self._begin(batch.store)
        try:
            result = self._write_in(group, batch)
        except _GroupFailed as failed:
            self._open = None
            self._fail(group, failed.error)
            raise failed.error from failed.error.__cause__
        waiter: asyncio.Future[Result] = asyncio.get_running_loop().create_future()
        group.written.append((batch, result, waiter))
        if len(group.written) >= self.group_max:
            self.commit()
        elif group.timer is None:
            group.timer = asyncio.get_running_loop().call_later(self.group_window_s, self.commit)
        return await waiter

    def _begin(self, store: Store) -> _OpenGroup:
        index = store.__dict__.get("_near_dup_index")
        group = _OpenGroup(store, store.engine.connect(), index.last_id if index is not None else 0)
        store.write_barrier = self.commit
        return group

    @staticmethod
    def _write_in(group: _OpenGroup, batch: _Batch) -> Result:
        """One batch in the open transaction: in a savepoint once the transaction has begun
        (before that, SQLite's driver would take the savepoint for the transaction itself and
        commit at its release), else as its first writes, with nothing before them to keep.
        A batch's own failure is undone alone and raised; the database's fails the group."""
        from sqlalchemy.exc import IntegrityError, SQLAlchemyError

        from monitor.store import Conflict

        connection = group.connection
        begun = bool(connection.connection.dbapi_connection.in_transaction)  # type: ignore[union-attr]
        try:
            if begun:
                with connection.begin_nested():
                    return batch.write(connection)
            return batch.write(connection)
        except IntegrityError as exc:  # stored meanwhile by another process
            if not begun:
                connection.rollback()
            raise Conflict("row already stored") from exc
        except SQLAlchemyError as exc:
            raise _GroupFailed(group.store.database_error(exc)) from exc
        except Exception:
            if not begun:
                connection.rollback()
            raise

    def commit(self) -> None:
        """Commit the open group, if any, and hand each batch its result (or the error)."""
        group, self._open = self._open, None
        if group is None:
            return
        if group.timer is not None:
            group.timer.cancel()
        try:
            with group.store.committed(group.connection):
                pass
        except BaseException as exc:
            self._fail(group, exc)
            if not isinstance(exc, Exception):
                raise
            return
        finally:
            group.store.write_barrier = None
            group.connection.close()
        self.transactions += 1
        self.batches += len(group.written)
        self.largest_group = max(self.largest_group, len(group.written))
        from monitor.batch import learn

        for batch, result, waiter in group.written:
            learn(batch.store, batch.candidates, *result)
            if not waiter.done():
                waiter.set_result(result)

    @staticmethod
    def _fail(group: _OpenGroup, exc: BaseException) -> None:
        """Roll the open transaction back: none of its batches is stored."""
        group.store.write_barrier = None
        if group.timer is not None:
            group.timer.cancel()
        with contextlib.suppress(Exception):
            group.connection.rollback()
        group.connection.close()
        index = group.store.__dict__.get("_near_dup_index")
        if index is not None:
            index.forget_after(group.loaded)  # rows read inside the rolled-back transaction
        for _, _, waiter in group.written:
            if not waiter.done():
                waiter.set_exception(exc)

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
