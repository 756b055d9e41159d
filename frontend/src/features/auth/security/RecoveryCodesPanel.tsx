import { Download } from "lucide-react";
import { Alert } from "../../../components/Alert";
import { Button } from "../../../components/Button";
import { CopyButton } from "../../../components/CopyButton";
import { useI18n } from "../../../i18n";

function download(filename: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: "text/plain;charset=utf-8" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  link.click();
  setTimeout(() => {
    URL.revokeObjectURL(url);
  }, 0);
}

/** Shown once, right after the codes are generated: the server never shows them again. */
export function RecoveryCodesPanel({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const { t } = useI18n();
  const text = codes.join("\n");
  return (
    <div className="space-y-4" data-testid="recovery-codes-panel">
      <Alert tone="info">
        <p className="font-semibold">{t("security.recovery.title")}</p>
        <p>{t("security.recovery.warning")}</p>
      </Alert>
      <ol
        data-testid="recovery-codes"
        className="grid grid-cols-2 gap-2 rounded-xl bg-slate-50 p-4 font-mono text-sm text-slate-900 sm:grid-cols-3 dark:bg-slate-950 dark:text-slate-100"
      >
        {codes.map((code) => (
          <li key={code} data-testid="recovery-code" className="select-all">
            {code}
          </li>
        ))}
      </ol>
      <div className="flex flex-wrap gap-2">
        <CopyButton text={text} data-testid="recovery-codes-copy" />
        <Button
          variant="secondary"
          data-testid="recovery-codes-download"
          onClick={() => {
            download("webox-recovery-codes.txt", `${t("security.recovery.file_header")}\n\n${text}\n`);
          }}
        >
          <Download className="size-4" aria-hidden="true" />
          {t("security.recovery.download")}
        </Button>
        <Button onClick={onDone} data-testid="recovery-codes-done">
          {t("security.recovery.done")}
        </Button>
      </div>
    </div>
  );
}
