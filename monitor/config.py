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
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any, Literal, Self, get_args, get_origin, get_type_hints
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import msgspec

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


class Duration(timedelta):
    """A duration in the config file: ``"30m"``, ``"1h30m"``, ``"2d"`` or seconds."""

    __slots__ = ()


class Delay(timedelta):
    """A duration that may be zero (``"0s"``, ``0``): a delay that can be switched off."""

    __slots__ = ()


class EnvName(str):
    """The name of an environment variable (its value is read when used: :func:`secret`)."""

    __slots__ = ()


class ClockTime(str):
    """A local time of day, ``"HH:MM"``."""

    __slots__ = ()


class TimeZoneName(str):
    """A known IANA time zone, such as ``"Europe/London"``."""

    __slots__ = ()


def _as_delay(value: object) -> timedelta:
    if isinstance(value, int | float) and not isinstance(value, bool) and value == 0:
        return timedelta(0)
    if isinstance(value, str) and value.strip().rstrip("smhdwy").strip() in ("0", "0.0"):
        return timedelta(0)
    return _as_duration(value)


def _as_duration(value: object) -> timedelta:
    if not isinstance(value, str | int | float | timedelta):
        raise ValueError(f"{value!r} is not a duration like '30s', '10m', '1h', '2d'")
    return parse_duration(value)


def _as_env_name(value: object) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", value):
        raise ValueError(f"{value!r} is not an environment variable name")
    return value


def _as_clock_time(value: object) -> str:
    match = isinstance(value, str) and re.fullmatch(r"([01]?\d|2[0-3]):([0-5]\d)", value.strip())
    if not match:
        raise ValueError(f"{value!r} is not a time like '08:00'")
    return f"{int(match.group(1)):02d}:{match.group(2)}"


def _as_time_zone(value: object) -> str:
    try:
        if isinstance(value, str):
            ZoneInfo(value)
            return value
    except (ZoneInfoNotFoundError, ValueError):
        pass
    raise ValueError(f"{value!r} is not a known time zone (e.g. 'Europe/London')")


def _copy(kind: type[timedelta], delta: timedelta) -> Any:
    return kind(days=delta.days, seconds=delta.seconds, microseconds=delta.microseconds)


_CONVERTERS: dict[type, Callable[[object], Any]] = {
    Duration: lambda v: _copy(Duration, _as_duration(v)),
    Delay: lambda v: _copy(Delay, _as_delay(v)),
    EnvName: lambda v: EnvName(_as_env_name(v)),
    ClockTime: lambda v: ClockTime(_as_clock_time(v)),
    TimeZoneName: lambda v: TimeZoneName(_as_time_zone(v)),
}


def _dec_hook(kind: type, value: object) -> object:
    """msgspec's hook for the config's own value types (a ValueError names the key)."""
    convert = _CONVERTERS.get(kind)
    if convert is None:
        raise NotImplementedError(f"no converter for {kind!r}")
    return convert(value)


Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


class _Strict(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """A table of the config file: unknown keys are errors, values are checked and frozen."""

    @classmethod
    def parse(cls, data: Any) -> Self:
        """Validate a table's values (as TOML gives them); raise ``msgspec.ValidationError``."""
        return msgspec.convert(data, cls, strict=False, dec_hook=_dec_hook)

    def replace(self, **changes: Any) -> Self:
        """A copy with some values changed (not validated again)."""
        return msgspec.structs.replace(self, **changes)


def _doc(text: str, **constraints: Any) -> msgspec.Meta:
    return msgspec.Meta(description=text, **constraints)


class MonitorSettings(_Strict, frozen=True):
    """The ``[monitor]`` table."""

    database: Annotated[
        str | None, _doc("SQLAlchemy URL; default a SQLite file beside the config")
    ] = None
    user_agent: Annotated[str, _doc("User-Agent sent with every request")] = DEFAULT_USER_AGENT
    default_interval: Annotated[Duration, _doc("poll interval of a source without its own")] = (
        Duration(minutes=30)
    )
    timeout: Annotated[Duration, _doc("total time allowed for one request")] = Duration(seconds=30)
    max_body_bytes: Annotated[
        int, _doc("largest response body read, after decompression", gt=0)
    ] = 10_000_000
    connect_timeout: Annotated[Duration, _doc("time allowed to open a connection")] = Duration(
        seconds=10
    )
    read_timeout: Annotated[Duration, _doc("longest silence allowed while reading an answer")] = (
        Duration(seconds=20)
    )
    host_concurrency: Annotated[
        int, _doc("requests in flight at once to one host (scheme://host:port)", ge=1, le=16)
    ] = 2
    host_delay: Annotated[
        Delay,
        _doc(
            "least time between the starts of two requests to one host "
            "(a longer robots.txt Crawl-delay wins, up to 60s)"
        ),
    ] = Delay(seconds=0.5)
    retry_attempts: Annotated[
        int, _doc("attempts per request for transient failures (5xx, 429, resets)", ge=1, le=10)
    ] = 3
    retry_max_wait: Annotated[
        Duration, _doc("longest wait between attempts; a longer Retry-After defers the source")
    ] = Duration(seconds=30)
    robots: Annotated[bool, _doc("honour robots.txt (per source: robots = false)")] = True
    allow_private_addresses: Annotated[
        bool,
        _doc(
            "fetch from hosts that resolve to private, link-local or reserved addresses "
            "(a private deployment); loopback is always allowed"
        ),
    ] = False
    adaptive_intervals: Annotated[
        bool, _doc("move each source's interval with how often it changes")
    ] = True
    min_interval: Annotated[
        Duration | None, _doc("shortest adaptive interval; default each source's own interval")
    ] = None
    max_interval: Annotated[Duration, _doc("longest adaptive or back-off interval")] = Duration(
        hours=6
    )
    shutdown_grace: Annotated[
        Duration, _doc("serve: time to finish work in hand after SIGTERM")
    ] = Duration(seconds=30)
    replay: Annotated[
        str | None, _doc("folder of recorded HTTP exchanges to answer every request (no network)")
    ] = None
    alert_on_first_run: Annotated[
        bool, _doc("alert on what a source already shows the first time it is fetched")
    ] = False
    news_alert_window: Annotated[Duration, _doc("news older than this never starts an alert")] = (
        Duration(days=14)
    )
    alert_max_attempts: Annotated[
        int, _doc("delivery attempts before an alert is marked failed", ge=1)
    ] = 8
    operator_channel: Annotated[
        str | None, _doc("channel that receives the service's own alerts")
    ] = None
    keep_articles: Annotated[
        Duration | None,
        _doc('`monitor prune` deletes articles older than this ("2y"); none keeps all'),
    ] = None
    operator_failure_streak: Annotated[
        int,
        _doc("failed fetches in a row before a source is reported to the operator channel", ge=1),
    ] = 3
    operator_silence: Annotated[
        Duration,
        _doc("a source with nothing new for this long is reported to the operator channel"),
    ] = Duration(days=60)
    worker_concurrency: Annotated[
        int, _doc("serve on PostgreSQL: sources one worker polls at once", ge=1, le=64)
    ] = 8
    worker_heartbeat: Annotated[
        Duration, _doc("serve on PostgreSQL: how often a worker tells the others it is alive")
    ] = Duration(seconds=10)
    worker_stalled_after: Annotated[
        Duration,
        _doc("serve on PostgreSQL: a worker silent this long is dead; others take its work"),
    ] = Duration(seconds=30)


class CouncilsSettings(_Strict, frozen=True):
    """The ``[councils]`` table."""

    track: Annotated[list[str], _doc('names, aliases or ONS codes; "all" for every authority')] = (
        msgspec.field(default_factory=list)
    )


SourceKind = Literal["feed", "ofsted", "govuk", "news_search"]


class SourceSettings(_Strict, frozen=True):
    """One ``[[sources]]`` entry."""

    name: Annotated[str, _doc("unique name, shown in listings", min_length=1)]
    kind: Annotated[SourceKind, _doc("feed | ofsted | govuk | news_search")]
    url: Annotated[
        str | None, _doc("feed URL (feed) or URL template with {query} (news_search)")
    ] = None
    base_url: Annotated[str | None, _doc("site root (ofsted, govuk)")] = None
    interval: Annotated[
        Duration | None, _doc("poll interval; default [monitor] default_interval")
    ] = None
    outlet: Annotated[str | None, _doc("publisher name shown with its articles")] = None
    enabled: Annotated[bool, _doc("false keeps the source in the file but never polls it")] = True
    fetch_articles: Annotated[bool, _doc("fetch the page of each promising feed item")] = True
    request_delay: Annotated[
        Annotated[float, msgspec.Meta(ge=0)] | None,
        _doc("least seconds between two requests to one host (ofsted: default 1)"),
    ] = None
    max_requests: Annotated[
        Annotated[int, msgspec.Meta(ge=1)] | None,
        _doc("request budget per cycle (ofsted: default 400); the rest waits"),
    ] = None
    read_pdfs: Annotated[bool, _doc("download and read each report's PDF (ofsted)")] = True
    discovery_interval: Annotated[
        Duration | None,
        _doc("how often Ofsted's list of all authorities is checked (ofsted: default 1d)"),
    ] = None
    robots: Annotated[
        bool | None, _doc("false: ignore robots.txt for this source; default [monitor] robots")
    ] = None
    adaptive: Annotated[
        bool | None,
        _doc("adapt the interval; default [monitor] adaptive_intervals (ofsted: false)"),
    ] = None
    min_interval: Annotated[
        Duration | None, _doc("shortest adaptive interval; default [monitor] min_interval")
    ] = None
    max_interval: Annotated[
        Duration | None, _doc("longest adaptive interval; default [monitor] max_interval")
    ] = None

    def __post_init__(self) -> None:
        if self.kind in ("feed", "news_search") and not self.url:
            raise ValueError(f"a {self.kind} source needs url")
        if self.kind == "news_search" and self.url and "{query}" not in self.url:
            raise ValueError("a news_search url must contain {query}")
        if self.kind in ("ofsted", "govuk") and not (self.base_url or self.url):
            raise ValueError(f"a {self.kind} source needs base_url")

    @property
    def location(self) -> str:
        return self.url or self.base_url or ""


class ChannelSettings(_Strict, frozen=True):
    """One ``[[channels]]`` entry: an email recipient list or a webhook."""

    name: Annotated[str, msgspec.Meta(min_length=1)]
    kind: Literal["email", "webhook"]
    councils: Annotated[list[str] | None, _doc("only these councils (default all tracked)")] = None
    # webhook
    url: str | None = None
    secret_env: Annotated[
        EnvName | None, _doc("environment variable holding the signing secret")
    ] = None
    timeout: Duration = Duration(seconds=10)
    # email
    host: str | None = None
    port: Annotated[int, msgspec.Meta(gt=0, lt=65536)] | None = None
    security: Literal["starttls", "tls", "none"] = "starttls"
    username: str | None = None
    password_env: Annotated[
        EnvName | None, _doc("environment variable holding the SMTP password")
    ] = None
    from_: str | None = msgspec.field(default=None, name="from")
    to: list[str] = msgspec.field(default_factory=list)
    # subscriptions and digests
    types: Annotated[
        list[InspectionTypeName] | None, _doc("only these inspection types (default all)")
    ] = None
    judgements: Annotated[
        list[JudgementName] | None,
        _doc("only these judgements (default all); an event not yet graded is still sent"),
    ] = None
    mode: Annotated[
        Literal["immediate", "daily", "weekly"],
        _doc("immediate: one alert per event; daily/weekly: one digest"),
    ] = "immediate"
    digest_at: Annotated[ClockTime, _doc("local time (HH:MM) a daily or weekly digest is sent")] = (
        ClockTime("08:00")
    )
    digest_day: Annotated[Weekday, _doc("day a weekly digest is sent")] = "monday"
    timezone: Annotated[TimeZoneName, _doc("time zone of digest_at")] = TimeZoneName(
        "Europe/London"
    )

    def __post_init__(self) -> None:
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

    @property
    def smtp_port(self) -> int:
        return self.port or {"tls": 465, "starttls": 587, "none": 25}[self.security]


class _File(_Strict, frozen=True):
    monitor: MonitorSettings = msgspec.field(default_factory=MonitorSettings)
    councils: CouncilsSettings = msgspec.field(default_factory=CouncilsSettings)
    sources: list[SourceSettings] = msgspec.field(default_factory=list)
    channels: list[ChannelSettings] = msgspec.field(default_factory=list)


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
    out: list[tuple[str, str]] = []
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
        parsed = _File.parse(data)
    except msgspec.ValidationError as exc:
        raise _config_error(exc, path, raw_text) from None
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


_TABLES: dict[str, type[_Strict]] = {
    "monitor": MonitorSettings,
    "councils": CouncilsSettings,
    "sources": SourceSettings,
    "channels": ChannelSettings,
}


@dataclass(frozen=True)
class Key:
    """One key of a config table, as the README's reference lists it."""

    name: str  # as written in the file
    required: bool
    default: Any  # None when required
    description: str


def keys(table: type[_Strict]) -> list[Key]:
    """The keys of a table (``MonitorSettings``, ...), in order, with their documentation."""
    hints = get_type_hints(table, include_extras=True)
    out = []
    for f in msgspec.structs.fields(table):
        required = f.required
        if required:
            default = None
        elif f.default_factory is not msgspec.NODEFAULT:
            default = f.default_factory()
        else:
            default = f.default
        out.append(Key(f.encode_name, required, default, _description(hints[f.name]) or ""))
    return out


def _description(hint: Any) -> str | None:
    """The ``Meta(description=...)`` of a type hint, at its top or inside a union."""
    for meta in getattr(hint, "__metadata__", ()):
        if isinstance(meta, msgspec.Meta) and meta.description:
            return meta.description
    for arg in get_args(hint):
        found = _description(arg)
        if found:
            return found
    return None


_AT = re.compile(r" - at `\$(?P<path>[^`]*)`$")
_PATH_PART = re.compile(r"\.(?P<key>[^.\[]+)|\[(?P<index>\d+)\]")
_FIELD = re.compile(r"^Object (?P<what>contains unknown|missing required) field `(?P<key>[^`]+)`")
_ENUM = re.compile(r"^Invalid enum value (?P<value>.+)$")
_EXPECTED = re.compile(r"^Expected `(?P<type>[^`]+)`(?P<rest>.*)$")


def _config_error(exc: msgspec.ValidationError, path: Path, raw_text: str) -> ConfigError:
    """msgspec's first problem ("... - at `$.sources[0].kind`") as the file, line and key."""
    text = str(exc)
    at = _AT.search(text)
    message = text[: at.start()] if at else text
    loc: tuple[str | int, ...] = ()
    if at:
        loc = tuple(
            int(m.group("index")) if m.group("index") else m.group("key")
            for m in _PATH_PART.finditer(at.group("path"))
        )
    field = _FIELD.match(message)
    enum = _ENUM.match(message)
    expected = _EXPECTED.match(message)
    if field:
        loc += (field.group("key"),)
        if field.group("what") == "missing required":
            message = "required key is missing"
        else:
            known = _known_keys(loc)
            hint = difflib.get_close_matches(str(loc[-1]), known, n=1)
            message = "unknown key" + (
                f"; did you mean {hint[0]!r}?" if hint else f" (known: {', '.join(known)})"
            )
    elif enum:
        allowed = _allowed_values(loc)
        message = f"{enum.group('value')} is not allowed" + (
            f"; expected {allowed}" if allowed else ""
        )
    elif expected:
        message = f"expected {expected.group('type').replace(' | null', '')}"
        message += expected.group("rest").replace("`", "")
    return ConfigError(message, path=path, key=_dotted(loc), line=_find_line(raw_text, loc))


def _table_of(loc: tuple[str | int, ...]) -> type[_Strict] | None:
    return _TABLES.get(str(loc[0])) if loc else None


def _known_keys(loc: tuple[str | int, ...]) -> list[str]:
    if len(loc) == 1:
        return list(_TABLES)
    table = _table_of(loc)
    return [k.name for k in keys(table)] if table is not None else []


def _allowed_values(loc: tuple[str | int, ...]) -> str | None:
    """``'a', 'b' or 'c'``: the values a key of fixed choices takes."""
    table = _table_of(loc)
    names = [p for p in loc[1:] if isinstance(p, str)]
    if table is None or not names:
        return None
    hint = get_type_hints(table).get(_attribute(table, names[0]), None)
    values = _literals(hint)
    if not values:
        return None
    quoted = [repr(v) for v in values]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]


def _attribute(table: type[_Strict], key: str) -> str:
    for f in msgspec.structs.fields(table):
        if f.encode_name == key:
            return f.name
    return key


def _literals(hint: Any) -> list[Any]:
    if get_origin(hint) is Literal:
        return list(get_args(hint))
    return [v for arg in get_args(hint) for v in _literals(arg)]


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
