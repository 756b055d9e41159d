"""The workflow marketplace on the shared mechanics (`webox.marketplace`): ratings, reports, the
moderators' queue and removal for good, counters kept across an unpublish."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.accounts import PASSWORD, Account, wait_deleted
from tests.workflows.conftest import four_nodes, save

Published = Callable[[Account], str]


@pytest.fixture
def publish() -> Published:
    """A workflow of `author`, published: its id."""

    def make(author: Account) -> str:
        workflow_id = str(save(author, four_nodes(), title="Article SEO")["id"])
        response = author.client.post(f"/api/workflows/{workflow_id}/publish", headers=author.csrf())
        assert response.status_code == 200, response.text
        return workflow_id

    return make


def rate(account: Account, workflow_id: str, stars: int) -> Any:
    return account.client.put(
        f"/api/workflows/market/{workflow_id}/rating", json={"stars": stars}, headers=account.csrf()
    )


def report(account: Account, workflow_id: str, reason: str = "spam") -> Any:
    return account.client.post(
        f"/api/workflows/market/{workflow_id}/report",
        json={"reason": reason, "details": "Publicité"},
        headers=account.csrf(),
    )


class TestRatings:
    def test_one_vote_per_user_which_a_new_vote_replaces(
        self, create_account: Callable[..., Account], publish: Published
    ) -> None:
        author, first, second = create_account(), create_account(), create_account()
        workflow_id = publish(author)
        own = rate(author, workflow_id, 5)
        assert own.status_code == 422 and own.json()["code"] == "workflows.cannot_rate_own"
        assert rate(first, workflow_id, 2).json() == {"rating_avg": 2.0, "rating_count": 1, "my_stars": 2}
        assert rate(second, workflow_id, 5).json()["rating_avg"] == 3.5
        assert rate(first, workflow_id, 4).json() == {"rating_avg": 4.5, "rating_count": 2, "my_stars": 4}

    def test_unpublishing_then_publishing_again_keeps_ratings_and_counters(
        self, create_account: Callable[..., Account], publish: Published
    ) -> None:
        author, other = create_account(), create_account()
        workflow_id = publish(author)
        rate(other, workflow_id, 4)
        assert other.client.post(f"/api/workflows/market/{workflow_id}/fork", headers=other.csrf()).is_success
        unlisted = author.client.post(f"/api/workflows/{workflow_id}/unpublish", headers=author.csrf())
        assert unlisted.status_code == 200 and unlisted.json()["published"] is False
        gone = other.client.get(f"/api/workflows/market/{workflow_id}")
        assert gone.status_code == 404 and gone.json()["code"] == "workflows.not_published"
        assert rate(other, workflow_id, 1).status_code == 404
        assert author.client.post(f"/api/workflows/{workflow_id}/publish", headers=author.csrf()).is_success
        entry = other.client.get(f"/api/workflows/market/{workflow_id}").json()
        assert (entry["rating_avg"], entry["rating_count"], entry["forks"]) == (4.0, 1, 1)


class TestReports:
    def test_a_user_reports_once_and_only_administrators_see_the_queue(
        self,
        create_account: Callable[..., Account],
        create_admin: Callable[..., Account],
        publish: Published,
    ) -> None:
        author, reporter = create_account(), create_account()
        workflow_id = publish(author)
        own = report(author, workflow_id)
        assert own.status_code == 422 and own.json()["code"] == "workflows.cannot_report_own"
        receipt = report(reporter, workflow_id)
        assert receipt.status_code == 201, receipt.text
        assert receipt.json()["workflow_title"] == "Article SEO" and "owner_id" not in receipt.json()
        again = report(reporter, workflow_id, "other")
        assert again.status_code == 409 and again.json()["code"] == "workflows.already_reported"
        assert report(reporter, "f" * 32).status_code == 404

        assert reporter.client.get("/api/workflows/admin/reports").status_code == 403
        queue = create_admin().client.get("/api/workflows/admin/reports").json()["items"]
        mine = [r for r in queue if r["workflow_id"] == workflow_id]
        assert [(r["reporter_id"], r["owner_id"], r["reason"]) for r in mine] == [
            (reporter.id, author.id, "spam")
        ]

    def test_a_moderator_removes_a_workflow_for_good_and_closes_its_reports(
        self,
        create_account: Callable[..., Account],
        create_admin: Callable[..., Account],
        publish: Published,
    ) -> None:
        author, reporter = create_account(), create_account()
        workflow_id = publish(author)
        report(reporter, workflow_id)
        path = f"/api/workflows/market/{workflow_id}/admin-unpublish"
        assert reporter.client.post(path, json={}, headers=reporter.csrf()).status_code == 403
        admin = create_admin()
        assert admin.client.post(path, json={"reason": "Publicité"}, headers=admin.csrf()).status_code == 204

        assert reporter.client.get(f"/api/workflows/market/{workflow_id}").status_code == 404
        queue = admin.client.get("/api/workflows/admin/reports").json()["items"]
        assert all(r["workflow_id"] != workflow_id for r in queue)
        assert author.client.get(f"/api/workflows/{workflow_id}").json()["published"] is False
        again = author.client.post(f"/api/workflows/{workflow_id}/publish", headers=author.csrf())
        assert again.status_code == 403 and again.json()["code"] == "workflows.moderated"
        unknown = f"/api/workflows/market/{'f' * 32}/admin-unpublish"
        assert admin.client.post(unknown, json={}, headers=admin.csrf()).status_code == 404


class TestAccountDeletion:
    def test_a_deleted_accounts_votes_leave_the_ratings_and_its_reports_go(
        self,
        create_account: Callable[..., Account],
        create_admin: Callable[..., Account],
        publish: Published,
    ) -> None:
        author, leaving, staying = create_account(), create_account(), create_account()
        workflow_id = publish(author)
        rate(leaving, workflow_id, 1)
        rate(staying, workflow_id, 5)
        report(leaving, workflow_id)
        deleted = leaving.client.post(
            "/api/account/delete", json={"password": PASSWORD}, headers=leaving.csrf()
        )
        assert deleted.status_code == 202, deleted.text
        wait_deleted(leaving.id)  # the deletion runs as a task
        entry = staying.client.get(f"/api/workflows/market/{workflow_id}").json()
        assert (entry["rating_avg"], entry["rating_count"]) == (5.0, 1)
        queue = create_admin().client.get("/api/workflows/admin/reports").json()["items"]
        assert all(r["reporter_id"] != leaving.id for r in queue)
