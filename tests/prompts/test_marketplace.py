"""The marketplace: publishing, public listing with search and sort orders, ratings, uses, forks,
reports and moderation."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
from webox.prompts.models import PromptVote

from tests.accounts import Account

Factory = Callable[..., dict[str, Any]]


def listing(client: httpx.Client, **params: Any) -> list[str]:
    response = client.get("/api/prompts/marketplace", params=params)
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["items"]]


def rate(account: Account, prompt_id: str, stars: int) -> httpx.Response:
    return account.client.post(
        f"/api/prompts/{prompt_id}/rate", json={"stars": stars}, headers=account.csrf()
    )


class TestPublishing:
    def test_published_prompts_are_public_until_unpublished(
        self, create_account: Callable[..., Account], publish: Factory, new_client: Callable[[], httpx.Client]
    ) -> None:
        author, reader = create_account(name="Camille"), create_account()
        prompt = publish(author)
        assert prompt["published"] is True
        assert prompt["stats"] == {"rating_avg": 0.0, "rating_count": 0, "uses": 0, "forks": 0}
        stranger = new_client()
        items = stranger.get("/api/prompts/marketplace").json()["items"]
        assert [(i["id"], i["author_name"], i["title"]) for i in items] == [
            (prompt["id"], "Camille", prompt["title"])
        ]
        seen = reader.client.get(f"/api/prompts/{prompt['id']}").json()
        assert (seen["source"], seen["author_name"], seen["my_stars"]) == ("marketplace", "Camille", None)

        # An edit of a published prompt updates its listing.
        author.client.patch(
            f"/api/prompts/{prompt['id']}", json={"title": "Réunion express"}, headers=author.csrf()
        )
        item = stranger.get("/api/prompts/marketplace").json()["items"][0]
        assert (item["title"], item["variables"][0]["name"]) == ("Réunion express", "notes")

        unpublished = author.client.post(
            f"/api/prompts/{prompt['id']}/unpublish", headers=author.csrf()
        ).json()
        assert unpublished["published"] is False
        assert listing(stranger) == []
        assert reader.client.get(f"/api/prompts/{prompt['id']}").json()["code"] == "prompt_not_found"


class TestSearchAndSort:
    def test_search_ignores_accents_and_case_and_filters_by_category(
        self, create_account: Callable[..., Account], publish: Factory, new_client: Callable[[], httpx.Client]
    ) -> None:
        author = create_account()
        writing = publish(author, title="Écriture créative", category="ecriture")
        slogans = publish(
            author, title="Slogans", description="Des accroches qui marquent", category="marketing"
        )
        sql = publish(author, title="Requête SQL", description="Pour PostgreSQL", category="code")
        client = new_client()
        assert listing(client, q="ecriture") == [writing["id"]]
        assert listing(client, q="ÉCRITURE Créative") == [writing["id"]]
        assert listing(client, q="sql requete") == [sql["id"]]
        assert listing(client, q="accroches") == [slogans["id"]]  # the description is searched too
        assert listing(client, category="marketing") == [slogans["id"]]
        assert listing(client, category="marketing", q="ecriture") == []
        assert (
            client.get("/api/prompts/marketplace", params={"category": "cuisine"}).json()["code"]
            == "unknown_category"
        )

    def test_sort_by_rating_uses_and_recency_with_cursors(
        self, create_account: Callable[..., Account], publish: Factory, new_client: Callable[[], httpx.Client]
    ) -> None:
        author, fan = create_account(), create_account()
        first, second, third = (publish(author, title=f"Prompt {n}")["id"] for n in range(3))
        rate(fan, first, 5)
        rate(fan, second, 4)
        for _ in range(3):
            fan.client.post(f"/api/prompts/{second}/use", headers=fan.csrf())
        fan.client.post(f"/api/prompts/{first}/use", headers=fan.csrf())
        client = new_client()
        assert listing(client) == listing(client, sort="rating") == [first, second, third]
        assert listing(client, sort="uses") == [second, first, third]
        assert listing(client, sort="recent") == [third, second, first]

        seen, cursor = [], None
        while True:
            page = client.get(
                "/api/prompts/marketplace",
                params={"sort": "recent", "limit": 1, **({"cursor": cursor} if cursor else {})},
            ).json()
            seen += [item["id"] for item in page["items"]]
            if not (cursor := page["next_cursor"]):
                break
        assert seen == [third, second, first]
        recent_cursor = client.get("/api/prompts/marketplace", params={"sort": "recent", "limit": 1}).json()[
            "next_cursor"
        ]
        for params in ({"sort": "rating"}, {"sort": "recent", "category": "code"}):
            mixed = client.get("/api/prompts/marketplace", params={**params, "cursor": recent_cursor})
            assert mixed.status_code == 400 and mixed.json()["code"] == "invalid_cursor"


class TestRating:
    def test_one_vote_per_user_and_voting_again_replaces_it(
        self, create_account: Callable[..., Account], publish: Factory
    ) -> None:
        author, alice, bob = create_account(), create_account(), create_account()
        prompt_id = publish(author)["id"]
        assert rate(alice, prompt_id, 5).json() == {"rating_avg": 5.0, "rating_count": 1, "my_stars": 5}
        assert rate(alice, prompt_id, 3).json() == {"rating_avg": 3.0, "rating_count": 1, "my_stars": 3}
        assert rate(bob, prompt_id, 4).json() == {"rating_avg": 3.5, "rating_count": 2, "my_stars": 4}
        assert rate(bob, prompt_id, 4).json() == {"rating_avg": 3.5, "rating_count": 2, "my_stars": 4}
        assert len(list(PromptVote.query(prompt_id))) == 2
        seen = alice.client.get(f"/api/prompts/{prompt_id}").json()
        assert seen["my_stars"] == 3 and seen["stats"]["rating_count"] == 2

        own = rate(author, prompt_id, 5)
        assert own.status_code == 403 and own.json()["code"] == "cannot_rate_own"
        assert [rate(alice, prompt_id, stars).status_code for stars in (0, 6)] == [422, 422]
        author.client.post(f"/api/prompts/{prompt_id}/unpublish", headers=author.csrf())
        assert rate(alice, prompt_id, 2).json()["code"] == "prompt_not_found"

    def test_the_average_is_exact_when_several_users_vote_at_once(
        self, create_account: Callable[..., Account], publish: Factory
    ) -> None:
        author = create_account()
        voters = [create_account() for _ in range(4)]
        prompt_id = publish(author)["id"]
        stars = [5, 4, 2, 1]
        with ThreadPoolExecutor(max_workers=len(voters)) as pool:
            results = list(
                pool.map(lambda pair: rate(pair[0], prompt_id, pair[1]), zip(voters, stars, strict=True))
            )
        assert [r.status_code for r in results] == [200] * len(voters)
        stats = author.client.get(f"/api/prompts/{prompt_id}").json()["stats"]
        assert (stats["rating_avg"], stats["rating_count"]) == (3.0, 4)


class TestUseAndFork:
    def test_uses_and_forks_are_counted_and_a_fork_remembers_its_source(
        self, create_account: Callable[..., Account], publish: Factory
    ) -> None:
        author, reader = create_account(), create_account()
        prompt = publish(author)
        for account in (reader, reader, author):
            assert (
                account.client.post(f"/api/prompts/{prompt['id']}/use", headers=account.csrf()).status_code
                == 204
            )
        assert (
            reader.client.post("/api/prompts/quiz/use", headers=reader.csrf()).status_code == 204
        )  # built-in

        forked = reader.client.post(f"/api/prompts/{prompt['id']}/fork", headers=reader.csrf())
        assert forked.status_code == 201
        copy = forked.json()
        assert (copy["source"], copy["forked_from"], copy["version"], copy["published"]) == (
            "own",
            prompt["id"],
            1,
            False,
        )
        assert copy["body"] == prompt["body"] and copy["variables"] == prompt["variables"]
        assert [p["id"] for p in reader.client.get("/api/prompts").json()["items"]] == [copy["id"]]
        stats = author.client.get(f"/api/prompts/{prompt['id']}").json()["stats"]
        assert (stats["uses"], stats["forks"]) == (3, 1)


class TestReportsAndModeration:
    def test_a_user_reports_once_and_administrators_see_open_reports(
        self, create_account: Callable[..., Account], create_admin: Callable[..., Account], publish: Factory
    ) -> None:
        author, reporter, other = create_account(), create_account(), create_account()
        prompt = publish(author)
        path = f"/api/prompts/{prompt['id']}/report"
        first = reporter.client.post(path, json={"reason": "spam", "details": "Pub"}, headers=reporter.csrf())
        assert first.status_code == 201 and first.json()["status"] == "open"
        again = reporter.client.post(path, json={"reason": "other"}, headers=reporter.csrf())
        assert again.status_code == 409 and again.json()["code"] == "already_reported"
        own = author.client.post(path, json={"reason": "spam"}, headers=author.csrf())
        assert own.status_code == 403 and own.json()["code"] == "cannot_report_own"
        bad = other.client.post(path, json={"reason": "boring"}, headers=other.csrf())
        assert bad.status_code == 422
        other.client.post(path, json={"reason": "inappropriate"}, headers=other.csrf())

        assert reporter.client.get("/api/prompts/admin/reports").status_code == 403
        admin = create_admin()
        reports = admin.client.get("/api/prompts/admin/reports").json()["items"]
        assert [(r["reporter_id"], r["reason"], r["prompt_title"]) for r in reports] == [
            (other.id, "inappropriate", prompt["title"]),
            (reporter.id, "spam", prompt["title"]),
        ]

    def test_an_administrator_unpublishes_for_good_and_closes_the_reports(
        self,
        create_account: Callable[..., Account],
        create_admin: Callable[..., Account],
        publish: Factory,
        new_client: Callable[[], httpx.Client],
    ) -> None:
        author, reporter = create_account(), create_account()
        prompt_id = publish(author)["id"]
        reporter.client.post(
            f"/api/prompts/{prompt_id}/report", json={"reason": "spam"}, headers=reporter.csrf()
        )
        path = f"/api/prompts/{prompt_id}/admin-unpublish"
        refused = reporter.client.post(path, json={"reason": "x"}, headers=reporter.csrf())
        assert refused.status_code == 403 and listing(new_client()) == [prompt_id]

        admin = create_admin()
        assert admin.client.post(path, json={"reason": "Publicité"}, headers=admin.csrf()).status_code == 204
        assert listing(new_client()) == []
        assert admin.client.get("/api/prompts/admin/reports").json()["items"] == []
        mine = author.client.get(f"/api/prompts/{prompt_id}").json()
        assert (mine["published"], mine["moderated"]) == (False, True)
        again = author.client.post(f"/api/prompts/{prompt_id}/publish", headers=author.csrf())
        assert again.status_code == 403 and again.json()["code"] == "prompt_moderated"
        assert (
            admin.client.post(
                "/api/prompts/0123456789abcdef0123456789abcdef/admin-unpublish", headers=admin.csrf()
            ).status_code
            == 404
        )


class TestReportReceipt:
    def test_the_reporter_does_not_learn_the_owners_user_id(
        self, create_account: Callable[..., Account], publish: Factory
    ) -> None:
        author, reporter = create_account(), create_account()
        prompt = publish(author)
        response = reporter.client.post(
            f"/api/prompts/{prompt['id']}/report", json={"reason": "spam"}, headers=reporter.csrf()
        )
        assert response.status_code == 201 and response.json()["reason"] == "spam"
        assert "owner_id" not in response.json() and author.id not in response.text
