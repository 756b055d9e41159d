"""An embedded moto server on 127.0.0.1 that every boto3/pynamodb client of this process reaches."""

from __future__ import annotations

import logging
import os
import re
import urllib.request

from moto.server import ThreadedMotoServer

from webox.testing.server import free_port

ACCOUNT_ID = "123456789012"

# Credentials the local host uses; moto accepts any, real AWS none of these.
LOCAL_ENV = {
    "AWS_ACCESS_KEY_ID": "webox-local",
    "AWS_SECRET_ACCESS_KEY": "webox-local",
    "AWS_SESSION_TOKEN": "webox-local",
    "AWS_EC2_METADATA_DISABLED": "true",
}


class EmbeddedAws:
    """Starts moto in a thread and points this process's AWS SDKs at it."""

    def __init__(self, port: int | None = None) -> None:
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._server = ThreadedMotoServer(ip_address="127.0.0.1", port=self.port, verbose=False)

    def start(self) -> None:
        logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per AWS call otherwise
        self._server.start()
        os.environ.update(LOCAL_ENV)
        os.environ["AWS_ENDPOINT_URL"] = self.url
        os.environ["MOTO_PORT"] = str(self.port)
        # The Management API of the WebSocket API is served by the local ASGI server, not moto.
        os.environ.pop("AWS_ENDPOINT_URL_APIGATEWAYMANAGEMENTAPI", None)

    def reset(self) -> None:
        """Forget every resource (tests start each case from nothing)."""
        request = urllib.request.Request(f"{self.url}/moto-api/reset", method="POST")
        with urllib.request.urlopen(request, timeout=10) as response:
            response.read()

    def healthy(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.url}/moto-api/data.json", timeout=2) as response:
                return bool(response.status == 200)
        except OSError:
            return False

    def stop(self) -> None:
        self._server.stop()


def sent_emails(region: str) -> list[dict[str, str]]:
    """Messages sent through SES so far (moto keeps them in this process)."""
    from moto.ses.models import ses_backends

    messages = []
    for message in ses_backends[ACCOUNT_ID][region].sent_messages:
        # moto keeps one body per message: the HTML part when there is one, else the text part.
        body = str(getattr(message, "body", "") or "")
        is_html = body.lstrip().startswith("<")
        destinations = getattr(message, "destinations", {}) or {}
        to = destinations.get("ToAddresses", []) if isinstance(destinations, dict) else []
        messages.append(
            {
                "id": str(getattr(message, "id", "")),
                "to": ", ".join(to),
                "source": str(getattr(message, "source", "")),
                "subject": str(getattr(message, "subject", "")),
                "text": re.sub(r"<[^>]+>", " ", body) if is_html else body,
                "html": body if is_html else "",
            }
        )
    return messages
