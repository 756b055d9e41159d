// The "connect my Twilio account" form's state and the body it sends.
import type { TwilioAccountInput } from "./api";

export interface AccountDraft {
  account_sid: string;
  auth_token: string;
  api_key_sid: string;
  api_key_secret: string;
}

export const EMPTY_ACCOUNT: AccountDraft = {
  account_sid: "",
  auth_token: "",
  api_key_sid: "",
  api_key_secret: "",
};

/** The body to send: only the credentials given (an auth token, an API key, or both), trimmed. */
export function accountInput(draft: AccountDraft): TwilioAccountInput {
  const given = (value: string) => (value.trim() ? value.trim() : null);
  return {
    account_sid: draft.account_sid.trim(),
    auth_token: given(draft.auth_token),
    api_key_sid: given(draft.api_key_sid),
    api_key_secret: given(draft.api_key_secret),
  };
}
