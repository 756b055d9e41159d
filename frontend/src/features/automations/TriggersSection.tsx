import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Alert, ProblemError } from "../../components/Alert";
import { Button } from "../../components/Button";
import { ConfirmButton } from "../../components/ConfirmButton";
import { SelectField, TextField } from "../../components/Field";
import { useI18n } from "../../i18n";
import { formatDateTime } from "../../lib/format";
import { automationKeys, automationsApi } from "./api";
import { editableProps, toProps, type PropValues } from "../../lib/pipedreamProps";
import { Section } from "./Section";
import { EMPTY_TARGET, toTarget, type TargetDraft } from "./target";
import { TargetFields } from "./TargetFields";

/** Deployed triggers (each event starts a mailed prompt, a workflow or an agent) and the form to add one. */
export function TriggersSection() {
  const { t, language } = useI18n();
  const queryClient = useQueryClient();
  const accounts = useQuery({
    queryKey: automationKeys.accounts,
    queryFn: automationsApi.accounts,
  });
  const triggers = useQuery({
    queryKey: automationKeys.triggers,
    queryFn: automationsApi.triggers,
  });
  const [accountId, setAccountId] = useState("");
  const account = accounts.data?.items.find((a) => a.account_id === accountId);
  const components = useQuery({
    queryKey: automationKeys.components(account?.app ?? "", "trigger"),
    queryFn: () => automationsApi.components(account?.app ?? "", "trigger"),
    enabled: Boolean(account),
  });
  const [key, setKey] = useState("");
  const component = components.data?.items.find((c) => c.key === key);
  const [values, setValues] = useState<PropValues>({});
  const [draft, setDraft] = useState<TargetDraft>(EMPTY_TARGET);
  const [invalid, setInvalid] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: automationsApi.createTrigger,
    onSuccess: () => {
      setValues({});
      setDraft(EMPTY_TARGET);
      void queryClient.invalidateQueries({ queryKey: automationKeys.triggers });
    },
  });
  const remove = useMutation({
    mutationFn: automationsApi.deleteTrigger,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: automationKeys.triggers }),
  });

  const target = toTarget(draft, component?.name ?? "", language);
  const submit = () => {
    if (!component || !account || !target) return;
    const result = toProps(component.props, values);
    if (!result.ok) {
      setInvalid(t(`automations.triggers.${result.reason}`, { prop: result.prop }));
      return;
    }
    setInvalid(null);
    create.mutate({
      component_key: component.key,
      account_id: account.account_id,
      props: result.props,
      target,
    });
  };

  return (
    <Section title={t("automations.triggers.title")} testId="automations-triggers">
      {accounts.data?.items.length === 0 ? (
        <p className="text-sm text-slate-500">{t("automations.triggers.no_account")}</p>
      ) : (
        <form
          className="grid gap-2 sm:grid-cols-2"
          onSubmit={(event) => {
            event.preventDefault();
            submit();
          }}
          data-testid="automations-trigger-form"
        >
          <SelectField
            label={t("automations.triggers.account")}
            value={accountId}
            onChange={(event) => {
              setAccountId(event.target.value);
              setKey("");
            }}
            data-testid="automations-trigger-account"
          >
            <option value="" />
            {accounts.data?.items.map((a) => (
              <option key={a.account_id} value={a.account_id}>
                {a.app_name} · {a.name}
              </option>
            ))}
          </SelectField>
          <SelectField
            label={t("automations.triggers.component")}
            value={key}
            onChange={(event) => {
              setKey(event.target.value);
              setValues({});
            }}
            data-testid="automations-trigger-component"
          >
            <option value="" />
            {components.data?.items.map((c) => (
              <option key={c.key} value={c.key}>
                {c.name}
              </option>
            ))}
          </SelectField>
          {component &&
            editableProps(component.props).map((prop) => (
              <TextField
                key={prop.name}
                label={`${prop.label ?? prop.name}${prop.optional ? "" : " *"}`}
                value={values[prop.name] ?? ""}
                onChange={(event) => {
                  setValues({ ...values, [prop.name]: event.target.value });
                }}
                data-testid={`automations-prop-${prop.name}`}
              />
            ))}
          <TargetFields draft={draft} onChange={setDraft} on="trigger" />
          <div className="sm:col-span-2">
            <Button type="submit" disabled={!component || !target} loading={create.isPending} data-testid="automations-trigger-create">
              {t("automations.triggers.new")}
            </Button>
          </div>
          {invalid && <Alert tone="error">{invalid}</Alert>}
          {create.isError && <ProblemError error={create.error} />}
        </form>
      )}
      <ul className="divide-y divide-slate-200 dark:divide-slate-800" data-testid="automations-trigger-list">
        {triggers.data?.items.map((trigger) => (
          <li key={trigger.hook_id} className="flex items-center justify-between gap-2 py-2" data-testid="automations-trigger">
            <span>
              <strong>{trigger.component_key}</strong> ·{" "}
              <span data-testid="automations-trigger-events">
                {t("automations.triggers.events", {
                  count: trigger.events_received,
                })}
              </span>
              {trigger.last_event_at && ` · ${t("automations.triggers.last", { date: formatDateTime(trigger.last_event_at, language) })}`}
            </span>
            <ConfirmButton
              variant="danger"
              question={t("automations.triggers.delete_question")}
              loading={remove.isPending && remove.variables === trigger.hook_id}
              onConfirm={() => {
                remove.mutate(trigger.hook_id);
              }}
              data-testid="automations-trigger-delete"
            >
              {t("automations.common.delete")}
            </ConfirmButton>
          </li>
        ))}
      </ul>
    </Section>
  );
}
