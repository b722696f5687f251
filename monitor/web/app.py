"""The read-only web interface as a WSGI application, and a small threaded server for it.

:class:`WebApp` is a plain WSGI callable, so it can be served by ``monitor web`` (the standard
library's ``wsgiref``, one thread per request), by any WSGI server, or mounted beside other
endpoints by a dispatcher that hands it the requests it owns (:data:`ROUTES` lists its path
prefixes). It takes the store and a clock (``now`` is never read inside the pages).

Every page is HTML, or JSON with ``Accept: application/json`` or a ``.json`` suffix. Only
GET and HEAD are answered; query strings, page sizes and search lengths are bounded; every
outside string is escaped by the templates (Jinja2 autoescaping) or the XML writer; outside
links are kept only if they are http(s); nothing from the configuration is shown.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import threading
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from importlib import resources
from socketserver import ThreadingMixIn
from typing import Any
from urllib.parse import parse_qs, quote
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server
from wsgiref.util import application_uri

import jinja2

from monitor import __version__
from monitor.alerts.payload import inspection_type_label, judgement_label, send_outcome_label
from monitor.errors import DatabaseError
from monitor.output import jsonable
from monitor.store import Store
from monitor.summary import SUMMARY_COLUMNS
from monitor.web import atom, pages
from monitor.web.pages import BadRequest, NotFound, safe_href
from monitor.xlsx import XLSX_TYPE, XlsxUnavailable, available, to_xlsx

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]
StartResponse = Callable[..., Any]
ROUTES = ("/", "/index.json", "/summary.", "/council/", "/stories", "/feeds", "/static/")
MAX_QUERY_STRING = 2000
MAX_FIELDS = 20
SECURITY_HEADERS = [
    (
        "Content-Security-Policy",
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
        "base-uri 'none'; frame-ancestors 'none'",
    ),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    ("X-Frame-Options", "DENY"),
]
HTML_TYPE = "text/html; charset=utf-8"
JSON_TYPE = "application/json"


class Response:
    def __init__(
        self,
        body: bytes | str,
        status: str = "200 OK",
        content_type: str = HTML_TYPE,
        headers: list[tuple[str, str]] | None = None,
    ) -> None:
        self.body = body.encode("utf-8") if isinstance(body, str) else body
        self.status = status
        self.headers = [("Content-Type", content_type), *(headers or [])]


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("monitor.web", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["type_label"] = lambda v: inspection_type_label(v) or "–"
    env.filters["grade_label"] = lambda v: judgement_label(v) or "–"
    env.filters["send_label"] = lambda v: send_outcome_label(v) or "–"
    env.filters["href"] = safe_href
    env.filters["day"] = lambda v: jsonable(v)[:10] if v else "–"
    env.filters["urlpart"] = lambda v: quote(str(v), safe="")
    env.globals["version"] = __version__
    env.globals["table_link"] = pages.table_link
    return env


class WebApp:
    """The WSGI application. ``clock()`` gives "now" (aware UTC) for each request."""

    def __init__(self, store: Store, clock: Clock, *, base_url: str | None = None) -> None:
        self.store = store
        self.clock = clock
        self.base_url = base_url.rstrip("/") if base_url else None
        self.env = _environment()
        self.css = resources.files("monitor.web").joinpath("static", "style.css").read_bytes()

    # -- WSGI ---------------------------------------------------------------------------------
    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD", "GET")
        if method not in ("GET", "HEAD"):
            response = Response(
                "only GET and HEAD: this interface is read-only\n",
                "405 Method Not Allowed",
                "text/plain; charset=utf-8",
                [("Allow", "GET, HEAD")],
            )
        else:
            response = self._respond(environ)
        headers = [*response.headers, *SECURITY_HEADERS]
        headers.append(("Content-Length", str(len(response.body))))
        start_response(response.status, headers)
        return [b""] if method == "HEAD" else [response.body]

    def _respond(self, environ: dict[str, Any]) -> Response:
        path = environ.get("PATH_INFO") or "/"
        want_json = _wants_json(environ, path)
        try:
            query = environ.get("QUERY_STRING", "")
            if len(query) > MAX_QUERY_STRING:
                raise BadRequest("the query string is too long")
            params = _params(query)
            return self._route(path, params, environ, want_json)
        except BadRequest as exc:
            return self._error("400 Bad Request", str(exc), want_json)
        except NotFound as exc:
            return self._error("404 Not Found", str(exc), want_json)
        except DatabaseError:
            log.exception("web: database error on %s", path)
            return self._error("503 Service Unavailable", "the archive cannot be read", want_json)
        except Exception:
            log.exception("web: failed on %s", path)
            return self._error("500 Internal Server Error", "something went wrong", want_json)

    def _route(
        self, path: str, params: dict[str, str], environ: dict[str, Any], want_json: bool
    ) -> Response:
        now = self.clock()
        today = now.astimezone(UTC).date()
        stem = path.removesuffix(".json")
        if stem in ("/", "/index"):
            data = pages.national(self.store, today, params)
            return self._page("national.html", data, want_json, params=params)
        if path.startswith("/summary."):
            return self._summary(path.removeprefix("/summary."), params, today)
        if stem.startswith("/council/"):
            data = pages.council(self.store, stem.removeprefix("/council/"), today)
            return self._page("council.html", data, want_json)
        if stem == "/stories":
            sp = pages.stories_params(params)
            return self._page("stories.html", pages.stories(self.store, sp), want_json)
        if stem == "/feeds":
            data = {"feeds": atom.feed_index()}
            return self._page("feeds.html", data, want_json)
        if path.startswith("/feeds/") and path.endswith(".atom"):
            return self._feed(path.removeprefix("/feeds/").removesuffix(".atom"), environ, now)
        if path == "/static/style.css":
            return Response(
                self.css,
                content_type="text/css; charset=utf-8",
                headers=[("Cache-Control", "public, max-age=3600")],
            )
        raise NotFound(f"no page at {path}")

    # -- answers ------------------------------------------------------------------------------
    def _page(self, template: str, data: dict[str, Any], want_json: bool, **extra: Any) -> Response:
        if want_json:
            body = json.dumps(_public(data), ensure_ascii=False, indent=1)
            return Response(body, content_type=JSON_TYPE)
        html = self.env.get_template(template).render(**data, **extra, xlsx=available())
        return Response(html)

    def _error(self, status: str, message: str, want_json: bool) -> Response:
        if want_json:
            body = json.dumps({"error": message, "status": int(status[:3])})
            return Response(body, status, JSON_TYPE)
        html = self.env.get_template("error.html").render(status=status, message=message)
        return Response(html, status)

    def _summary(self, fmt: str, params: dict[str, str], today: Any) -> Response:
        rows = pages.national(self.store, today, params)["rows"]
        name = f"ofsted-summary-{today.isoformat()}"
        disposition = [("Content-Disposition", f'attachment; filename="{name}.{fmt}"')]
        if fmt == "csv":
            out = io.StringIO()
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(SUMMARY_COLUMNS)
            for row in rows:
                writer.writerow(
                    ["" if row.get(c) is None else jsonable(row.get(c)) for c in SUMMARY_COLUMNS]
                )
            return Response(
                out.getvalue(), content_type="text/csv; charset=utf-8", headers=disposition
            )
        if fmt == "json":
            body = json.dumps([jsonable({c: r.get(c) for c in SUMMARY_COLUMNS}) for r in rows])
            return Response(body, content_type=JSON_TYPE)
        if fmt == "xlsx":
            try:
                return Response(
                    to_xlsx(rows, SUMMARY_COLUMNS), content_type=XLSX_TYPE, headers=disposition
                )
            except XlsxUnavailable as exc:
                raise NotFound(str(exc)) from None
        raise NotFound("the summary comes as .csv, .json or .xlsx")

    def _feed(self, path: str, environ: dict[str, Any], now: datetime) -> Response:
        spec = atom.feed_spec(path)
        entries = atom.feed_entries(self.store, spec)
        etag, modified = atom.validators(spec, entries)
        headers = [
            ("ETag", etag),
            ("Last-Modified", format_datetime(modified, usegmt=True)),
            ("Cache-Control", "public, max-age=300"),
        ]
        if _not_modified(environ, etag, modified):
            return Response(b"", "304 Not Modified", atom.ATOM_TYPE, headers)
        base = self.base_url or application_uri(environ).rstrip("/")
        body = atom.render(spec, entries, base, now)
        return Response(body, content_type=f"{atom.ATOM_TYPE}; charset=utf-8", headers=headers)


def _not_modified(environ: dict[str, Any], etag: str, modified: datetime) -> bool:
    """RFC 9110: If-None-Match wins; else If-Modified-Since at or after Last-Modified."""
    match = environ.get("HTTP_IF_NONE_MATCH")
    if match is not None:
        tags = {t.strip().removeprefix("W/") for t in match.split(",")}
        return "*" in tags or etag in tags
    since = environ.get("HTTP_IF_MODIFIED_SINCE")
    if since:
        try:
            when = parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        return modified <= when
    return False


def _wants_json(environ: dict[str, Any], path: str) -> bool:
    if path.endswith(".json"):
        return True
    accept = environ.get("HTTP_ACCEPT", "")
    first = accept.split(",")[0].split(";")[0].strip().lower()
    return first == JSON_TYPE


def _params(query: str) -> dict[str, str]:
    try:
        parsed = parse_qs(query, max_num_fields=MAX_FIELDS, strict_parsing=False)
    except ValueError:
        raise BadRequest(f"at most {MAX_FIELDS} parameters") from None
    return {k: v[0] for k, v in parsed.items() if v}


def _public(data: dict[str, Any]) -> Any:
    """A page's data as JSON: drawing details left out, dataclasses as dicts."""
    from dataclasses import asdict, is_dataclass

    def convert(value: Any) -> Any:
        if is_dataclass(value) and not isinstance(value, type):
            return convert(asdict(value))
        if isinstance(value, dict):
            return {k: convert(v) for k, v in value.items() if k not in ("points",)}
        if isinstance(value, list | tuple):
            return [convert(v) for v in value]
        return jsonable(value)

    return convert({k: v for k, v in data.items() if k not in ("chart", "view_box")})


# -- serving ----------------------------------------------------------------------------------
class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    allow_reuse_address = True


class _Handler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        log.info("web %s %s", self.address_string(), format % args)


def make_web_server(
    app: Callable[..., Any], host: str = "127.0.0.1", port: int = 8080
) -> WSGIServer:
    """A threaded WSGI server bound to ``host:port`` (port 0: any free port)."""
    return make_server(host, port, app, server_class=_Server, handler_class=_Handler)


def serve_in_thread(
    app: Callable[..., Any], host: str = "127.0.0.1", port: int = 0
) -> tuple[WSGIServer, threading.Thread]:
    """Start a server in a daemon thread (tests, benchmarks); ``server.shutdown()`` stops it."""
    server = make_web_server(app, host, port)
    thread = threading.Thread(target=server.serve_forever, name="monitor-web", daemon=True)
    thread.start()
    return server, thread
