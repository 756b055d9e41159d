import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Alert, ProblemError } from "../../components/Alert";
import { Button } from "../../components/Button";
import { ConfirmButton } from "../../components/ConfirmButton";
import { CheckboxField, TextField } from "../../components/Field";
import { useI18n } from "../../i18n";
import { formatDateTime } from "../../lib/format";
import { automationKeys, automationsApi, EVENT_TYPES, type EventType, type Webhook } from "./api";
import { Section } from "./Section";

function DeliveryLog({ webhook }: { webhook: Webhook }) {
  const { t, language } = useI18n();
  const log = useQuery({
    queryKey: automationKeys.deliveries(webhook.webhook_id),
    queryFn: () => automationsApi.deliveries(webhook.webhook_id),
    refetchInterval: 5000,
  });
  return (
    <ul className="mt-2 space-y-1 text-xs" data-testid="automations-delivery-log">
      {log.data?.items.map((d) => (
        <li key={d.delivery_id} className={d.ok ? "text-emerald-700" : "text-red-700"} data-testid="automations-delivery">
          {formatDateTime(d.created_at, language)} · {d.event_type} · {t("automations.webhooks.attempt", { attempt: d.attempt })} ·{" "}
          {d.status_code ?? t("automations.webhooks.no_answer")} · {d.duration_ms} ms {d.error ? `· ${d.error}` : ""}
        </li>
      ))}
    </ul>
  );
}

/** Outgoing webhooks: WeBox events sent to a public https URL, signed; each with its delivery log. */
export function WebhooksSection() {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const webhooks = useQuery({ queryKey: automationKeys.webhooks, queryFn: automationsApi.webhooks });
  const [url, setUrl] = useState("");
  const [types, setTypes] = useState<EventType[]>(["task.succeeded"]);
  const [secret, setSecret] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: automationKeys.webhooks });
  const create = useMutation({
    mutationFn: automationsApi.createWebhook,
    onSuccess: (made) => {
      setSecret(made.secret);
      setUrl("");
      void refresh();
    },
  });
  const remove = useMutation({ mutationFn: automationsApi.deleteWebhook, onSuccess: refresh });
  const test = useMutation({
    mutationFn: automationsApi.testWebhook,
    onSuccess: (_, id) => queryClient.invalidateQueries({ queryKey: automationKeys.deliveries(id) }),
  });

  return (
    <Section title={t("automations.webhooks.title")} testId="automations-webhooks">
      <form
        className="space-y-2"
        onSubmit={(event) => {
          event.preventDefault();
          create.mutate({ url, event_types: types });
        }}
        data-testid="automations-webhook-form"
      >
        <TextField type="url" label={t("automations.webhooks.url")} value={url} required maxLength={2000} onChange={(e) => { setUrl(e.target.value); }} data-testid="automations-webhook-url" />
        <fieldset className="flex flex-wrap gap-3">
          <legend className="mb-1 text-sm font-medium">{t("automations.webhooks.events")}</legend>
          {EVENT_TYPES.map((type) => (
            <CheckboxField
              key={type}
              label={type}
              checked={types.includes(type)}
              onChange={(e) => {
                setTypes(e.target.checked ? [...types, type] : types.filter((x) => x !== type));
              }}
            />
          ))}
        </fieldset>
        <Button type="submit" disabled={types.length === 0} loading={create.isPending} data-testid="automations-webhook-create">
          {t("automations.webhooks.new")}
        </Button>
        {create.isError && <ProblemError error={create.error} />}
      </form>
      {secret && (
        <Alert tone="success" data-testid="automations-webhook-secret">
          {t("automations.webhooks.secret")} <code className="break-all">{secret}</code>
        </Alert>
      )}
      <ul className="divide-y divide-slate-200 dark:divide-slate-800" data-testid="automations-webhook-list">
        {webhooks.data?.items.map((webhook) => (
          <li key={webhook.webhook_id} className="py-2" data-testid="automations-webhook">
            <div className="flex flex-wrap items-center justify-between gap-2">
              <span className="break-all">
                <strong>{webhook.url}</strong> · {webhook.event_types.join(", ")}
              </span>
              <span className="flex gap-2">
                <Button variant="secondary" onClick={() => { test.mutate(webhook.webhook_id); }} data-testid="automations-webhook-test">
                  {t("automations.webhooks.test")}
                </Button>
                <Button variant="ghost" onClick={() => { setOpen(open === webhook.webhook_id ? null : webhook.webhook_id); }} data-testid="automations-webhook-log">
                  {open === webhook.webhook_id ? t("automations.webhooks.hide_log") : t("automations.webhooks.log")}
                </Button>
                <ConfirmButton
                  variant="danger"
                  question={t("automations.webhooks.delete_question")}
                  loading={remove.isPending && remove.variables === webhook.webhook_id}
                  onConfirm={() => { remove.mutate(webhook.webhook_id); }}
                  data-testid="automations-webhook-delete"
                >
                  {t("automations.common.delete")}
                </ConfirmButton>
              </span>
            </div>
            {open === webhook.webhook_id && <DeliveryLog webhook={webhook} />}
          </li>
        ))}
      </ul>
    </Section>
  );
}
