import { useMutation } from "@tanstack/react-query";
import { endpoint } from "../lib/api";
import { useI18n } from "../i18n";
import { Alert, ProblemError } from "./Alert";
import { Button } from "./Button";

/** Shown until the account's e-mail is verified: the models WeBox pays for need it (`email_not_verified`). */
export function VerifyEmailBanner({ email }: { email: string }) {
  const { t } = useI18n();
  const resend = useMutation({
    mutationFn: () => endpoint("post", "/api/auth/email/verification"),
  });
  return (
    <div className="space-y-2 px-4 pt-4 sm:px-6 lg:px-8" data-testid="verify-email-banner">
      <Alert tone="info">
        <p>{resend.isSuccess ? t("verify_banner.sent", { email }) : t("verify_banner.text", { email })}</p>
        {!resend.isSuccess && (
          <Button
            variant="secondary"
            className="px-2.5 py-1 text-xs"
            loading={resend.isPending}
            onClick={() => {
              resend.mutate();
            }}
            data-testid="verify-email-resend"
          >
            {t("verify_banner.resend")}
          </Button>
        )}
      </Alert>
      {resend.isError && <ProblemError error={resend.error} />}
    </div>
  );
}
