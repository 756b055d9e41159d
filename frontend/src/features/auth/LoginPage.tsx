import { useMutation } from "@tanstack/react-query";
import { ArrowLeft } from "lucide-react";
import { useState, type SubmitEvent } from "react";
import { useSearchParams } from "react-router";
import { useFragmentParam } from "../../lib/fragment";
import { ProblemError } from "../../components/Alert";
import { AuthLayout } from "../../components/AuthLayout";
import { Button } from "../../components/Button";
import { TextField } from "../../components/Field";
import { TextLink } from "../../components/TextLink";
import { useI18n } from "../../i18n";
import { formText } from "../../lib/form";
import { authApi, safeNext, type LoginResult } from "./api";
import { useAuth } from "../../lib/auth";
import { OAuthButtons } from "./OAuthButtons";

/** Email + password, then (when the account has 2FA) a code or a recovery code. */
export function LoginPage() {
  const { t } = useI18n();
  const { signedIn } = useAuth();
  const [params] = useSearchParams();
  const next = safeNext(params.get("next"));
  // Signing in with Google or GitHub on an account with 2FA comes back with the step's token here.
  const oauthMfaToken = useFragmentParam("mfa_token");
  const [mfaToken, setMfaToken] = useState<string | null>(oauthMfaToken);
  const [recovery, setRecovery] = useState(false);

  // A successful sign-in updates the auth context; GuestOnly then moves on to `next`.
  const onResult = (result: LoginResult) => {
    if ("mfa_token" in result) setMfaToken(result.mfa_token);
    else signedIn(result.user);
  };
  const login = useMutation({ mutationFn: authApi.login, onSuccess: onResult });
  const secondFactor = useMutation({ mutationFn: authApi.loginTwoFactor, onSuccess: onResult });

  function submitPassword(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    login.mutate({ email: formText(form, "email").trim(), password: formText(form, "password") });
  }

  function submitCode(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!mfaToken) return;
    const code = formText(event.currentTarget, "code").trim();
    // TOTP codes are often typed as "123 456"; recovery codes keep their dash.
    secondFactor.mutate({ mfa_token: mfaToken, code: /^[\d\s]+$/.test(code) ? code.replace(/\s/g, "") : code });
  }

  if (mfaToken) {
    return (
      <AuthLayout title={t("auth.mfa.title")} subtitle={t("auth.mfa.subtitle")}>
        {/* Its own key: React must not reuse the e-mail input (and its value) for the code. */}
        <form key="mfa" onSubmit={submitCode} className="space-y-4" data-testid="mfa-form">
          <TextField
            key={recovery ? "recovery" : "totp"}
            label={t(recovery ? "auth.mfa.recovery_code" : "auth.mfa.code")}
            name="code"
            required
            autoFocus
            autoComplete="one-time-code"
            inputMode={recovery ? "text" : "numeric"}
            spellCheck={false}
            placeholder={recovery ? "xxxxx-xxxxx" : "123456"}
            hint={t(recovery ? "auth.mfa.recovery_hint" : "auth.mfa.totp_hint")}
            data-testid="mfa-code"
          />
          <button
            type="button"
            className="text-sm font-medium text-indigo-600 hover:underline dark:text-indigo-400"
            data-testid="mfa-use-recovery"
            onClick={() => {
              setRecovery((value) => !value);
              secondFactor.reset();
            }}
          >
            {t(recovery ? "auth.mfa.use_totp" : "auth.mfa.use_recovery")}
          </button>
          <ProblemError error={secondFactor.error} />
          <Button type="submit" className="w-full" loading={secondFactor.isPending} data-testid="mfa-submit">
            {t("auth.mfa.submit")}
          </Button>
          <Button
            variant="ghost"
            className="w-full"
            data-testid="mfa-back"
            onClick={() => {
              setMfaToken(null);
              setRecovery(false);
              secondFactor.reset();
            }}
          >
            <ArrowLeft className="size-4" aria-hidden="true" />
            {t("auth.mfa.back")}
          </Button>
        </form>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout
      title={t("auth.login.title")}
      subtitle={t("auth.login.subtitle")}
      footer={
        <>
          {t("auth.login.no_account")}{" "}
          <TextLink to="/register" data-testid="login-register-link">
            {t("auth.login.register_link")}
          </TextLink>
        </>
      }
    >
      <form key="password" onSubmit={submitPassword} className="space-y-4" data-testid="login-form">
        <TextField
          label={t("auth.email")}
          name="email"
          type="email"
          required
          autoFocus
          autoComplete="username"
          data-testid="login-email"
        />
        <div>
          <TextField
            label={t("auth.password")}
            name="password"
            type="password"
            required
            autoComplete="current-password"
            data-testid="login-password"
          />
          <div className="mt-2 text-right text-sm">
            <TextLink to="/forgot-password" data-testid="login-forgot-link">
              {t("auth.login.forgot_link")}
            </TextLink>
          </div>
        </div>
        <ProblemError error={login.error} />
        <Button type="submit" className="w-full" loading={login.isPending} data-testid="login-submit">
          {t("auth.login.submit")}
        </Button>
      </form>
      <div className="mt-6">
        <OAuthButtons next={next} />
      </div>
    </AuthLayout>
  );
}
