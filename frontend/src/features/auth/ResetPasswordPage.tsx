import { useMutation } from "@tanstack/react-query";
import type { SubmitEvent } from "react";
import { useSearchParams } from "react-router";
import { useFragmentParam } from "../../lib/fragment";
import { Alert, ProblemError } from "../../components/Alert";
import { AuthLayout } from "../../components/AuthLayout";
import { Button } from "../../components/Button";
import { TextField } from "../../components/Field";
import { TextLink } from "../../components/TextLink";
import { useI18n } from "../../i18n";
import { ApiError } from "../../lib/api";
import { formText } from "../../lib/form";
import { authApi } from "./api";

/** Landing page of the emailed link `/reset-password#token=…` (links sent before the token moved to
 * the fragment carry it as `?token=`). */
export function ResetPasswordPage() {
  const fromFragment = useFragmentParam("token");
  const [query] = useSearchParams();
  const token = fromFragment ?? query.get("token") ?? "";
  return <ResetPassword key={token} token={token} />;
}

function ResetPassword({ token }: { token: string }) {
  const { t } = useI18n();
  const reset = useMutation({ mutationFn: authApi.resetPassword });

  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    reset.mutate({ token, password: formText(event.currentTarget, "password") });
  }

  const linkUnusable = !token || (reset.error instanceof ApiError && reset.error.code === "invalid_token");

  return (
    <AuthLayout
      title={t("auth.reset.title")}
      footer={
        <TextLink to="/login" data-testid="reset-login-link">
          {t("auth.back_to_login")}
        </TextLink>
      }
    >
      {reset.isSuccess ? (
        <Alert tone="success" data-testid="reset-done">
          <p>{t("auth.reset.done")}</p>
        </Alert>
      ) : linkUnusable ? (
        <div className="space-y-4">
          <Alert tone="error" data-testid="reset-invalid">
            <p>{t("errors.invalid_token")}</p>
          </Alert>
          <TextLink to="/forgot-password" data-testid="reset-forgot-link">
            {t("auth.reset.request_new")}
          </TextLink>
        </div>
      ) : (
        <form onSubmit={submit} className="space-y-4" data-testid="reset-form">
          <TextField
            label={t("auth.new_password")}
            name="password"
            type="password"
            required
            autoFocus
            autoComplete="new-password"
            hint={t("auth.password_rules")}
            data-testid="reset-password"
          />
          <ProblemError error={reset.error} />
          <Button type="submit" className="w-full" loading={reset.isPending} data-testid="reset-submit">
            {t("auth.reset.submit")}
          </Button>
        </form>
      )}
    </AuthLayout>
  );
}
