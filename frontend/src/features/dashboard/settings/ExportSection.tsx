import { useMutation, useQuery } from "@tanstack/react-query";
import { Download } from "lucide-react";
import { useState } from "react";
import { Alert, ProblemError } from "../../../components/Alert";
import { Button } from "../../../components/Button";
import { Card } from "../../../components/Card";
import { useI18n } from "../../../i18n";
import { endpoint } from "../../../lib/api";
import { useLiveTask } from "../../../lib/useLiveTask";
import { ACCOUNT_EXPORT_KIND, exportDownloadUrl } from "../api";
import { downloadWithSession } from "../download";

const RUNNING = new Set(["queued", "running"]);

/** The account export: started on the task engine, followed live (one step per part), then downloaded. */
export function ExportSection() {
  const { t } = useI18n();
  const [started, setStarted] = useState<string | null>(null);
  const latest = useQuery({
    queryKey: ["tasks", "list", ACCOUNT_EXPORT_KIND],
    queryFn: ({ signal }) =>
      endpoint("get", "/api/tasks", {
        query: { kind: ACCOUNT_EXPORT_KIND, limit: 1 },
        signal,
      }),
  });
  const taskId = started ?? latest.data?.items[0]?.task_id ?? null;
  const live = useLiveTask(taskId);
  const task = live.task;
  const start = useMutation({
    mutationFn: () => endpoint("post", "/api/account/exports"),
    onSuccess: (accepted) => {
      setStarted(accepted.task_id);
    },
  });
  const download = useMutation({
    mutationFn: (id: string) => downloadWithSession(exportDownloadUrl(id)),
  });
  const running = task !== null && RUNNING.has(task.status);
  const parts = task?.steps.filter((step) => step.step_id !== "plan") ?? [];
  const done = parts.filter((step) => step.status === "succeeded").length;

  return (
    <Card
      title={t("dashboard.profile.export_title")}
      description={t("dashboard.profile.export_hint")}
      actions={
        <Button
          variant="secondary"
          loading={start.isPending || running}
          disabled={running}
          onClick={() => {
            start.mutate();
          }}
          data-testid="account-export"
        >
          {t(
            task
              ? "dashboard.profile.export_again"
              : "dashboard.profile.export",
          )}
        </Button>
      }
    >
      <div id="export" className="space-y-3">
        {running && (
          <p role="status" data-testid="account-export-progress">
            {t("dashboard.profile.export_running", {
              done,
              total: parts.length,
            })}
          </p>
        )}
        {task?.status === "succeeded" && (
          <Alert tone="success">
            <p>{t("dashboard.profile.export_ready")}</p>
            <Button
              variant="secondary"
              loading={download.isPending}
              onClick={() => {
                download.mutate(task.task_id);
              }}
              data-testid="account-export-download"
            >
              <Download className="size-4" aria-hidden="true" />
              {t("dashboard.profile.export_download")}
            </Button>
          </Alert>
        )}
        {task && !running && task.status !== "succeeded" && (
          <Alert tone="error" data-testid="account-export-failed">
            <p>{t("dashboard.profile.export_failed")}</p>
          </Alert>
        )}
        <ProblemError
          error={start.error ?? download.error ?? live.error}
          data-testid="account-export-error"
        />
      </div>
    </Card>
  );
}
