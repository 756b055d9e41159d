import { Alert } from "../../../components/Alert";
import { useI18n } from "../../../i18n";
import { useDocumentTitle } from "../../../lib/useDocumentTitle";
import { useAuth } from "../../../lib/auth";
import { ApiTokensSection } from "./ApiTokensSection";
import { ChangePasswordSection } from "./ChangePasswordSection";
import { SessionsSection } from "./SessionsSection";
import { TwoFactorSection } from "./TwoFactorSection";

export function SecurityPage() {
  const { t } = useI18n();
  const { user } = useAuth();
  useDocumentTitle(t("security.title"));
  return (
    <div className="mx-auto max-w-4xl space-y-6">
      <header>
        <h1 className="text-2xl font-bold tracking-tight text-slate-900 dark:text-white">{t("security.title")}</h1>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          {t("security.subtitle", { email: user?.email ?? "" })}
        </p>
      </header>
      {user && !user.email_verified && (
        <Alert tone="info" data-testid="email-unverified">
          <p>{t("security.email_unverified")}</p>
        </Alert>
      )}
      <ChangePasswordSection />
      <TwoFactorSection />
      <SessionsSection />
      <ApiTokensSection />
    </div>
  );
}
