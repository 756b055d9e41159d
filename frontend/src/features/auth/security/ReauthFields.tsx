import { TextField } from "../../../components/Field";
import { useI18n } from "../../../i18n";

/** The password again (and a 2FA code when it is on) before minting a lasting credential. An
 * account that signs in only with Google or GitHub has no password: it leaves the field empty and
 * the server asks it to sign in again when its session is not fresh. */
export function ReauthFields({ testId, withCode = false }: { testId: string; withCode?: boolean }) {
  const { t } = useI18n();
  return (
    <>
      <p className="text-sm text-slate-600 dark:text-slate-400">{t("security.reauth.description")}</p>
      <TextField
        label={t("auth.password")}
        name="password"
        type="password"
        autoComplete="current-password"
        data-testid={`${testId}-password`}
      />
      {withCode && (
        <TextField
          label={t("security.totp.code")}
          name="code"
          required
          autoComplete="one-time-code"
          spellCheck={false}
          placeholder="123456"
          data-testid={`${testId}-code`}
        />
      )}
    </>
  );
}
