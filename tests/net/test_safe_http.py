"""User-supplied URLs never reach a private address: checked on the address connected to, on every hop."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from webox.config import get_settings
from webox.net import safe_http
from webox.net.safe_http import ResponseTooLarge, UrlNotAllowed


class _Handler(BaseHTTPRequestHandler):
    """`/hello` answers JSON; `/to?url=` redirects there (303); `/big` answers 64 KB."""

    def log_message(self, *args: object) -> None:
        pass

    def _answer(self) -> None:
        if self.path.startswith("/to?url="):
            self.send_response(303)
            self.send_header("Location", self.path.removeprefix("/to?url="))
            self.end_headers()
            return
        length = int(self.headers.get("content-length") or 0)
        received = self.rfile.read(length).decode() if length else ""
        body = (
            b"x" * 65536
            if self.path == "/big"
            else json.dumps({"method": self.command, "body": received}).encode()
        )
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer


@pytest.fixture(scope="module")
def servers() -> Iterator[tuple[int, int]]:
    """Two local servers: the first will be allowed, the second stays private."""
    started = [ThreadingHTTPServer(("127.0.0.1", 0), _Handler) for _ in range(2)]
    for server in started:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    yield started[0].server_port, started[1].server_port
    for server in started:
        server.shutdown()


@pytest.fixture
def settings(monkeypatch: pytest.MonkeyPatch, servers: tuple[int, int]) -> Iterator[None]:
    monkeypatch.setenv("WEBOX_LOCAL", "true")
    monkeypatch.setenv("WEBOX_PRIVATE_HOSTS_ALLOWED", json.dumps([f"127.0.0.1:{servers[0]}"]))
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


class TestCheckUrl:
    @pytest.mark.parametrize(
        "url",
        [
            "http://169.254.169.254/latest/meta-data/",
            "https://127.0.0.1/",
            "https://10.0.0.8/",
            "https://[::1]/",
            "https://[::ffff:127.0.0.1]/",
            "https://192.168.1.1/",
            "https://user:secret@example.com/",
            "ftp://example.com/",
            "file:///etc/passwd",
            "/relative",
        ],
    )
    def test_refuses_before_sending(self, url: str) -> None:
        with pytest.raises(UrlNotAllowed):
            safe_http.check_url(url)

    def test_http_only_locally(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("WEBOX_LOCAL", "false")
        get_settings.cache_clear()
        try:
            with pytest.raises(UrlNotAllowed):
                safe_http.check_url("http://example.com/")
            assert safe_http.check_url("https://example.com/x") == "https://example.com/x"
        finally:
            get_settings.cache_clear()


@pytest.mark.usefixtures("settings")
class TestRequest:
    def test_allowed_local_server_answers(self, servers: tuple[int, int]) -> None:
        answer = safe_http.request("POST", f"http://127.0.0.1:{servers[0]}/hello", json={"a": 1})
        assert answer.status == 200
        assert json.loads(answer.body) == {"method": "POST", "body": '{"a":1}'}

    def test_a_name_resolving_to_loopback_is_refused_when_connecting(self, servers: tuple[int, int]) -> None:
        with pytest.raises(UrlNotAllowed, match="private"):
            safe_http.request("GET", f"http://localhost:{servers[1]}/hello")

    def test_a_redirect_to_a_private_address_is_refused(self, servers: tuple[int, int]) -> None:
        target = f"http://localhost:{servers[1]}/hello"
        with pytest.raises(UrlNotAllowed):
            safe_http.request("GET", f"http://127.0.0.1:{servers[0]}/to?url={target}")

    def test_a_redirect_to_metadata_is_refused(self, servers: tuple[int, int]) -> None:
        target = "http://169.254.169.254/latest/meta-data/"
        with pytest.raises(UrlNotAllowed):
            safe_http.request("GET", f"http://127.0.0.1:{servers[0]}/to?url={target}")

    def test_303_continues_as_get(self, servers: tuple[int, int]) -> None:
        target = f"http://127.0.0.1:{servers[0]}/hello"
        answer = safe_http.request("POST", f"http://127.0.0.1:{servers[0]}/to?url={target}", content=b"x")
        assert json.loads(answer.body)["method"] == "GET"

    def test_redirect_loops_end(self, servers: tuple[int, int]) -> None:
        base = f"http://127.0.0.1:{servers[0]}"
        with pytest.raises(UrlNotAllowed, match="redirects"):
            safe_http.request("GET", f"{base}/to?url={base}/to?url={base}/hello", max_redirects=1)

    def test_answers_over_the_cap_are_cut(self, servers: tuple[int, int]) -> None:
        with pytest.raises(ResponseTooLarge):
            safe_http.request("GET", f"http://127.0.0.1:{servers[0]}/big", max_bytes=1000)

    def test_the_plain_client_guards_too(self, servers: tuple[int, int]) -> None:
        with safe_http.client() as http, pytest.raises(UrlNotAllowed):
            http.get(f"http://127.0.0.1:{servers[1]}/hello")

    def test_the_async_client_guards_too(self, servers: tuple[int, int]) -> None:
        async def calls() -> None:
            async with safe_http.async_client() as http:
                assert (await http.get(f"http://127.0.0.1:{servers[0]}/hello")).status_code == 200
                with pytest.raises(UrlNotAllowed):
                    await http.get(f"http://localhost:{servers[1]}/hello")
                with pytest.raises(UrlNotAllowed):
                    await http.get("http://[::1]:9/")

        asyncio.run(calls())

    def test_the_httpx2_client_for_mcp_guards_every_connection(self, servers: tuple[int, int]) -> None:
        from webox.net import safe_httpx2

        async def calls() -> None:
            async with safe_httpx2.async_client(follow_redirects=True) as http:
                assert (await http.get(f"http://127.0.0.1:{servers[0]}/hello")).status_code == 200
                with pytest.raises(UrlNotAllowed):
                    await http.get(f"http://localhost:{servers[1]}/hello")
                # A redirect from an allowed server to one that is not is refused at its connection.
                with pytest.raises(UrlNotAllowed):
                    await http.get(
                        f"http://127.0.0.1:{servers[0]}/to?url=http://127.0.0.1:{servers[1]}/hello"
                    )
                with pytest.raises(UrlNotAllowed):
                    await safe_http.check_resolved(f"http://localhost:{servers[1]}/mcp")

        asyncio.run(calls())
