"""Connect components (actions and triggers) and the check of a user's props against a component's
definition: the app prop names one of the caller's accounts of that app, every required prop is
present, each has its declared type, and nothing else is given."""

from __future__ import annotations

from typing import Any

from webox.automations import accounts, connect
from webox.automations.errors import ComponentNotFound, InvalidProps
from webox.automations.schemas import ComponentList, ComponentOut, PropOut
from webox.placeholders import PLACEHOLDER
from webox.ttl_cache import TtlCache

_components: TtlCache[str, ComponentOut] = TtlCache(600.0)
# Prop types a user sets, and what each value must be. Other types (alerts, http interfaces,
# timers, data stores…) are configured by Pipedream itself and never by the caller.
_CHECKS: dict[str, Any] = {
    "string": lambda v: isinstance(v, str) and len(v) <= 100_000,
    "string[]": lambda v: isinstance(v, list) and len(v) <= 500 and all(isinstance(i, str) for i in v),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "integer[]": lambda v: (
        isinstance(v, list) and all(isinstance(i, int) and not isinstance(i, bool) for i in v)
    ),
    "boolean": lambda v: isinstance(v, bool),
    "object": lambda v: isinstance(v, dict),
    "any": lambda v: True,
}


def _prop_out(prop: Any) -> PropOut:
    return PropOut(
        name=prop.name,
        type=str(prop.type),
        label=prop.label,
        description=prop.description,
        optional=bool(prop.optional) or getattr(prop, "default", None) is not None,
        app=getattr(prop, "app", None),
    )


def _component_out(component: Any) -> ComponentOut:
    return ComponentOut(
        key=component.key,
        name=component.name,
        version=component.version,
        component_type=component.component_type,
        description=component.description,
        props=[
            _prop_out(p)
            for p in component.configurable_props
            if not getattr(p, "hidden", False) and not getattr(p, "read_only", False)
        ],
    )


def get_component(key: str) -> ComponentOut:
    """A component's definition (cached ten minutes)."""

    def load() -> ComponentOut:
        try:
            return _component_out(connect.sdk().components.retrieve(key))
        except connect.api_error() as exc:
            if getattr(exc, "status_code", None) == 404:
                raise ComponentNotFound(f"No Pipedream component {key!r}") from exc
            raise connect.failure(exc) from exc

    return _components.get_or_set(key, load)


def list_components(app: str, component_type: str) -> ComponentList:
    """The actions or triggers of one app."""
    sdk = connect.sdk()
    try:
        pager = (sdk.actions if component_type == "action" else sdk.triggers).list(app=app, limit=100)
        items = [_component_out(c) for c in pager.items or []]
    except connect.api_error() as exc:
        raise connect.failure(exc) from exc
    return ComponentList(items=items)


def check_props(component: ComponentOut, props: dict[str, Any], *, templated: bool = False) -> None:
    """`InvalidProps` unless every required prop is given, each with its declared type, and nothing
    else. `templated`: a prop may be a `{{reference}}` string filled at run time."""
    known = {p.name: p for p in component.props if p.type != "app"}
    unknown = sorted(set(props) - set(known))
    if unknown:
        raise InvalidProps(f"Unknown prop {unknown[0]!r} for {component.key!r}")
    for name, prop in known.items():
        if name not in props:
            if not prop.optional:
                raise InvalidProps(f"Prop {name!r} is required")
            continue
        check = _CHECKS.get(prop.type)
        if check is None:
            raise InvalidProps(f"Prop {name!r} is set by Pipedream, not by you")
        value = props[name]
        if not check(value) and not (templated and isinstance(value, str) and PLACEHOLDER.search(value)):
            raise InvalidProps(f"Prop {name!r} must be {prop.type}")


def app_of(component: ComponentOut) -> str | None:
    """The app whose account the component uses (None for a native trigger: RSS, timers…)."""
    return next((p.app for p in component.props if p.type == "app"), None)


def configured_props(
    user_id: str, key: str, account_id: str | None, props: dict[str, Any], component_type: str
) -> tuple[ComponentOut, dict[str, Any]]:
    """The component and the `configured_props` Pipedream takes, or `InvalidProps` saying what is wrong."""
    component = get_component(key)
    if component.component_type and component.component_type != component_type:
        raise InvalidProps(f"{key!r} is not a {component_type}")
    app_props = [p for p in component.props if p.type == "app"]
    check_props(component, props)
    if not app_props:
        # Native triggers need no account (Connect → Components → Triggers: "Native triggers").
        if component_type != "trigger" or account_id is not None:
            raise InvalidProps(f"{key!r} uses no connected account")
        return component, dict(props)
    if account_id is None:
        raise InvalidProps(f"{key!r} needs a {app_props[0].app} account")
    account = accounts.owned_account(user_id, account_id)
    if account.app != app_props[0].app:
        raise InvalidProps(f"{key!r} needs a {app_props[0].app} account, not {account.app}")
    return component, {app_props[0].name: {"authProvisionId": account_id}, **props}


def run_action(user_id: str, key: str, account_id: str, props: dict[str, Any]) -> dict[str, Any]:
    """Run a Connect action with the caller's account: `{summary, ret, exports}`."""
    _, configured = configured_props(user_id, key, account_id, props, "action")
    try:
        result = connect.sdk().actions.run(
            id=key, external_user_id=connect.external_user_id(user_id), configured_props=configured
        )
    except connect.api_error() as exc:
        raise connect.failure(exc) from exc
    exports = dict(result.exports or {})
    summary = exports.get("$summary")
    return {"summary": str(summary) if summary is not None else None, "ret": result.ret, "exports": exports}
