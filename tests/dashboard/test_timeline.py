"""The history: one searchable, dated, paginated list of the user's conversations (and media, jobs)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from tests.accounts import Account


def conversation(account: Account, title: str) -> str:
    response = account.client.post("/api/conversations", json={"title": title}, headers=account.csrf())
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def timeline(account: Account, **params: Any) -> dict[str, Any]:
    response = account.client.get("/api/timeline", params=params)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


class TestTimeline:
    def test_newest_first_with_where_to_open_each(self, create_account: Callable[..., Account]) -> None:
        user = create_account()
        first, second = conversation(user, "Recettes d'hiver"), conversation(user, "Été à Paris")
        page = timeline(user)
        assert [(i["kind"], i["id"], i["path"]) for i in page["items"]] == [
            ("conversation", second, f"/chat/{second}"),
            ("conversation", first, f"/chat/{first}"),
        ]
        assert page["items"][0]["title"] == "Été à Paris" and page["next_cursor"] is None

    def test_search_ignores_case_and_accents(self, create_account: Callable[..., Account]) -> None:
        user = create_account()
        conversation(user, "Budget 2027")
        wanted = conversation(user, "Été à Paris")
        assert [i["id"] for i in timeline(user, q="ete")["items"]] == [wanted]

    def test_pages_follow_each_other_without_gap_or_repeat(
        self, create_account: Callable[..., Account]
    ) -> None:
        user = create_account()
        made = [conversation(user, f"Sujet {n}") for n in range(5)]
        seen: list[str] = []
        cursor = None
        for _ in range(5):
            page = timeline(user, limit=2, **({"cursor": cursor} if cursor else {}))
            seen += [i["id"] for i in page["items"]]
            cursor = page["next_cursor"]
            if cursor is None:
                break
        assert seen == list(reversed(made))

    def test_dates_bound_the_list(self, create_account: Callable[..., Account]) -> None:
        user = create_account()
        conversation(user, "Aujourd'hui")
        today = datetime.now(UTC).date()
        assert len(timeline(user, **{"from": today.isoformat(), "to": today.isoformat()})["items"]) == 1
        yesterday = (today - timedelta(days=1)).isoformat()
        assert timeline(user, to=yesterday)["items"] == []
        response = user.client.get("/api/timeline", params={"from": today.isoformat(), "to": yesterday})
        assert response.status_code == 422

    def test_kinds_filter(self, create_account: Callable[..., Account]) -> None:
        user = create_account()
        conversation(user, "Une conversation")
        assert len(timeline(user, kind="conversation")["items"]) == 1
        assert [i for i in timeline(user, kind="media")["items"] if i["kind"] != "media"] == []

    def test_another_users_items_never_appear(self, create_account: Callable[..., Account]) -> None:
        owner, other = create_account(), create_account()
        conversation(owner, "Privé")
        assert timeline(other)["items"] == []

    def test_a_forged_cursor_is_refused(self, create_account: Callable[..., Account]) -> None:
        user = create_account()
        response = user.client.get("/api/timeline", params={"cursor": "%%%not-base64"})
        assert response.status_code == 422 and response.json()["code"] == "invalid_cursor"


class TestMediaInTheTimeline:
    def test_jobs_and_their_images_join_conversations(
        self, create_account: Callable[..., Account], simulators: dict[str, Any]
    ) -> None:
        from tests.media.conftest import post_job, wait_job

        user = create_account()
        older = conversation(user, "Avant l'image")
        job_id = post_job(
            user, "/api/media/images", {"model": "openai/gpt-image-1", "prompt": "Un phare en été"}
        )
        job = wait_job(user, job_id)
        assert job["status"] == "succeeded", job
        newer = conversation(user, "Après l'image")

        items = timeline(user)["items"]

        kinds = [(i["kind"], i["id"]) for i in items]
        assert kinds[0] == ("conversation", newer) and kinds[-1] == ("conversation", older)
        assert ("job", job_id) in kinds and ("media", job["outputs"][0]["media_id"]) in kinds
        media = next(i for i in items if i["kind"] == "media")
        assert media["title"] == "Un phare en été" and media["path"] == "/images"
        assert [i["kind"] for i in timeline(user, kind="job")["items"]] == ["job"]
        assert [i["id"] for i in timeline(user, q="phare", kind="job")["items"]] == [job_id]
        assert timeline(user, q="phare", kind="conversation")["items"] == []
