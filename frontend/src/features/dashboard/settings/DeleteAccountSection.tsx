import { useMutation } from "@tanstack/react-query";
import { TriangleAlert } from "lucide-react";
import { useState, type SubmitEvent } from "react";
import { Alert, ProblemError } from "../../../components/Alert";
import { Button } from "../../../components/Button";
import { Card } from "../../../components/Card";
import { TextField } from "../../../components/Field";
import { useI18n } from "../../../i18n";
import { useAuth } from "../../../lib/auth";
import { dashboardApi } from "../api";

/** Deleting the account: re-authentication (password, plus a 2FA code when on) and a typed confirmation. */
export function DeleteAccountSection() {
  const { t } = useI18n();
  const { user, signOut } = useAuth();
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState("");
  const [code, setCode] = useState("");
  const [phrase, setPhrase] = useState("");
  const word = t("dashboard.delete.word");
  const confirmed = phrase.trim().toLocaleUpperCase() === word.toLocaleUpperCase();
  const mfa = user?.mfa_enabled === true;

  const remove = useMutation({
    mutationFn: dashboardApi.deleteAccount,
    onSuccess: () => {
      void signOut({ alreadyOut: true });
    },
  });

  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!confirmed) return;
    remove.mutate(mfa ? { password, code: code.replace(/\s/g, "") } : { password });
  }

  return (
    <Card title={t("dashboard.delete.title")} description={t("dashboard.delete.description")} data-testid="delete-account">
      {!open ? (
        <Button
          variant="danger"
          onClick={() => {
            setOpen(true);
          }}
          data-testid="delete-account-open"
        >
          {t("dashboard.delete.open")}
        </Button>
      ) : (
        <form onSubmit={submit} className="space-y-4" data-testid="delete-account-form">
          <Alert tone="error">
            <p className="flex items-center gap-1 font-semibold">
              <TriangleAlert className="size-4" aria-hidden="true" />
              {t("dashboard.delete.warning_title")}
            </p>
            <ul className="list-inside list-disc">
              <li>{t("dashboard.delete.warning_data")}</li>
              <li>{t("dashboard.delete.warning_billing")}</li>
              <li>{t("dashboard.delete.warning_export")}</li>
            </ul>
          </Alert>
          <div className="grid gap-4 sm:grid-cols-2">
            <TextField
              label={t("dashboard.delete.password")}
              type="password"
              autoComplete="current-password"
              required
              maxLength={1024}
              value={password}
              onChange={(event) => {
                setPassword(event.target.value);
              }}
              data-testid="delete-account-password"
            />
            {mfa && (
              <TextField
                label={t("dashboard.delete.code")}
                inputMode="numeric"
                autoComplete="one-time-code"
                required
                maxLength={32}
                value={code}
                onChange={(event) => {
                  setCode(event.target.value);
                }}
                data-testid="delete-account-code"
              />
            )}
          </div>
          <TextField
            label={t("dashboard.delete.type_word", { word })}
            value={phrase}
            autoComplete="off"
            spellCheck={false}
            onChange={(event) => {
              setPhrase(event.target.value);
            }}
            className="max-w-xs"
            data-testid="delete-account-phrase"
          />
          <ProblemError error={remove.error} data-testid="delete-account-error" />
          <div className="flex flex-wrap gap-2">
            <Button type="submit" variant="danger" disabled={!confirmed || password === ""} loading={remove.isPending} data-testid="delete-account-submit">
              {t("dashboard.delete.submit")}
            </Button>
            <Button
              variant="ghost"
              onClick={() => {
                setOpen(false);
                setPassword("");
                setCode("");
                setPhrase("");
                remove.reset();
              }}
            >
              {t("common.cancel")}
            </Button>
          </div>
        </form>
      )}
    </Card>
  );
}
