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
  too_many_requests: "errors.rate_limited",
  rate_limited: "errors.rate_limited",
  conversation_not_found: "errors.conversation_not_found",
  turn_not_found: "errors.turn_not_found",
  model_unavailable: "errors.model_unavailable",
  validation_failed: "errors.validation_failed",
  invalid_pick: "errors.invalid_pick",
  invalid_edit: "chatActions.errors.invalid_edit",
  invalid_search: "chatActions.errors.invalid_search",
  too_many_pins: "chatActions.errors.too_many_pins",
  image_unsupported: "chatActions.attachments.errors.image_unsupported",
  attachment_unreadable: "chatActions.attachments.errors.attachment_unreadable",
  invalid_message: "errors.invalid_message",
  request_not_found: "errors.request_not_found",
  payload_too_large: "errors.payload_too_large",
  provider_error: "errors.provider_error",
  provider_unavailable: "errors.provider_unavailable",
  provider_timeout: "errors.provider_timeout",
  bad_provider_response: "errors.bad_provider_response",
  provider_auth_failed: "errors.provider_auth_failed",
  unknown_model: "errors.unknown_model",
  context_too_long: "errors.context_too_long",
  interrupted: "errors.interrupted",
  no_judge: "errors.no_judge",
  no_answer: "errors.no_answer",
  builtin_readonly: "errors.builtin_readonly",
  assistant_not_found: "errors.assistant_not_found",
  prompt_not_found: "errors.prompt_not_found",
  version_not_found: "errors.version_not_found",
  edit_conflict: "errors.edit_conflict",
  invalid_variables: "errors.invalid_variables",
  cannot_rate_own: "errors.cannot_rate_own",
  cannot_report_own: "errors.cannot_report_own",
  already_reported: "errors.already_reported",
  prompt_moderated: "errors.prompt_moderated",
  unknown_category: "errors.unknown_category",
  link_not_found: "errors.link_not_found",
  link_revoked: "errors.link_revoked",
  link_expired: "errors.link_expired",
  wrong_password: "dashboard.errors.wrong_password",
  reauthentication_required: "errors.reauthentication_required",
  email_not_verified: "errors.email_not_verified",
  "account.unknown_vendor": "dashboard.errors.unknown_vendor",
  "account.key_not_found": "dashboard.errors.key_not_found",
  "billing.no_customer": "dashboard.errors.no_customer",
  "billing.already_subscribed": "dashboard.errors.already_subscribed",
  "billing.unavailable": "dashboard.errors.billing_unavailable",
  "quota.exceeded": "dashboard.errors.quota_exceeded",
  "quota.model_not_in_plan": "dashboard.errors.model_not_in_plan",
  "quota.cost_cap": "dashboard.errors.cost_cap",
  "quota.rate_limited": "errors.rate_limited",
  "dashboard.invalid_period": "dashboard.errors.invalid_period",
  "voice.invalid_credentials": "voice.errors.invalid_credentials",
  "voice.account_taken": "voice.errors.account_taken",
  "voice.account_not_connected": "voice.errors.account_not_connected",
  "voice.twilio_unreachable": "voice.errors.twilio_unreachable",
  "voice.signing_token_required": "voice.errors.signing_token_required",
  "voice.number_taken": "voice.errors.number_taken",
  "voice.number_not_found": "voice.errors.number_not_found",
  "voice.user_not_found": "voice.errors.user_not_found",
  "workflows.cannot_rate_own": "workflows.errors.cannot_rate_own",
  "workflows.cannot_report_own": "workflows.errors.cannot_report_own",
  "workflows.already_reported": "workflows.errors.already_reported",
  "workflows.moderated": "workflows.errors.moderated",
  url_not_allowed: "agentsPage.errors.url_not_allowed",
  mcp_server_unreachable: "agentsPage.errors.mcp_server_unreachable",
  agent_mcp_tool_not_listed: "agentsPage.errors.agent_mcp_tool_not_listed",
  agent_mcp_server_limit: "agentsPage.errors.agent_mcp_server_limit",
  agent_mcp_server_not_found: "agentsPage.errors.agent_mcp_server_not_found",
};

/** A server error code in the user's language (WebSocket frames carry codes too), else `fallback`. */
export function describeCode(
  code: string,
  fallback: string,
  t: Translate,
): string {
  const key = CODE_MESSAGES[code];
  return key ? t(key) : fallback || t("errors.unexpected");
}

export interface DescribedError {
  message: string;
  /** Seconds before a retry may succeed (429), or null. */
  retryAfter: number | null;
  fieldErrors: { field: string; message: string }[];
}

export function describeError(error: unknown, t: Translate): DescribedError {
  if (!(error instanceof ApiError)) {
    return {
      message: t("errors.unexpected"),
      retryAfter: null,
      fieldErrors: [],
    };
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
