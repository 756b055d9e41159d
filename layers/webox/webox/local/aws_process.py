"""The embedded AWS's own process: moto's server, plus the few calls the local host needs that AWS's
APIs do not offer (the e-mails SES "sent", a KMS key's material to keep it across restarts, a
baseline to empty everything back to between tests).

Run by `EmbeddedAws` as `python -m webox.local.aws_process`: it prints `{"port": N}` once listening
and exits when its parent closes its stdin (so it never outlives the host). Apart from the GIL it no
longer shares, nothing changes for the platform: every boto3/pynamodb client already reached moto
over HTTP.
"""

from __future__ import annotations

import base64
import html
import json
import logging
import os
import re
import sys
import threading
from collections.abc import Callable, Iterable
from typing import Any

# This process's moto: the account every local resource lives in.
ACCOUNT_ID = "123456789012"
PREFIX = "/__webox/"

Environ = dict[str, Any]
StartResponse = Callable[..., Any]


def _json(start_response: StartResponse, status: str, payload: Any) -> list[bytes]:
    body = json.dumps(payload).encode()
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]


def sent_emails(region: str) -> list[dict[str, str]]:
    """Messages sent through SES so far."""
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
                # The text a reader sees: tags dropped, entities (`n&#x27;avez`) read as characters.
                "text": html.unescape(re.sub(r"<[^>]+>", " ", body)) if is_html else body,
                "html": body if is_html else "",
            }
        )
    return messages


def export_key(region: str, alias: str) -> dict[str, str] | None:
    """The id and material of the KMS key behind `alias` (None when there is none)."""
    from moto.kms.models import kms_backends

    backend = kms_backends[ACCOUNT_ID][region]
    key_id = backend.get_key_id_from_alias(alias)
    if not key_id:
        return None
    key = backend.keys[key_id]
    return {"alias": alias, "key_id": key.id, "material": base64.b64encode(key.key_material).decode()}


def import_key(region: str, saved: dict[str, str]) -> bool:
    """Recreate a saved key under its id and alias (False when the alias already exists)."""
    from moto.kms.models import kms_backends

    backend = kms_backends[ACCOUNT_ID][region]
    if backend.get_key_id_from_alias(saved["alias"]) is not None:
        return False
    key = backend.create_key(
        policy=None,
        key_usage="ENCRYPT_DECRYPT",
        key_spec="SYMMETRIC_DEFAULT",
        description="WeBox data key (local)",
        tags=None,
    )
    del backend.keys[key.id]
    key.arn = key.arn.replace(key.id, saved["key_id"])
    key.id = saved["key_id"]
    key.key_material = base64.b64decode(saved["material"])
    backend.keys[key.id] = key
    backend.create_alias(key.id, saved["alias"])
    return True


def _query_vectors(environ: Environ, start_response: StartResponse) -> list[bytes]:
    """S3 Vectors' QueryVectors, which moto lacks (`webox.local.vectors`)."""
    from webox.local.vectors import QueryError, query_vectors, region_of

    region = region_of(str(environ.get("HTTP_AUTHORIZATION", "")), os.environ.get("AWS_REGION", "eu-west-3"))
    length = int(environ.get("CONTENT_LENGTH") or 0)
    try:
        body = json.loads(environ["wsgi.input"].read(length) or b"{}")
        return _json(start_response, "200 OK", query_vectors(ACCOUNT_ID, region, body))
    except QueryError as error:
        status = "404 Not Found" if error.status == 404 else "400 Bad Request"
        start_response_headers = [("x-amzn-ErrorType", error.code)]
        payload = json.dumps({"__type": error.code, "message": error.message}).encode()
        start_response(status, [("Content-Type", "application/json"), *start_response_headers])
        return [payload]
    except ValueError:
        return _json(
            start_response, "400 Bad Request", {"__type": "ValidationException", "message": "bad JSON"}
        )


class WithLocalCalls:
    """moto's WSGI application, with `/__webox/…` answered here."""

    def __init__(self, moto_app: Callable[[Environ, StartResponse], Iterable[bytes]]) -> None:
        self.moto_app = moto_app

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        path = str(environ.get("PATH_INFO", ""))
        if path == "/QueryVectors" and environ.get("REQUEST_METHOD") == "POST":
            return _query_vectors(environ, start_response)
        if not path.startswith(PREFIX):
            return self.moto_app(environ, start_response)
        from urllib.parse import parse_qs

        query = {k: v[0] for k, v in parse_qs(str(environ.get("QUERY_STRING", ""))).items()}
        region = query.get("region", "eu-west-3")
        action, method = path.removeprefix(PREFIX), environ.get("REQUEST_METHOD")
        if action == "ping":
            return _json(start_response, "200 OK", {"ok": True})
        if action == "baseline" and method == "POST":
            from webox.local import aws_baseline

            return _json(start_response, "200 OK", aws_baseline.record(ACCOUNT_ID, region))
        if action == "restore" and method == "POST":
            from webox.local import aws_baseline

            if not aws_baseline.recorded():
                return _json(start_response, "409 Conflict", {"message": "no baseline recorded"})
            aws_baseline.restore(ACCOUNT_ID)
            return _json(start_response, "200 OK", {"ok": True})
        if action == "emails" and method == "GET":
            return _json(start_response, "200 OK", sent_emails(region))
        if action == "kms-key" and method == "GET":
            return _json(start_response, "200 OK", export_key(region, query.get("alias", "")))
        if action == "kms-key" and method == "POST":
            length = int(environ.get("CONTENT_LENGTH") or 0)
            saved = json.loads(environ["wsgi.input"].read(length))
            return _json(start_response, "200 OK", {"created": import_key(region, saved)})
        return _json(start_response, "404 Not Found", {"message": f"no local call {action!r}"})


def _exit_with_parent() -> None:
    sys.stdin.read()  # returns at EOF: the parent closed the pipe, or died
    os._exit(0)


def main() -> None:
    from moto.moto_server.werkzeug_app import (
        DomainDispatcherApplication,
        MotoRequestHandler,
        create_backend_app,
    )
    from werkzeug.serving import make_server

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per AWS call otherwise
    app = WithLocalCalls(DomainDispatcherApplication(create_backend_app))
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=MotoRequestHandler)
    threading.Thread(target=_exit_with_parent, daemon=True).start()
    sys.stdout.write(json.dumps({"port": server.server_address[1]}) + "\n")
    sys.stdout.flush()
    server.serve_forever()


if __name__ == "__main__":
    main()
