"""HTTP clients for URLs a user supplied: they never reach a private, loopback or link-local address.

The check happens where the socket is opened, on the address actually connected to (the network
backend of httpcore, `webox.net.backends`, resolves the name and refuses a non-public result), so DNS
rebinding between a check and the connection, and redirects to an internal host, are refused as well:
every hop goes through the same backend. TLS still verifies the certificate against the host name
(httpcore passes the origin's name as SNI), and proxies from the environment are ignored
(`trust_env=False`).

Locally the fake vendors listen on 127.0.0.1: `WEBOX_PRIVATE_HOSTS_ALLOWED` ("host:port" entries) lets
those through, and only when the platform runs locally (`WEBOX_LOCAL`), never in the cloud.
"""

from __future__ import annotations

import ipaddress
import socket
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import anyio

from webox.config import get_settings
from webox.errors import WeboxError

if TYPE_CHECKING:
    import httpx

MAX_REDIRECTS = 5
DEFAULT_TIMEOUT_S = 10.0
DEFAULT_MAX_BYTES = 1_048_576


class UrlNotAllowed(WeboxError):
    status, code, title = 400, "url_not_allowed", "This address cannot be reached"


class ResponseTooLarge(WeboxError):
    status, code, title = 502, "response_too_large", "The answer is too large"


def _public(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def _allowed_private(host: str, port: int) -> bool:
    settings = get_settings()
    return settings.local and f"{host}:{port}" in settings.private_hosts_allowed


def _pick(host: str, port: int, infos: list[Any]) -> str:
    addresses = [info[4][0] for info in infos]
    if not addresses:
        raise UrlNotAllowed(f"{host} does not resolve")
    if _allowed_private(host, port):
        return str(addresses[0])
    if not all(_public(address) for address in addresses):
        raise UrlNotAllowed(f"{host} resolves to a private, loopback or link-local address")
    return str(addresses[0])


def checked_address(host: str, port: int) -> str:
    """The address to connect to for `host`, refused (`UrlNotAllowed`) unless public or allowed locally."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise UrlNotAllowed(f"{host} does not resolve") from exc
    return _pick(host, port, infos)


async def guarded_address(host: str, port: int) -> str:
    """`checked_address` without blocking the event loop."""
    try:
        infos = await anyio.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise UrlNotAllowed(f"{host} does not resolve") from exc
    return _pick(host, port, infos)


def check_url(url: str, *, https_only: bool = True) -> str:
    """Refuse, before anything is sent, a URL that is not absolute http(s) or carries credentials.

    The address itself is checked when connecting; this gives a clear error at save time."""
    parts = urlsplit(url)
    schemes = {"https"} if https_only and not get_settings().local else {"https", "http"}
    if parts.scheme not in schemes or not parts.hostname:
        raise UrlNotAllowed(f"Only {' or '.join(sorted(schemes))} URLs with a host are accepted")
    if parts.username or parts.password:
        raise UrlNotAllowed("Credentials in a URL are not accepted; use a header")
    try:
        if not _public(parts.hostname) and not _allowed_private(parts.hostname, parts.port or 443):
            raise UrlNotAllowed("Private, loopback and link-local addresses cannot be reached")
    except ValueError:
        pass  # a name, not an address literal: checked when connecting
    return url


async def check_resolved(url: str, *, https_only: bool = True) -> None:
    """`check_url`, then resolve its host and refuse a non-public address now, for a clear error before a
    client that would hide it (a connection still checks the address it actually connects to)."""
    check_url(url, https_only=https_only)
    parts = urlsplit(url)
    await guarded_address(str(parts.hostname), parts.port or (443 if parts.scheme == "https" else 80))


def client(*, timeout_s: float = DEFAULT_TIMEOUT_S, **kwargs: Any) -> httpx.Client:
    """An httpx client that refuses non-public addresses on every connection (redirects included)."""
    # imported here (and below): most requests of the APIs importing this module only check a URL
    import httpcore
    import httpx

    from webox.net.backends import GuardedBackend

    transport = httpx.HTTPTransport()
    transport._pool = httpcore.ConnectionPool(  # httpx offers no public hook for the network backend
        ssl_context=ssl.create_default_context(), network_backend=GuardedBackend()
    )
    return httpx.Client(transport=transport, timeout=timeout_s, trust_env=False, **kwargs)


def async_client(*, timeout_s: float = DEFAULT_TIMEOUT_S, **kwargs: Any) -> httpx.AsyncClient:
    """The async twin of `client` (for SDKs that take an `httpx.AsyncClient`)."""
    import httpcore
    import httpx

    from webox.net.backends import GuardedAsyncBackend

    transport = httpx.AsyncHTTPTransport()
    transport._pool = httpcore.AsyncConnectionPool(
        ssl_context=ssl.create_default_context(), network_backend=GuardedAsyncBackend()
    )
    return httpx.AsyncClient(transport=transport, timeout=timeout_s, trust_env=False, **kwargs)


@dataclass(frozen=True)
class Fetched:
    """An answer read whole (up to a size cap)."""

    status: int
    headers: dict[str, str]
    body: bytes
    url: str

    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


def request(
    method: str,
    url: str,
    *,
    headers: dict[str, str] | None = None,
    content: bytes | str | None = None,
    json: Any = None,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_redirects: int = MAX_REDIRECTS,
    https_only: bool = True,
    check_hop: Callable[[str], None] | None = None,
) -> Fetched:
    """Send one request to a user's URL and read at most `max_bytes` of the answer.

    Redirects are followed by hand, at most `max_redirects`, each target checked like the first URL
    (no downgrade to http); 303, and 301/302 after a POST, continue as a GET without a body, as
    browsers do. `check_hop` (raising to refuse) sees the first URL and every redirect target before
    it is requested (a caller's own allow-list). Connection failures raise `httpx` errors."""
    check_url(url, https_only=https_only)
    if check_hop is not None:
        check_hop(url)
    with client(timeout_s=timeout_s) as http:
        for _ in range(max_redirects + 1):
            with http.stream(method, url, headers=headers, content=content, json=json) as response:
                location = response.headers.get("location")
                if response.is_redirect and location:
                    url = check_url(str(response.url.join(location)), https_only=https_only)
                    if check_hop is not None:
                        check_hop(url)
                    if response.status_code == 303 or (
                        response.status_code in (301, 302) and method.upper() == "POST"
                    ):
                        method, content, json = "GET", None, None
                    continue
                body = bytearray()
                for chunk in response.iter_bytes():
                    body.extend(chunk)
                    if len(body) > max_bytes:
                        raise ResponseTooLarge(f"The answer passed {max_bytes} bytes")
                return Fetched(response.status_code, dict(response.headers), bytes(body), url)
    raise UrlNotAllowed(f"More than {max_redirects} redirects")
