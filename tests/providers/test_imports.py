"""A Lambda imports only the SDK it calls: the service imports none, each adapter only its own."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

SDKS = {"openai": "openai", "anthropic": "anthropic", "mistral": "mistralai", "gemini": "google.genai"}

PROBE = """
import json, sys
{code}
print(json.dumps(sorted(sdk for sdk in {sdks!r} if sdk in sys.modules)))
"""


def sdks_loaded_after(code: str) -> list[str]:
    script = PROBE.format(code=code, sdks=sorted(SDKS.values()))
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    loaded: list[str] = json.loads(result.stdout.strip().splitlines()[-1])
    return loaded


def test_importing_the_service_and_the_registry_loads_no_vendor_sdk() -> None:
    code = "import webox.providers.service, webox.providers.registry, webox.providers.adapters.common"
    assert sdks_loaded_after(code) == []


@pytest.mark.parametrize("adapter", sorted(SDKS))
def test_an_adapter_loads_only_its_own_sdk(adapter: str) -> None:
    code = f"""
from webox.providers.adapters import adapter_class
from webox.providers.schemas import Credentials
adapter_class({adapter!r})(
    Credentials(vendor="v", api_key="k", base_url="http://127.0.0.1:9", source="simulated"), timeout_s=5
)
"""
    assert sdks_loaded_after(code) == [SDKS[adapter]]


# What every HTTP function imports to authenticate (`webox.auth.dependencies`) must stay light: the
# socket protocol's frames (every feature's schemas), an HTTP client and the manifest (every
# feature's declaration) cost 25–70 ms each of every cold start, and only some requests need them.
# PyJWT loads all of cryptography's X.509, RSA and EC code (~20 ms): tokens go through webox.auth.jws.
HEAVY = ["webox.realtime.protocol", "httpx", "webox.manifest", "argon2", "pyotp", "jwt", "cryptography.x509"]


def test_authenticating_a_request_loads_nothing_heavy() -> None:
    script = PROBE.format(code="import webox.auth.dependencies, webox.http", sdks=HEAVY)
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []
