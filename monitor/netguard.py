"""Hostile links: never fetch a page whose host is a private, link-local or reserved address.

Article URLs come from feeds we do not control. A link to ``http://169.254.169.254/`` (cloud
metadata), ``http://10.0.0.5/admin`` or a name that resolves there must not make the monitor
reach into the network it runs in. The check sits where the connection is made, so it applies
to every hop of a redirect chain and to robots.txt alike:

    httpx client -> a pool per origin (monitor.transport) -> GuardedBackend.connect_tcp(host, port)
        resolve host once (the event loop's getaddrinfo; an IP literal is not looked up)
        -> every address vetted by :func:`refusal` -> connect to a vetted *address*

Connecting to the address that was vetted (not to the name a second time) closes the DNS
rebinding gap; TLS still checks the certificate against the host name (httpcore passes it
as SNI). A name with any refused address is refused whole.

Refused: private (10/8, 172.16/12, 192.168/16, fc00::/7, ...), link-local (169.254/16 with
the metadata service, fe80::/10), multicast, reserved, unspecified (0.0.0.0, ::) and the
shared 100.64/10 range; an IPv4 address wrapped in IPv6 (``::ffff:10.0.0.1``, 6to4, NAT64)
is judged as the IPv4 address. **Loopback is allowed** (SPEC: each 127.x.y.z is a publisher,
that is how tests and outside checks serve sources). ``[monitor] allow_private_addresses =
true`` turns the check off for a private deployment whose sources live on its own network.

A refusal raises :class:`~monitor.errors.AddressRefused` (a permanent FetchError: never
retried; counted as ``refused`` in ``monitor_fetches_total``).
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

import httpcore
import httpx

from monitor.errors import AddressRefused
from monitor.transport import (
    KEEPALIVE_PER_ORIGIN,
    MAX_CONNECTIONS,
    AsyncioBackend,
    OriginPools,
)

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], Awaitable[list[str]]]

METADATA_ADDRESSES = frozenset({"169.254.169.254", "fd00:ec2::254"})
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def refusal(address: str | Address) -> str | None:
    """Why this address must not be fetched from, or None when it may (public or loopback)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0]) if isinstance(address, str) else address
    ip = _embedded_v4(ip) or ip
    if ip.is_loopback:
        return None
    if str(ip) in METADATA_ADDRESSES:
        return "cloud metadata address"
    for test, reason in (
        (ip.is_unspecified, "unspecified address"),
        (ip.is_link_local, "link-local address"),
        (ip.is_multicast, "multicast address"),
        (ip.is_private, "private address"),
        (ip.is_reserved, "reserved address"),
        (not ip.is_global, "non-public address"),
    ):
        if test:
            return reason
    return None


def _embedded_v4(ip: Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 one stands for (mapped, 6to4, NAT64), if any."""
    if not isinstance(ip, ipaddress.IPv6Address):
        return None
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


async def system_resolver(host: str, port: int) -> list[str]:
    """The host's addresses from the event loop's getaddrinfo, in the order it gives them."""
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """An httpcore network backend that vets a host's addresses and connects to one of them."""

    def __init__(
        self,
        *,
        allow_private: bool = False,
        resolver: Resolver | None = None,
        inner: httpcore.AsyncNetworkBackend | None = None,
    ) -> None:
        self.allow_private = allow_private
        self.resolver = resolver or system_resolver
        self.inner = inner or AsyncioBackend()

    async def addresses(self, host: str, port: int) -> list[str]:
        """Resolve once and vet; AddressRefused when any address is refused."""
        literal = host.strip("[]")
        try:
            ipaddress.ip_address(literal.split("%", 1)[0])
            found = [literal]  # an IP literal: nothing to look up
        except ValueError:
            try:
                found = await self.resolver(host, port)
            except (OSError, UnicodeError) as exc:
                raise httpcore.ConnectError(f"cannot resolve {host}: {exc}") from exc
        if not found:
            raise httpcore.ConnectError(f"cannot resolve {host}: no address")
        if not self.allow_private:
            for address in found:
                reason = refusal(address)
                if reason is not None:
                    shown = host if host == address else f"{host} resolves to {address},"
                    raise AddressRefused(
                        f"refused: {shown} a {reason} (allow_private_addresses = true "
                        "fetches private addresses)"
                    )
        return found

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        last: Exception | None = None
        for address in await self.addresses(host, port):
            try:
                stream = await self.inner.connect_tcp(
                    address,
                    port,
                    timeout=timeout,
                    local_address=local_address,
                    socket_options=socket_options,
                )
                return stream
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last = exc  # the next address, as a browser would
        assert last is not None
        raise last

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        return await self.inner.connect_unix_socket(
            path, timeout=timeout, socket_options=socket_options
        )

    async def sleep(self, seconds: float) -> None:
        await self.inner.sleep(seconds)


def guarded_transport(
    *,
    allow_private: bool = False,
    resolver: Resolver | None = None,
    inner: httpcore.AsyncNetworkBackend | None = None,
    limits: httpx.Limits | None = None,
    keepalive_per_origin: int = KEEPALIVE_PER_ORIGIN,
) -> OriginPools:
    """The fetcher's transport (:class:`~monitor.transport.OriginPools`: a pool per origin),
    its connections made through a :class:`GuardedBackend`."""
    limits = limits or httpx.Limits()
    return OriginPools(
        network_backend=GuardedBackend(allow_private=allow_private, resolver=resolver, inner=inner),
        max_connections=limits.max_connections or MAX_CONNECTIONS,
        keepalive_per_origin=keepalive_per_origin,
    )
