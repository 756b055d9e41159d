"""E-mail through SES (locally SES is the embedded moto, whose sent mail the dev server shows at /dev/mail)."""

from __future__ import annotations

from webox.aws import client
from webox.env_settings import EnvSettings


class MailSettings(EnvSettings):
    env_prefix = "WEBOX_MAIL_"

    sender: str = "WeBox <no-reply@webox.local>"


def send(to: str, subject: str, text: str, html: str | None = None) -> str:
    """Send one message; returns the SES message id."""
    body: dict[str, dict[str, str]] = {"Text": {"Data": text, "Charset": "UTF-8"}}
    if html:
        body["Html"] = {"Data": html, "Charset": "UTF-8"}
    response = client("ses").send_email(
        Source=MailSettings.from_env().sender,
        Destination={"ToAddresses": [to]},
        Message={"Subject": {"Data": subject, "Charset": "UTF-8"}, "Body": body},
    )
    return str(response["MessageId"])
