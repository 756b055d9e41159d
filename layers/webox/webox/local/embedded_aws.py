"""The embedded AWS: moto's server in a process of its own on 127.0.0.1, which every boto3/pynamodb
client of the local host reaches (moto in the host's own process would share its GIL with the
whole platform: a 12-model fan-out then waited on DynamoDB parsing)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
from typing import Any

from webox.local.aws_process import ACCOUNT_ID

__all__ = ["ACCOUNT_ID", "LOCAL_ENV", "EmbeddedAws"]

# Credentials the local host uses; moto accepts any, real AWS none of these.
LOCAL_ENV = {
    "AWS_ACCESS_KEY_ID": "webox-local",
    "AWS_SECRET_ACCESS_KEY": "webox-local",
    "AWS_SESSION_TOKEN": "webox-local",
    "AWS_EC2_METADATA_DISABLED": "true",
}


class EmbeddedAws:
    """Starts moto (`webox.local.aws_process`) and points this process's AWS SDKs at it."""

    def __init__(self) -> None:
        self.port = 0
        self.url = ""
        self._process: subprocess.Popen[str] | None = None

    def start(self) -> None:
        self._process = subprocess.Popen(
            [sys.executable, "-m", "webox.local.aws_process"],
            stdin=subprocess.PIPE,  # closed by stop(), or by the OS when this process dies
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self._process.stdout is not None
        line = self._process.stdout.readline()
        if not line:
            raise RuntimeError("the embedded AWS (moto) did not start")
        self.port = int(json.loads(line)["port"])
        self.url = f"http://127.0.0.1:{self.port}"
        os.environ.update(LOCAL_ENV)
        os.environ["AWS_ENDPOINT_URL"] = self.url
        os.environ["MOTO_PORT"] = str(self.port)
        # The Management API of the WebSocket API is served by the local ASGI server, not moto.
        os.environ.pop("AWS_ENDPOINT_URL_APIGATEWAYMANAGEMENTAPI", None)

    def _call(self, method: str, path: str, payload: Any = None) -> Any:
        data = None if payload is None else json.dumps(payload).encode()
        request = urllib.request.Request(f"{self.url}{path}", data=data, method=method)
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def record_baseline(self, region: str) -> dict[str, int]:
        """Remember the resources that exist now (`webox.local.aws_baseline`)."""
        counts: dict[str, int] = self._call("POST", f"/__webox/baseline?region={region}")
        return counts

    def restore_baseline(self) -> None:
        """Empty every resource and drop the newer ones, back to the recorded baseline."""
        self._call("POST", "/__webox/restore")

    def healthy(self) -> bool:
        """The server answers: a constant-size ping (moto's `data.json` dumps its whole state)."""
        try:
            with urllib.request.urlopen(f"{self.url}/__webox/ping", timeout=2) as response:
                return bool(response.status == 200)
        except OSError:
            return False

    def sent_emails(self, region: str) -> list[dict[str, str]]:
        """Messages sent through SES so far."""
        emails: list[dict[str, str]] = self._call("GET", f"/__webox/emails?region={region}")
        return emails

    def calls(self, *, reset: bool = False) -> dict[str, Any]:
        """The calls each JSON-protocol operation received (`"DynamoDB.PutItem": 3`, …) and the
        DynamoDB write units they cost, since the last reset (`reset=True` starts counting again)."""
        counts: dict[str, Any] = self._call("POST" if reset else "GET", "/__webox/calls")
        return counts

    def export_key(self, region: str, alias: str) -> dict[str, str] | None:
        """The id and material of the KMS key behind `alias`, to save it."""
        saved: dict[str, str] | None = self._call("GET", f"/__webox/kms-key?region={region}&alias={alias}")
        return saved

    def import_key(self, region: str, saved: dict[str, str]) -> None:
        """Recreate a saved KMS key under its id and alias, unless the alias exists."""
        self._call("POST", f"/__webox/kms-key?region={region}", saved)

    def stop(self) -> None:
        if self._process is None:
            return
        assert self._process.stdin is not None
        self._process.stdin.close()
        try:
            self._process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait(timeout=5)
        if self._process.stdout is not None:
            self._process.stdout.close()
        self._process = None
