// "Report abuse" on a marketplace item (a prompt, a workflow): a reason and optional details, once.
import { useMutation } from "@tanstack/react-query";
import { Flag } from "lucide-react";
import { useId, useState, type SubmitEvent } from "react";
import { Alert, ProblemError } from "../Alert";
import { Button } from "../Button";
import { controlClasses } from "../controls";
import { useI18n } from "../../i18n";
import { MAX_REPORT_DETAILS, REPORT_REASONS, type ReportReason } from "./reports";

interface Props {
  /** Sends the report. */
  onReport: (reason: ReportReason, details: string) => Promise<unknown>;
  /** Shown once the report is sent. */
  thanks: string;
  /** Prefix of the test ids (`<prefix>-report`, `<prefix>-report-reason`…). */
  testId: string;
}

export function ReportForm({ onReport, thanks, testId }: Props) {
  const { t } = useI18n();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState<ReportReason>("spam");
  const [details, setDetails] = useState("");
  const report = useMutation({ mutationFn: () => onReport(reason, details.trim()) });

  if (report.isSuccess) {
    return (
      <Alert tone="success" data-testid={`${testId}-reported`}>
        {thanks}
      </Alert>
    );
  }
  if (!open) {
    return (
      <Button
        variant="ghost"
        onClick={() => {
          setOpen(true);
        }}
        data-testid={`${testId}-report`}
      >
        <Flag className="size-4" aria-hidden="true" />
        {t("marketplace.report.open")}
      </Button>
    );
  }
  function submit(event: SubmitEvent) {
    event.preventDefault();
    report.mutate();
  }
  return (
    <form onSubmit={submit} className="space-y-2 rounded-xl bg-slate-50 p-3 dark:bg-slate-800/50" data-testid={`${testId}-report-form`}>
      <label htmlFor={`${id}-reason`} className="block text-sm font-medium text-slate-800 dark:text-slate-200">
        {t("marketplace.report.reason")}
      </label>
      <select
        id={`${id}-reason`}
        value={reason}
        onChange={(event) => {
          setReason(event.target.value as ReportReason);
        }}
        data-testid={`${testId}-report-reason`}
        className={controlClasses}
      >
        {REPORT_REASONS.map((item) => (
          <option key={item} value={item}>
            {t(`marketplace.report.reasons.${item}`)}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-details`} className="block text-sm font-medium text-slate-800 dark:text-slate-200">
        {t("marketplace.report.details")}
      </label>
      <textarea
        id={`${id}-details`}
        rows={3}
        maxLength={MAX_REPORT_DETAILS}
        value={details}
        onChange={(event) => {
          setDetails(event.target.value);
        }}
        data-testid={`${testId}-report-details`}
        className={controlClasses}
      />
      <ProblemError error={report.error} data-testid={`${testId}-report-error`} />
      <div className="flex gap-2">
        <Button type="submit" variant="danger" loading={report.isPending} data-testid={`${testId}-report-submit`}>
          {t("marketplace.report.submit")}
        </Button>
        <Button
          variant="ghost"
          onClick={() => {
            setOpen(false);
          }}
        >
          {t("common.cancel")}
        </Button>
      </div>
    </form>
  );
}
