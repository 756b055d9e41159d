"""Automation templates over HTTP: the catalogue (in the caller's language) and one-click installs."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from webox.automations.schemas import AccountId, AppSlug

TemplateId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z-]{2,40}$")]
Setting = Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)]


class TemplateSetting(BaseModel):
    """A value the template asks for (prefilled with `default`)."""

    name: str
    label: str
    default: str


class TemplateOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "template_id": "gmail-summary",
                    "title": "Résumé des nouveaux e-mails",
                    "description": "Chaque nouvel e-mail Gmail est résumé et posté sur Slack.",
                    "apps": ["gmail", "slack"],
                    "starts_on": "trigger",
                    "component_key": "gmail-new-email-received",
                    "settings": [{"name": "channel", "label": "Canal Slack", "default": "#general"}],
                }
            ]
        }
    )

    template_id: str
    title: str
    description: str
    apps: list[str] = Field(description="Apps whose account must be connected before installing")
    starts_on: Literal["trigger", "schedule"]
    component_key: str | None = Field(description="The Connect trigger it deploys, if any")
    settings: list[TemplateSetting]


class TemplateList(BaseModel):
    items: list[TemplateOut]


class TemplateInstall(BaseModel):
    """Which connected account to use for each app (the first one of the app when not named)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"lang": "fr", "accounts": {"gmail": "apn_kVh9AoD"}, "settings": {"channel": "#veille"}}
            ]
        },
    )

    lang: Literal["fr", "en"] = "fr"
    accounts: dict[AppSlug, AccountId] = Field(default_factory=dict, max_length=10)
    settings: dict[Annotated[str, StringConstraints(max_length=64)], Setting] = Field(
        default_factory=dict, max_length=10
    )


class TemplateInstalled(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "template_id": "gmail-summary",
                    "workflow_id": "0193a5c1e2f4a1b2c3d4e5f6a7b8c9d0",
                    "hook_id": "kq0vYp3cD9mQb6oVfXyZr1sT2uW4xA5bC7dE8fG9hIj",
                    "schedule_id": None,
                }
            ]
        }
    )

    template_id: str
    workflow_id: str
    hook_id: str | None
    schedule_id: str | None


class GuideStep(BaseModel):
    """One step of a template's workflow, as its guide explains it."""

    id: str
    label: str
    type: str
    detail: str


class TemplateGuide(BaseModel):
    """A template's in-app guide, written from the template itself (so it never drifts from what
    installing it makes): what starts it, the accounts it needs, each step, its settings."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "template_id": "gmail-summary",
                    "title": "Résumé des nouveaux e-mails",
                    "description": "Chaque nouvel e-mail Gmail est résumé par l'IA et posté dans votre canal Slack.",
                    "apps": ["gmail", "slack"],
                    "starts": "Un déclencheur Pipedream (gmail-new-email-received) avec votre compte gmail.",
                    "steps": [
                        {"id": "input", "label": "Données reçues", "type": "input", "detail": "…"},
                        {"id": "answer", "label": "IA", "type": "prompt", "detail": "…"},
                    ],
                    "settings": [{"name": "channel", "label": "Canal Slack", "default": "#general"}],
                }
            ]
        }
    )

    template_id: str
    title: str
    description: str
    apps: list[str]
    starts: str
    steps: list[GuideStep]
    settings: list[TemplateSetting]
