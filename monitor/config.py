"""``sources.toml`` + environment -> frozen, typed settings.

This is the only module that reads TOML or the environment. Every error names the file, the
line (where it can be found) and the key, with "did you mean" for unknown keys and councils.
Secrets are never stored here: the file holds the *names* of environment variables
(``password_env``, ``secret_env``) and :func:`secret` reads a value when it is used.
"""

from __future__ import annotations

import difflib
import os
import re
import tomllib
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from monitor.councils import Council, gazetteer
from monitor.errors import ConfigError
from monitor.inspections import (
    InspectionTypeName,
    JudgementName,
)

DEFAULT_CONFIG = "sources.toml"
DEFAULT_USER_AGENT = "ofsted-monitor/0.1 (+https://github.com/ofsted-monitor/ofsted-monitor)"
_UNITS_S = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400, "y": 365 * 86400}
_DURATION_RE = re.compile(r"(\d+(?:\.\d+)?)\s*([smhdwy])")


def parse_duration(value: str | int | float | timedelta) -> timedelta:
    """'30m', '1h30m', '2d', '90s' or a number of seconds -> timedelta."""
    if isinstance(value, timedelta):
        return value
    if isinstance(value, bool):
        raise ValueError("expected a duration like '30m', not a boolean")
    if isinstance(value, int | float):
        if value <= 0:
            raise ValueError("a duration must be positive")
        return _seconds(value, value)
    text = str(value).strip().lower().replace(" ", "")
    if not text or _DURATION_RE.sub("", text):
        raise ValueError(f"{value!r} is not a duration like '30s', '10m', '1h', '2d'")
    seconds = sum(float(n) * _UNITS_S[unit] for n, unit in _DURATION_RE.findall(text))
    if seconds <= 0:
        raise ValueError("a duration must be positive")
    return _seconds(seconds, value)


def _seconds(seconds: float, value: object) -> timedelta:
    try:
        return timedelta(seconds=seconds)
    except (OverflowError, ValueError):  # NaN, or beyond timedelta's ~2.7 million years
        raise ValueError(f"{value!r} is not a duration we can wait") from None


def format_duration(delta: timedelta) -> str:
    """timedelta -> the shortest '1h30m' style text."""
    exact = delta.total_seconds()
    if 0 < exact < 60 and exact != int(exact):
        return f"{exact:g}s"  # a sub-second part matters only for short delays ("0.5s")
    seconds = int(exact)
    parts = []
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60), ("s", 1)):
        if seconds >= size:
            parts.append(f"{seconds // size}{unit}")
            seconds %= size
    return "".join(parts) or "0s"


Duration = Annotated[timedelta, BeforeValidator(parse_duration)]


def _parse_delay(value: str | int | float | timedelta) -> timedelta:
    """A duration that may be zero ("0s", 0): for delays that can be switched off."""
    if isinstance(value, int | float) and not isinstance(value, bool) and value == 0:
        return timedelta(0)
    if isinstance(value, str) and value.strip().rstrip("smhdwy").strip() in ("0", "0.0"):
        return timedelta(0)
    return parse_duration(value)


Delay = Annotated[timedelta, BeforeValidator(_parse_delay)]
Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class MonitorSettings(_Strict):
    """The ``[monitor]`` table."""

    database: str | None = Field(
        None, description="SQLAlchemy URL; default a SQLite file beside the config"
    )
    user_agent: str = Field(DEFAULT_USER_AGENT, description="User-Agent sent with every request")
    default_interval: Duration = Field(
        timedelta(minutes=30), description="poll interval of a source without its own"
    )
    timeout: Duration = Field(
        timedelta(seconds=30), description="total time allowed for one request"
    )
    max_body_bytes: int = Field(
        10_000_000, gt=0, description="largest response body read, after decompression"
    )
    connect_timeout: Duration = Field(
        timedelta(seconds=10), description="time allowed to open a connection"
    )
    read_timeout: Duration = Field(
        timedelta(seconds=20), description="longest silence allowed while reading an answer"
    )
    host_concurrency: int = Field(
        2, ge=1, le=16, description="requests in flight at once to one host (scheme://host:port)"
    )
    host_delay: Delay = Field(
        timedelta(seconds=0.5),
        description="least time between the starts of two requests to one host "
        "(a longer robots.txt Crawl-delay wins, up to 60s)",
    )
    retry_attempts: int = Field(
        3, ge=1, le=10, description="attempts per request for transient failures (5xx, 429, resets)"
    )
    retry_max_wait: Duration = Field(
        timedelta(seconds=30),
        description="longest wait between attempts; a longer Retry-After defers the source",
    )
    robots: bool = Field(True, description="honour robots.txt (per source: robots = false)")
    allow_private_addresses: bool = Field(
        False,
        description="fetch from hosts that resolve to private, link-local or reserved addresses "
        "(a private deployment); loopback is always allowed",
    )
    adaptive_intervals: bool = Field(
        True, description="move each source's interval with how often it changes"
    )
    min_interval: Duration | None = Field(
        None, description="shortest adaptive interval; default each source's own interval"
    )
    max_interval: Duration = Field(
        timedelta(hours=6), description="longest adaptive or back-off interval"
    )
    shutdown_grace: Duration = Field(
        timedelta(seconds=30), description="serve: time to finish work in hand after SIGTERM"
    )
    replay: str | None = Field(
        None, description="folder of recorded HTTP exchanges to answer every request (no network)"
    )
    alert_on_first_run: bool = Field(
        False, description="alert on what a source already shows the first time it is fetched"
    )
    news_alert_window: Duration = Field(
        timedelta(days=14), description="news older than this never starts an alert"
    )
    alert_max_attempts: int = Field(
        8, ge=1, description="delivery attempts before an alert is marked failed"
    )
    operator_channel: str | None = Field(
        None, description="channel that receives the service's own alerts"
    )
    keep_articles: Duration | None = Field(
        None,
        description='`monitor prune` deletes articles older than this ("2y"); none keeps all',
    )
    operator_failure_streak: int = Field(
        3,
        ge=1,
        description="failed fetches in a row before a source is reported to the operator channel",
    )
    operator_silence: Duration = Field(
        timedelta(days=60),
        description="a source with nothing new for this long is reported to the operator channel",
    )
    worker_concurrency: int = Field(
        8, ge=1, le=64, description="serve on PostgreSQL: sources one worker polls at once"
    )
    worker_heartbeat: Duration = Field(
        timedelta(seconds=10),
        description="serve on PostgreSQL: how often a worker tells the others it is alive",
    )
    worker_stalled_after: Duration = Field(
        timedelta(seconds=30),
        description="serve on PostgreSQL: a worker silent this long is dead; others take its work",
    )


class CouncilsSettings(_Strict):
    """The ``[councils]`` table."""

    track: list[str] = Field(
        default_factory=list, description='names, aliases or ONS codes; "all" for every authority'
    )


SourceKind = Literal["feed", "ofsted", "govuk", "news_search"]


class SourceSettings(_Strict):
    """One ``[[sources]]`` entry."""

    name: str = Field(min_length=1, description="unique name, shown in listings")
    kind: SourceKind = Field(description="feed | ofsted | govuk | news_search")
    url: str | None = Field(
        None, description="feed URL (feed) or URL template with {query} (news_search)"
    )
    base_url: str | None = Field(None, description="site root (ofsted, govuk)")
    interval: Duration | None = Field(
        None, description="poll interval; default [monitor] default_interval"
    )
    outlet: str | None = Field(None, description="publisher name shown with its articles")
    enabled: bool = Field(True, description="false keeps the source in the file but never polls it")
    fetch_articles: bool = Field(True, description="fetch the page of each promising feed item")
    request_delay: float | None = Field(
        None,
        ge=0,
        description="least seconds between two requests to one host (ofsted: default 1)",
    )
    max_requests: int | None = Field(
        None, ge=1, description="request budget per cycle (ofsted: default 400); the rest waits"
    )
    read_pdfs: bool = Field(True, description="download and read each report's PDF (ofsted)")
    discovery_interval: Duration | None = Field(
        None,
        description="how often Ofsted's list of all authorities is checked (ofsted: default 1d)",
    )
    robots: bool | None = Field(
        None, description="false: ignore robots.txt for this source; default [monitor] robots"
    )
    adaptive: bool | None = Field(
        None,
        description="adapt the interval; default [monitor] adaptive_intervals (ofsted: false)",
    )
    min_interval: Duration | None = Field(
        None, description="shortest adaptive interval; default [monitor] min_interval"
    )
    max_interval: Duration | None = Field(
        None, description="longest adaptive interval; default [monitor] max_interval"
    )

    @model_validator(mode="after")
    def _needs_location(self) -> SourceSettings:
        if self.kind in ("feed", "news_search") and not self.url:
            raise ValueError(f"a {self.kind} source needs url")
        if self.kind == "news_search" and self.url and "{query}" not in self.url:
            raise ValueError("a news_search url must contain {query}")
        if self.kind in ("ofsted", "govuk") and not (self.base_url or self.url):
            raise ValueError(f"a {self.kind} source needs base_url")
        return self

    @property
    def location(self) -> str:
        return self.url or self.base_url or ""


class ChannelSettings(_Strict):
    """One ``[[channels]]`` entry: an email recipient list or a webhook."""

    name: str = Field(min_length=1)
    kind: Literal["email", "webhook"]
    councils: list[str] | None = Field(
        None, description="only these councils (default all tracked)"
    )
    # webhook
    url: str | None = None
    secret_env: str | None = Field(
        None, description="environment variable holding the signing secret"
    )
    timeout: Duration = Field(timedelta(seconds=10))
    # email
    host: str | None = None
    port: int | None = Field(None, gt=0, lt=65536)
    security: Literal["starttls", "tls", "none"] = "starttls"
    username: str | None = None
    password_env: str | None = Field(
        None, description="environment variable holding the SMTP password"
    )
    from_: str | None = Field(None, alias="from")
    to: list[str] = Field(default_factory=list)
    # subscriptions and digests
    types: list[InspectionTypeName] | None = Field(
        None, description="only these inspection types (default all)"
    )
    judgements: list[JudgementName] | None = Field(
        None,
        description="only these judgements (default all); an event not yet graded is still sent",
    )
    mode: Literal["immediate", "daily", "weekly"] = Field(
        "immediate", description="immediate: one alert per event; daily/weekly: one digest"
    )
    digest_at: str = Field(
        "08:00", description="local time (HH:MM) a daily or weekly digest is sent"
    )
    digest_day: Weekday = Field("monday", description="day a weekly digest is sent")
    timezone: str = Field("Europe/London", description="time zone of digest_at")

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @field_validator("secret_env", "password_env")
    @classmethod
    def _env_name(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", value):
            raise ValueError(f"{value!r} is not an environment variable name")
        return value

    @field_validator("digest_at")
    @classmethod
    def _clock_time(cls, value: str) -> str:
        match = re.fullmatch(r"([01]?\d|2[0-3]):([0-5]\d)", value.strip())
        if not match:
            raise ValueError(f"{value!r} is not a time like '08:00'")
        return f"{int(match.group(1)):02d}:{match.group(2)}"

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"{value!r} is not a known time zone (e.g. 'Europe/London')") from None
        return value

    @model_validator(mode="after")
    def _complete(self) -> ChannelSettings:
        if self.kind == "webhook":
            if not self.url:
                raise ValueError("a webhook channel needs url")
            if not self.secret_env:
                raise ValueError(
                    "a webhook channel needs secret_env (the variable holding its key)"
                )
        else:
            missing = [k for k in ("host", "from_", "to") if not getattr(self, k)]
            if missing:
                names = ", ".join("from" if k == "from_" else k for k in missing)
                raise ValueError(f"an email channel needs {names}")
        return self

    @property
    def smtp_port(self) -> int:
        return self.port or {"tls": 465, "starttls": 587, "none": 25}[self.security]


class _File(_Strict):
    monitor: MonitorSettings = Field(default_factory=MonitorSettings)
    councils: CouncilsSettings = Field(default_factory=CouncilsSettings)
    sources: list[SourceSettings] = Field(default_factory=list)
    channels: list[ChannelSettings] = Field(default_factory=list)


@dataclass(frozen=True)
class Settings:
    """Everything the program needs from the config file, validated and resolved."""

    path: Path
    monitor: MonitorSettings
    councils: tuple[Council, ...]
    sources: tuple[SourceSettings, ...]
    channels: tuple[ChannelSettings, ...]
    database_url: str
    replay_dir: Path | None

    def source(self, name: str) -> SourceSettings:
        for source in self.sources:
            if source.name == name:
                return source
        raise KeyError(name)

    def channel(self, name: str) -> ChannelSettings:
        for channel in self.channels:
            if channel.name == name:
                return channel
        raise KeyError(name)

    def interval(self, source: SourceSettings) -> timedelta:
        return source.interval or self.monitor.default_interval

    def channel_councils(self, channel: ChannelSettings) -> set[str]:
        """ONS codes a channel alerts on: its own list, else every tracked council."""
        if channel.councils is None:
            return {c.ons_code for c in self.councils}
        return {c.ons_code for c in gazetteer().resolve_many(channel.councils)}


def secret(name: str) -> str | None:
    """The value of a secret environment variable, read when used (never logged)."""
    value = os.environ.get(name)
    return value if value else None


def missing_secrets(settings: Settings) -> list[tuple[str, str]]:
    """(channel, variable) for every secret variable that is unset."""
    out = []
    for channel in settings.channels:
        for var in (channel.secret_env, channel.password_env):
            if var and secret(var) is None:
                out.append((channel.name, var))
    return out


def config_path(explicit: str | Path | None = None) -> Path:
    if explicit:
        return Path(explicit)
    return Path(os.environ.get("MONITOR_CONFIG", DEFAULT_CONFIG))


def load(path: str | Path | None = None, *, database: str | None = None) -> Settings:
    """Read and validate a config file; raise ConfigError naming the file, line and key."""
    path = config_path(path)
    try:
        raw_text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(
            "config file not found (use --config or $MONITOR_CONFIG)", path=path
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read config file: {exc}", path=path) from None
    try:
        data = tomllib.loads(raw_text)
    except ValueError as exc:  # TOMLDecodeError, or an integer of more than 4300 digits
        match = re.search(r"line (\d+)", str(exc))
        raise ConfigError(
            f"not valid TOML ({exc})", path=path, line=int(match.group(1)) if match else None
        ) from None
    try:
        parsed = _File.model_validate(data)
    except ValidationError as exc:
        raise _config_error(exc, path, raw_text, data) from None
    return _resolve(parsed, path, raw_text, database)


def _resolve(parsed: _File, path: Path, raw_text: str, database: str | None) -> Settings:
    names = [s.name for s in parsed.sources]
    for name in {n for n in names if names.count(n) > 1}:
        raise ConfigError(
            f"source name {name!r} is used twice",
            path=path,
            key="sources.name",
            line=_find_line(raw_text, ("sources", names.index(name), "name")),
        )
    channel_names = [c.name for c in parsed.channels]
    for name in {n for n in channel_names if channel_names.count(n) > 1}:
        raise ConfigError(f"channel name {name!r} is used twice", path=path, key="channels.name")

    gaz = gazetteer()
    tracked: list[Council] = []
    for index, text in enumerate(parsed.councils.track):
        if text.strip().lower() == "all":
            tracked = list(gaz.councils)
            break
        council = gaz.lookup(text)
        if council is None:
            raise ConfigError(
                _unknown_council(text),
                path=path,
                key=f"councils.track[{index}]",
                line=_find_line(raw_text, ("councils", "track")),
            )
        if council not in tracked:
            tracked.append(council)
    for cindex, channel in enumerate(parsed.channels):
        for text in channel.councils or []:
            if gaz.lookup(text) is None and text.strip().lower() != "all":
                raise ConfigError(
                    _unknown_council(text),
                    path=path,
                    key=f"channels[{cindex}].councils",
                    line=_find_line(raw_text, ("channels", cindex, "councils")),
                )
    op = parsed.monitor.operator_channel
    if op is not None and op not in channel_names:
        hint = difflib.get_close_matches(op, channel_names, n=1)
        raise ConfigError(
            f"no channel named {op!r}" + (f"; did you mean {hint[0]!r}?" if hint else ""),
            path=path,
            key="monitor.operator_channel",
            line=_find_line(raw_text, ("monitor", "operator_channel")),
        )

    base = path.resolve().parent
    url = database or os.environ.get("MONITOR_DATABASE_URL") or parsed.monitor.database
    database_url = _resolve_database(url, base)
    replay = Path(parsed.monitor.replay) if parsed.monitor.replay else None
    if replay is not None and not replay.is_absolute():
        replay = base / replay
    return Settings(
        path=path,
        monitor=parsed.monitor,
        councils=tuple(tracked),
        sources=tuple(parsed.sources),
        channels=tuple(parsed.channels),
        database_url=database_url,
        replay_dir=replay,
    )


def _resolve_database(url: str | None, base: Path) -> str:
    """Relative SQLite paths are relative to the config file's folder."""
    if not url:
        return f"sqlite:///{base / 'monitor.db'}"
    if url.startswith("sqlite:///") and not url.startswith("sqlite:////"):
        rest = url[len("sqlite:///") :]
        if rest and rest != ":memory:" and not Path(rest).is_absolute():
            return f"sqlite:///{base / rest}"
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def _unknown_council(text: str) -> str:
    hints = gazetteer().suggest(text)
    message = f"unknown council {text!r}"
    if hints:
        message += "; did you mean " + " or ".join(repr(h) for h in hints) + "?"
    return message + " (see `monitor councils`)"


_MODELS: dict[str, type[BaseModel]] = {
    "monitor": MonitorSettings,
    "councils": CouncilsSettings,
    "sources": SourceSettings,
    "channels": ChannelSettings,
}


def _config_error(
    exc: ValidationError, path: Path, raw_text: str, data: dict[str, Any]
) -> ConfigError:
    err = exc.errors()[0]
    loc = tuple(err["loc"])
    key = _dotted(loc)
    message = err["msg"].removeprefix("Value error, ")
    if err["type"] == "extra_forbidden":
        known = _known_keys(loc)
        hint = difflib.get_close_matches(str(loc[-1]), known, n=1)
        message = "unknown key" + (
            f"; did you mean {hint[0]!r}?" if hint else f" (known: {', '.join(known)})"
        )
    elif err["type"] == "literal_error" and "expected" in err.get("ctx", {}):
        message = f"{err.get('input')!r} is not allowed; expected {err['ctx']['expected']}"
    elif err["type"] == "missing":
        message = "required key is missing"
    if len(exc.errors()) > 1:
        message += f" (and {len(exc.errors()) - 1} more problem(s))"
    return ConfigError(message, path=path, key=key, line=_find_line(raw_text, loc))


def _known_keys(loc: tuple[Any, ...]) -> list[str]:
    if len(loc) == 1:
        return list(_MODELS)
    model = _MODELS.get(str(loc[0]))
    if model is None:
        return []
    return [f.alias or name for name, f in model.model_fields.items()]


def _dotted(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _find_line(raw_text: str, loc: tuple[Any, ...]) -> int | None:
    """Best-effort line number of a key path like ('sources', 2, 'url') in the TOML text."""
    lines = raw_text.splitlines()
    table = str(loc[0]) if loc else ""
    index = loc[1] if len(loc) > 1 and isinstance(loc[1], int) else None
    rest = [p for p in loc[1:] if not isinstance(p, int)]
    start, seen = None, -1
    for number, line in enumerate(lines):
        stripped = line.strip()
        if index is not None and stripped == f"[[{table}]]":
            seen += 1
            if seen == index:
                start = number
                break
        elif index is None and stripped == f"[{table}]":
            start = number
            break
    if start is None:
        return None
    if not rest:
        return start + 1
    key = str(rest[0])
    for number in range(start + 1, len(lines)):
        stripped = lines[number].strip()
        if stripped.startswith("["):
            break
        if re.match(rf"{re.escape(key)}\s*=", stripped):
            return number + 1
    return start + 1
