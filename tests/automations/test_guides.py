"""The templates' in-app guides are written from the templates themselves: every template has one in
French and English, naming what starts it and each step of the workflow installing it would make."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from webox.automations import catalogue

from tests.accounts import Account


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_template_has_a_guide_that_matches_it(
    create_account: Callable[..., Account], lang: str
) -> None:
    account = create_account()
    listed = account.client.get("/api/automations/templates", params={"lang": lang}).json()["items"]
    assert len(listed) == len(catalogue.TEMPLATES) == 6
    for template in listed:
        response = account.client.get(
            f"/api/automations/templates/{template['template_id']}/guide", params={"lang": lang}
        )
        assert response.status_code == 200, response.text
        guide = response.json()
        assert (guide["title"], guide["description"], guide["apps"]) == (
            template["title"],
            template["description"],
            template["apps"],
        )
        if template["starts_on"] == "trigger":
            assert template["component_key"] in guide["starts"]
        else:
            assert ("Chaque jour" if lang == "fr" else "Every day") in guide["starts"]
        kinds = [step["type"] for step in guide["steps"]]
        assert kinds[0] == "input" and "prompt" in kinds
        assert all(step["detail"] for step in guide["steps"])
        assert [s["name"] for s in guide["settings"]] == [s["name"] for s in template["settings"]]


def test_the_gmail_guide_quotes_its_prompt_and_its_slack_action(
    create_account: Callable[..., Account],
) -> None:
    guide = (
        create_account()
        .client.get("/api/automations/templates/gmail-summary/guide", params={"lang": "fr"})
        .json()
    )
    details = "\n".join(step["detail"] for step in guide["steps"])
    assert "Résume cet e-mail en trois phrases" in details
    assert "slack-send-message" in details and "#general" in details
    assert "apn_example" not in details  # the example account is not shown


def test_an_unknown_template_is_404(create_account: Callable[..., Account]) -> None:
    response = create_account().client.get("/api/automations/templates/no-such-template/guide")
    assert response.status_code == 404 and response.json()["code"] == "automations.template_not_found"
