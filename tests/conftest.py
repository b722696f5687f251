from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from monitor import clock
from monitor.politeness import TEST_MODE_ENV
from tests.faketime.sitecustomize import mend_sleep
from tests.servers import Site, running

_TRAVEL = pytest.StashKey[Any]()


if mend_sleep():  # libfaketime's broken sleep (tests/faketime): children mend theirs too
    os.environ["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(Path(__file__).parent / "faketime"), os.environ.get("PYTHONPATH")) if p
    )

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def child_pythonpath() -> str:
    """PYTHONPATH for a Python process a test starts: the repository first, then what this
    process was given (under libfaketime, the folder whose sitecustomize mends its sleep)."""
    return os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)


@pytest.fixture(autouse=True)
def _loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail any test that tries to connect beyond 127.0.0.0/8."""
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: object) -> object:
        if isinstance(address, tuple) and self.family in (socket.AF_INET, socket.AF_INET6):
            host = str(address[0])
            if not (host.startswith("127.") or host in ("::1", "localhost")):
                raise AssertionError(f"test tried to reach {host}: only loopback is allowed")
        return real_connect(self, address)  # type: ignore[arg-type]

    monkeypatch.setattr(socket.socket, "connect", guarded)
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.delenv("MONITOR_CONFIG", raising=False)
    monkeypatch.delenv("MONITOR_DATABASE_URL", raising=False)


@pytest.fixture(autouse=True)
def _test_clock_and_pacing(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """Each test starts on the wall clock (or the suite's shifted one) and leaves it so; its
    loopback publishers are not paced unless it is marked ``politeness``."""
    if request.node.get_closest_marker("politeness") is None:
        monkeypatch.setenv(TEST_MODE_ENV, "off")
    else:
        monkeypatch.delenv(TEST_MODE_ENV, raising=False)
    previous = clock.set_clock(None)
    yield
    clock.set_clock(previous)


def pytest_configure(config: pytest.Config) -> None:
    """``MONITOR_TEST_CLOCK_SHIFT_DAYS=N``: run the whole suite N days in the future (or the
    past), every clock read included; proves the tests pass on any date."""
    config.addinivalue_line("markers", "politeness: real per-host spacing on loopback")
    config.addinivalue_line(
        "markers",
        "other_clocks: compares this process's clock with another's (a child process, the "
        "database server): skipped when only this process's clock is shifted",
    )
    days = os.environ.get("MONITOR_TEST_CLOCK_SHIFT_DAYS", "").strip()
    if days:
        import time_machine

        target = datetime.now(UTC) + timedelta(days=float(days))
        traveller = time_machine.travel(target, tick=True)
        traveller.start()
        config.stash[_TRAVEL] = traveller


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if _TRAVEL not in config.stash:
        return
    skip = pytest.mark.skip(
        reason="MONITOR_TEST_CLOCK_SHIFT_DAYS shifts this process's clock only; this test "
        "compares it with a child process's or the database server's"
    )
    for item in items:
        if item.get_closest_marker("other_clocks") is not None:
            item.add_marker(skip)


def pytest_report_header(config: pytest.Config) -> str | None:
    if _TRAVEL in config.stash:
        return f"clock shifted: now is {datetime.now(UTC).isoformat(timespec='seconds')}"
    return None


def pytest_unconfigure(config: pytest.Config) -> None:
    traveller = config.stash.get(_TRAVEL, None)
    if traveller is not None:
        traveller.stop()


@pytest.fixture
def site() -> Iterator[Site]:
    with running(Site()) as s:
        yield s


def _database_params() -> list[object]:
    params: list[object] = ["sqlite"]
    url = os.environ.get("MONITOR_TEST_DATABASE_URL")
    params.append(
        pytest.param("postgres", marks=pytest.mark.postgres)
        if url
        else pytest.param(
            "postgres",
            marks=pytest.mark.skip(
                reason="MONITOR_TEST_DATABASE_URL is not set: no PostgreSQL to test on"
            ),
        )
    )
    return params


@pytest.fixture(params=_database_params())
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh empty database: a SQLite file, or the PostgreSQL test database wiped clean."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'monitor.db'}"
        return
    url = os.environ["MONITOR_TEST_DATABASE_URL"]
    _reset_postgres(url)
    yield url
    _reset_postgres(url)


def _reset_postgres(url: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
