"""A workflow shared by link (`webox.share`, kind `workflow`): its graph read-only, revocable, expiring."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx

from tests.accounts import Account
from tests.workflows.conftest import four_nodes, save


def share(account: Account, workflow_id: str, **extra: Any) -> httpx.Response:
    body = {"kind": "workflow", "target_id": workflow_id, **extra}
    return account.client.post("/api/share-links", json=body, headers=account.csrf())


class TestShareLink:
    def test_anyone_with_the_link_reads_the_graph_without_ids_or_runs(
        self, create_account: Callable[..., Account], new_client: Callable[[], httpx.Client]
    ) -> None:
        owner = create_account()
        workflow = save(owner, four_nodes(), title="Article SEO")
        link = share(owner, workflow["id"])
        assert link.status_code == 201, link.text
        assert link.json()["kind"] == "workflow" and link.json()["title"] == "Article SEO"

        view = new_client().get(f"/api/share-links/public/{link.json()['token']}")
        assert view.status_code == 200, view.text
        shown = view.json()
        assert shown["kind"] == "workflow" and shown["title"] == "Article SEO"
        assert [n["id"] for n in shown["workflow"]["graph"]["nodes"]] == [
            "input",
            "outline",
            "draft",
            "result",
        ]
        assert shown["workflow"]["graph"]["variables"][0]["name"] == "sujet"
        assert workflow["id"] not in view.text and "run_count" not in view.text

    def test_a_new_version_shows_through_the_same_link(self, create_account: Callable[..., Account]) -> None:
        owner = create_account()
        workflow = save(owner, four_nodes())
        token = share(owner, workflow["id"]).json()["token"]
        body = {"title": "Article v2", "graph": four_nodes(), "base_version": 1}
        assert owner.client.put(
            f"/api/workflows/{workflow['id']}", json=body, headers=owner.csrf()
        ).is_success
        shown = owner.client.get(f"/api/share-links/public/{token}").json()
        assert shown["title"] == "Article v2" and shown["workflow"]["version"] == 2

    def test_revoked_then_deleted_workflow_links_stop_working(
        self, create_account: Callable[..., Account], new_client: Callable[[], httpx.Client]
    ) -> None:
        owner = create_account()
        first, second = save(owner, four_nodes()), save(owner, four_nodes())
        revoked, deleted = share(owner, first["id"]).json(), share(owner, second["id"]).json()
        assert (
            owner.client.delete(f"/api/share-links/{revoked['id']}", headers=owner.csrf()).status_code == 204
        )
        assert owner.client.delete(f"/api/workflows/{second['id']}", headers=owner.csrf()).status_code == 204
        visitor = new_client()
        gone = visitor.get(f"/api/share-links/public/{revoked['token']}")
        assert gone.status_code == 410 and gone.json()["code"] == "link_revoked"
        missing = visitor.get(f"/api/share-links/public/{deleted['token']}")
        assert missing.status_code == 404 and missing.json()["code"] == "link_not_found"

    def test_an_expiring_private_link_like_any_other(
        self, create_account: Callable[..., Account], new_client: Callable[[], httpx.Client]
    ) -> None:
        owner = create_account()
        workflow = save(owner, four_nodes())
        link = share(
            owner, workflow["id"], visibility="private", allowed_emails=["x@example.com"], expires_in_hours=24
        )
        assert link.status_code == 201 and link.json()["expires_at"] is not None
        assert new_client().get(f"/api/share-links/public/{link.json()['token']}").status_code == 404

    def test_only_ones_own_workflow_can_be_shared(self, create_account: Callable[..., Account]) -> None:
        owner, other = create_account(), create_account()
        workflow = save(owner, four_nodes())
        refused = share(other, workflow["id"])
        assert refused.status_code == 404 and refused.json()["code"] == "workflows.not_found"
        assert share(owner, "f" * 32).status_code == 404
