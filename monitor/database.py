"""A cycle's database handle: its bookkeeping on the driver's connection, the full
:class:`~monitor.store.Store` (SQLAlchemy) only when something is to be stored.

A cycle whose feeds all answer 304 reads and writes a handful of rows: the sources' health,
the URLs' validators and fetch times, the robots.txt answers, whether any alert waits. Those
statements (:mod:`monitor.ledger`, :mod:`monitor.fetchstate`,
:func:`monitor.schedule.weekly_counts`, :meth:`Database.alerts_waiting`) are plain SQL, the
same text on SQLite and PostgreSQL, run through :meth:`Database.bookkeeping`:

- on a SQLite file, before anything has needed the Store, on a connection of the standard
  library's ``sqlite3`` set up as the Store's (busy timeout, WAL, ``synchronous=NORMAL``,
  foreign keys). A warm ``run --once`` then never imports SQLAlchemy: 0.75 -> 0.57 s on the
  500-feed benchmark (``benchmarks/pipeline.py``, README "Cycle benchmark against reader");
- otherwise (PostgreSQL, an in-memory SQLite, or once the Store exists) on a connection of
  the Store's pool.

Values are written as SQLAlchemy writes them, so either side reads the other's rows: a
datetime is UTC, on SQLite the text ``YYYY-MM-DD HH:MM:SS.ffffff`` (the Store's
``UTCDateTime`` columns), on PostgreSQL a ``timestamptz``. The Store is built on first use of
:attr:`Database.store` (a feed with items, the alert sender), and from then on the bookkeeping
shares its pool and its write barrier (:attr:`~monitor.store.Store.write_barrier`).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from monitor.errors import Conflict, DatabaseError, safe_url
from monitor.migrations.heads import MIGRATION_LOCK_WAIT_S, head_revisions
from monitor.sqlitefile import file_lock, open_sqlite, sqlite_file

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from monitor.store import Store

SQLITE_DATETIME = "%Y-%m-%d %H:%M:%S.%f"  # SQLAlchemy's storage format for SQLite


class Book:
    """One transaction's bookkeeping statements, written once for both backends: ``?``
    placeholders (``%s`` on PostgreSQL), values through :meth:`ts` and :meth:`when`."""

    def __init__(self, cursor: Any, dialect: str) -> None:
        self._cursor = cursor
        self.dialect = dialect

    @classmethod
    @contextmanager
    def on(cls, connection: Connection) -> Iterator[Book]:
        """The bookkeeping statements inside a Store connection's transaction (a feed's batch,
        ``monitor.batch``): through ``exec_driver_sql``, so that the connection knows its
        transaction began and commits it."""
        yield cls(_DriverSQL(connection), connection.dialect.name)

    def _sql(self, sql: str) -> str:
        return sql.replace("?", "%s") if self.dialect == "postgresql" else sql

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        self._cursor.execute(self._sql(sql), tuple(params))
        return list(self._cursor.fetchall())

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        self._cursor.execute(self._sql(sql), tuple(params))
        return int(self._cursor.rowcount or 0)

    def executemany(self, sql: str, params: Iterable[Sequence[Any]]) -> None:
        batch = [tuple(p) for p in params]
        if batch:
            self._cursor.executemany(self._sql(sql), batch)

    def ts(self, value: datetime | date | None) -> Any:
        """A datetime (aware) or date as the Store's columns hold it."""
        if value is None or self.dialect != "sqlite":
            return value
        if isinstance(value, datetime):
            if value.utcoffset() is None:
                raise ValueError("a naive datetime: the tables store aware datetimes only")
            return value.astimezone(UTC).strftime(SQLITE_DATETIME)
        return value.isoformat()

    @staticmethod
    def when(value: Any) -> datetime | None:
        """A datetime column's value read back: aware, in UTC."""
        if value is None:
            return None
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        if value.utcoffset() is None:
            return value.replace(tzinfo=UTC)  # type: ignore[no-any-return]
        return value.astimezone(UTC)  # type: ignore[no-any-return]

    def placeholders(self, count: int) -> str:
        return ", ".join("?" * count)


class _DriverSQL:
    """A Store connection with the DB-API cursor's few methods that :class:`Book` uses."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection
        self._result: Any = None

    def execute(self, sql: str, params: tuple[Any, ...]) -> None:
        self._result = self._connection.exec_driver_sql(sql, params)

    def executemany(self, sql: str, params: list[tuple[Any, ...]]) -> None:
        self._result = self._connection.exec_driver_sql(sql, params)

    def fetchall(self) -> list[tuple[Any, ...]]:
        return [tuple(row) for row in self._result.fetchall()]

    @property
    def rowcount(self) -> int:
        return int(self._result.rowcount)


class Database:
    """A database URL, opened as little as the work needs (module docstring)."""

    def __init__(self, url: str, *, store: Store | None = None) -> None:
        self.url = url
        self._store = store
        self._file = sqlite_file(url) if store is None else None
        self._raw: sqlite3.Connection | None = None
        self._raw_lock = threading.Lock()

    @classmethod
    def of(cls, store: Store | Database) -> Database:
        """``store`` as a Database (a Database is returned as it is)."""
        if isinstance(store, Database):
            return store
        return cls(store.url, store=store)

    @property
    def store(self) -> Store:
        """The full Store, built (and SQLAlchemy imported) on first use."""
        if self._store is None:
            from monitor.store import Store

            self._store = Store(self.url)
        return self._store

    @property
    def store_opened(self) -> bool:
        """Whether the Store has been built (a warm cycle on a SQLite file never builds it)."""
        return self._store is not None

    @property
    def dialect(self) -> str:
        if self._store is None and self._file is not None:
            return "sqlite"
        return self.store.dialect

    def migrate(self) -> None:
        """:meth:`Store.migrate`; a SQLite file already at head is checked without the Store
        (under the same migration file lock)."""
        if self._file is not None and self._store is None:
            path, _ = self._file
            with file_lock(Path(path + ".migrate-lock"), MIGRATION_LOCK_WAIT_S):
                try:
                    if self._at_head():
                        return
                except DatabaseError:  # the Store says what is wrong (or migrates)
                    self.close()
        self.store.migrate()

    def _at_head(self) -> bool:
        with self.bookkeeping() as book:
            found = book.rows("SELECT name FROM sqlite_master WHERE name = 'alembic_version'")
            if not found:
                return False
            rows = book.rows("SELECT version_num FROM alembic_version")
        versions = frozenset(row[0] for row in rows)
        return versions == head_revisions()

    @contextmanager
    def bookkeeping(self) -> Iterator[Book]:
        """One transaction of bookkeeping statements, committed at the end; a unique row
        already stored is raised as Conflict, other database errors as DatabaseError."""
        if self._store is None and self._file is not None:
            with self._raw_lock:
                connection = self._sqlite()
                yield from self._transaction(connection, "sqlite", sqlite3)
            return
        store = self.store
        if store.write_barrier is not None:
            store.write_barrier()
        from sqlalchemy.exc import SQLAlchemyError

        try:
            pooled = store.engine.raw_connection()
        except SQLAlchemyError as exc:
            raise store.database_error(exc) from exc
        try:
            dbapi = store.engine.dialect.dbapi
            yield from self._transaction(pooled, store.dialect, dbapi)
        finally:
            pooled.close()

    def _sqlite(self) -> sqlite3.Connection:
        if self._raw is None:
            assert self._file is not None
            path, busy_s = self._file
            try:
                self._raw = open_sqlite(path, busy_s)
            except sqlite3.Error as exc:
                raise DatabaseError(f"cannot open database {safe_url(self.url)}") from exc
        return self._raw

    def _transaction(self, connection: Any, dialect: str, dbapi: Any) -> Iterator[Book]:
        cursor = connection.cursor()
        try:
            yield Book(cursor, dialect)
            connection.commit()
        except dbapi.IntegrityError as exc:
            connection.rollback()
            raise Conflict("row already stored") from exc
        except dbapi.Error as exc:
            connection.rollback()
            raise self._error(exc) from exc
        except BaseException:
            connection.rollback()
            raise
        finally:
            cursor.close()

    def _error(self, exc: Exception) -> DatabaseError:
        error = DatabaseError(f"database write failed on {safe_url(self.url)}")
        error.__cause__ = exc
        return error

    def alerts_waiting(self) -> bool:
        """Whether any alert is pending, held for a digest or being sent: without one, a
        delivery round has nothing to do (no claim to recover, no digest, nothing to send)."""
        with self.bookkeeping() as book:
            return bool(
                book.rows(
                    "SELECT 1 FROM alert WHERE status IN ('pending', 'held', 'sending') LIMIT 1"
                )
            )

    def count_alerts(self, status: str) -> int:
        with self.bookkeeping() as book:
            return int(book.rows("SELECT count(*) FROM alert WHERE status = ?", (status,))[0][0])

    def close(self) -> None:
        if self._raw is not None:
            self._raw.close()
            self._raw = None
        if self._store is not None:
            self._store.close()


def chunks(values: Sequence[str], size: int = 500) -> Iterator[Sequence[str]]:
    """``values`` in lists of at most ``size`` (one ``IN (...)`` each)."""
    for start in range(0, len(values), size):
        yield values[start : start + size]
