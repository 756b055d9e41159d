import { useMutation } from "@tanstack/react-query";
import { useState, type SubmitEvent } from "react";
import { useSearchParams } from "react-router";
import { Alert, ProblemError } from "../../components/Alert";
import { AuthLayout } from "../../components/AuthLayout";
import { Button } from "../../components/Button";
import { TextField } from "../../components/Field";
import { TextLink } from "../../components/TextLink";
import { useI18n } from "../../i18n";
import { formText } from "../../lib/form";
import { authApi, safeNext } from "./api";
import { useAuth } from "../../lib/auth";
import { OAuthButtons } from "./OAuthButtons";

export function RegisterPage() {
  const { t, language } = useI18n();
  const { refresh } = useAuth();
  const [params] = useSearchParams();
  const [createdEmail, setCreatedEmail] = useState<string | null>(null);

  // If the server signed the new account in, re-reading /api/auth/me moves us on
  // (GuestOnly); otherwise the page says to confirm the email and sign in.
  const register = useMutation({
    mutationFn: authApi.register,
    onSuccess: async ({ user }) => {
      setCreatedEmail(user.email);
      await refresh();
    },
  });

  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    register.mutate({
      name: formText(form, "name").trim(),
      email: formText(form, "email").trim(),
      password: formText(form, "password"),
      language,
    });
  }

  if (createdEmail) {
    return (
      <AuthLayout title={t("auth.register.done_title")}>
        <Alert tone="success" data-testid="register-success">
          <p>{t("auth.register.done_body", { email: createdEmail })}</p>
        </Alert>
        <p className="mt-6 text-center text-sm">
          <TextLink to="/login" data-testid="register-login-link">
            {t("auth.register.login_link")}
          </TextLink>
        </p>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout
      title={t("auth.register.title")}
      subtitle={t("auth.register.subtitle")}
      footer={
        <>
          {t("auth.register.have_account")}{" "}
          <TextLink to="/login" data-testid="register-login-link">
            {t("auth.register.login_link")}
          </TextLink>
        </>
      }
    >
      <form onSubmit={submit} className="space-y-4" data-testid="register-form">
        <TextField label={t("auth.name")} name="name" required autoFocus autoComplete="name" data-testid="register-name" />
        <TextField
          label={t("auth.email")}
          name="email"
          type="email"
          required
          autoComplete="email"
          data-testid="register-email"
        />
        <TextField
          label={t("auth.password")}
          name="password"
          type="password"
          required
          autoComplete="new-password"
          hint={t("auth.password_rules")}
          data-testid="register-password"
        />
        <ProblemError error={register.error} />
        <Button type="submit" className="w-full" loading={register.isPending} data-testid="register-submit">
          {t("auth.register.submit")}
        </Button>
      </form>
      <div className="mt-6">
        <OAuthButtons next={safeNext(params.get("next"))} />
      </div>
    </AuthLayout>
  );
}
