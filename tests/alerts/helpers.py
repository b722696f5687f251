"""Build a store with stories and queued alerts, without running a cycle."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from monitor.alerts.outbox import enqueue
from monitor.config import Settings, load
from monitor.models import Alert, Story
from monitor.store import Store

SECRET = "whsec_" + "c2VjcmV0LWtleS1mb3ItdGVzdHMtMTIzNDU2Nzg5MA=="
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def write_config(tmp_path: Path, channels: str, monitor: str = "") -> Path:
    path = tmp_path / "sources.toml"
    path.write_text(
        f"""
[monitor]
{monitor}

[councils]
track = ["CWAC", "Liverpool", "Hull"]

{channels}
""",
        encoding="utf-8",
    )
    return path


def webhook_channel(name: str, url: str, **extra: object) -> str:
    lines = [
        "[[channels]]",
        f'name = "{name}"',
        'kind = "webhook"',
        f'url = "{url}"',
        'secret_env = "TEST_WEBHOOK_SECRET"',
        'timeout = "2s"',
    ]
    for key, value in extra.items():
        lines.append(f"{key} = {_toml(value)}")
    return "\n".join(lines) + "\n"


def email_channel(name: str, port: int, **extra: object) -> str:
    lines = [
        "[[channels]]",
        f'name = "{name}"',
        'kind = "email"',
        'host = "127.0.0.1"',
        f"port = {port}",
        'security = "none"',
        'from = "alerts@example.org"',
        'to = ["desk@example.org"]',
    ]
    for key, value in extra.items():
        lines.append(f"{key} = {_toml(value)}")
    return "\n".join(lines) + "\n"


def _toml(value: object) -> str:
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return str(value).lower() if isinstance(value, bool) else str(value)


def open_store(settings: Settings, url: str) -> Store:
    store = Store(url)
    store.migrate()
    return store


COUNCILS = [
    ("Cheshire West and Chester", "E06000050"),
    ("Liverpool", "E08000012"),
    ("Kingston upon Hull, City of", "E06000010"),
]


def add_story(
    store: Store,
    settings: Settings,
    index: int,
    *,
    council: int = 0,
    inspection_type: str = "ilacs_full",
    judgement: str | None = "inadequate",
    now: datetime = NOW,
    council_name: str | None = None,
) -> int:
    """A new story (and its outbox rows, in the same transaction); returns queued count."""
    name, code = COUNCILS[council]
    with store.session() as session:
        story = Story(
            event_id=f"{code}-{inspection_type}-{index}",
            council=council_name or name,
            ons_code=code,
            inspection_type=inspection_type,
            judgement=judgement,
            published=date(2026, 11, 1) + timedelta(days=index % 20),
            first_seen_via="ofsted",
            created_at=now,
        )
        session.add(story)
        session.flush()
        return enqueue(session, settings, story, now)


def alerts(store: Store) -> list[Alert]:
    from sqlmodel import col, select

    with store.session() as session:
        return list(session.exec(select(Alert).order_by(col(Alert.id))))


def settings_for(path: Path, database_url: str) -> Settings:
    return load(path, database=database_url)
