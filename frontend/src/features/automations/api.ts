// The automations API contract (webox.automations): types from the generated OpenAPI schemas.
import { api, endpoint, withQuery, type Schema } from "../../lib/api";

export type ConnectedAccount = Schema<"AccountOut">;
export type App = Schema<"AppOut">;
export type Component = Schema<"ComponentOut">;
export type Prop = Schema<"PropOut">;
export type Trigger = Schema<"TriggerOut">;
export type Webhook = Schema<"OutgoingWebhookOut">;
export type WebhookCreated = Schema<"OutgoingWebhookCreated">;
export type Delivery = Schema<"DeliveryOut">;
export type AutomationSchedule = Schema<"AutomationScheduleOut">;
export type ScheduleInput = Schema<"AutomationScheduleCreate">;
export type Template = Schema<"TemplateOut">;
export type TemplateInstall = Schema<"TemplateInstall">;
export type Target = Schema<"TriggerCreate">["target"];
export type EventType = Schema<"OutgoingWebhookCreate">["event_types"][number];

export const EVENT_TYPES: readonly EventType[] = [
  "task.succeeded",
  "task.failed",
  "chat.finished",
  "media.ready",
  "call.ended",
  "post.published",
];

export const automationKeys = {
  apps: ["automations", "apps"] as const,
  accounts: ["automations", "accounts"] as const,
  components: (app: string, type: "action" | "trigger") => ["automations", "components", app, type] as const,
  triggers: ["automations", "triggers"] as const,
  schedules: ["automations", "schedules"] as const,
  webhooks: ["automations", "webhooks"] as const,
  deliveries: (id: string) => ["automations", "webhooks", id, "deliveries"] as const,
  templates: (lang: string) => ["automations", "templates", lang] as const,
  guide: (id: string, lang: string) => ["automations", "guides", id, lang] as const,
  workflows: ["automations", "workflows"] as const,
  agents: ["automations", "agents"] as const,
};

const root = "/api/automations";

export const automationsApi = {
  apps: () => api.get<Schema<"AppList">>(`${root}/apps`),
  accounts: () => api.get<Schema<"AccountList">>(`${root}/accounts`),
  connectLink: (app: string | null) => api.post<Schema<"ConnectToken">>(`${root}/accounts/connect-token`, { app }),
  deleteAccount: (id: string) => api.delete(`${root}/accounts/${encodeURIComponent(id)}`),
  components: (app: string, type: "action" | "trigger") => api.get<Schema<"ComponentList">>(withQuery(`${root}/components`, { app, type })),
  triggers: () => api.get<Schema<"TriggerList">>(`${root}/triggers`),
  createTrigger: (body: Schema<"TriggerCreate">) => api.post<Trigger>(`${root}/triggers`, body),
  deleteTrigger: (hookId: string) => api.delete(`${root}/triggers/${encodeURIComponent(hookId)}`),
  schedules: () => api.get<Schema<"AutomationScheduleList">>(`${root}/schedules`),
  createSchedule: (body: ScheduleInput) => api.post<AutomationSchedule>(`${root}/schedules`, body),
  pauseSchedule: (id: string, paused: boolean) =>
    api.post<AutomationSchedule>(`${root}/schedules/${encodeURIComponent(id)}/${paused ? "pause" : "resume"}`),
  deleteSchedule: (id: string) => api.delete(`${root}/schedules/${encodeURIComponent(id)}`),
  webhooks: () => api.get<Schema<"OutgoingWebhookList">>(`${root}/webhooks`),
  createWebhook: (body: Schema<"OutgoingWebhookCreate">) => api.post<WebhookCreated>(`${root}/webhooks`, body),
  deleteWebhook: (id: string) => api.delete(`${root}/webhooks/${encodeURIComponent(id)}`),
  testWebhook: (id: string) => api.post(`${root}/webhooks/${encodeURIComponent(id)}/test`),
  deliveries: (id: string) => api.get<Schema<"DeliveryList">>(`${root}/webhooks/${encodeURIComponent(id)}/deliveries`),
  templates: (lang: "fr" | "en") => api.get<Schema<"TemplateList">>(withQuery(`${root}/templates`, { lang })),
  guide: (id: string, lang: "fr" | "en") =>
    endpoint("get", "/api/automations/templates/{template_id}/guide", {
      path: { template_id: id },
      query: { lang },
    }),
  installTemplate: (id: string, body: TemplateInstall) =>
    api.post<Schema<"TemplateInstalled">>(`${root}/templates/${encodeURIComponent(id)}/install`, body),
  generate: (body: Schema<"DraftRequest">) => api.post<Schema<"AssistantStarted">>(`${root}/drafts`, body),
  installDraft: (taskId: string, body: Schema<"DraftInstall">) =>
    api.post<Schema<"DraftInstalled">>(`${root}/drafts/${encodeURIComponent(taskId)}/install`, body),
  // What a target may start: the caller's workflows and agents (their own APIs, read only).
  workflows: () => api.get<Schema<"WorkflowPage">>(withQuery("/api/workflows", { limit: 50 })),
  agents: () => api.get<Schema<"AgentOut">[]>("/api/agents"),
};

/** The apps of `apps` the caller has no healthy account of. */
export function missingApps(apps: readonly string[], accounts: readonly ConnectedAccount[]): string[] {
  return apps.filter((app) => !accounts.some((account) => account.app === app && account.healthy));
}
