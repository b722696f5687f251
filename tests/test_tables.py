"""monitor.tables, the Core mirror of the models, is current and stores what the models read.

The cycle writes through the mirror and the commands read through the models (the ORM), so a
row must mean the same to both: same columns, same defaults, aware UTC datetimes either way.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import insert, select
from sqlmodel.sql.sqltypes import UTCDateTime as SQLModelUTCDateTime

from monitor import tables
from monitor.models import Alert, SourceState
from monitor.store import Store

ROOT = Path(__file__).resolve().parents[1]


def test_the_mirror_is_generated_from_the_current_models() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "tables.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize(
    "value",
    [
        datetime(2026, 3, 1, 9, 30, tzinfo=UTC),
        datetime(2026, 7, 1, 9, 30, tzinfo=timezone(timedelta(hours=1))),  # BST
        None,
    ],
)
def test_datetimes_bind_and_read_back_as_sqlmodel_does(value: datetime | None) -> None:
    ours, theirs = tables.UTCDateTime(), SQLModelUTCDateTime()
    dialect = Store("sqlite://").engine.dialect
    assert ours.process_bind_param(value, dialect) == theirs.process_bind_param(value, dialect)
    naive = None if value is None else value.astimezone(UTC).replace(tzinfo=None)
    read = ours.process_result_value(naive, dialect)
    assert read == theirs.process_result_value(naive, dialect)
    assert read is None or read.tzinfo == UTC


def test_a_naive_datetime_is_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        tables.UTCDateTime().process_bind_param(datetime(2026, 3, 1), None)


def test_a_row_written_through_the_mirror_reads_back_through_the_models(
    database_url: str,
) -> None:
    store = Store(database_url)
    store.migrate()
    when = datetime(2026, 7, 1, 10, 0, tzinfo=timezone(timedelta(hours=1)))
    with store.connection() as connection:
        # only what the cycle gives: the mirror fills the models' defaults
        connection.execute(insert(tables.SOURCE).values(name="feed", kind="feed", url="u"))
        connection.execute(
            insert(tables.ALERT).values(
                event_id="e1", channel="hook", kind="webhook", created_at=when
            )
        )
    with store.session() as session:
        source = session.get(SourceState, "feed")
        alert = session.exec(select(Alert).where(Alert.event_id == "e1")).scalars().one()
    assert source is not None
    assert (source.interval_s, source.failures_in_a_row, source.items_seen) == (1800, 0, 0)
    assert (alert.status, alert.attempts, alert.type) == ("pending", 0, "report")
    assert alert.created_at == when and alert.created_at.tzinfo == UTC
    with store.connection() as connection:
        row = connection.execute(
            select(tables.ALERT.c.created_at).where(tables.ALERT.c.event_id == "e1")
        ).one()
    assert row.created_at == when and row.created_at.tzinfo == UTC
    store.close()
