import { Alert, ProblemError } from "../../components/Alert";
import { useI18n, type MessageKey } from "../../i18n";
import { ApiError } from "../../lib/api";
import type { JobError } from "./api";
import { UploadError } from "../../lib/mediaUpload";

// The media codes said in the user's language; others show the server's `detail`.
const CODES: Record<string, MessageKey> = {
  "media.too_large": "media.errors.too_large",
  "media.unsupported_type": "media.errors.unsupported_type",
  "media.consent_required": "media.errors.consent_required",
  "media.job_not_cancellable": "media.errors.job_not_cancellable",
  "media.not_found": "media.errors.not_found",
  "media.upload_missing": "media.errors.upload_failed",
  "media.upload_not_ready": "media.errors.upload_failed",
  "media.generation_failed": "media.errors.generation_failed",
  "media.wrong_kind": "media.errors.wrong_kind",
  "media.invalid_option": "media.errors.invalid_option",
};

/** An API failure (problem+json `detail`), or a refused upload, in the user's language. */
export function MediaProblem({ error, "data-testid": testId = "media-error" }: { error: unknown; "data-testid"?: string }) {
  const { t } = useI18n();
  if (!error) return null;
  if (error instanceof UploadError) {
    return (
      <Alert tone="error" data-testid={testId}>
        <p>{t("media.errors.upload_failed")}</p>
      </Alert>
    );
  }
  const key = error instanceof ApiError ? CODES[error.code] : undefined;
  if (key) {
    return (
      <Alert tone="error" data-testid={testId}>
        <p>{t(key)}</p>
        {error instanceof ApiError && error.detail && <p className="text-xs opacity-80">{error.detail}</p>}
      </Alert>
    );
  }
  return <ProblemError error={error} data-testid={testId} />;
}

/** Why a job failed: the worker's message (plain text), else a generic sentence. */
export function JobFailure({ error, cancelled = false }: { error: JobError | null; cancelled?: boolean }) {
  const { t } = useI18n();
  const jobKey = error ? CODES[error.code] : undefined;
  return (
    <Alert tone={cancelled ? "info" : "error"} data-testid="job-error">
      <p>{cancelled ? t("media.job.cancelled") : (jobKey ? t(jobKey) : t("media.job.failed"))}</p>
      {!cancelled && error?.message && <p className="text-xs opacity-80">{error.message}</p>}
    </Alert>
  );
}
