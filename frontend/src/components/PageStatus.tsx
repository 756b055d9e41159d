import { LoaderCircle } from "lucide-react";
import { useI18n } from "../i18n";
import { Button } from "./Button";
import { ProblemError } from "./Alert";

export function Spinner({ label }: { label?: string }) {
  const { t } = useI18n();
  return (
    <div role="status" className="flex items-center justify-center gap-2 p-6 text-sm text-slate-500 dark:text-slate-400">
      <LoaderCircle className="size-5 animate-spin" aria-hidden="true" />
      <span>{label ?? t("common.loading")}</span>
    </div>
  );
}

export function FullPageSpinner() {
  return (
    <div className="flex min-h-dvh items-center justify-center">
      <Spinner />
    </div>
  );
}

/** Shown when the server cannot be reached at all, with a retry button. */
export function FullPageError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { t } = useI18n();
  return (
    <div className="flex min-h-dvh items-center justify-center p-6">
      <div className="w-full max-w-md space-y-4">
        <ProblemError error={error} data-testid="page-error" />
        <Button variant="secondary" onClick={onRetry} data-testid="page-retry">
          {t("common.retry")}
        </Button>
      </div>
    </div>
  );
}
