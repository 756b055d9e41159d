import { useMutation } from "@tanstack/react-query";
import { ShieldCheck } from "lucide-react";
import { useState, type SubmitEvent } from "react";
import { Alert, ProblemError } from "../../../components/Alert";
import { Button } from "../../../components/Button";
import { Card } from "../../../components/Card";
import { TextField } from "../../../components/Field";
import { useI18n } from "../../../i18n";
import { ReauthFields } from "./ReauthFields";
import { reauthentication } from "./reauth";
import { formText } from "../../../lib/form";
import { authApi, type TotpSetup } from "../api";
import { useAuth } from "../../../lib/auth";
import { RecoveryCodesPanel } from "./RecoveryCodesPanel";

function CodeField({ testId, numeric = false }: { testId: string; numeric?: boolean }) {
  const { t } = useI18n();
  return (
    <TextField
      label={t("security.totp.code")}
      name="code"
      required
      inputMode={numeric ? "numeric" : "text"}
      autoComplete="one-time-code"
      spellCheck={false}
      placeholder="123456"
      data-testid={testId}
    />
  );
}

function codeOf(form: HTMLFormElement): string {
  return formText(form, "code").replace(/\s/g, "");
}

/** Scan the QR code (or type the secret), then prove it with a first code. */
function Enrol({ setup, onEnabled, onCancel }: { setup: TotpSetup; onEnabled: (codes: string[]) => void; onCancel: () => void }) {
  const { t } = useI18n();
  const enable = useMutation({
    mutationFn: authApi.enableTotp,
    onSuccess: ({ recovery_codes }) => {
      onEnabled(recovery_codes);
    },
  });

  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    enable.mutate({ code: codeOf(event.currentTarget) });
  }

  return (
    <div className="grid gap-6 md:grid-cols-[auto_1fr]">
      <div className="space-y-3">
        <img
          src={`data:image/svg+xml;utf8,${encodeURIComponent(setup.qr_svg)}`}
          alt={t("security.totp.qr_alt")}
          data-testid="totp-qr"
          className="size-48 rounded-xl bg-white p-2 ring-1 ring-slate-200"
        />
      </div>
      <div className="space-y-4">
        <ol className="list-inside list-decimal space-y-1 text-sm text-slate-700 dark:text-slate-300">
          <li>{t("security.totp.step_scan")}</li>
          <li>{t("security.totp.step_confirm")}</li>
        </ol>
        <div>
          <p className="text-sm font-medium text-slate-800 dark:text-slate-200">{t("security.totp.secret_label")}</p>
          <code
            data-testid="totp-secret"
            className="mt-1 block rounded-lg bg-slate-100 px-3 py-2 font-mono text-sm tracking-wider break-all text-slate-900 select-all dark:bg-slate-800 dark:text-slate-100"
          >
            {setup.secret}
          </code>
        </div>
        <form onSubmit={submit} className="max-w-xs space-y-4">
          <CodeField testId="totp-confirm-code" numeric />
          <ProblemError error={enable.error} />
          <div className="flex flex-wrap gap-2">
            <Button type="submit" loading={enable.isPending} data-testid="totp-confirm-submit">
              {t("security.totp.confirm")}
            </Button>
            <Button variant="ghost" onClick={onCancel} data-testid="totp-setup-cancel">
              {t("common.cancel")}
            </Button>
          </div>
        </form>
      </div>
    </div>
  );
}

function Manage({ onRegenerated, onDisabled }: { onRegenerated: (codes: string[]) => void; onDisabled: () => void }) {
  const { t } = useI18n();
  const disable = useMutation({ mutationFn: authApi.disableTotp, onSuccess: onDisabled });
  const regenerate = useMutation({
    mutationFn: authApi.regenerateRecoveryCodes,
    onSuccess: ({ recovery_codes }) => {
      onRegenerated(recovery_codes);
    },
  });

  return (
    <div className="grid gap-6 md:grid-cols-2">
      <form
        className="space-y-4"
        onSubmit={(event) => {
          event.preventDefault();
          regenerate.mutate({ code: codeOf(event.currentTarget) });
        }}
      >
        <h3 className="text-sm font-semibold text-slate-900 dark:text-white">{t("security.recovery.regenerate_title")}</h3>
        <p className="text-sm text-slate-600 dark:text-slate-400">{t("security.recovery.regenerate_description")}</p>
        <CodeField testId="recovery-regenerate-code" />
        <ProblemError error={regenerate.error} />
        <Button type="submit" variant="secondary" loading={regenerate.isPending} data-testid="recovery-regenerate-submit">
          {t("security.recovery.regenerate")}
        </Button>
      </form>
      <form
        className="space-y-4"
        onSubmit={(event) => {
          event.preventDefault();
          const form = event.currentTarget;
          disable.mutate({ password: formText(form, "password"), code: codeOf(form) });
        }}
      >
        <h3 className="text-sm font-semibold text-slate-900 dark:text-white">{t("security.totp.disable_title")}</h3>
        <p className="text-sm text-slate-600 dark:text-slate-400">{t("security.totp.disable_description")}</p>
        <TextField
          label={t("auth.password")}
          name="password"
          type="password"
          required
          autoComplete="current-password"
          data-testid="totp-disable-password"
        />
        <CodeField testId="totp-disable-code" />
        <ProblemError error={disable.error} />
        <Button type="submit" variant="danger" loading={disable.isPending} data-testid="totp-disable-submit">
          {t("security.totp.disable")}
        </Button>
      </form>
    </div>
  );
}

export function TwoFactorSection() {
  const { t } = useI18n();
  const { user, refresh } = useAuth();
  const [setup, setSetup] = useState<TotpSetup | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [notice, setNotice] = useState(false);
  const start = useMutation({ mutationFn: authApi.setupTotp, onSuccess: setSetup });
  const enabled = user?.mfa_enabled === true;

  let body;
  if (codes) {
    body = (
      <RecoveryCodesPanel
        codes={codes}
        onDone={() => {
          setCodes(null);
        }}
      />
    );
  } else if (enabled) {
    body = (
      <Manage
        onRegenerated={setCodes}
        onDisabled={() => {
          setNotice(true);
          void refresh();
        }}
      />
    );
  } else if (setup) {
    body = (
      <Enrol
        setup={setup}
        onEnabled={(recoveryCodes) => {
          setSetup(null);
          setNotice(false);
          setCodes(recoveryCodes);
          void refresh();
        }}
        onCancel={() => {
          setSetup(null);
        }}
      />
    );
  } else {
    body = (
      <form
        className="space-y-4"
        onSubmit={(event) => {
          event.preventDefault();
          start.mutate(reauthentication(event.currentTarget));
        }}
      >
        <ReauthFields testId="totp-setup" />
        <ProblemError error={start.error} />
        <Button type="submit" loading={start.isPending} data-testid="totp-setup-start">
          {t("security.totp.enable")}
        </Button>
      </form>
    );
  }

  return (
    <Card
      title={t("security.totp.title")}
      description={t("security.totp.description")}
      data-testid="totp-section"
      actions={
        <span
          data-testid="totp-status"
          data-enabled={enabled}
          className={`inline-flex items-center gap-1 rounded-full px-2.5 py-1 text-xs font-semibold ${
            enabled
              ? "bg-emerald-100 text-emerald-800 dark:bg-emerald-900/50 dark:text-emerald-200"
              : "bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-300"
          }`}
        >
          {enabled && <ShieldCheck className="size-3.5" aria-hidden="true" />}
          {enabled ? t("security.totp.on") : t("security.totp.off")}
        </span>
      }
    >
      {notice && !enabled && !setup && (
        <Alert tone="success" data-testid="totp-disabled-done" className="mt-4">
          <p>{t("security.totp.disabled_done")}</p>
        </Alert>
      )}
      {body}
    </Card>
  );
}
