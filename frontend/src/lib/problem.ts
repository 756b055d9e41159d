import type { MessageKey, Translate } from "../i18n";
import { ApiError } from "./api";

// Server error codes we can say in the user's language; any other code shows
// the server's own `detail`.
const CODE_MESSAGES: Record<string, MessageKey> = {
  invalid_credentials: "errors.invalid_credentials",
  too_many_attempts: "errors.too_many_attempts",
  email_taken: "errors.email_taken",
  weak_password: "errors.weak_password",
  invalid_code: "errors.invalid_code",
  invalid_token: "errors.invalid_token",
  token_expired: "errors.not_authenticated",
  not_authenticated: "errors.not_authenticated",
  network_error: "errors.network_error",
};

export interface DescribedError {
  message: string;
  /** Seconds before a retry may succeed (429), or null. */
  retryAfter: number | null;
  fieldErrors: { field: string; message: string }[];
}

export function describeError(error: unknown, t: Translate): DescribedError {
  if (!(error instanceof ApiError)) {
    return { message: t("errors.unexpected"), retryAfter: null, fieldErrors: [] };
  }
  const key = CODE_MESSAGES[error.code];
  let message: string;
  if (key) message = t(key);
  else if (error.status === 429) message = t("errors.rate_limited");
  else if (error.detail) message = error.detail;
  else if (error.status >= 500) message = t("errors.server");
  else message = t("errors.unexpected");
  return {
    message,
    retryAfter: error.status === 429 ? error.retryAfter : null,
    fieldErrors: error.errors.map((item) => ({
      field: item.loc.filter((part) => part !== "body").join("."),
      message: item.msg,
    })),
  };
}

