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
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import click

from monitor import __version__
from monitor.config import Settings, format_duration, load, missing_secrets, secret
from monitor.councils import gazetteer
from monitor.errors import ConfigError, DatabaseError, MonitorError
from monitor.output import FORMATS, render
from monitor.store import ListFilter, Store, aware

log = logging.getLogger("monitor")
F = TypeVar("F", bound=Callable[..., Any])

INSPECTION_TYPES = (
    "ilacs_full",
    "ilacs_short",
    "focused_visit",
    "monitoring_visit",
    "jtai",
    "area_send",
    "sif",
    "annual_rating_2009",
    "other",
)
JUDGEMENTS = ("outstanding", "good", "requires_improvement", "inadequate", "none")

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
        store = Store(self.settings.database_url)
        store.migrate()
        return store


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
    codes = []
    for text in councils:
        council = gazetteer().lookup(text)
        if council is None:
            hints = gazetteer().suggest(text)
            hint = f"; did you mean {' or '.join(repr(h) for h in hints)}?" if hints else ""
            raise click.BadParameter(f"unknown council {text!r}{hint}", param_hint="--council")
        codes.append(council.ons_code)
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
    store = obj.store()
    summary = asyncio.run(
        run_once(settings, store, sources=list(sources) or None, send=not no_send)
    )
    if fmt == "json":
        click.echo(json.dumps(summary.as_dict(), indent=2))
    else:
        _print_summary(summary)
    if summary.needs_attention:
        sys.exit(1)


def _with_replay(settings: Settings, replay: Path | None) -> Settings:
    if replay is None:
        return settings
    from dataclasses import replace

    return replace(settings, replay_dir=replay.resolve())


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
    help="touch this file after every job (for a supervisor)",
)
@click.option(
    "--grace",
    type=float,
    default=30.0,
    show_default=True,
    help="seconds to finish work in hand after SIGTERM/SIGINT",
)
@pass_ctx
def serve(obj: Context, replay: Path | None, health_file: Path | None, grace: float) -> None:
    """Run every source on its own schedule until SIGTERM/SIGINT."""
    from monitor.service import serve as run_service

    settings = _with_replay(obj.settings, replay)
    _require_secrets(settings)
    store = obj.store()
    asyncio.run(run_service(settings, store, health_file=health_file, grace_s=grace))


# -- listings ------------------------------------------------------------------------------
@cli.command()
@filter_options
@output_options
@pass_ctx
def reports(obj: Context, fmt: str, limit: int | None, **filters: Any) -> None:
    """Stored Ofsted reports, newest first."""
    flt = _filter(limit=limit, **filters)
    _emit((r.model_dump() for r in obj.store().list_reports(flt)), REPORT_COLUMNS, fmt)


@cli.command()
@filter_options
@click.option("--search", help="words in the title or text")
@click.option("--source", help="only articles from this source")
@click.option(
    "--relevant/--all", "relevant_only", default=False, help="only articles about an inspection"
)
@output_options
@pass_ctx
def articles(
    obj: Context,
    fmt: str,
    limit: int | None,
    search: str | None,
    source: str | None,
    relevant_only: bool,
    **filters: Any,
) -> None:
    """Stored articles, newest first."""
    flt = _filter(limit=limit, search=search, source=source, **filters)
    rows = obj.store().list_articles(flt)
    _emit((a.model_dump() for a in rows if a.relevant or not relevant_only), ARTICLE_COLUMNS, fmt)


@cli.command()
@filter_options
@output_options
@pass_ctx
def stories(obj: Context, fmt: str, limit: int | None, **filters: Any) -> None:
    """Stories: one line per inspection event, with its coverage count."""
    flt = _filter(limit=limit, **filters)
    rows = ({**s.model_dump(), "coverage_count": n} for s, n in obj.store().list_stories(flt))
    _emit(rows, STORY_COLUMNS, fmt)


@cli.command()
@click.argument("ident")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@pass_ctx
def show(obj: Context, ident: str, fmt: str) -> None:
    """One story, report or article in full, with its linked coverage.

    IDENT is story:N, report:N or article:N; a bare number means a story.
    """
    from monitor.models import Article, Report

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
                    k: a.model_dump()[k]
                    for k in ("id", "title", "url", "outlet", "published", "judgement", "evidence")
                }
                for a in articles_
            ]
    if fmt == "json":
        from monitor.output import jsonable

        click.echo(json.dumps(jsonable(detail), indent=2, ensure_ascii=False))
        return
    _print_detail(detail)


def _print_detail(detail: dict[str, Any]) -> None:
    from monitor.output import jsonable

    for section in ("story", "report", "article"):
        if section in detail:
            click.echo(f"== {section} {detail[section]['id']} ==")
            for key, value in detail[section].items():
                if key == "text" and value:
                    value = value[:600] + ("…" if len(value) > 600 else "")
                if value not in (None, [], {}):
                    click.echo(f"  {key}: {jsonable(value)}")
    if detail.get("reports"):
        click.echo("== Ofsted reports ==")
        for r in detail["reports"]:
            click.echo(
                f"  [{r['id']}] {r['label']} published {jsonable(r['published'])}: {r['pdf_url']}"
            )
    if "coverage" in detail:
        click.echo(f"== coverage ({len(detail['coverage'])}) ==")
        for a in detail["coverage"]:
            click.echo(
                f"  [{a['id']}] {jsonable(a['published']) or '-'} {a['outlet'] or ''}: {a['title']}"
            )
            click.echo(f"      {a['url']}")
            evidence = a.get("evidence") or {}
            if evidence.get("judgement"):
                click.echo(f"      judgement evidence: {evidence['judgement']}")


@cli.command()
@click.argument("query", required=False)
@output_options
def councils(query: str | None, fmt: str, limit: int | None) -> None:
    """The English local authorities with children's services duties, searchable."""
    found = gazetteer().search(query)
    rows = (
        {
            "name": c.name,
            "ons_code": c.ons_code,
            "la_type": c.la_type,
            "region": c.region,
            "ofsted_urn": c.ofsted_urn,
            "aliases": list(c.aliases),
        }
        for c in found[: limit or None]
    )
    _emit(rows, COUNCIL_COLUMNS, fmt)


@cli.group(invoke_without_command=True)
@click.option(
    "--status", type=click.Choice(["pending", "sent", "failed"]), help="only alerts in this state"
)
@output_options
@click.pass_context
def alerts(ctx: click.Context, status: str | None, fmt: str, limit: int | None) -> None:
    """The alert outbox; `alerts retry`, `alerts show`, `alerts test` act on it."""
    if ctx.invoked_subcommand is not None:
        return
    obj: Context = ctx.obj
    rows = obj.store().list_alerts(ListFilter(status=status, limit=limit))
    _emit((a.model_dump() for a in rows), ALERT_COLUMNS, fmt)


@alerts.command("retry")
@click.argument("alert_ids", nargs=-1, type=int)
@click.option("--all-failed", is_flag=True, help="requeue every failed alert")
@pass_ctx
def alerts_retry(obj: Context, alert_ids: tuple[int, ...], all_failed: bool) -> None:
    """Put failed alerts back in the queue (sent at the next cycle)."""
    from monitor.alerts.outbox import requeue

    if not alert_ids and not all_failed:
        raise click.UsageError("give alert IDs or --all-failed")
    count = requeue(obj.store(), None if all_failed else list(alert_ids))
    click.echo(f"requeued {count} alert(s)")


@alerts.command("show")
@click.argument("alert_id", type=int)
@pass_ctx
def alerts_show(obj: Context, alert_id: int) -> None:
    """One alert and every delivery attempt."""
    from monitor.models import Alert
    from monitor.output import jsonable

    store = obj.store()
    alert = store.get(Alert, alert_id)
    if alert is None:
        raise click.ClickException(f"no alert {alert_id}")
    for key in (*ALERT_COLUMNS, "story_id", "next_attempt_at"):
        click.echo(f"{key}: {jsonable(getattr(alert, key))}")
    click.echo("attempts:")
    for attempt in store.alert_attempts(alert_id):
        if attempt.error:
            result = f"failed: {attempt.error}"
        else:
            result = f"ok {attempt.status_code or ''}".strip()
        click.echo(f"  {jsonable(aware(attempt.at))} {attempt.duration_ms}ms {result}")


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
        row = (
            state.model_dump()
            if state
            else {"name": source.name, "kind": source.kind, "url": source.location}
        )
        row["interval"] = format_duration(settings.interval(source))
        row["failures_in_a_row"] = row.get("failures_in_a_row", 0)
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
        result = run_classify(
            text, title=item.get("title"), url=item.get("url"), published=item.get("published")
        )
        click.echo(json.dumps(result.to_json(item.get("id")), ensure_ascii=False))


@cli.command()
@click.argument("council")
@click.option(
    "--plot",
    type=click.Path(dir_okay=False, path_type=Path),
    help="draw the history to FILE.svg or .png",
)
@output_options
@pass_ctx
def timeline(obj: Context, council: str, plot: Path | None, fmt: str, limit: int | None) -> None:
    """A council's inspection history, oldest first."""
    found = gazetteer().lookup(council)
    if found is None:
        hints = gazetteer().suggest(council)
        raise click.BadParameter(
            f"unknown council {council!r}"
            + (f"; did you mean {' or '.join(map(repr, hints))}?" if hints else ""),
            param_hint="COUNCIL",
        )
    if plot is not None:
        raise click.UsageError("--plot is not available yet")
    rows = sorted(
        obj.store().list_stories(ListFilter(ons_codes=[found.ons_code])),
        key=lambda p: (p[0].published or date.min, p[0].id or 0),
    )
    _emit(
        ({**s.model_dump(), "coverage_count": n} for s, n in rows[: limit or None]),
        STORY_COLUMNS,
        fmt,
    )


@cli.command()
@click.option(
    "--council", "councils_", multiple=True, help="council name, alias or ONS code (repeatable)"
)
@click.option("--all", "all_", is_flag=True, help="every English local authority")
@click.option("--replay", type=click.Path(file_okay=False, exists=True, path_type=Path))
@pass_ctx
def backfill(obj: Context, councils_: tuple[str, ...], all_: bool, replay: Path | None) -> None:
    """Import the report history from Ofsted's provider pages (never alerts)."""
    from monitor.service import backfill as run_backfill

    settings = _with_replay(obj.settings, replay)
    chosen = (
        list(gazetteer().councils)
        if all_
        else (gazetteer().resolve_many(councils_) if councils_ else list(settings.councils))
    )
    added, errors = asyncio.run(run_backfill(settings, obj.store(), chosen))
    click.echo(f"backfill: {added} report(s) added for {len(chosen)} council(s)")
    for error in errors:
        click.echo(f"  error: {error}", err=True)
    if errors:
        sys.exit(1)


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
    try:
        cli.main(args=argv, prog_name="monitor", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(2 if isinstance(exc, click.UsageError | click.BadParameter) else 1)
    except ConfigError as exc:
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
