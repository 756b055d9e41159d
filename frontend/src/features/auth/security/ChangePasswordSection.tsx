import { useMutation } from "@tanstack/react-query";
import type { SubmitEvent } from "react";
import { Alert, ProblemError } from "../../../components/Alert";
import { Button } from "../../../components/Button";
import { Card } from "../../../components/Card";
import { TextField } from "../../../components/Field";
import { useI18n } from "../../../i18n";
import { formText } from "../../../lib/form";
import { authApi } from "../api";

export function ChangePasswordSection() {
  const { t } = useI18n();
  const change = useMutation({ mutationFn: authApi.changePassword });

  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    change.mutate(
      { current_password: formText(form, "current_password"), new_password: formText(form, "new_password") },
      {
        onSuccess: () => {
          form.reset();
        },
      },
    );
  }

  return (
    <Card title={t("security.password.title")} description={t("security.password.description")} data-testid="password-section">
      <form onSubmit={submit} className="grid max-w-md gap-4">
        <TextField
          label={t("security.password.current")}
          name="current_password"
          type="password"
          required
          autoComplete="current-password"
          data-testid="password-current"
        />
        <TextField
          label={t("auth.new_password")}
          name="new_password"
          type="password"
          required
          autoComplete="new-password"
          hint={t("auth.password_rules")}
          data-testid="password-new"
        />
        <ProblemError error={change.error} />
        {change.isSuccess && (
          <Alert tone="success" data-testid="password-change-done">
            <p>{t("security.password.done")}</p>
          </Alert>
        )}
        <div>
          <Button type="submit" loading={change.isPending} data-testid="password-change-submit">
            {t("security.password.submit")}
          </Button>
        </div>
      </form>
    </Card>
  );
}
