"""Lighthouse's SEO audit on a published post's static page, in Debian's Chromium (the `lighthouse`
npm package of frontend/, nothing downloaded at run time)."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from webox.local.host import LocalHost

from tests.accounts import Account, verified
from tests.blog.conftest import publish, wait_page, write
from tests.e2e.conftest import chromium_path

pytestmark = pytest.mark.browser
LIGHTHOUSE = Path(__file__).resolve().parents[2] / "frontend" / "node_modules" / ".bin" / "lighthouse"


@pytest.fixture
def create_editor(
    create_account: Callable[..., Account], create_admin: Callable[..., Account]
) -> Callable[[], Account]:
    def create() -> Account:
        admin, account = create_admin(), verified(create_account)()
        admin.client.patch(
            f"/api/auth/admin/users/{account.id}", json={"role": "editor"}, headers=admin.csrf()
        )
        return account

    return create


def _seo_score(url: str, tmp_path: Path) -> tuple[float, list[str]]:
    report = tmp_path / "report.json"
    subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--only-categories=seo",
            "--output=json",
            f"--output-path={report}",
            f"--chrome-path={chromium_path()}",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
            "--quiet",
        ],
        check=True,
        timeout=180,
    )
    result = json.loads(report.read_text())
    failed = [
        audit_id
        for audit_id, audit in result["audits"].items()
        if audit.get("score") is not None and audit["score"] < 1 and audit.get("scoreDisplayMode") == "binary"
    ]
    return float(result["categories"]["seo"]["score"]), failed


def test_a_post_page_scores_at_least_95_in_seo(
    aws: LocalHost, create_editor: Callable[[], Account], tmp_path: Path
) -> None:
    if not LIGHTHOUSE.exists():
        pytest.fail("lighthouse is a dev dependency of frontend/: run `npm ci` there")
    editor = create_editor()
    post = write(editor)
    publish(editor, post["id"])
    for path in (post["url"], "/blog/en/"):  # the post's page, then (written after it) the lists
        wait_page(editor.client, path, lambda r: post["url"] in r.text)
    for path in (post["url"], "/blog/", "/blog/en/"):
        score, failed = _seo_score(aws.url + path, tmp_path)
        assert score >= 0.95, (path, score, failed)
