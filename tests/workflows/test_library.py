"""The library: versions (diff, restore), export and import, isolation, the HTTP node's allowed hosts."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from threading import Thread
from typing import Any

import pytest

from tests.accounts import Account
from tests.workflows.conftest import chain, four_nodes, node, outputs, save, start, wait_run


class TestVersions:
    def test_each_save_is_a_version_with_a_diff_and_a_restore(
        self, create_account: Callable[..., Account]
    ) -> None:
        account = create_account()
        workflow = save(account, four_nodes())
        graph = four_nodes()
        graph["nodes"][1]["config"]["model"] = "mistral-small-latest"
        graph["nodes"].append(node("meta", "prompt", model="gpt-4o-mini", template="Titre pour {{draft}}"))
        graph["edges"].append({"source": "draft", "target": "meta"})
        url = f"/api/workflows/{workflow['id']}"
        body = {"title": "Article v2", "graph": graph, "base_version": 1}
        saved = account.client.put(url, json=body, headers=account.csrf())
        assert saved.status_code == 200 and saved.json()["version"] == 2
        stale = account.client.put(url, json=body, headers=account.csrf())
        assert stale.status_code == 409 and stale.json()["code"] == "workflows.edit_conflict"

        diff = account.client.get(f"{url}/diff?a=1&b=2").json()
        assert diff["title_changed"] is True
        assert {(c["node"], c["change"]) for c in diff["nodes"]} == {
            ("outline", "changed"),
            ("meta", "added"),
        }
        assert diff["edges_added"] == [{"source": "draft", "target": "meta", "branch": None}]

        restored = account.client.post(f"{url}/versions/1/restore", headers=account.csrf()).json()
        assert restored["version"] == 3 and restored["title"] == "Article"
        assert restored["graph"] == workflow["graph"]
        versions = account.client.get(f"{url}/versions").json()["items"]
        assert [(v["version"], v["source"]) for v in versions] == [(3, "restore"), (2, "edit"), (1, "create")]

    def test_export_then_import_gives_the_same_workflow(self, create_account: Callable[..., Account]) -> None:
        account = create_account()
        workflow = save(account, four_nodes())
        exported = account.client.get(f"/api/workflows/{workflow['id']}/export").json()
        text = json.dumps(exported)  # a file on the user's disk
        imported = account.client.post(
            "/api/workflows/import",
            content=text,
            headers={**account.csrf(), "content-type": "application/json"},
        )
        assert imported.status_code == 201, imported.text
        again = imported.json()
        assert again["id"] != workflow["id"]
        assert (again["title"], again["description"], again["lang"], again["graph"]) == (
            workflow["title"],
            workflow["description"],
            workflow["lang"],
            workflow["graph"],
        )
        bad = account.client.post("/api/workflows/import", json={"format": "other"}, headers=account.csrf())
        assert bad.status_code == 422

    def test_another_users_workflow_answers_404(self, create_account: Callable[..., Account]) -> None:
        owner, stranger = create_account(), create_account()
        workflow = save(owner, four_nodes())
        url = f"/api/workflows/{workflow['id']}"
        assert stranger.client.get(url).status_code == 404
        assert stranger.client.delete(url, headers=stranger.csrf()).status_code == 404
        assert (
            stranger.client.post(
                f"{url}/runs", json={"values": {"sujet": "x"}}, headers=stranger.csrf()
            ).status_code
            == 404
        )
        assert stranger.client.post(f"{url}/publish", headers=stranger.csrf()).status_code == 404
        assert owner.client.get(url).status_code == 200


class _Api(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = json.dumps({"weather": "ensoleillé", "path": self.path}).encode()
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def local_api(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A local HTTP API the HTTP node may reach (only through WEBOX_PRIVATE_HOSTS_ALLOWED)."""
    from webox.config import get_settings

    server = ThreadingHTTPServer(("127.0.0.1", 0), _Api)
    Thread(target=server.serve_forever, daemon=True).start()
    host = f"127.0.0.1:{server.server_address[1]}"
    settings = get_settings()
    monkeypatch.setattr(settings, "private_hosts_allowed", [*settings.private_hosts_allowed, host])
    yield host
    server.shutdown()


class TestHttpNode:
    def test_an_allowed_host_is_called_and_another_refused(
        self, create_account: Callable[..., Account], local_api: str
    ) -> None:
        account = create_account()

        def graph(allowed: list[str]) -> dict[str, Any]:
            return {
                "variables": [{"name": "ville", "label": "Ville", "type": "text"}],
                "allowed_hosts": allowed,
                "nodes": [
                    node("input", "input"),
                    node("meteo", "http", url=f"http://{local_api}/meteo?ville={{{{ville}}}}"),
                    node("result", "output", template="{{meteo}}"),
                ],
                "edges": chain("input", "meteo", "result"),
            }

        ok = save(account, graph([local_api]))
        run = wait_run(account, start(account, ok["id"], {"ville": "Lyon"})["id"])
        assert run["status"] == "succeeded", run
        assert json.loads(outputs(run)["meteo"]["text"]) == {
            "weather": "ensoleillé",
            "path": "/meteo?ville=Lyon",
        }

        refused = save(account, graph(["api.example.com"]))
        failed = wait_run(account, start(account, refused["id"], {"ville": "Lyon"})["id"])
        assert failed["status"] == "failed"
        assert failed["error"]["code"] == "workflows.host_not_allowed"
