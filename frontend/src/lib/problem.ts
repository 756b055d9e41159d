import type { MessageKey, Translate } from "../i18n";
import { ApiError } from "./api";

// Not shown to people: codes that only ever reach machines, so they need no message.
// - automations.bad_signature, automations.stale_event, automations.duplicate_event: answered to
//   Pipedream's event webhook (signature, replay window, duplicate delivery).
// - billing.bad_signature: answered to Stripe's webhook.
// - voice.invalid_signature: answered to Twilio's voice webhooks.
// - model_not_found: raised by the OpenAI-compatible gateway (/v1) only, which API clients call.
// - insufficient_scope, session_required: refused to API tokens only; a browser session has every
//   scope and is a session.
// - origin_not_allowed: refused to a request from a foreign site, never to the SPA's own origin.
export const CODES_NOT_SHOWN: readonly string[] = [
  "automations.bad_signature",
  "automations.stale_event",
  "automations.duplicate_event",
  "billing.bad_signature",
  "voice.invalid_signature",
  "model_not_found",
  "insufficient_scope",
  "session_required",
  "origin_not_allowed",
];

// Every server error code a person may meet, in the user's language (`problem.test.ts` checks
// the codes of docs/openapi.json against this map). An unknown code shows the server's `detail`.
export const CODE_MESSAGES: Record<string, MessageKey> = {
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
  // Generic HTTP answers
  not_found: "errors.not_found",
  conflict: "errors.conflict",
  forbidden: "errors.forbidden",
  bad_request: "errors.bad_request",
  method_not_allowed: "errors.bad_request",
  unsupported_media_type: "errors.bad_request",
  http_error: "errors.bad_request",
  unknown_action: "errors.bad_request",
  internal_error: "errors.server",
  upstream_error: "errors.upstream_error",
  invalid_cursor: "errors.invalid_cursor",
  response_too_large: "errors.response_too_large",
  unsupported_document: "errors.unsupported_document",
  unreadable_document: "errors.unreadable_document",
  turn_conflict: "errors.turn_conflict",
  verdict_unreadable: "errors.verdict_unreadable",
  // Sign-in and account security
  refresh_reused: "errors.refresh_reused",
  csrf_failed: "errors.csrf_failed",
  cannot_modify_self: "errors.cannot_modify_self",
  email_already_verified: "errors.email_already_verified",
  mfa_already_enabled: "errors.mfa_already_enabled",
  mfa_not_enabled: "errors.mfa_not_enabled",
  mfa_setup_missing: "errors.mfa_setup_missing",
  invalid_email: "errors.invalid_email",
  provider_not_configured: "errors.provider_not_configured",
  oauth_failed: "errors.oauth_failed",
  oauth_email_unverified: "errors.oauth_email_unverified",
  account_disabled: "errors.account_disabled",
  too_many_tokens: "errors.too_many_tokens",
  // Provider keys and account settings
  unknown_vendor: "dashboard.errors.unknown_vendor",
  key_not_needed: "dashboard.errors.unknown_vendor",
  invalid_key: "errors.invalid_key",
  "account.invalid_settings": "errors.account.invalid_settings",
  "account.export_not_found": "errors.account.export_not_found",
  "account.export_not_ready": "errors.account.export_not_ready",
  "billing.unknown_plan": "errors.billing.unknown_plan",
  "billing.stripe_error": "errors.billing.stripe_error",
  // Catalogue, assistants, prompts, sharing
  tool_not_found: "errors.tool_not_found",
  tool_exists: "errors.tool_exists",
  review_not_found: "errors.review_not_found",
  review_conflict: "errors.review_conflict",
  assistant_limit: "errors.assistant_limit",
  invalid_values: "errors.invalid_values",
  rendered_too_long: "errors.rendered_too_long",
  share_not_found: "prompts.shared.not_found_hint",
  not_owner: "errors.not_owner",
  prompt_limit: "errors.prompt_limit",
  link_gone: "errors.link_gone",
  too_many_links: "errors.too_many_links",
  // Agents and knowledge bases
  agent_not_found: "errors.agent_not_found",
  agent_run_not_found: "errors.run_not_found",
  agent_builtin_read_only: "errors.agent_builtin_read_only",
  agent_limit: "errors.agent_limit",
  agent_unknown_model: "errors.unknown_model",
  agent_unknown_tool: "errors.agent_unknown_tool",
  agent_invalid_plan: "errors.agent_invalid_plan",
  agent_run_not_draft: "errors.agent_run_not_draft",
  agent_metrics_period: "errors.agent_metrics_period",
  agent_tool_call_not_found: "errors.agent_tool_call_not_found",
  agent_invalid_tool_arguments: "errors.agent_invalid_tool_arguments",
  agent_model_failed: "errors.agent_model_failed",
  knowledge_base_not_found: "errors.knowledge_base_not_found",
  knowledge_document_not_found: "errors.knowledge_document_not_found",
  knowledge_document_too_large: "errors.knowledge_document_too_large",
  knowledge_document_not_uploaded: "errors.knowledge_document_not_uploaded",
  knowledge_base_limit: "errors.knowledge_base_limit",
  // Automations
  "automations.account_not_found": "errors.automations.account_not_found",
  "automations.component_not_found": "errors.automations.component_not_found",
  "automations.trigger_not_found": "errors.automations.trigger_not_found",
  "automations.webhook_not_found": "errors.automations.webhook_not_found",
  "automations.schedule_not_found": "errors.schedule_not_found",
  "automations.invalid_props": "errors.automations.invalid_props",
  "automations.schedule_limit": "errors.automations.schedule_limit",
  "automations.limit_reached": "errors.automations.limit_reached",
  "automations.pipedream_error": "errors.automations.pipedream_error",
  "automations.not_configured": "errors.automations.not_configured",
  "automations.template_not_found": "errors.automations.template_not_found",
  "automations.account_required": "errors.automations.account_required",
  "automations.nothing_to_diagnose": "errors.automations.nothing_to_diagnose",
  "automations.draft_not_ready": "errors.automations.draft_not_ready",
  "automations.draft_not_accepted": "errors.automations.draft_not_accepted",
  // Blog
  "blog.not_editor": "blog.not_editor",
  "blog.post_not_found": "errors.blog.post_not_found",
  "blog.comment_not_found": "errors.blog.comment_not_found",
  "blog.category_not_found": "errors.blog.category_not_found",
  "blog.revision_not_found": "errors.blog.revision_not_found",
  "blog.slug_taken": "errors.blog.slug_taken",
  "blog.slug_reserved": "errors.blog.slug_reserved",
  "blog.not_an_image": "errors.blog.not_an_image",
  "blog.invalid_transition": "errors.blog.invalid_transition",
  "blog.not_publishable": "errors.blog.not_publishable",
  "blog.category_cycle": "errors.blog.category_cycle",
  "blog.comment_refused": "blog.comment_sent_rejected",
  "blog.banned": "errors.blog.banned",
  "blog.email_not_verified": "errors.blog.email_not_verified",
  "blog.too_soon": "errors.blog.too_soon",
  "blog.rate_limited": "errors.blog.rate_limited",
  "blog.too_many_models": "errors.blog.too_many_models",
  // Tasks
  "tasks.not_found": "tasks.not_found",
  "tasks.schedule_not_found": "errors.schedule_not_found",
  "tasks.step_not_found": "errors.tasks.step_not_found",
  "tasks.unknown_step_kind": "errors.tasks.unknown_step_kind",
  "tasks.finished": "errors.tasks.finished",
  "tasks.not_finished": "errors.tasks.not_finished",
  "tasks.not_waiting_approval": "errors.tasks.not_waiting_approval",
  "tasks.step_not_failed": "errors.tasks.step_not_failed",
  "tasks.kind_reserved": "errors.tasks.kind_reserved",
  "tasks.approval_link_invalid": "tasks.approval.invalid",
  // Media
  "media.job_not_found": "errors.media.job_not_found",
  "media.not_found": "media.errors.not_found",
  "media.upload_not_found": "errors.media.upload_not_found",
  "media.voice_not_found": "errors.media.voice_not_found",
  "media.job_not_cancellable": "media.errors.job_not_cancellable",
  "media.upload_not_ready": "media.errors.upload_failed",
  "media.upload_missing": "media.errors.upload_failed",
  "media.too_large": "media.errors.too_large",
  "media.too_many_uploads": "errors.media.too_many_uploads",
  "media.too_many_pixels": "errors.media.too_many_pixels",
  "media.unsupported_type": "media.errors.unsupported_type",
  "media.wrong_kind": "media.errors.wrong_kind",
  "media.invalid_option": "media.errors.invalid_option",
  "media.unknown_model": "errors.unknown_model",
  "media.consent_required": "media.errors.consent_required",
  "media.generation_failed": "media.errors.generation_failed",
  // Voice
  "voice.persona_not_found": "errors.voice.persona_not_found",
  "voice.call_not_found": "errors.voice.call_not_found",
  "voice.persona_in_use": "errors.voice.persona_in_use",
  "voice.opted_out": "errors.voice.opted_out",
  "voice.no_number": "errors.voice.no_number",
  "voice.unavailable": "errors.voice.unavailable",
  "voice.softphone_unavailable": "errors.voice.softphone_unavailable",
  "voice.too_many_personas": "errors.voice.too_many_personas",
  // Workflows ("combinaisons" in French)
  "workflows.not_found": "errors.workflows.not_found",
  "workflows.version_not_found": "errors.version_not_found",
  "workflows.run_not_found": "errors.run_not_found",
  "workflows.node_not_found": "errors.workflows.node_not_found",
  "workflows.invalid_graph": "errors.workflows.invalid_graph",
  "workflows.invalid_values": "errors.workflows.invalid_values",
  "workflows.over_budget": "errors.workflows.over_budget",
  "workflows.edit_conflict": "errors.workflows.edit_conflict",
  "workflows.not_published": "errors.workflows.not_published",
  "workflows.import_invalid": "errors.workflows.import_invalid",
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
