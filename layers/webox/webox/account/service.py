"""The account's settings. Own provider keys are `account.keys`; export and deletion run on the task
engine (`account.data`, `account.jobs`)."""

from __future__ import annotations

from typing import Any

from webox.account import repository
from webox.account.errors import InvalidSettings
from webox.account.models import AccountSettings
from webox.account.schemas import (
    DefaultParams,
    Notifications,
    SettingsOut,
    SettingsPatch,
)
from webox.auth import accounts
from webox.auth.models import User

# -- settings --------------------------------------------------------------------------------------


def _settings_out(user: User, item: AccountSettings) -> SettingsOut:
    return SettingsOut(
        display_name=user.name,
        email=user.email,
        language="en" if user.language == "en" else "fr",
        theme=item.theme if item.theme in ("light", "dark") else "system",  # type: ignore[arg-type]
        default_models=list(item.default_models or []),
        default_params=DefaultParams.model_validate(item.default_params or {}),
        notifications=Notifications(
            product_news=bool(item.notify_product_news),
            usage_alerts=bool(item.notify_usage_alerts),
            job_done=bool(item.notify_job_done),
        ),
        cost_cap_micro_usd=int(item.cost_cap_micro_usd) if item.cost_cap_micro_usd is not None else None,
    )


def get_settings(user: User) -> SettingsOut:
    """The user's settings (defaults until changed)."""
    return _settings_out(user, repository.get_settings(user.id))


def update_settings(user: User, patch: SettingsPatch) -> SettingsOut:
    """Change the settings named in `patch` (the others stay as they are)."""
    given = patch.model_fields_set
    if "display_name" in given or "language" in given:
        accounts.update_profile(user, name=patch.display_name, language=patch.language)
    if patch.default_models is not None:
        from webox.providers import registry  # the model list: only this route needs it

        for model_id in patch.default_models:
            registry.get_model(model_id)  # 422 unknown_model
        if len(set(patch.default_models)) != len(patch.default_models):
            raise InvalidSettings("A model is listed twice")
    fields: dict[str, Any] = {}
    if patch.theme is not None:
        fields["theme"] = patch.theme
    if patch.default_models is not None:
        fields["default_models"] = patch.default_models
    if patch.default_params is not None:
        fields["default_params"] = patch.default_params.model_dump()
    if patch.notifications is not None:
        fields["notify_product_news"] = patch.notifications.product_news
        fields["notify_usage_alerts"] = patch.notifications.usage_alerts
        fields["notify_job_done"] = patch.notifications.job_done
    if "cost_cap_micro_usd" in given:
        fields["cost_cap_micro_usd"] = patch.cost_cap_micro_usd
    item = repository.get_settings(user.id)
    if fields:
        item = repository.save_settings(item, **fields)
    return _settings_out(user, item)
