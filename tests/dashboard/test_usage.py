"""Usage statistics, CSV and the administrators' platform view, from the pre-aggregated counters."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.accounts import Account


def usage(account: Account, days: int = 7) -> dict[str, Any]:
    response = account.client.get("/api/usage", params={"days": days})
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def day(days_ago: int) -> str:
    return (datetime.now(UTC) - timedelta(days=days_ago)).date().isoformat()


class TestStatistics:
    def test_sums_and_averages_per_day_model_and_feature(
        self, create_account: Callable[..., Account], record_usage: Callable[..., Any]
    ) -> None:
        # Given three calls today and yesterday, one of them failed
        user = create_account()
        record_usage(
            user.id, 0, input_tokens=100, output_tokens=200, cost=0.0012, ttft_ms=300, duration_ms=1000
        )
        record_usage(
            user.id,
            0,
            model="claude-haiku-4-5",
            vendor="anthropic",
            input_tokens=50,
            output_tokens=70,
            cost=0.0005,
            ttft_ms=500,
            duration_ms=3000,
        )
        record_usage(
            user.id, 1, feature="gateway", status="error", error_code="rate_limited", duration_ms=200
        )

        stats = usage(user, 7)

        assert stats["days"] == 7 and stats["to"] == day(0) and stats["from"] == day(6)
        assert stats["totals"] == {
            "requests": 3,
            "input_tokens": 150,
            "output_tokens": 270,
            "cost_micro_usd": 1700,
            "errors": 1,
            "avg_ttft_ms": 400,  # over the two calls that measured a first token
            "avg_duration_ms": 1400,  # (1000 + 3000 + 200) / 3
        }
        series = {entry["date"]: entry for entry in stats["series"]}
        assert list(series) == [day(n) for n in range(6, -1, -1)]
        assert series[day(0)]["requests"] == 2 and series[day(1)]["errors"] == 1
        assert all(
            series[day(n)]["requests"] == 0 and series[day(n)]["avg_ttft_ms"] is None for n in range(2, 7)
        )
        models = {m["model"]: m for m in stats["by_model"]}
        assert models["claude-haiku-4-5"]["vendor"] == "anthropic"
        assert models["claude-haiku-4-5"]["model_name"] != "claude-haiku-4-5"
        assert models["gpt-4o-mini"]["requests"] == 2 and models["gpt-4o-mini"]["errors"] == 1
        features = {f["feature"]: f["requests"] for f in stats["by_feature"]}
        assert features == {"chat": 2, "gateway": 1}

    def test_the_judges_usage_adds_up_under_verification_whatever_its_counters_were_named(
        self, create_account: Callable[..., Account], record_usage: Callable[..., Any]
    ) -> None:
        user = create_account()
        record_usage(user.id, 0, feature="verdict", cost=0.001)  # counters written before the rename
        record_usage(user.id, 0, feature="verification", cost=0.002)

        features = {f["feature"]: f for f in usage(user, 7)["by_feature"]}

        assert list(features) == ["verification"]
        assert (
            features["verification"]["requests"] == 2 and features["verification"]["cost_micro_usd"] == 3000
        )

    def test_a_media_models_line_is_named_as_the_studio_names_it(
        self, create_account: Callable[..., Account], record_usage: Callable[..., Any]
    ) -> None:
        user = create_account()
        record_usage(user.id, 0, feature="media", model="openai/dall-e-3", vendor="openai")
        [line] = usage(user, 7)["by_model"]
        assert (line["model"], line["model_name"], line["vendor"]) == (
            "openai/dall-e-3",
            "DALL·E 3",
            "openai",
        )

    @pytest.mark.parametrize(("days", "expected"), [(7, 1), (30, 2), (90, 3)])
    def test_the_window_counts_only_its_days(
        self,
        create_account: Callable[..., Account],
        record_usage: Callable[..., Any],
        days: int,
        expected: int,
    ) -> None:
        user = create_account()
        for days_ago in (6, 29, 89, 95):
            record_usage(user.id, days_ago, cost=0.001)
        stats = usage(user, days)
        assert stats["totals"]["requests"] == expected and len(stats["series"]) == days
        assert stats["totals"]["cost_micro_usd"] == 1000 * expected

    def test_only_7_30_or_90_days(self, create_account: Callable[..., Account]) -> None:
        user = create_account()
        response = user.client.get("/api/usage", params={"days": 12})
        assert response.status_code == 422 and response.json()["code"] == "dashboard.invalid_period"

    def test_a_user_sees_only_their_own_usage(
        self, create_account: Callable[..., Account], record_usage: Callable[..., Any]
    ) -> None:
        owner, other = create_account(), create_account()
        record_usage(owner.id, 0, cost=0.5)
        assert usage(other)["totals"]["requests"] == 0
        assert usage(owner)["totals"]["cost_micro_usd"] == 500_000

    def test_signed_out_is_401(self, api: Any) -> None:
        assert api.get("/api/usage").status_code == 401


class TestCsv:
    def test_one_row_per_day_feature_and_model(
        self, create_account: Callable[..., Account], record_usage: Callable[..., Any]
    ) -> None:
        user = create_account()
        record_usage(user.id, 0, input_tokens=10, output_tokens=20, cost=0.0001, ttft_ms=100, duration_ms=400)
        record_usage(user.id, 0, input_tokens=30, output_tokens=40, cost=0.0002, ttft_ms=300, duration_ms=600)
        record_usage(user.id, 2, feature="gateway", model="gpt-4o", cost=0.003)

        response = user.client.get("/api/usage/export.csv", params={"days": 30})

        assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
        assert "attachment" in response.headers["content-disposition"]
        rows = list(csv.DictReader(io.StringIO(response.text)))
        assert [(r["date"], r["feature"], r["model"]) for r in rows] == [
            (day(2), "gateway", "gpt-4o"),
            (day(0), "chat", "gpt-4o-mini"),
        ]
        today = rows[1]
        assert (today["requests"], today["input_tokens"], today["output_tokens"]) == ("2", "40", "60")
        assert (today["cost_micro_usd"], today["avg_ttft_ms"], today["avg_duration_ms"]) == (
            "300",
            "200",
            "500",
        )
        assert today["vendor"] == "openai" and rows[0]["avg_ttft_ms"] == ""


class TestAdminView:
    def test_only_administrators(self, create_account: Callable[..., Account]) -> None:
        user = create_account()
        response = user.client.get("/api/usage/admin")
        assert response.status_code == 403

    def test_platform_totals_top_users_and_errors_by_vendor(
        self,
        create_account: Callable[..., Account],
        create_admin: Callable[..., Account],
        record_usage: Callable[..., Any],
    ) -> None:
        spender, saver = create_account(), create_account()
        record_usage(spender.id, 0, cost=0.02)
        record_usage(spender.id, 3, model="claude-haiku-4-5", vendor="anthropic", status="error", cost=0.0)
        record_usage(saver.id, 1, cost=0.001)
        admin = create_admin()

        response = admin.client.get("/api/usage/admin", params={"days": 7})

        assert response.status_code == 200, response.text
        stats = response.json()
        assert stats["totals"]["requests"] == 3 and stats["totals"]["cost_micro_usd"] == 21_000
        assert [(u["email"], u["cost_micro_usd"]) for u in stats["by_user"]] == [
            (spender.email, 20_000),
            (saver.email, 1_000),
        ]
        vendors = {v["vendor"]: v for v in stats["errors_by_vendor"]}
        assert vendors["anthropic"] == {"vendor": "anthropic", "errors": 1, "requests": 1, "error_rate": 1.0}
        assert vendors["openai"]["errors"] == 0 and vendors["openai"]["requests"] == 2
        assert len(stats["series"]) == 7
