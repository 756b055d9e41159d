"""The dashboard, the settings pages and billing in a real browser (the API is tested in tests/dashboard,
tests/billing): chat with two simulated models, see it in the charts, export the CSV, add a key, upgrade."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from webox.auth import accounts

from tests.accounts import PASSWORD
from tests.e2e.test_chat import sign_up

pytestmark = pytest.mark.browser

MODELS = ["gpt-4o-mini", "claude-haiku-4-5"]


def chat_with(page: Page, models: list[str], message: str, *, verdict: bool = True) -> None:
    page.goto("/chat")
    expect(page.get_by_test_id("model-picker")).to_be_visible()
    if page.get_by_test_id("model-clear").is_enabled():
        page.get_by_test_id("model-clear").click()
    for model in models:
        page.locator(f'[data-testid="model-option"][data-model="{model}"]').click()
    expect(page.get_by_test_id("model-count")).to_contain_text(str(len(models)))
    page.get_by_test_id("composer-input").fill(message)
    page.get_by_test_id("composer-send").click()
    for model in models:
        column = page.locator(f'[data-testid="answer-column"][data-model="{model}"]')
        expect(column).to_have_attribute("data-status", "done", timeout=20_000)
    if not verdict:
        return
    # The cross-verification (one more request, feature "verification") ends after the answers.
    agreement = page.get_by_test_id("verdict-panel").get_by_test_id("verdict-agreement")
    expect(agreement).to_have_text(re.compile(r"^\d{1,3}"), timeout=20_000)


def open_dashboard_with(page: Page, requests_at_least: int) -> int:
    """Opens /dashboard until the counters include the chat's requests (they are written as calls end)."""
    for _ in range(20):
        page.goto("/dashboard")
        total = page.get_by_test_id("total-requests")
        expect(total).to_be_visible()
        value = int(total.get_attribute("data-value") or "0")
        if value >= requests_at_least:
            return value
        page.wait_for_timeout(500)
    raise AssertionError(f"the dashboard never counted {requests_at_least} requests")


def test_the_dashboard_charts_the_chat_and_exports_it_as_csv(page: Page, simulators: dict[str, Any]) -> None:
    for behaviour in simulators.values():
        behaviour.ttft_s, behaviour.duration_s = 0.05, 0.2
    sign_up(page, "lea@example.fr")
    chat_with(page, MODELS, "Trois idées de sorties à vélo ?")

    page.get_by_test_id("nav-dashboard").click()
    expect(page.get_by_test_id("dashboard-page")).to_be_visible()
    total = open_dashboard_with(page, len(MODELS))

    # Every chart is drawn as SVG from the chat's counters.
    for chart in (
        "chart-cost",
        "chart-requests",
        "chart-tokens",
        "chart-latency",
        "chart-models",
        "chart-features",
    ):
        expect(page.locator(f'[data-testid="{chart}"] svg.recharts-surface').first).to_be_visible()
    requests_chart = page.get_by_test_id("chart-requests")
    expect(requests_chart).to_have_attribute("data-total", str(total))
    expect(requests_chart.locator(".recharts-bar-rectangle").first).to_be_attached()
    expect(page.locator('[data-testid="chart-cost"] .recharts-area-area')).to_have_count(1)
    # A first day of use shows its latency (a line through one day alone would draw nothing).
    expect(page.locator('[data-testid="chart-latency"] .recharts-line-dot').first).to_be_visible()
    expect(page.locator('[data-testid="chart-models"] .recharts-bar-rectangle')).to_have_count(
        page.get_by_test_id("model-row").count()
    )
    for model in MODELS:
        row = page.locator(f'[data-testid="model-row"][data-model="{model}"]')
        expect(row).to_be_visible()
        assert int(row.get_attribute("data-requests") or "0") >= 1
    # People read names, not ids: the vendor's, and the judge's usage as the cross-verification.
    expect(page.locator('[data-testid="model-row"][data-model="gpt-4o-mini"]')).to_contain_text("OpenAI")
    expect(page.get_by_test_id("chart-features")).not_to_contain_text("verdict")
    cost = int(page.get_by_test_id("total-cost").get_attribute("data-value") or "0")
    assert cost > 0
    expect(page.get_by_test_id("total-cost")).to_contain_text("$")

    # The quota gauges show what the plan pays for: local simulators answered, so nothing yet.
    gauge = page.locator('[data-testid="quota-gauge"][data-name="cost"]')
    expect(gauge).to_be_visible()
    expect(gauge).to_have_attribute("data-used", "0")
    expect(page.get_by_test_id("quota-upgrade")).to_have_attribute("href", "/settings/billing")

    # The CSV has one row per (day, feature, model) and adds up to the same totals.
    with page.expect_download() as download_info:
        page.get_by_test_id("usage-export").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".csv")
    rows = list(csv.DictReader(io.StringIO(Path(download.path()).read_text(encoding="utf-8"))))
    assert sum(int(row["requests"]) for row in rows) == total
    assert sum(int(row["cost_micro_usd"]) for row in rows) == cost
    chat_rows = [row for row in rows if row["feature"] == "chat"]
    assert sorted(row["model"] for row in chat_rows) == sorted(MODELS)
    assert sum(int(row["requests"]) for row in chat_rows) == len(MODELS)

    # Another period redraws from the same data; the history lists the conversation.
    page.get_by_test_id("range-7").click()
    expect(page).to_have_url(re.compile(r"[?&]days=7"))
    expect(page.get_by_test_id("usage-content")).to_have_attribute("data-days", "7")
    expect(page.get_by_test_id("total-requests")).to_have_attribute("data-value", str(total))
    page.get_by_test_id("dashboard-history-link").click()
    item = page.locator('[data-testid="timeline-item"][data-kind="conversation"]')
    expect(item).to_have_count(1)
    page.get_by_test_id("timeline-kind").select_option("media")
    expect(page.get_by_test_id("timeline-empty")).to_be_visible()
    page.get_by_test_id("timeline-kind").select_option("")
    page.get_by_test_id("timeline-search").fill("introuvable-xyz")
    expect(page.get_by_test_id("timeline-empty")).to_be_visible()
    page.get_by_test_id("timeline-search").fill("")
    expect(item).to_have_count(1)
    item.locator("a").click()
    expect(page).to_have_url(re.compile(r"/chat/[0-9a-f]{32}"))
    expect(page.get_by_test_id("answer-column")).to_have_count(len(MODELS))


def test_a_provider_key_is_added_tested_and_only_shown_masked(page: Page) -> None:
    sign_up(page, "malo@example.fr")
    page.get_by_test_id("user-menu").click()
    page.get_by_test_id("user-menu-keys").click()
    expect(page.get_by_test_id("keys-page")).to_be_visible()
    expect(page.get_by_test_id("keys-precedence")).to_be_visible()
    row = page.locator('[data-testid="key-row"][data-vendor="openai"]')
    row.get_by_test_id("key-add").click()
    secret = "sk-test-webox-e2e-0123456789abcdef9f2c"
    row.get_by_test_id("key-input").fill(secret)
    row.get_by_test_id("key-save").click()
    expect(row).to_have_attribute("data-configured", "true")
    masked = row.get_by_test_id("key-masked")
    expect(masked).to_contain_text("9f2c")
    row.get_by_test_id("key-test").click()
    expect(row.get_by_test_id("key-test-result")).to_be_visible()
    page.reload()
    expect(
        page.locator('[data-testid="key-row"][data-vendor="openai"] [data-testid="key-masked"]')
    ).to_be_visible()
    assert secret not in page.content()
    row = page.locator('[data-testid="key-row"][data-vendor="openai"]')
    row.get_by_test_id("key-delete").click()
    row.get_by_test_id("key-delete-confirm").click()
    expect(row).to_have_attribute("data-configured", "false")


def test_upgrading_goes_through_the_checkout_and_comes_back_on_the_new_plan(page: Page) -> None:
    sign_up(page, "ines@example.fr")
    page.goto("/settings/billing")
    expect(page.get_by_test_id("billing-plan")).to_have_attribute("data-plan", "free")
    expect(page.get_by_test_id("plan-card")).to_have_count(3)
    # A French-speaking account sees (and pays) euros, VAT included.
    pro = page.locator('[data-testid="plan-card"][data-plan="pro"]')
    expect(pro.get_by_test_id("plan-price")).to_have_text(re.compile(r"^22,80\s€ / mois$"))
    expect(pro.get_by_test_id("plan-vat")).to_contain_text("TVA 20")
    pro.get_by_test_id("plan-upgrade").click()
    # The (fake) Stripe checkout page, then back to the app.
    expect(page.get_by_text("22.80 EUR / mois")).to_be_visible()
    page.get_by_role("button", name="Payer").click()
    expect(page).to_have_url(re.compile(r"/settings/billing\?checkout=success"))
    expect(page.get_by_test_id("checkout-success")).to_be_visible()
    expect(page.get_by_test_id("billing-plan")).to_have_attribute("data-plan", "pro")
    expect(page.get_by_test_id("billing-status")).to_have_attribute("data-status", "active")
    expect(page.get_by_test_id("invoice")).to_have_count(1)
    expect(page.get_by_test_id("invoice")).to_contain_text("22,80")
    expect(page.locator('[data-testid="plan-card"][data-plan="pro"]')).to_have_attribute(
        "data-current", "true"
    )
    page.goto("/dashboard")
    expect(page.get_by_test_id("quota-card")).to_contain_text("Pro")
    # The Pro plan's monthly budget (plans.json) now bounds the cost gauge.
    expect(page.locator('[data-testid="quota-gauge"][data-name="cost"]')).to_have_attribute(
        "data-limit", "25000000"
    )


def test_the_theme_and_language_follow_the_profile(page: Page) -> None:
    sign_up(page, "yanis@example.fr")
    page.goto("/settings/profile")
    expect(page.get_by_test_id("profile-form")).to_be_visible()
    page.get_by_test_id("profile-theme").get_by_text("Sombre").click()
    expect(page.locator("html")).to_have_class(re.compile(r"\bdark\b"))
    page.get_by_test_id("profile-language").select_option("en")
    page.get_by_test_id("profile-save").click()
    expect(page.get_by_test_id("profile-saved")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.reload()
    expect(page.locator("html")).to_have_class(re.compile(r"\bdark\b"))
    expect(page.get_by_test_id("profile-language")).to_have_value("en")
    expect(page.get_by_test_id("settings-tab-security")).to_have_text("Security")


def test_the_data_export_downloads_and_the_account_deletion_asks_for_the_password(page: Page) -> None:
    sign_up(page, "sacha@example.fr")
    page.goto("/settings/profile")
    page.get_by_test_id("account-export").click()
    # The export runs on the task engine, one step per part; the page follows it, then offers the archive.
    ready = page.get_by_test_id("account-export-download")
    expect(ready).to_be_visible(timeout=60_000)
    with page.expect_download() as download_info:
        ready.click()
    archive = Path(download_info.value.path())
    with zipfile.ZipFile(archive) as bundle:
        names = bundle.namelist()
        assert names and any(name.endswith(".json") for name in names)
        assert "sacha@example.fr" in "".join(
            bundle.read(name).decode("utf-8", "replace") for name in names if name.endswith(".json")
        )

    page.get_by_test_id("delete-account-open").click()
    submit = page.get_by_test_id("delete-account-submit")
    page.get_by_test_id("delete-account-password").fill("pas le bon mot de passe")
    expect(submit).to_be_disabled()  # the confirmation word is still missing
    page.get_by_test_id("delete-account-phrase").fill("supprimer")
    submit.click()
    expect(page.get_by_test_id("delete-account-error")).to_be_visible(timeout=15_000)
    expect(page).to_have_url(re.compile(r"/settings/profile"))

    page.get_by_test_id("delete-account-password").fill("une longue phrase de passe")
    submit.click()
    # The account is unusable at once (its data is then deleted on the task engine).
    expect(page).to_have_url(re.compile(r"/login"), timeout=30_000)
    page.get_by_test_id("login-email").fill("sacha@example.fr")
    page.get_by_test_id("login-password").fill("une longue phrase de passe")
    page.get_by_test_id("login-submit").click()
    expect(page.get_by_test_id("form-error")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/login"))


def test_platform_usage_is_for_admins_and_lists_the_users_who_spend(page: Page) -> None:
    sign_up(page, "eliott@example.fr")
    chat_with(page, ["gpt-4o-mini"], "Une recette de crêpes ?", verdict=False)
    page.goto("/admin/usage")
    expect(page).to_have_url(re.compile(r"/chat"))  # not an admin

    page.get_by_test_id("user-menu").click()
    page.get_by_test_id("sign-out").click()
    accounts.create_admin("admin-usage@example.fr", PASSWORD)
    page.get_by_test_id("login-email").fill("admin-usage@example.fr")
    page.get_by_test_id("login-password").fill(PASSWORD)
    page.get_by_test_id("login-submit").click()
    expect(page.get_by_test_id("user-menu")).to_be_visible()
    page.goto("/admin/users")
    page.get_by_test_id("admin-tab-usage").click()
    expect(page.get_by_test_id("admin-usage-page")).to_be_visible()
    user_row = page.get_by_test_id("admin-usage-user").filter(has_text="eliott@example.fr")
    expect(user_row).to_have_count(1)
    expect(page.get_by_test_id("admin-usage-vendor").filter(has_text="openai")).to_have_count(1)
    expect(page.locator('[data-testid="admin-model-table"] [data-model="gpt-4o-mini"]')).to_be_visible()
    expect(page.locator('[data-testid="chart-requests"] svg.recharts-surface').first).to_be_visible()


def test_the_chat_starts_from_the_profiles_default_models_and_parameters(page: Page) -> None:
    sign_up(page, "ines@example.fr")
    csrf = next(c["value"] for c in page.context.cookies() if c["name"] == "webox_csrf")
    saved = page.request.patch(
        "/api/account/settings",
        data={
            "default_models": ["claude-haiku-4-5", "gemini-2.5-flash"],
            "default_params": {"temperature": 0.2, "max_tokens": 400, "system": "Réponds en une phrase."},
        },
        headers={"X-CSRF-Token": csrf},
    )
    assert saved.ok, saved.text()
    # A device with no selection of its own starts from the account's defaults.
    page.evaluate("() => localStorage.clear()")
    page.goto("/chat")
    expect(page.get_by_test_id("model-count")).to_contain_text("2")
    page.get_by_test_id("params-toggle").click()
    panel = page.get_by_test_id("params-panel")
    expect(panel.get_by_label("Instructions système")).to_have_value("Réponds en une phrase.")
    expect(page.get_by_test_id("param-max-tokens")).to_have_value("400")
    expect(page.get_by_test_id("param-temperature-value")).to_have_text(re.compile(r"0[.,]2"))
