"""The read-only web interface: the national map and table, council pages, stories, Atom feeds.

``make_app(store, clock)`` returns the WSGI application (:class:`monitor.web.app.WebApp`);
``monitor web`` serves it, and any WSGI server or dispatcher can mount it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from monitor.store import Store
    from monitor.web.app import Clock, WebApp


def make_app(store: Store, clock: Clock, *, base_url: str | None = None) -> WebApp:
    """The WSGI application over ``store``; ``clock()`` is "now" (aware UTC) per request."""
    from monitor.web.app import WebApp

    return WebApp(store, clock, base_url=base_url)
