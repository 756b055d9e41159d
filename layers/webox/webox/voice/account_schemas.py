"""Voice bodies of the numbers' two sources: a user's own Twilio account (connected, shown masked) and
the platform's numbers an admin assigns."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, EmailStr, Field, SecretStr, StringConstraints, model_validator

AccountSid = Annotated[str, StringConstraints(pattern=r"^AC[0-9a-f]{32}$")]
ApiKeySid = Annotated[str, StringConstraints(pattern=r"^SK[0-9a-f]{32}$")]
NUMBER_SID = "PN00000000000000000000000000000000"

# --- a user's own Twilio account ------------------------------------------------------------------------

_ACCOUNT_OUT: dict[str, Any] = {
    "account_sid": "AC0…0002",
    "friendly_name": "Cabinet Martin",
    "auth_token": "web…oken",
    "api_key_sid": None,
    "connected_at": "2026-12-03T09:00:00Z",
}


class VoiceAccountIn(BaseModel):
    """Your Twilio account: its SID and its auth token, or an API key (SID and secret). Twilio signs
    its webhooks with the auth token: give it too to receive calls on the account's numbers."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"account_sid": "AC" + "0" * 31 + "2", "auth_token": "0123456789abcdef0123456789abcdef"}
            ]
        },
    )

    account_sid: AccountSid
    auth_token: SecretStr | None = Field(default=None, min_length=8, max_length=200)
    api_key_sid: ApiKeySid | None = None
    api_key_secret: SecretStr | None = Field(default=None, min_length=8, max_length=200)

    @model_validator(mode="after")
    def _one_credential(self) -> VoiceAccountIn:
        if (self.api_key_sid is None) != (self.api_key_secret is None):
            raise ValueError("give both the API key's SID and its secret")
        if self.auth_token is None and self.api_key_sid is None:
            raise ValueError("give the auth token or an API key")
        return self


class VoiceAccountOut(BaseModel):
    """Your connected Twilio account, masked: never the secrets themselves."""

    model_config = ConfigDict(json_schema_extra={"examples": [_ACCOUNT_OUT]})

    account_sid: str
    friendly_name: str
    auth_token: str | None
    api_key_sid: str | None
    connected_at: datetime


# --- admin: the platform's numbers ----------------------------------------------------------------------

_ADMIN_NUMBER: dict[str, Any] = {
    "number_sid": NUMBER_SID,
    "phone_number": "+33900000001",
    "friendly_name": "Accueil Paris",
    "assigned_to": {"user_id": "019ab3c4d5e6f7a8b9c0d1e2f3a4b5c7", "email": "lea@example.fr"},
}


class VoiceAssignee(BaseModel):
    user_id: str
    email: str


class VoiceAdminNumber(BaseModel):
    """A number of the platform's Twilio account and the user it is assigned to (None: nobody)."""

    model_config = ConfigDict(json_schema_extra={"examples": [_ADMIN_NUMBER]})

    number_sid: str
    phone_number: str
    friendly_name: str
    assigned_to: VoiceAssignee | None


class VoiceAdminNumbers(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"items": [_ADMIN_NUMBER]}]})

    items: list[VoiceAdminNumber]


class VoiceAssignmentIn(BaseModel):
    """Who gets the number: a user's e-mail address."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"email": "lea@example.fr"}]})

    email: EmailStr
