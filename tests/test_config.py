"""sources.toml validation: errors name the file, the line and the key; exit code 2."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from monitor.config import load, parse_duration
from monitor.errors import ConfigError

GOOD = """
[monitor]
database = "sqlite:///data/monitor.db"
default_interval = "30m"

[councils]
track = ["Cheshire West and Chester", "E08000012", "Hull"]

[[sources]]
name = "bbc"
kind = "feed"
url = "https://feeds.example.org/rss.xml"
interval = "10m"

[[sources]]
name = "ofsted"
kind = "ofsted"
base_url = "https://reports.ofsted.gov.uk"

[[channels]]
name = "crm"
kind = "webhook"
url = "https://hooks.example.org/x"
secret_env = "MONITOR_WEBHOOK_SECRET"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sources.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_good_file_loads_with_resolved_councils_and_paths(tmp_path: Path) -> None:
    settings = load(write(tmp_path, GOOD))
    assert [c.name for c in settings.councils] == [
        "Cheshire West and Chester",
        "Liverpool",
        "Kingston upon Hull, City of",
    ]
    assert settings.database_url == f"sqlite:///{tmp_path.resolve() / 'data/monitor.db'}"
    assert settings.interval(settings.source("bbc")) == timedelta(minutes=10)
    assert settings.interval(settings.source("ofsted")) == timedelta(minutes=30)


@pytest.mark.parametrize(
    ("text", "value"),
    [("30m", 1800), ("1h30m", 5400), ("90s", 90), ("2d", 172800), (45, 45)],
)
def test_durations(text: str | int, value: int) -> None:
    assert parse_duration(text).total_seconds() == value


@pytest.mark.parametrize("text", ["soon", "10x", "-5m", "", "0s"])
def test_bad_durations_are_rejected(text: str) -> None:
    with pytest.raises(ValueError):
        parse_duration(text)


def test_unknown_council_gets_did_you_mean_with_file_line_and_key(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace('"Hull"', '"Chesire West and Chester"'))
    with pytest.raises(ConfigError) as err:
        load(path)
    message = str(err.value)
    assert str(path) in message
    assert "line 7" in message
    assert "councils.track[2]" in message
    assert "did you mean 'Cheshire West and Chester'" in message


def test_unknown_key_is_named_with_a_suggestion(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace('interval = "10m"', 'intervall = "10m"'))
    with pytest.raises(ConfigError) as err:
        load(path)
    message = str(err.value)
    assert "sources[0].intervall" in message
    assert "did you mean 'interval'" in message
    assert "line 13" in message


def test_bad_value_names_the_key(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace('kind = "feed"', 'kind = "rss"'))
    with pytest.raises(ConfigError) as err:
        load(path)
    assert "sources[0].kind" in str(err.value)
    assert "'rss'" in str(err.value)


def test_bad_toml_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace('default_interval = "30m"', "default_interval = 30m"))
    with pytest.raises(ConfigError) as err:
        load(path)
    assert "line 4" in str(err.value)


def test_missing_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load(tmp_path / "nope.toml")


def test_database_option_wins_over_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MONITOR_DATABASE_URL", "sqlite:////tmp/env.db")
    assert load(write(tmp_path, GOOD)).database_url == "sqlite:////tmp/env.db"
    settings = load(write(tmp_path, GOOD), database="postgresql://u:p@127.0.0.1/db")
    assert settings.database_url == "postgresql+psycopg://u:p@127.0.0.1/db"


def test_webhook_without_secret_env_is_rejected(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace('secret_env = "MONITOR_WEBHOOK_SECRET"', ""))
    with pytest.raises(ConfigError, match="secret_env"):
        load(path)


@pytest.mark.parametrize(
    ("old", "new", "key", "line", "message"),
    [
        (
            'kind = "feed"',
            'kind = "rss"',
            "sources[0].kind",
            11,
            "'rss' is not allowed; expected 'feed', 'ofsted', 'govuk' or 'news_search'",
        ),
        ('interval = "10m"', 'interval = "10 minutes"', "sources[0].interval", 13, "duration"),
        ('interval = "10m"', "interval = true", "sources[0].interval", 13, "not a boolean"),
        (
            'default_interval = "30m"',
            "host_concurrency = 40",
            "monitor.host_concurrency",
            4,
            "int <= 16",
        ),
        (
            'default_interval = "30m"',
            'retry_attempts = "x"',
            "monitor.retry_attempts",
            4,
            "expected int, got str",
        ),
        ('track = ["Cheshire', 'track = "Hull"\n#', "councils.track", 7, "expected array, got str"),
        ('name = "bbc"', "", "sources[0].name", 9, "required key is missing"),
        (
            'url = "https://feeds.example.org/rss.xml"',
            "",
            "sources[0]",
            9,
            "a feed source needs url",
        ),
        (
            'secret_env = "MONITOR_WEBHOOK_SECRET"',
            'secret_env = "MONITOR-SECRET"',
            "channels[0].secret_env",
            24,
            "not an environment variable name",
        ),
        (
            'secret_env = "MONITOR_WEBHOOK_SECRET"',
            'secret_env = "K"\ntypes = ["ilacs"]',
            "channels[0].types[0]",
            25,
            "'ilacs' is not allowed; expected 'ilacs_full',",
        ),
        (
            'secret_env = "MONITOR_WEBHOOK_SECRET"',
            'secret_env = "K"\ntimezone = "Mars/Olympus"',
            "channels[0].timezone",
            25,
            "not a known time zone",
        ),
        (
            'secret_env = "MONITOR_WEBHOOK_SECRET"',
            'secret_env = "K"\ndigest_at = "24:00"',
            "channels[0].digest_at",
            25,
            "not a time like '08:00'",
        ),
        ("[monitor]", "[monitr]", "monitr", 2, "unknown key; did you mean 'monitor'?"),
    ],
)
def test_each_kind_of_bad_value_names_its_key_line_and_problem(
    tmp_path: Path, old: str, new: str, key: str, line: int, message: str
) -> None:
    assert old in GOOD
    path = write(tmp_path, GOOD.replace(old, new, 1))
    with pytest.raises(ConfigError) as err:
        load(path)
    assert f"line {line}: {key}: " in str(err.value)
    assert message in str(err.value)


def test_values_are_read_as_a_user_writes_them(tmp_path: Path) -> None:
    text = GOOD.replace(
        'default_interval = "30m"',
        'default_interval = "1h30m"\nhost_delay = "0s"\nhost_concurrency = "4"\ntimeout = 45',
    ).replace(
        'secret_env = "MONITOR_WEBHOOK_SECRET"',
        'secret_env = "MONITOR_WEBHOOK_SECRET"\nmode = "daily"\ndigest_at = " 7:05"',
    )
    settings = load(write(tmp_path, text))
    assert settings.monitor.default_interval == timedelta(hours=1, minutes=30)
    assert settings.monitor.host_delay == timedelta(0)
    assert settings.monitor.host_concurrency == 4
    assert settings.monitor.timeout == timedelta(seconds=45)
    assert settings.monitor.retry_max_wait == timedelta(seconds=30)  # the default
    assert settings.channels[0].digest_at == "07:05"
    assert settings.source("bbc").interval == timedelta(minutes=10)
    assert settings.source("ofsted").location == "https://reports.ofsted.gov.uk"
    copy = settings.source("bbc").replace(fetch_articles=False)
    assert copy.fetch_articles is False and copy.url == settings.source("bbc").url
