import { useMutation } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { useSearchParams } from "react-router";
import { useFragmentParam } from "../../lib/fragment";
import { Alert, ProblemError } from "../../components/Alert";
import { AuthLayout } from "../../components/AuthLayout";
import { Spinner } from "../../components/PageStatus";
import { TextLink } from "../../components/TextLink";
import { useI18n } from "../../i18n";
import { authApi } from "./api";
import { useAuth } from "../../lib/auth";

/** Landing page of the emailed link `/verify-email#token=…`: confirms at once (links sent before the
 * token moved to the fragment carry it as `?token=`). */
export function VerifyEmailPage() {
  const fromFragment = useFragmentParam("token");
  const [query] = useSearchParams();
  const token = fromFragment ?? query.get("token") ?? "";
  return <VerifyEmail key={token} token={token} />;
}

function VerifyEmail({ token }: { token: string }) {
  const { t } = useI18n();
  const { status, refresh } = useAuth();
  const verify = useMutation({
    mutationFn: authApi.verifyEmail,
    onSuccess: () => refresh(),
  });
  const { mutate } = verify;

  // The token is single-use: post it once, even when StrictMode re-runs effects.
  const sent = useRef(false);
  useEffect(() => {
    if (!token || sent.current) return;
    sent.current = true;
    mutate({ token });
  }, [token, mutate]);

  const next = status === "signed-in" ? "/chat" : "/login";
  return (
    <AuthLayout
      title={t("auth.verify.title")}
      footer={
        <TextLink to={next} data-testid="verify-continue">
          {status === "signed-in" ? t("auth.verify.continue") : t("auth.back_to_login")}
        </TextLink>
      }
    >
      {!token ? (
        <Alert tone="error" data-testid="verify-error">
          <p>{t("errors.invalid_token")}</p>
        </Alert>
      ) : verify.isSuccess ? (
        <Alert tone="success" data-testid="verify-success">
          <p>{t("auth.verify.done")}</p>
        </Alert>
      ) : verify.isError ? (
        <ProblemError error={verify.error} data-testid="verify-error" />
      ) : (
        <Spinner label={t("auth.verify.pending")} />
      )}
    </AuthLayout>
  );
}
