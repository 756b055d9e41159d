import { useMutation } from "@tanstack/react-query";
import type { SubmitEvent } from "react";
import { Alert, ProblemError } from "../../components/Alert";
import { AuthLayout } from "../../components/AuthLayout";
import { Button } from "../../components/Button";
import { TextField } from "../../components/Field";
import { TextLink } from "../../components/TextLink";
import { useI18n } from "../../i18n";
import { formText } from "../../lib/form";
import { authApi } from "./api";

export function ForgotPasswordPage() {
  const { t } = useI18n();
  const forgot = useMutation({ mutationFn: authApi.forgotPassword });

  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    forgot.mutate({ email: formText(event.currentTarget, "email").trim() });
  }

  return (
    <AuthLayout
      title={t("auth.forgot.title")}
      subtitle={t("auth.forgot.subtitle")}
      footer={
        <TextLink to="/login" data-testid="forgot-login-link">
          {t("auth.back_to_login")}
        </TextLink>
      }
    >
      {forgot.isSuccess ? (
        // The server answers 202 whether or not the address has an account.
        <Alert tone="success" data-testid="forgot-sent">
          <p>{t("auth.forgot.sent")}</p>
        </Alert>
      ) : (
        <form onSubmit={submit} className="space-y-4" data-testid="forgot-form">
          <TextField
            label={t("auth.email")}
            name="email"
            type="email"
            required
            autoFocus
            autoComplete="email"
            data-testid="forgot-email"
          />
          <ProblemError error={forgot.error} />
          <Button type="submit" className="w-full" loading={forgot.isPending} data-testid="forgot-submit">
            {t("auth.forgot.submit")}
          </Button>
        </form>
      )}
    </AuthLayout>
  );
}
