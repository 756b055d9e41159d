import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ProblemError } from "../../components/Alert";
import { Button } from "../../components/Button";
import { ConfirmButton } from "../../components/ConfirmButton";
import { TextField } from "../../components/Field";
import { Spinner } from "../../components/PageStatus";
import { useI18n } from "../../i18n";
import { ApiError } from "../../lib/api";
import { accountInput, EMPTY_ACCOUNT, type AccountDraft } from "./account";
import { voiceApi, voiceKeys } from "./api";

function ConnectForm() {
  const { t } = useI18n();
  const client = useQueryClient();
  const [draft, setDraft] = useState<AccountDraft>(EMPTY_ACCOUNT);
  const connect = useMutation({
    mutationFn: () => voiceApi.connectAccount(accountInput(draft)),
    onSuccess: async (account) => {
      setDraft(EMPTY_ACCOUNT);
      client.setQueryData(voiceKeys.account, account);
      await client.invalidateQueries({ queryKey: voiceKeys.available });
    },
  });
  const field = (key: keyof AccountDraft, secret = false) => ({
    value: draft[key],
    type: secret ? "password" : "text",
    autoComplete: "off",
    onChange: (event: { target: { value: string } }) => {
      setDraft({ ...draft, [key]: event.target.value });
    },
    "data-testid": `twilio-${key}`,
  });
  return (
    <form
      className="grid gap-3 sm:grid-cols-2"
      onSubmit={(event) => {
        event.preventDefault();
        connect.mutate();
      }}
    >
      <TextField className="sm:col-span-2" label={t("voice.account.sid")} required {...field("account_sid")} />
      <TextField label={t("voice.account.auth_token")} hint={t("voice.account.auth_token_hint")} {...field("auth_token", true)} />
      <div />
      <TextField label={t("voice.account.api_key_sid")} {...field("api_key_sid")} />
      <TextField label={t("voice.account.api_key_secret")} {...field("api_key_secret", true)} />
      <div>
        <Button type="submit" loading={connect.isPending} data-testid="twilio-connect">
          {t("voice.account.connect")}
        </Button>
      </div>
      {connect.isError && <ProblemError error={connect.error} data-testid="twilio-error" />}
    </form>
  );
}

/** Your own Twilio account: connect it (checked with Twilio, stored encrypted), see it masked, disconnect. */
export function TwilioAccountSection() {
  const { t } = useI18n();
  const client = useQueryClient();
  const account = useQuery({
    queryKey: voiceKeys.account,
    queryFn: voiceApi.account,
    retry: false,
  });
  const disconnect = useMutation({
    mutationFn: voiceApi.disconnectAccount,
    onSuccess: async () => {
      client.removeQueries({ queryKey: voiceKeys.account });
      await client.invalidateQueries({ queryKey: ["voice"] });
    },
  });
  const notConnected = account.error instanceof ApiError && account.error.code === "voice.account_not_connected";
  return (
    <section className="space-y-3" data-testid="twilio-account">
      <h2 className="text-lg font-semibold text-slate-900 dark:text-white">{t("voice.account.title")}</h2>
      <p className="text-sm text-slate-600 dark:text-slate-400">{t("voice.account.hint")}</p>
      {account.isPending ? (
        <Spinner />
      ) : notConnected ? (
        <ConnectForm />
      ) : account.isError ? (
        <ProblemError error={account.error} />
      ) : (
        <div className="flex flex-wrap items-center gap-4 text-sm" data-testid="twilio-connected">
          <span>
            <strong>{account.data.friendly_name}</strong> · <span className="font-mono">{account.data.account_sid}</span>
          </span>
          {account.data.auth_token && (
            <span>
              {t("voice.account.auth_token")} : <span className="font-mono">{account.data.auth_token}</span>
            </span>
          )}
          {account.data.api_key_sid && (
            <span>
              {t("voice.account.api_key_sid")} : <span className="font-mono">{account.data.api_key_sid}</span>
            </span>
          )}
          <ConfirmButton
            variant="ghost"
            question={t("voice.account.disconnect_question")}
            loading={disconnect.isPending}
            onConfirm={() => {
              disconnect.mutate();
            }}
            data-testid="twilio-disconnect"
          >
            {t("voice.account.disconnect")}
          </ConfirmButton>
          {disconnect.isError && <ProblemError error={disconnect.error} />}
        </div>
      )}
    </section>
  );
}
