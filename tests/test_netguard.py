"""Hostile links: private, link-local and reserved addresses are refused, at every redirect hop.

No test here sends a packet: names resolve through a stub resolver, and connections go to a
:class:`RecordingBackend` that writes down where it was asked to connect and answers from
canned bytes. Only loopback would ever be a real target (test_fetch.py covers that path).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import httpcore
import pytest
import stamina

from monitor import config, metrics
from monitor.errors import AddressRefused, FetchError
from monitor.fetch import Fetcher
from monitor.netguard import refusal

UA = "ofsted-monitor-test/1.0 (+mailto:test@example.org)"
PUBLIC = "93.184.216.34"  # never contacted: the recording backend answers instead


@pytest.fixture(autouse=True)
def _no_waiting() -> Iterator[None]:
    stamina.set_testing(True, attempts=3, cap=True)
    yield
    stamina.set_testing(False)


def answer(status: int = 200, body: bytes = b"<p>hello</p>", **headers: str) -> bytes:
    head = [f"HTTP/1.1 {status} X", f"Content-Length: {len(body)}", "Connection: close"]
    head += [f"{k.replace('_', '-')}: {v}" for k, v in headers.items()]
    return ("\r\n".join(head) + "\r\n\r\n").encode() + body


class RecordingBackend(httpcore.AsyncNetworkBackend):
    """Records every connect; answers from ``answers[address]`` and never opens a socket."""

    def __init__(self, answers: dict[str, bytes] | None = None) -> None:
        self.answers = answers or {}
        self.connects: list[tuple[str, int]] = []

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        self.connects.append((host, port))
        if host not in self.answers:
            raise httpcore.ConnectError(f"test backend: nothing at {host}")
        return httpcore.AsyncMockStream([self.answers[host]])

    async def sleep(self, seconds: float) -> None:
        return None


class StubResolver:
    def __init__(self, names: dict[str, list[str]]) -> None:
        self.names = names
        self.asked: list[str] = []

    async def __call__(self, host: str, port: int) -> list[str]:
        self.asked.append(host)
        if host not in self.names:
            raise OSError(f"[Errno -2] Name or service not known: {host}")
        return self.names[host]


def guarded(backend: RecordingBackend, names: dict[str, list[str]], **options: Any) -> Fetcher:
    return Fetcher(
        user_agent=UA,
        host_delay_s=0.0,
        robots=False,
        resolver=StubResolver(names),
        network_backend=backend,
        **options,
    )


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("169.254.169.254", "cloud metadata address"),
        ("169.254.10.1", "link-local address"),
        ("fe80::1%eth0", "link-local address"),
        ("10.1.2.3", "private address"),
        ("172.16.0.1", "private address"),
        ("172.31.255.254", "private address"),
        ("192.168.1.1", "private address"),
        ("fc00::1", "private address"),
        ("fd12:3456::1", "private address"),
        ("::ffff:192.168.0.1", "private address"),
        ("::ffff:169.254.169.254", "cloud metadata address"),
        ("2002:a00:1::1", "private address"),  # 6to4 around 10.0.0.1
        ("64:ff9b::a00:1", "private address"),  # NAT64 around 10.0.0.1
        ("0.0.0.0", "unspecified address"),
        ("::", "unspecified address"),
        ("224.0.0.1", "multicast address"),
        ("239.1.2.3", "multicast address"),
        ("ff02::1", "multicast address"),
        ("240.0.0.1", "private address"),
        ("100.64.0.1", "non-public address"),
    ],
)
def test_private_and_special_addresses_are_refused(address: str, reason: str) -> None:
    assert refusal(address) == reason


@pytest.mark.parametrize(
    "address", ["127.0.0.1", "127.4.5.6", "::1", "::ffff:127.0.0.1", PUBLIC, "2a00:1450::1"]
)
def test_loopback_and_public_addresses_are_allowed(address: str) -> None:
    assert refusal(address) is None


async def test_cloud_metadata_url_is_refused_without_connecting() -> None:
    backend = RecordingBackend()
    async with guarded(backend, {}) as f:
        with pytest.raises(AddressRefused, match=r"169\.254\.169\.254 a cloud metadata") as err:
            await f.get("http://169.254.169.254/latest/meta-data/")
    assert backend.connects == []
    assert err.value.url == "http://169.254.169.254/latest/meta-data/"


async def test_a_name_resolving_to_a_private_address_is_refused() -> None:
    backend = RecordingBackend()
    async with guarded(backend, {"intranet.example": ["10.0.0.5"]}) as f:
        with pytest.raises(AddressRefused, match=r"intranet\.example resolves to 10\.0\.0\.5"):
            await f.get("https://intranet.example/admin")
    assert backend.connects == []


async def test_one_private_address_among_public_ones_refuses_the_name() -> None:
    backend = RecordingBackend({PUBLIC: answer()})
    async with guarded(backend, {"mixed.example": [PUBLIC, "192.168.0.7"]}) as f:
        with pytest.raises(AddressRefused, match=r"192\.168\.0\.7"):
            await f.get("http://mixed.example/story")
    assert backend.connects == []


async def test_public_name_connects_to_the_address_it_vetted() -> None:
    backend = RecordingBackend({PUBLIC: answer(body=b"<p>story</p>")})
    resolver_names = {"news.example": [PUBLIC]}
    async with guarded(backend, resolver_names) as f:
        result = await f.get("http://news.example/story")
    assert result.content == b"<p>story</p>"
    # the connection went to the vetted address, not to the name (no second lookup)
    assert backend.connects == [(PUBLIC, 80)]


async def test_redirect_to_a_private_host_is_refused_at_that_hop() -> None:
    backend = RecordingBackend(
        {PUBLIC: answer(302, b"", Location="http://metadata.internal/latest/meta-data/")}
    )
    names = {"news.example": [PUBLIC], "metadata.internal": ["169.254.169.254"]}
    async with guarded(backend, names) as f:
        with pytest.raises(
            AddressRefused, match=r"metadata\.internal resolves to 169\.254\.169\.254"
        ):
            await f.get("http://news.example/story")
    assert backend.connects == [(PUBLIC, 80)]  # the first hop only


async def test_redirect_to_a_private_literal_is_refused() -> None:
    backend = RecordingBackend({PUBLIC: answer(301, b"", Location="http://[::ffff:10.0.0.1]/")})
    async with guarded(backend, {"news.example": [PUBLIC]}) as f:
        with pytest.raises(AddressRefused, match="private address"):
            await f.get("http://news.example/story")
    assert backend.connects == [(PUBLIC, 80)]


async def test_loopback_names_stay_allowed() -> None:
    backend = RecordingBackend({"127.0.0.1": answer(body=b"ok")})
    async with guarded(backend, {"localhost": ["127.0.0.1"]}) as f:
        result = await f.get("http://localhost:8080/feed")
    assert result.content == b"ok"
    assert backend.connects == [("127.0.0.1", 8080)]


async def test_refusal_is_not_retried_and_is_counted() -> None:
    before = metrics.FETCHES.labels("refused")._value.get()
    backend = RecordingBackend()
    async with guarded(backend, {"evil.example": ["192.168.1.1"]}) as f:
        with pytest.raises(AddressRefused):
            await f.get("http://evil.example/")
        assert f.requests_sent == 1
    assert metrics.FETCHES.labels("refused")._value.get() == before + 1


async def test_unknown_name_is_an_ordinary_fetch_error() -> None:
    backend = RecordingBackend()
    async with guarded(backend, {}) as f:
        with pytest.raises(FetchError, match=r"cannot resolve nowhere\.example") as err:
            await f.get("http://nowhere.example/")
    assert not isinstance(err.value, AddressRefused)
    assert backend.connects == []


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8080/news/\x12story", "http://[broken/", "http://127.0.0.1:99999/"]
)
async def test_a_link_httpx_cannot_send_is_a_permanent_counted_error(url: str) -> None:
    """A feed's link with a control character or a broken host: one clear error, no retry,
    no connection (before: httpx.InvalidURL escaped and failed the whole feed)."""
    before = metrics.FETCHES.labels("error")._value.get()
    backend = RecordingBackend()
    async with guarded(backend, {}) as f:
        with pytest.raises(FetchError, match="invalid URL") as err:
            await f.get(url)
        assert f.requests_sent == 0
    assert getattr(err.value, "permanent", False)
    assert backend.connects == []
    assert metrics.FETCHES.labels("error")._value.get() == before + 1


async def test_robots_txt_is_guarded_and_counted() -> None:
    backend = RecordingBackend({PUBLIC: answer(404, b"")})
    before = metrics.ROBOTS_FETCHES.labels("404")._value.get()
    refused_before = metrics.ROBOTS_FETCHES.labels("refused")._value.get()
    fetcher = Fetcher(
        user_agent=UA,
        host_delay_s=0.0,
        resolver=StubResolver({"news.example": [PUBLIC], "lan.example": ["10.9.8.7"]}),
        network_backend=backend,
    )
    async with fetcher as f:
        with pytest.raises(FetchError):  # robots.txt 404 allows; the page itself is a 404
            await f.get("http://news.example/story")
        with pytest.raises(AddressRefused):
            await f.get("http://lan.example/story")
    assert metrics.ROBOTS_FETCHES.labels("404")._value.get() == before + 1
    assert metrics.ROBOTS_FETCHES.labels("refused")._value.get() == refused_before + 1
    assert backend.connects == [(PUBLIC, 80), (PUBLIC, 80)]


def _settings(tmp_path: Path, extra: str) -> config.Settings:
    path = tmp_path / "sources.toml"
    path.write_text(
        f'[monitor]\nuser_agent = "{UA}"\nrobots = false\n{extra}\n[councils]\ntrack = ["Hull"]\n',
        encoding="utf-8",
    )
    return config.load(path)


@pytest.mark.parametrize("allow", [False, True])
async def test_allow_private_addresses_config_key(tmp_path: Path, allow: bool) -> None:
    settings = _settings(tmp_path, f"allow_private_addresses = {str(allow).lower()}")
    backend = RecordingBackend({"10.0.0.5": answer(body=b"inside")})
    fetcher = Fetcher.from_settings(
        settings,
        host_delay_s=0.0,
        resolver=StubResolver({"intranet.example": ["10.0.0.5"]}),
        network_backend=backend,
    )
    async with fetcher as f:
        if allow:
            assert (await f.get("http://intranet.example/feed")).content == b"inside"
            assert backend.connects == [("10.0.0.5", 80)]
        else:
            with pytest.raises(AddressRefused):
                await f.get("http://intranet.example/feed")
            assert backend.connects == []


def test_private_addresses_are_refused_by_default(tmp_path: Path) -> None:
    assert _settings(tmp_path, "").monitor.allow_private_addresses is False
