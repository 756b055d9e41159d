import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Alert, ProblemError } from "../../components/Alert";
import { Button } from "../../components/Button";
import { ConfirmButton } from "../../components/ConfirmButton";
import { SelectField } from "../../components/Field";
import { Spinner } from "../../components/PageStatus";
import { useI18n } from "../../i18n";
import { automationKeys, automationsApi } from "./api";
import { Section } from "./Section";

/** The user's connected accounts with their health; connecting opens Pipedream's own flow. */
export function AccountsSection() {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [app, setApp] = useState("");
  const [opened, setOpened] = useState(false);
  const apps = useQuery({ queryKey: automationKeys.apps, queryFn: automationsApi.apps });
  const accounts = useQuery({ queryKey: automationKeys.accounts, queryFn: automationsApi.accounts });
  const connect = useMutation({
    mutationFn: () => automationsApi.connectLink(app || null),
    onSuccess: (link) => {
      window.open(link.connect_link_url, "_blank", "noopener");
      setOpened(true);
    },
  });
  const remove = useMutation({
    mutationFn: automationsApi.deleteAccount,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: automationKeys.accounts }),
  });

  return (
    <Section title={t("automations.accounts.title")} testId="automations-accounts">
      <div className="flex flex-wrap items-end gap-2">
        <SelectField
          label={t("automations.accounts.app")}
          value={app}
          onChange={(event) => {
            setApp(event.target.value);
          }}
          data-testid="automations-connect-app"
        >
          <option value="">{t("automations.accounts.any_app")}</option>
          {apps.data?.items.map((item) => (
            <option key={item.slug} value={item.slug}>
              {item.name}
            </option>
          ))}
        </SelectField>
        <Button loading={connect.isPending} onClick={() => { connect.mutate(); }} data-testid="automations-connect">
          {t("automations.accounts.connect")}
        </Button>
        <Button variant="ghost" onClick={() => void accounts.refetch()} data-testid="automations-accounts-refresh">
          {t("automations.accounts.refresh")}
        </Button>
      </div>
      {opened && <Alert data-testid="automations-connect-opened">{t("automations.accounts.opened")}</Alert>}
      {connect.isError && <ProblemError error={connect.error} />}
      {accounts.isPending ? (
        <Spinner />
      ) : accounts.isError ? (
        <ProblemError error={accounts.error} data-testid="automations-accounts-error" />
      ) : accounts.data.items.length === 0 ? (
        <p className="text-sm text-slate-500">{t("automations.common.empty")}</p>
      ) : (
        <ul className="divide-y divide-slate-200 dark:divide-slate-800" data-testid="automations-account-list">
          {accounts.data.items.map((account) => (
            <li key={account.account_id} className="flex items-center justify-between gap-2 py-2" data-testid="automations-account">
              <span>
                <strong>{account.app_name}</strong> · {account.name}{" "}
                <span className={account.healthy ? "text-emerald-600" : "text-red-600"}>
                  {account.healthy ? t("automations.accounts.healthy") : t("automations.accounts.unhealthy")}
                </span>
              </span>
              <ConfirmButton
                variant="danger"
                question={t("automations.accounts.delete_question", { name: account.name ?? account.app_name })}
                loading={remove.isPending && remove.variables === account.account_id}
                onConfirm={() => { remove.mutate(account.account_id); }}
                data-testid="automations-account-delete"
              >
                {t("automations.common.delete")}
              </ConfirmButton>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}
