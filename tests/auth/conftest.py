"""The fake sign-in provider for the auth tests (accounts come from tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from webox.auth.config import get_auth_settings
from webox.testing.oauth import create_app as create_fake_provider
from webox.testing.oauth import oauth_env
from webox.testing.server import serve


@pytest.fixture(scope="session")
def oauth_provider(live_server: object) -> Iterator[str]:
    """The fake Google/GitHub the auth feature signs in with: the host's own if it started one,
    else one started here with the settings pointed at it. Yields its base URL."""
    settings = get_auth_settings()
    if settings.google_client_id and settings.github_client_id:
        yield settings.google_metadata_url.split("/google/")[0]
        return
    server = serve(create_fake_provider())
    with pytest.MonkeyPatch.context() as patch:
        for name, value in oauth_env(server.url).items():
            patch.setenv(name, value)
        get_auth_settings.cache_clear()
        yield server.url
    get_auth_settings.cache_clear()
    server.stop()
