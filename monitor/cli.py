"""The ``monitor`` command: a thin click shell over config, store, cycle and service.

Exit codes: 0 success; 1 the job ran but something needs attention (alerts pending or
failed, a source failing); 2 bad usage or bad config; 3 the database cannot be reached or
migrated. Errors are mapped to exit codes in one place, :func:`main`.
"""

from __future__ import annotations

import asyncio
import functools
import json
import logging
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

import monitor.startup  # first of ours: it tunes what the imports below cost
from monitor import __version__, clock
from monitor.config import (
    Settings,
    format_duration,
    load,
    missing_secrets,
    secret,
)
from monitor.councils import Council, FormerAuthority, Gazetteer, gazetteer
from monitor.errors import ConfigError, DatabaseError, MonitorError, ServeRefused
from monitor.inspections import INSPECTION_TYPES, JUDGEMENTS
from monitor.output import FORMATS, render
from monitor.query import ListFilter

if TYPE_CHECKING:
    from monitor.store import Store
from monitor.clock import aware
from monitor.database import Database

log = logging.getLogger("monitor")
F = TypeVar("F", bound=Callable[..., Any])


REPORT_COLUMNS = (
    "id",
    "council",
    "ons_code",
    "inspection_type",
    "judgement",
    "sub_judgements",
    "send_outcome",
    "published",
    "inspection_start",
    "inspection_end",
    "url",
    "pdf_url",
    "story_id",
    "first_seen_via",
)
ARTICLE_COLUMNS = (
    "id",
    "url",
    "canonical_url",
    "title",
    "outlet",
    "published",
    "fetched_at",
    "relevant",
    "councils",
    "inspection_type",
    "judgement",
    "story_id",
)
STORY_COLUMNS = (
    "id",
    "council",
    "ons_code",
    "inspection_type",
    "judgement",
    "published",
    "report_id",
    "coverage_count",
    "event_id",
    "first_seen_via",
)
SOURCE_COLUMNS = (
    "name",
    "kind",
    "url",
    "last_fetch_at",
    "last_status",
    "last_error",
    "failures_in_a_row",
    "interval",
    "next_fetch_at",
    "items_seen",
    "last_change_at",
    "failures_total",
    "retry_after_until",
    "last_warning",
)
ALERT_COLUMNS = (
    "id",
    "event_id",
    "channel",
    "status",
    "attempts",
    "last_error",
    "created_at",
    "sent_at",
)
COUNCIL_COLUMNS = ("name", "ons_code", "la_type", "region", "ofsted_urn", "aliases")
ARTICLE_SEARCH_TABLE_COLUMNS = ("id", "published", "outlet", "title", "snippet")
ARTICLE_TABLE_COLUMNS = (
    "id",
    "published",
    "outlet",
    "title",
    "councils",
    "inspection_type",
    "judgement",
    "story_id",
)


@dataclass
class Context:
    config: str | None
    database: str | None
    verbose: int
    quiet: bool

    @functools.cached_property
    def settings(self) -> Settings:
        return load(self.config, database=self.database)

    def store(self) -> Store:
        from monitor.store import Store

        store = Store(self.settings.database_url)
        store.migrate()
        return store

    def cycle_database(self) -> Database:
        """The database for a cycle: the Store only once something is to be stored
        (:mod:`monitor.database`)."""
        db = Database(self.settings.database_url)
        db.migrate()
        return db


pass_ctx = click.make_pass_decorator(Context)


def output_options(func: F) -> F:
    """--format and --limit, shared by every listing."""
    func = click.option("--limit", type=click.IntRange(min=1), default=None, help="at most N rows")(
        func
    )
    func = click.option(
        "--format",
        "fmt",
        type=click.Choice(FORMATS),
        default="table",
        show_default=True,
        help="table for people; json (JSON Lines) or csv for programs",
    )(func)
    return func


def filter_options(func: F) -> F:
    """--council, --since, --until, --type, --judgement."""
    func = click.option("--judgement", type=click.Choice(JUDGEMENTS), help="only this judgement")(
        func
    )
    func = click.option(
        "--type",
        "inspection_type",
        type=click.Choice(INSPECTION_TYPES),
        help="only this inspection type",
    )(func)
    func = click.option(
        "--until", type=click.DateTime(["%Y-%m-%d"]), help="published on or before (YYYY-MM-DD)"
    )(func)
    func = click.option(
        "--since", type=click.DateTime(["%Y-%m-%d"]), help="published on or after (YYYY-MM-DD)"
    )(func)
    func = click.option(
        "--council", "councils", multiple=True, help="council name, alias or ONS code (repeatable)"
    )(func)
    return func


def _filter(
    councils: Iterable[str],
    since: Any,
    until: Any,
    inspection_type: str | None,
    judgement: str | None,
    limit: int | None,
    **extra: Any,
) -> ListFilter:
    from monitor.query import QueryError
    from monitor.search import council_codes

    codes: list[str] = []
    for text in councils:
        try:
            codes.extend(council_codes(text))
        except QueryError as exc:
            raise click.BadParameter(str(exc), param_hint="--council") from None
    return ListFilter(
        ons_codes=codes or None,
        since=since.date() if since else None,
        until=until.date() if until else None,
        inspection_type=inspection_type,
        judgement=judgement,
        limit=limit,
        **extra,
    )


def _emit(rows: Iterable[dict[str, Any]], columns: tuple[str, ...], fmt: str) -> None:
    render(rows, columns, fmt, sys.stdout)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option(
    "--config",
    "config",
    type=click.Path(dir_okay=False),
    envvar="MONITOR_CONFIG",
    help="config file [default: ./sources.toml]",
)
@click.option("--database", help="SQLAlchemy URL; overrides the config and $MONITOR_DATABASE_URL")
@click.option("-v", "--verbose", count=True, help="more log output (-vv for debug)")
@click.option("-q", "--quiet", is_flag=True, help="only errors")
@click.version_option(__version__, prog_name="monitor")
@click.pass_context
def cli(
    ctx: click.Context, config: str | None, database: str | None, verbose: int, quiet: bool
) -> None:
    """Watch Ofsted and the news for English councils' children's services."""
    ctx.obj = Context(config=config, database=database, verbose=verbose, quiet=quiet)
    level = (
        logging.ERROR
        if quiet
        else (logging.DEBUG if verbose > 1 else logging.INFO if verbose else logging.WARNING)
    )
    logging.basicConfig(
        level=level,
        stream=sys.stderr,
        format="%(asctime)s level=%(levelname)s logger=%(name)s %(message)s",
    )
    for noisy in ("httpx", "httpcore", "apscheduler.executors", "alembic"):
        logging.getLogger(noisy).setLevel(max(level, logging.WARNING))


# -- check ---------------------------------------------------------------------------------
@cli.command()
@pass_ctx
def check(obj: Context) -> None:
    """Validate the config and the reference data; print sources, councils and channels."""
    settings = obj.settings
    gaz = gazetteer()
    click.echo(f"config: {settings.path}")
    click.echo(f"database: {_mask(settings.database_url)}")
    if settings.replay_dir:
        click.echo(f"replay: {settings.replay_dir} (recorded exchanges, no network)")
    click.echo(
        f"reference data: {len(gaz.councils)} local authorities, "
        f"{len(gaz.former)} former authorities"
    )
    click.echo(f"\ntracked councils ({len(settings.councils)}):")
    for council in settings.councils[:20]:
        click.echo(
            f"  {council.name} ({council.ons_code}, Ofsted URN {council.ofsted_urn or 'unknown'})"
        )
    if len(settings.councils) > 20:
        click.echo(f"  ... and {len(settings.councils) - 20} more")
    click.echo(f"\nsources ({len(settings.sources)}):")
    for source in settings.sources:
        state = "" if source.enabled else " [disabled]"
        every = format_duration(settings.interval(source))
        click.echo(f"  {source.name}: {source.kind} {source.location} every {every}{state}")
    click.echo(f"\nchannels ({len(settings.channels)}):")
    for channel in settings.channels:
        target = (
            channel.url
            if channel.kind == "webhook"
            else f"{channel.host}:{channel.smtp_port} -> {', '.join(channel.to)}"
        )
        click.echo(f"  {channel.name}: {channel.kind} {target}")
        for var in (channel.secret_env, channel.password_env):
            if var:
                click.echo(f"    ${var}: {'set' if secret(var) else 'missing'}")
    missing = missing_secrets(settings)
    if missing:
        raise ConfigError(
            "; ".join(
                f"channel {c!r} needs environment variable {v}, which is not set"
                for c, v in missing
            ),
            path=settings.path,
        )
    click.echo("\nconfig OK")


# -- run / serve ---------------------------------------------------------------------------
@cli.command()
@click.option("--once", is_flag=True, required=True, help="one full cycle, then exit (required)")
@click.option(
    "--replay",
    "replay",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="answer every request from recorded exchanges in DIR",
)
@click.option("--source", "sources", multiple=True, help="only this source (repeatable)")
@click.option("--no-send", is_flag=True, help="store alerts in the outbox but do not send them")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@pass_ctx
def run(
    obj: Context, once: bool, replay: Path | None, sources: tuple[str, ...], no_send: bool, fmt: str
) -> None:
    """One full cycle: fetch, analyse, deduplicate, store, send due alerts; print a summary."""
    from monitor.cycle import run_once

    settings = _with_replay(obj.settings, replay)
    _require_secrets(settings)
    unknown = [s for s in sources if s not in {x.name for x in settings.sources}]
    if unknown:
        raise click.BadParameter(f"no source named {unknown[0]!r}", param_hint="--source")
    db = obj.cycle_database()
    monitor.startup.freeze_loaded()  # a one-off run: what is loaded now lives until exit
    summary = asyncio.run(run_once(settings, db, sources=list(sources) or None, send=not no_send))
    if fmt == "json":
        click.echo(json.dumps(summary.as_dict(), indent=2))
    else:
        _print_summary(summary)
    if summary.needs_attention:
        sys.exit(1)


def _with_replay(settings: Settings, replay: Path | None, *, tick: bool = False) -> Settings:
    """The settings with ``--replay`` applied; a replay run runs on its recording's clock.

    With recorded exchanges (``replay`` in the config or ``--replay``) and no clock pinned
    by the caller, "now" is the cassettes' ``recorded_at`` (frozen for one-off commands,
    ticking from there for ``serve``), so a replay decides the same on any day.
    """
    if replay is not None:
        from dataclasses import replace

        settings = replace(settings, replay_dir=replay.resolve())
    if settings.replay_dir is not None and clock.current() is clock.wall:
        from monitor.fetch import replay_recorded_at

        recorded = replay_recorded_at(settings.replay_dir)
        if recorded is not None:
            clock.set_clock(clock.replay_clock(recorded, tick=tick))
    return settings


def _require_secrets(settings: Settings) -> None:
    missing = missing_secrets(settings)
    if missing:
        channel, var = missing[0]
        raise ConfigError(
            f"environment variable {var} is not set (needed by channel {channel!r})",
            path=settings.path,
        )


def _print_summary(summary: Any) -> None:
    for o in summary.outcomes:
        skipped = sum(o.skipped.values())
        click.echo(
            f"{o.name:<20} {o.kind:<12} {o.status:<13} requests={o.requests} new={o.new} "
            f"duplicate={o.duplicate} skipped={skipped} stories_new={o.stories_new} "
            f"alerts_queued={o.alerts_queued}"
        )
        for error in o.errors:
            click.echo(f"    error: {error}")
    click.echo("")
    ok = sum(1 for o in summary.outcomes if o.status != "error")
    unchanged = sum(o.status == "not_modified" for o in summary.outcomes)
    click.echo(f"sources fetched: {ok}/{len(summary.outcomes)} ({unchanged} not modified)")
    skipped_total = sum(summary.skipped().values())
    click.echo(
        f"items: {summary.total('new')} new, {summary.total('duplicate')} duplicate, "
        f"{skipped_total} skipped"
    )
    for reason, count in summary.skipped().most_common():
        click.echo(f"  skipped {count}: {reason}")
    click.echo(
        f"stories: {summary.total('stories_new')} new, "
        f"{summary.total('stories_joined')} joined by new coverage"
    )
    d = summary.delivery
    click.echo(
        f"alerts: {summary.total('alerts_queued')} queued, {d.sent} sent, {d.failed} failed, "
        f"{summary.alerts_pending} pending"
    )


@cli.command()
@click.option(
    "--replay",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="answer every request from recorded exchanges in DIR",
)
@click.option(
    "--health-file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="write a JSON health document here after every job (see README, Health)",
)
@click.option(
    "--health-port",
    type=click.IntRange(0, 65535),
    help="also serve that document on http://127.0.0.1:PORT/health",
)
@click.option(
    "--metrics-port",
    type=click.IntRange(0, 65535),
    help="serve Prometheus metrics on http://127.0.0.1:PORT/metrics (and /health)",
)
@click.option(
    "--http",
    "http_port",
    type=click.IntRange(0, 65535),
    help="serve the web pages (as `monitor web`) with /metrics and /health on "
    "http://127.0.0.1:PORT/",
)
@click.option(
    "--grace",
    type=float,
    default=None,
    help="seconds to finish work in hand after SIGTERM/SIGINT [default: [monitor] "
    "shutdown_grace, 30s]",
)
@pass_ctx
def serve(
    obj: Context,
    replay: Path | None,
    health_file: Path | None,
    health_port: int | None,
    metrics_port: int | None,
    http_port: int | None,
    grace: float | None,
) -> None:
    """Run every source on its own schedule until SIGTERM/SIGINT.

    On SQLite one process serves (a second is refused); on PostgreSQL any number of
    `monitor serve` processes share the sources (see README, Several workers).
    """
    from monitor.service import serve as run_service

    settings = _with_replay(obj.settings, replay, tick=True)
    _require_secrets(settings)
    store = obj.store()
    asyncio.run(
        run_service(
            settings,
            store,
            health_file=health_file,
            grace_s=grace,
            health_port=health_port,
            metrics_port=metrics_port,
            http_port=http_port,
        )
    )


# -- listings ------------------------------------------------------------------------------
SEARCH_HELP = (
    'query: words, "a phrase", a OR b, -word, intitle:word, council:NAME, type:TYPE, '
    "judgement:GRADE, outlet:NAME, date:2024-01..2024-06 (see README, Search)"
)


def order_option(kind: str) -> Callable[[F], F]:
    """--order COLUMN[:asc|:desc] for one listing."""
    from monitor.query import DEFAULT_ORDER, SORTABLE

    return click.option(
        "--order",
        metavar="COLUMN[:asc|:desc]",
        help=f"sort by {', '.join(SORTABLE[kind])} [default: {DEFAULT_ORDER[kind]}"
        + (", or rank:desc when --search has words]" if kind == "articles" else "]"),
    )


def _listing_filter(kind: str, search: str | None, order: str | None, **fields: Any) -> ListFilter:
    from monitor.query import QueryError
    from monitor.search import check_order, parse_search

    flt = _filter(**fields)
    if search:
        try:
            flt.query = parse_search(search)
        except QueryError as exc:
            raise click.BadParameter(str(exc), param_hint="--search") from None
    try:
        flt.order = check_order(kind, order, ranked=bool(flt.query and flt.query.ranked))
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--order") from None
    if flt.query is not None and kind in ("reports", "stories"):
        from monitor.query import QueryError
        from monitor.search import _filters_only

        try:
            _filters_only(flt.query, kind)
        except QueryError as exc:
            raise click.BadParameter(str(exc), param_hint="--search") from None
    return flt


@cli.command()
@filter_options
@click.option("--search", metavar="QUERY", help="filters only: council:, type:, judgement:, date:")
@order_option("reports")
@output_options
@pass_ctx
def reports(
    obj: Context, fmt: str, limit: int | None, search: str | None, order: str | None, **filters: Any
) -> None:
    """Stored Ofsted reports, newest first."""
    flt = _listing_filter("reports", search, order, limit=limit, **filters)
    _emit(obj.store().iter_reports(flt), REPORT_COLUMNS, fmt)


@cli.command()
@filter_options
@click.option("--search", metavar="QUERY", help=SEARCH_HELP)
@click.option("--source", help="only articles from this source")
@click.option(
    "--relevant/--all", "relevant_only", default=False, help="only articles about an inspection"
)
@order_option("articles")
@output_options
@pass_ctx
def articles(
    obj: Context,
    fmt: str,
    limit: int | None,
    search: str | None,
    source: str | None,
    relevant_only: bool,
    order: str | None,
    **filters: Any,
) -> None:
    """Stored articles, newest first; with --search, full-text matches, best first."""
    flt = _listing_filter(
        "articles",
        search,
        order,
        limit=limit,
        source=source,
        relevant=True if relevant_only else None,
        **filters,
    )
    columns: tuple[str, ...] = ARTICLE_COLUMNS
    if flt.query is not None and flt.query.ranked:
        columns = (*ARTICLE_COLUMNS, "rank", "snippet")
    if fmt == "table":
        columns = ARTICLE_SEARCH_TABLE_COLUMNS if "snippet" in columns else ARTICLE_TABLE_COLUMNS
    _emit(obj.store().iter_articles(flt), columns, fmt)


@cli.command()
@filter_options
@click.option("--search", metavar="QUERY", help="filters only: council:, type:, judgement:, date:")
@order_option("stories")
@output_options
@pass_ctx
def stories(
    obj: Context, fmt: str, limit: int | None, search: str | None, order: str | None, **filters: Any
) -> None:
    """Stories: one line per inspection event, with its coverage count."""
    flt = _listing_filter("stories", search, order, limit=limit, **filters)
    _emit(obj.store().iter_stories(flt), STORY_COLUMNS, fmt)


@cli.command()
@click.argument("ident")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@pass_ctx
def show(obj: Context, ident: str, fmt: str) -> None:
    """One story, report or article in full, with everything linked to it.

    IDENT is story:N, report:N or article:N; a bare number means a story. A story shows its
    Ofsted reports, every article covering it and its alerts; a report or an article shows
    itself, then its story.
    """
    from monitor.models import Article, Report
    from monitor.search import story_alerts_select

    kind, _, number = ident.rpartition(":")
    kind = kind or "story"
    if kind not in ("story", "report", "article") or not number.isdigit():
        raise click.BadParameter("use story:N, report:N, article:N or N", param_hint="IDENT")
    store = obj.store()
    story_id: int | None = int(number)
    detail: dict[str, Any] = {}
    if kind in ("report", "article"):
        row = store.get(Report if kind == "report" else Article, int(number))
        if row is None:
            raise click.ClickException(f"no {kind} {number}")
        detail[kind] = row.model_dump()
        story_id = row.story_id
    if story_id is not None:
        found = store.story_detail(story_id)
        if found is None and kind == "story":
            raise click.ClickException(f"no story {number}")
        if found is not None:
            story, reports_, articles_ = found
            detail["story"] = story.model_dump()
            detail["reports"] = [r.model_dump() for r in reports_]
            detail["coverage"] = [
                {
                    k: a.model_dump().get(k)
                    for k in ("id", "title", "url", "outlet", "published", "judgement", "evidence")
                }
                for a in articles_
            ]
            detail["alerts"] = list(store.stream(story_alerts_select(story_id)))
    if fmt == "json":
        from monitor.output import jsonable

        click.echo(json.dumps(jsonable(detail), indent=2, ensure_ascii=False))
        return
    _print_detail(detail)


SHOW_TEXT_CHARS = 600


def _print_detail(detail: dict[str, Any]) -> None:
    from monitor.output import jsonable

    for section in ("report", "article", "story"):
        if section in detail:
            click.echo(f"== {section} {detail[section]['id']} ==")
            row = detail[section]
            for key in ["id", *sorted(k for k in row if k != "id")]:  # a stable order
                value = row[key]
                if isinstance(value, str) and len(value) > SHOW_TEXT_CHARS:
                    value = value[:SHOW_TEXT_CHARS] + "…"
                if value not in (None, [], {}, ""):
                    click.echo(f"  {key}: {jsonable(value)}")
    if detail.get("reports"):
        click.echo("== Ofsted reports ==")
        for r in detail["reports"]:
            grade = f" ({r['judgement']})" if r.get("judgement") else ""
            click.echo(
                f"  [report:{r['id']}] {r['label']}{grade} published "
                f"{jsonable(r['published'])}: {r['pdf_url']}"
            )
    if "coverage" in detail:
        click.echo(f"== coverage ({len(detail['coverage'])}) ==")
        for a in detail["coverage"]:
            click.echo(
                f"  [article:{a['id']}] {jsonable(a['published']) or '-'} "
                f"{a['outlet'] or ''}: {a['title']}"
            )
            click.echo(f"      {a['url']}")
            evidence = a.get("evidence") or {}
            if evidence.get("judgement"):
                click.echo(f"      judgement evidence: {evidence['judgement']}")
    if "alerts" in detail:
        click.echo(f"== alerts ({len(detail['alerts'])}) ==")
        for alert in detail["alerts"]:
            sent = f" at {jsonable(alert['sent_at'])}" if alert.get("sent_at") else ""
            click.echo(
                f"  [{alert['id']}] {alert['channel']}: {alert['status']}{sent}, "
                f"{alert['attempts']} attempt(s)"
            )


@cli.command()
@click.argument("query", required=False)
@click.option("--former", is_flag=True, help="abolished authorities instead, with their successors")
@click.option(
    "--order",
    type=click.Choice(["name", "ons_code", "region", "la_type"]),
    default="name",
    show_default=True,
    help="sort by",
)
@output_options
def councils(query: str | None, former: bool, order: str, fmt: str, limit: int | None) -> None:
    """The English local authorities with children's services duties, searchable."""
    gaz = gazetteer()
    if former:
        wanted = (query or "").lower()
        rows = [
            {
                "name": f.name,
                "ons_code": f.ons_code,
                "la_type": "former",
                "region": None,
                "ofsted_urn": f.ofsted_urn,
                "aliases": [],
                "abolished": f.end_date,
                "successors": list(f.successors),
            }
            for f in gaz.former
            if not wanted
            or wanted in f.name.lower()
            or any(wanted in s.lower() for s in f.successors)
        ]
        rows.sort(key=lambda r: str(r.get(order) or ""))
        _emit(rows[: limit or None], (*COUNCIL_COLUMNS, "abolished", "successors"), fmt)
        return
    found = gaz.search(query)
    if order != "name" or not query:
        found = sorted(found, key=lambda c: str(getattr(c, order)))
    rows = [
        {
            "name": c.name,
            "ons_code": c.ons_code,
            "la_type": c.la_type,
            "region": c.region,
            "ofsted_urn": c.ofsted_urn,
            "aliases": list(c.aliases),
        }
        for c in found[: limit or None]
    ]
    _emit(rows, COUNCIL_COLUMNS, fmt)


@cli.group(invoke_without_command=True)
@click.option(
    "--status",
    type=click.Choice(["pending", "sending", "sent", "failed", "held", "digested", "skipped"]),
    help="only alerts in this state (held: waiting for a digest)",
)
@output_options
@click.pass_context
def alerts(ctx: click.Context, status: str | None, fmt: str, limit: int | None) -> None:
    """The alert outbox; `alerts retry`, `alerts show`, `alerts test` act on it."""
    if ctx.invoked_subcommand is not None:
        return
    obj: Context = ctx.obj
    rows = obj.store().list_alerts(ListFilter(status=status, limit=limit))
    _emit((a.model_dump() for a in rows), (*ALERT_COLUMNS, "type"), fmt)


@alerts.command("retry")
@click.argument("alert_ids", nargs=-1, type=int)
@click.option("--all-failed", is_flag=True, help="requeue every failed alert")
@pass_ctx
def alerts_retry(obj: Context, alert_ids: tuple[int, ...], all_failed: bool) -> None:
    """Put failed alerts back in the queue (sent at the next cycle)."""
    from monitor.alerts.outbox import requeue

    if not alert_ids and not all_failed:
        raise click.UsageError("give alert IDs or --all-failed")
    if alert_ids and all_failed:
        raise click.UsageError("give alert IDs or --all-failed, not both")
    requeued = requeue(obj.store(), None if all_failed else list(alert_ids))
    click.echo(f"requeued {len(requeued)} alert(s)" + (f": {_ids(requeued)}" if requeued else ""))
    missing = [i for i in alert_ids if i not in requeued]
    if missing:
        raise click.ClickException(f"not failed or not found, left alone: {_ids(missing)}")


def _ids(ids: Iterable[int]) -> str:
    return ", ".join(str(i) for i in ids)


@alerts.command("show")
@click.argument("alert_id", type=int)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@pass_ctx
def alerts_show(obj: Context, alert_id: int, fmt: str) -> None:
    """One alert and every delivery attempt."""
    from monitor.models import Alert
    from monitor.output import jsonable

    store = obj.store()
    alert = store.get(Alert, alert_id)
    if alert is None:
        raise click.ClickException(f"no alert {alert_id}")
    keys = (
        *ALERT_COLUMNS,
        "type",
        "kind",
        "story_id",
        "next_attempt_at",
        "claimed_at",
        "claimed_by",
        "interruptions",
        "digest_id",
    )
    detail: dict[str, Any] = {key: jsonable(aware_or(getattr(alert, key))) for key in keys}
    attempts = store.alert_attempts(alert_id)
    detail["attempts_log"] = [
        {
            "at": jsonable(aware(a.at)),
            "status_code": a.status_code,
            "error": a.error,
            "duration_ms": a.duration_ms,
        }
        for a in attempts
    ]
    if alert.type == "digest":
        from sqlmodel import col, select

        with store.session() as session:
            rows = session.exec(select(Alert.id).where(col(Alert.digest_id) == alert.id))
            detail["members"] = sorted(m for m in rows if m is not None)
    if fmt == "json":
        click.echo(json.dumps(detail, ensure_ascii=False))
        return
    for key in keys:
        click.echo(f"{key}: {'' if detail[key] is None else detail[key]}")
    if "members" in detail:
        click.echo(f"members: {_ids(detail['members']) or '-'}")
    click.echo(f"attempts ({len(attempts)}):")
    for attempt in detail["attempts_log"]:
        if attempt["error"]:
            result = f"failed: {attempt['error']}"
        else:
            result = f"ok {attempt['status_code'] or ''}".strip()
        click.echo(f"  {attempt['at']} {attempt['duration_ms']}ms {result}")


def aware_or(value: Any) -> Any:
    from datetime import datetime

    return aware(value) if isinstance(value, datetime) else value


@alerts.command("test")
@click.argument("channel")
@pass_ctx
def alerts_test(obj: Context, channel: str) -> None:
    """Send a signed test event to one channel (not stored)."""
    from monitor.alerts.test import send_test

    settings = obj.settings
    try:
        chosen = settings.channel(channel)
    except KeyError:
        raise click.BadParameter(f"no channel named {channel!r}", param_hint="CHANNEL") from None
    _require_secrets(settings)
    result = asyncio.run(send_test(settings, chosen))
    click.echo(f"test event sent to {channel}: {result}")


@alerts.command("enable")
@click.argument("channel")
@pass_ctx
def alerts_enable(obj: Context, channel: str) -> None:
    """Enable a channel that a 410 Gone answer disabled."""
    from monitor.alerts.channels import enable

    try:
        obj.settings.channel(channel)
    except KeyError:
        raise click.BadParameter(f"no channel named {channel!r}", param_hint="CHANNEL") from None
    if enable(obj.store(), channel):
        click.echo(f"channel {channel} enabled; `monitor alerts retry --all-failed` resends")
    else:
        click.echo(f"channel {channel} was not disabled")


@cli.command()
@output_options
@pass_ctx
def sources(obj: Context, fmt: str, limit: int | None) -> None:
    """Each source's health: last fetch, status, failures in a row, items."""
    settings = obj.settings
    states = {s.name: s for s in obj.store().list_sources()}
    rows = []
    for source in settings.sources[: limit or None]:
        state = states.get(source.name)
        row: dict[str, Any] = (
            state.model_dump()
            if state
            else {"name": source.name, "kind": source.kind, "url": source.location}
        )
        # the current (adaptive) interval once the source has run, else the configured one
        interval_s = row.get("interval_s") or settings.interval(source).total_seconds()
        row["interval"] = format_duration(timedelta(seconds=interval_s))
        row["failures_in_a_row"] = row.get("failures_in_a_row", 0)
        row["failures_total"] = row.get("failures_total") or 0
        row["items_seen"] = row.get("items_seen", 0)
        rows.append(row)
    _emit(rows, SOURCE_COLUMNS, fmt)


@cli.command()
@click.argument("file", type=click.File("r", encoding="utf-8"), default="-")
def classify(file: Any) -> None:
    """JSON Lines in (FILE or stdin), one classification a line out."""
    from monitor.analyze import classify as run_classify

    for number, line in enumerate(file, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            text = item["text"]
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise click.UsageError(
                f"line {number}: expected a JSON object with a 'text' field ({exc})"
            ) from None
        for key in ("text", "title", "url", "published"):
            value = item.get(key)
            if not isinstance(value, str) and (key == "text" or value is not None):
                kind = "a string" if key == "text" else "a string or null"
                raise click.UsageError(
                    f"line {number}: {key!r} must be {kind}, not {type(value).__name__}"
                )
        result = run_classify(
            text, title=item.get("title"), url=item.get("url"), published=item.get("published")
        )
        click.echo(json.dumps(result.to_json(item.get("id")), ensure_ascii=False))


@cli.command()
@click.argument("council")
@click.option(
    "--plot",
    type=click.Path(dir_okay=False, path_type=Path),
    help="also draw the history as a chart to FILE.svg or FILE.png (needs the plot extra)",
)
@click.option(
    "--predecessors",
    is_flag=True,
    help="include the history of the abolished authorities this council replaced",
)
@output_options
@pass_ctx
def timeline(
    obj: Context,
    council: str,
    plot: Path | None,
    predecessors: bool,
    fmt: str,
    limit: int | None,
) -> None:
    """A council's inspection history, oldest first, with the judgement trend.

    COUNCIL is a name, alias or ONS code, current or abolished (e.g. Cumbria).
    """
    from monitor.timeline import TIMELINE_COLUMNS, timeline_select

    if plot is not None and plot.suffix.lower() not in (".svg", ".png"):
        raise click.BadParameter("the chart file must end in .svg or .png", param_hint="--plot")
    name, codes, notes = _timeline_council(council, predecessors)
    rows = list(obj.store().stream(timeline_select(codes))) if codes else []
    if limit:
        rows = rows[-limit:]
    if plot is not None and rows:
        _draw_timeline(rows, plot, name)
    if fmt != "table":
        _emit(rows, TIMELINE_COLUMNS, fmt)
        return
    _print_timeline(name, codes, notes, rows, plot)


def _timeline_council(council: str, predecessors: bool) -> tuple[str, list[str], list[str]]:
    """The council's name, the ONS codes whose history to show, and the notes on the
    authorities before or after it; BadParameter for a council the gazetteer does not know."""
    gaz = gazetteer()
    current = gaz.lookup(council)
    former = None if current is not None else gaz.former_authority(council)
    if current is None and former is None:
        hints = gaz.suggest(council)
        raise click.BadParameter(
            f"unknown council {council!r}"
            + (f"; did you mean {' or '.join(map(repr, hints))}?" if hints else ""),
            param_hint="COUNCIL",
        )
    if current is not None:
        return _current_council(gaz, current, predecessors)
    assert former is not None
    return _abolished_council(former)


def _current_council(
    gaz: Gazetteer, current: Council, predecessors: bool
) -> tuple[str, list[str], list[str]]:
    """A current council's name and codes, with its predecessors' codes when asked for
    (otherwise a note on where their history is)."""
    notes: list[str] = []
    name, codes = current.name, [current.ons_code]
    for old in gaz.former:
        if current.ons_code in old.successor_ons_codes and old.ons_code != current.ons_code:
            if predecessors and old.ons_code:
                codes.append(old.ons_code)
                notes.append(f"includes {old.name} (abolished {old.end_date})")
            else:
                notes.append(
                    f"until {old.end_date}: see {old.name} "
                    f"(monitor timeline {old.name!r}, or --predecessors)"
                )
    return name, codes, notes


def _abolished_council(former: FormerAuthority) -> tuple[str, list[str], list[str]]:
    """An abolished authority's name and code, with a note naming its successors."""
    notes: list[str] = []
    name, codes = former.name, [former.ons_code] if former.ons_code else []
    notes.append(
        f"{former.name} was abolished on {former.end_date}; succeeded by "
        + ", ".join(
            f"{s} ({c})"
            for s, c in zip(former.successors, former.successor_ons_codes, strict=False)
        )
    )
    return name, codes, notes


def _draw_timeline(rows: list[dict[str, Any]], plot: Path, name: str) -> None:
    """Draw the history as a chart to the plot file; UsageError without the plot extra."""
    from monitor.timeline import PlotUnavailable

    try:
        from monitor.timeline import plot as draw

        draw(rows, plot, f"{name}: Ofsted inspections of children's services")
    except PlotUnavailable as exc:
        raise click.UsageError(str(exc)) from None


def _print_timeline(
    name: str, codes: list[str], notes: list[str], rows: list[dict[str, Any]], plot: Path | None
) -> None:
    """Print the history as a table: a heading and notes, one line per event, the trend."""
    from monitor.timeline import trend_summary

    click.echo(f"{name} ({', '.join(codes) or 'no ONS code'}): {len(rows)} event(s)")
    for note in notes:
        click.echo(f"  {note}")
    if not rows:
        click.echo("no inspections stored: run `monitor backfill` or `monitor import FILE`")
        return
    click.echo("")
    _print_timeline_table(rows)
    click.echo(f"\ntrend: {trend_summary(rows)}")
    if plot is not None:
        click.echo(f"chart: {plot}")


def _print_timeline_table(rows: list[dict[str, Any]]) -> None:
    """One aligned line per event, with its lane of the judgement trend."""
    from monitor.output import jsonable
    from monitor.timeline import trend_lanes

    lanes = trend_lanes([r["judgement"] for r in rows])
    header = ("published", "type", "inspected", "judgement", "I   R   G   O", "link")
    cells = [
        (
            jsonable(r["published"]) or "-",
            r["inspection_type"] or "-",
            jsonable(r["inspection_date"]) or "-",
            r["judgement"] or "-",
            lane,
            r["url"] or "-",
        )
        for r, lane in zip(rows, lanes, strict=True)
    ]
    widths = [max(len(h), *(len(c[i]) for c in cells)) for i, h in enumerate(header)]
    for line in (header, *cells):
        click.echo("  ".join(v.ljust(w) for v, w in zip(line, widths, strict=True)).rstrip())


@cli.command()
@click.option(
    "--council", "councils_", multiple=True, help="council name, alias or ONS code (repeatable)"
)
@click.option("--all", "all_", is_flag=True, help="every English local authority")
@click.option(
    "--replay",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="answer every request from recorded exchanges in DIR",
)
@pass_ctx
def backfill(obj: Context, councils_: tuple[str, ...], all_: bool, replay: Path | None) -> None:
    """Import the report history from Ofsted's provider pages (never alerts).

    Default: the tracked councils. Reports already stored are skipped, so a backfill can be
    re-run or resumed after a failure; one council failing does not stop the others.
    """
    from monitor.service import backfill as run_backfill

    if all_ and councils_:
        raise click.UsageError("give --council or --all, not both")
    settings = _with_replay(obj.settings, replay)
    gaz = gazetteer()
    if all_:
        chosen = list(gaz.councils)
    elif councils_:
        chosen = []
        for text in councils_:
            council = gaz.lookup(text)
            if council is None:
                old = gaz.former_authority(text)
                if old is not None:
                    raise click.BadParameter(
                        f"{old.name} was abolished on {old.end_date} and has no provider page "
                        f"we know of; backfill its successors: {', '.join(old.successors)}",
                        param_hint="--council",
                    )
                hints = gaz.suggest(text)
                hint = f"; did you mean {' or '.join(repr(h) for h in hints)}?" if hints else ""
                raise click.BadParameter(f"unknown council {text!r}{hint}", param_hint="--council")
            if council not in chosen:
                chosen.append(council)
    else:
        chosen = list(settings.councils)
        if not chosen:
            raise click.UsageError("no tracked councils: give --council NAME or --all")
    store = obj.store()
    results = asyncio.run(run_backfill(settings, store, chosen))
    errors = 0
    for result in results:
        if result.error:
            errors += 1
            click.echo(f"  {result.council}: failed: {result.error}", err=True)
        elif not obj.quiet:
            healed = f", {result.pdfs_reread} re-read" if result.pdfs_reread else ""
            click.echo(
                f"  {result.council}: {result.added} added, {result.known} already stored{healed}"
            )
    added = sum(r.added for r in results)
    reread = sum(r.pdfs_reread for r in results)
    click.echo(
        f"backfill: {added} report(s) added for {len(chosen)} council(s), "
        f"{errors} failed, {reread} re-read from stored PDFs; no alerts sent"
    )
    if errors:
        sys.exit(1)


@cli.command("import")
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@pass_ctx
def import_(obj: Context, file: Path) -> None:
    """Load Ofsted's inspection outcomes spreadsheet (ODS or CSV) into the archive (no alerts).

    FILE is the underlying data of "Local authority inspection outcomes as at 31 March YYYY"
    (sheet Inspections_as_at_31_March), or that sheet saved as CSV.
    """
    from monitor.importer import ImportFileError, import_outcomes

    try:
        result = import_outcomes(obj.store(), file)
    except ImportFileError as exc:
        raise click.BadParameter(str(exc), param_hint="FILE") from None
    for problem in result.problems:
        click.echo(f"  {problem}", err=True)
    click.echo(
        f"import: {result.rows} row(s): {result.added} added, {result.updated} filled in, "
        f"{result.unchanged} already stored, {result.not_inspected} not yet inspected, "
        f"{len(result.problems)} skipped; no alerts sent"
    )
    if result.problems:
        sys.exit(1)


@cli.command()
@click.option("--dry-run", is_flag=True, help="count what would be deleted; delete nothing")
@click.option(
    "--older-than",
    metavar="DURATION",
    help="override [monitor] keep_articles for this run (e.g. 2y, 18w, 400d)",
)
@click.option(
    "--before",
    type=click.DateTime(["%Y-%m-%d"]),
    help="delete articles from before this day instead (YYYY-MM-DD)",
)
@pass_ctx
def prune(obj: Context, dry_run: bool, older_than: str | None, before: Any) -> None:
    """Delete articles older than [monitor] keep_articles; reports and stories are kept.

    Articles that are coverage of a story are kept too, however old.
    """
    from datetime import UTC

    from monitor.config import parse_duration

    if before is not None and older_than is not None:
        raise click.UsageError("give --before or --older-than, not both")
    if before is not None:
        cutoff = before.replace(tzinfo=UTC)
        deleted, kept = obj.store().prune_articles(cutoff, dry_run=dry_run)
        verb = "would delete" if dry_run else "deleted"
        click.echo(
            f"prune: {verb} {deleted} article(s) from before {cutoff.date().isoformat()}; "
            f"kept {kept} old article(s) that are story coverage; "
            "reports and stories are never pruned"
        )
        return
    keep: timedelta | None
    if older_than is not None:
        try:
            keep = parse_duration(older_than)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--older-than") from None
    else:
        keep = obj.settings.monitor.keep_articles
    if keep is None:
        click.echo("keep_articles is not set in [monitor]: every article is kept")
        return
    cutoff = clock.now() - keep
    deleted, kept = obj.store().prune_articles(cutoff, dry_run=dry_run)
    verb = "would delete" if dry_run else "deleted"
    click.echo(
        f"prune: {verb} {deleted} article(s) from before {cutoff.date().isoformat()} "
        f"(older than {format_duration(keep)}); kept {kept} old article(s) that are story "
        "coverage; reports and stories are never pruned"
    )


@cli.command()
@click.option("--replay", type=click.Path(file_okay=False, exists=True, path_type=Path))
@output_options
@pass_ctx
def reconcile(obj: Context, replay: Path | None, fmt: str, limit: int | None) -> None:
    """Compare stored reports with each tracked council's provider page."""
    from monitor.service import reconcile as run_reconcile

    settings = _with_replay(obj.settings, replay)
    rows = asyncio.run(run_reconcile(settings, obj.store()))
    _emit(rows[: limit or None], ("council", "problem", "pdf_url", "label", "published"), fmt)
    if rows:
        sys.exit(1)


def _mask(url: str) -> str:
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return url


def main(argv: list[str] | None = None) -> None:
    """Entry point: runs the click group and maps errors to exit codes."""
    if argv is None:  # the command line's own process (console script, python -m monitor)
        monitor.startup.own_process()
    previous = clock.current()  # a replay run may install its recording's clock
    try:
        _main(argv)
    finally:
        clock.set_clock(previous)


def _main(argv: list[str] | None) -> None:
    try:
        cli.main(args=argv, prog_name="monitor", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(2 if isinstance(exc, click.UsageError | click.BadParameter) else 1)
    except (ConfigError, ServeRefused) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    except DatabaseError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(3)
    except MonitorError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    sys.exit(0)


# -- the national picture: summary and web (monitor.summary, monitor.web) ---------------------
def _today(today: Any) -> Any:

    return today.date() if today is not None else clock.now().date()


@cli.command()
@click.option(
    "--council", "councils_", multiple=True, help="council name, alias or ONS code (repeatable)"
)
@click.option("--region", "regions", multiple=True, help="only this region (repeatable)")
@click.option(
    "--la-type",
    "la_types",
    multiple=True,
    help="only this kind of authority: county, unitary, metropolitan borough, london borough",
)
@click.option(
    "--judgement",
    type=click.Choice(JUDGEMENTS),
    help="only councils whose latest graded inspection has this grade (none: no graded one)",
)
@click.option(
    "--since",
    type=click.DateTime(["%Y-%m-%d"]),
    help="only councils whose latest graded inspection was published on or after (YYYY-MM-DD)",
)
@click.option(
    "--order",
    metavar="COLUMN[:asc|:desc]",
    default="council",
    show_default=True,
    help="sort by council, region, la_type, judgement, published, previous_judgement, "
    "direction, days_since, area_send_outcome or last_event",
)
@click.option(
    "--today",
    type=click.DateTime(["%Y-%m-%d"]),
    help="count days since inspection up to this day (YYYY-MM-DD) [default: today]",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice([*FORMATS, "xlsx"]),
    default="table",
    show_default=True,
    help="table for people; json (JSON Lines), csv or xlsx (needs the xlsx extra) for programs",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="write to FILE instead of standard output (required for xlsx on a terminal)",
)
@click.option("--limit", type=click.IntRange(min=1), default=None, help="at most N rows")
@pass_ctx
def summary(
    obj: Context,
    councils_: tuple[str, ...],
    regions: tuple[str, ...],
    la_types: tuple[str, ...],
    judgement: str | None,
    since: Any,
    order: str,
    today: Any,
    fmt: str,
    output: Path | None,
    limit: int | None,
) -> None:
    """Every council's latest Ofsted outcome: one row per current authority, tracked or not.

    The latest graded inspection (type, judgement, sub-judgements, dates, report link), the
    grade before it and the direction, the latest focused, monitoring, JTAI and area SEND
    visit, and the days since the last graded inspection. `source` says where a row's data
    came from (ofsted, backfill, import, news:SOURCE); untracked councils fill in from
    `monitor import` and `monitor backfill --all`.
    """
    from monitor.summary import SummaryFilter, sort_rows
    from monitor.summary import summary as build_summary

    gaz = gazetteer()
    codes = _summary_codes(councils_)
    _check_regions(gaz, regions)
    _check_la_types(gaz, la_types)
    key, descending = _summary_order(order)
    flt = SummaryFilter(
        ons_codes=tuple(codes),
        regions=regions,
        la_types=la_types,
        judgement=judgement,
        since=since.date() if since else None,
    )
    store = obj.store()
    rows = build_summary(store.stream, gaz.councils, _today(today), flt)
    rows = sort_rows(rows, key, descending=descending)[: limit or None]
    _write_summary(rows, fmt, output)


def _summary_codes(councils_: tuple[str, ...]) -> list[str]:
    """The ONS codes the --council options name; BadParameter for one that names none."""
    from monitor.query import QueryError
    from monitor.search import council_codes

    codes: list[str] = []
    for text in councils_:
        try:
            codes.extend(council_codes(text))
        except QueryError as exc:
            raise click.BadParameter(str(exc), param_hint="--council") from None
    return codes


def _check_regions(gaz: Gazetteer, regions: tuple[str, ...]) -> None:
    """BadParameter for a --region that is not one of the gazetteer's (any case)."""
    known_regions = sorted({c.region for c in gaz.councils})
    for region in regions:
        if region.lower() not in {r.lower() for r in known_regions}:
            raise click.BadParameter(
                f"unknown region {region!r}: one of {', '.join(known_regions)}",
                param_hint="--region",
            )


def _check_la_types(gaz: Gazetteer, la_types: tuple[str, ...]) -> None:
    """BadParameter for a --la-type that is not one of the gazetteer's."""
    known_types = sorted({c.la_type for c in gaz.councils})
    for la_type in la_types:
        if la_type.lower() not in known_types:
            raise click.BadParameter(
                f"unknown type {la_type!r}: one of {', '.join(known_types)}",
                param_hint="--la-type",
            )


def _summary_order(order: str) -> tuple[str, bool]:
    """The --order option's sort key, and whether it is descending."""
    from monitor.summary import SORT_KEYS

    key, _, direction = order.partition(":")
    if key not in SORT_KEYS or direction not in ("", "asc", "desc"):
        raise click.BadParameter(
            f"cannot order by {order!r}: use one of {', '.join(SORT_KEYS)}, "
            "optionally followed by :asc or :desc",
            param_hint="--order",
        )
    return key, direction == "desc"


def _write_summary(rows: list[dict[str, Any]], fmt: str, output: Path | None) -> None:
    """Write the rows in the format asked for, to the --output file or standard output."""
    from monitor.summary import SUMMARY_COLUMNS, TABLE_COLUMNS

    if fmt == "xlsx":
        _write_summary_xlsx(rows, output)
        return
    columns = TABLE_COLUMNS if fmt == "table" else SUMMARY_COLUMNS
    if output is None:
        _emit(rows, columns, fmt)
        return
    with output.open("w", encoding="utf-8", newline="") as out:
        render(rows, columns, fmt, out)


def _write_summary_xlsx(rows: list[dict[str, Any]], output: Path | None) -> None:
    """Write the rows as a spreadsheet; UsageError for one bound for a terminal, or without
    the xlsx extra."""
    from monitor.summary import SUMMARY_COLUMNS
    from monitor.xlsx import XlsxUnavailable, to_xlsx

    if output is None and sys.stdout.isatty():
        raise click.UsageError("xlsx is a binary file: give --output FILE.xlsx")
    try:
        data = to_xlsx(rows, SUMMARY_COLUMNS)
    except XlsxUnavailable as exc:
        raise click.UsageError(str(exc)) from None
    if output is None:
        sys.stdout.buffer.write(data)
    else:
        output.write_bytes(data)


@cli.command()
@click.option(
    "--bind",
    default="127.0.0.1",
    show_default=True,
    help="address to listen on (0.0.0.0 exposes it to the network)",
)
@click.option("--port", type=click.IntRange(0, 65535), default=8080, show_default=True)
@click.option(
    "--base-url",
    help="the public address of these pages, for links in the Atom feeds "
    "[default: from each request's Host]",
)
@pass_ctx
def web(obj: Context, bind: str, port: int, base_url: str | None) -> None:
    """Serve the read-only web interface: the map, council pages, stories and Atom feeds.

    Pages: / (the national map and summary table), /council/ONS_CODE, /stories, /feeds,
    /feeds/...atom, /summary.csv|json|xlsx; every page also as JSON (.json or
    Accept: application/json). Runs until Ctrl-C or SIGTERM.
    """
    import signal

    from monitor.web import make_app
    from monitor.web.app import make_web_server

    app = make_app(obj.store(), clock.now, base_url=base_url)
    try:
        server = make_web_server(app, bind, port)
    except OSError as exc:
        raise click.ClickException(f"cannot listen on {bind}:{port}: {exc.strerror}") from None
    click.echo(f"serving http://{bind}:{server.server_port}/ (Ctrl-C to stop)", err=True)

    def stop(_signum: int, _frame: Any) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
