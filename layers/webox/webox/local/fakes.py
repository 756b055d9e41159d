"""Starts the simulated vendors for every vendor that has no real key configured."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from webox.providers.registry import list_vendors, simulated_url_env
from webox.testing.server import RunningServer, free_port, serve

__all__ = ["SIMULATORS", "simulated_url_env", "start_all", "stop_all"]


def _openai() -> Any:
    from webox.testing.openai import create_app

    return create_app()


def _anthropic() -> Any:
    from webox.testing.anthropic import create_app

    return create_app()


def _mistral() -> Any:
    from webox.testing.mistral import create_app

    return create_app()


def _gemini() -> Any:
    from webox.testing.gemini import create_app

    return create_app()


def _replicate() -> Any:
    from webox.testing.replicate import create_app

    return create_app()


def _elevenlabs() -> Any:
    from webox.testing.elevenlabs import create_app

    return create_app()


# simulator → (env var holding its vendor's real key, app factory, path the SDK's base URL ends with)
SIMULATORS: dict[str, tuple[str, Callable[[], Any], str]] = {
    "openai": ("OPENAI_API_KEY", _openai, "/v1"),
    "anthropic": ("ANTHROPIC_API_KEY", _anthropic, ""),
    "mistral": ("MISTRAL_API_KEY", _mistral, ""),
    "gemini": ("GEMINI_API_KEY", _gemini, ""),
    # Media vendors (no chat models): their SDKs take the server's root as base URL.
    "replicate": ("REPLICATE_API_TOKEN", _replicate, ""),
    "elevenlabs": ("ELEVENLABS_API_KEY", _elevenlabs, ""),
}


# The environment variables the fakes set: a later host of this process starts its own fakes.
_exported: set[str] = set()


def _export(env: str, url: str) -> None:
    os.environ[env] = url
    _exported.add(env)


def _needed(simulator: str, key_env: str) -> bool:
    """A simulator runs while any vendor it stands in for has no key (the OpenAI one serves the
    OpenAI-compatible vendors too)."""
    keys = {key_env} | {vendor.key_env for vendor in list_vendors() if vendor.simulator == simulator}
    return not all(os.environ.get(key) for key in keys)


# The simulators whose models chat: `realistic` paces their streams as real models stream.
CHAT_SIMULATORS = ("openai", "anthropic", "mistral", "gemini")


def start_all(*, realistic: bool = False) -> dict[str, RunningServer]:
    """Start each simulator some vendor without a key needs; export its base URL for the providers.
    `realistic` (`make dev`): answers stream for a few seconds, each model at its own speed."""
    running: dict[str, RunningServer] = {}
    for simulator, (key_env, factory, suffix) in SIMULATORS.items():
        if not _needed(simulator, key_env) or os.environ.get(simulated_url_env(simulator)):
            continue  # a real key, or simulators already running elsewhere (benchmarks)
        app = factory()
        if simulator in CHAT_SIMULATORS:
            app.state.behaviour.realistic = realistic
        server = serve(app)
        _export(simulated_url_env(simulator), server.url + suffix)
        running[simulator] = server
    start_stripe(running)
    start_pipedream(running)
    start_twilio(running)
    return running


def simulate_outage(running: dict[str, RunningServer], model_id: str) -> bool:
    """The "panne simulée" of `make dev`: the next request for the registry model `model_id` fails as
    its vendor's does when it is down. False when no running simulator answers that model."""
    from webox.providers.errors import UnknownModel
    from webox.providers.registry import get_model, get_vendor

    try:
        model = get_model(model_id)
    except UnknownModel:
        return False
    server = running.get(get_vendor(model.vendor).simulator or "")
    app: Any = server.server.config.app if server else None
    behaviour = getattr(app.state, "behaviour", None) if app is not None else None
    if behaviour is None:
        return False
    behaviour.outages.add(model.vendor_model)
    return True


def start_sign_in() -> RunningServer | None:
    """The fake Google/GitHub sign-in provider, when no real OAuth client is configured."""
    if os.environ.get("WEBOX_AUTH_GOOGLE_CLIENT_ID") or os.environ.get("WEBOX_AUTH_GITHUB_CLIENT_ID"):
        return None
    from webox.testing.oauth import create_app, oauth_env

    server = serve(create_app())
    for env, value in oauth_env(server.url).items():
        _export(env, value)
    return server


def stripe_app() -> Any:
    """The fake Stripe API, knowing the plans' prices, posting webhooks to the platform's public URL."""
    from webox.billing import quota
    from webox.billing.service import LOCAL_API_KEY, LOCAL_WEBHOOK_SECRET
    from webox.config import get_settings
    from webox.testing.stripe import create_app

    sold = [price for plan in quota.plans().values() for price in plan.prices if price.stripe_price]
    return create_app(
        api_key=LOCAL_API_KEY,
        webhook_secret=LOCAL_WEBHOOK_SECRET,
        prices={str(price.stripe_price): price.amount for price in sold},
        currencies={str(price.stripe_price): price.currency for price in sold},
        webhook_url=lambda: f"{get_settings().public_url.rstrip('/')}/api/billing/webhook",
    )


def start_stripe(running: dict[str, RunningServer]) -> None:
    """The fake Stripe API (payments are always simulated locally unless a real key is in the secret)."""
    from webox.billing.service import API_BASE_ENV

    if os.environ.get(API_BASE_ENV):
        return
    server = serve(stripe_app())
    _export(API_BASE_ENV, server.url)
    running["stripe"] = server


def start_pipedream(running: dict[str, RunningServer]) -> None:
    """The fake Pipedream Connect API, unless the `pipedream` secret names a real project (read by
    `webox.automations.connect`, which prefers it); its triggers post to the platform's hooks."""
    from webox.automations.connect import BASE_URL_ENV
    from webox.testing.pipedream import create_app

    if os.environ.get(BASE_URL_ENV):
        return
    server = serve(create_app())
    _export(BASE_URL_ENV, server.url)
    running["pipedream"] = server


def start_twilio(running: dict[str, RunningServer]) -> None:
    """The fake Twilio (numbers, calls, recordings, signed webhooks, a caller over the relay socket),
    unless a real account is in the `voice-twilio` secret's place (`WEBOX_VOICE_TWILIO_API_BASE` set)."""
    from webox.testing.twilio import create_app
    from webox.voice.config import LOCAL_ACCOUNT_SID, LOCAL_AUTH_TOKEN

    env = "WEBOX_VOICE_TWILIO_API_BASE"
    if os.environ.get(env):
        return
    port = free_port()
    server = serve(
        create_app(LOCAL_ACCOUNT_SID, LOCAL_AUTH_TOKEN, public_url=f"http://127.0.0.1:{port}"),
        port=port,
        ws=True,
    )
    _export(env, server.url)
    running["twilio"] = server


def stop_all(running: dict[str, RunningServer]) -> None:
    for server in running.values():
        server.halt()  # all shut down at once, then each is waited for
    for server in running.values():
        server.stop()
    for env in _exported:
        os.environ.pop(env, None)
    _exported.clear()
