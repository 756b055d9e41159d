// The page a signed approval link opens (`/tasks/approve#<token>`), signed in or not: the token
// stays in the fragment (no server sees it in a URL) and goes to the API in request bodies.
import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useI18n } from "../../i18n";
import { Alert, ProblemError } from "../../components/Alert";
import { PublicLayout } from "../../components/PublicLayout";
import { Spinner } from "../../components/PageStatus";
import { JsonBlock } from "../../components/TaskSteps";
import { ApiError } from "../../lib/api";
import { useDocumentTitle } from "../../lib/useDocumentTitle";
import { tasksApi } from "./api";
import { DecisionForm } from "./DecisionForm";

function useFragmentToken(): string | null {
  const [token] = useState(() => window.location.hash.slice(1) || null);
  useEffect(() => {
    if (token !== null)
      window.history.replaceState(
        window.history.state,
        "",
        window.location.pathname + window.location.search,
      );
  }, [token]);
  return token;
}

export function ApprovePage() {
  const { t } = useI18n();
  useDocumentTitle(t("tasks.approval.title"));
  const token = useFragmentToken();
  const [decided, setDecided] = useState<"approve" | "reject" | null>(null);
  const request = useQuery({
    queryKey: ["tasks", "approval", token],
    queryFn: () => tasksApi.readApproval(token ?? ""),
    enabled: token !== null,
    retry: false,
  });

  let body;
  if (token === null)
    body = <Alert tone="error">{t("tasks.approval.missing")}</Alert>;
  else if (decided)
    body = (
      <Alert tone="success" data-testid="approval-done">
        {t(
          decided === "approve"
            ? "tasks.approval.approved"
            : "tasks.approval.rejected",
        )}
      </Alert>
    );
  else if (request.isPending) body = <Spinner />;
  else if (request.isError)
    body =
      request.error instanceof ApiError && request.error.status === 401 ? (
        <Alert tone="error" data-testid="approval-invalid">
          {t("tasks.approval.invalid")}
        </Alert>
      ) : (
        <ProblemError error={request.error} />
      );
  else {
    const asked = request.data;
    const upstream = Object.keys(asked.upstream ?? {}).length
      ? asked.upstream
      : null;
    body = (
      <div className="space-y-4" data-testid="approval-request">
        <p className="text-sm text-slate-700 dark:text-slate-300">
          {t("tasks.approval.intro", {
            step: asked.step_id,
            task: asked.title ?? t("tasks.untitled"),
          })}
        </p>
        {upstream && (
          <section>
            <h2 className="text-sm font-semibold">
              {t("tasks.approval.upstream")}
            </h2>
            <JsonBlock value={upstream} />
          </section>
        )}
        {asked.input && Object.keys(asked.input).length > 0 && (
          <section>
            <h2 className="text-sm font-semibold">
              {t("tasks.approval.input")}
            </h2>
            <JsonBlock value={asked.input} />
          </section>
        )}
        <DecisionForm
          draft={upstream ?? asked.input}
          onDecide={(decision, edit) =>
            tasksApi.decideByToken(token, decision, edit).then(() => {
              setDecided(decision);
            })
          }
        />
      </div>
    );
  }
  return (
    <PublicLayout>
      <div className="mx-auto max-w-2xl space-y-4 p-4 sm:p-6">
        <h1 className="text-2xl font-bold text-slate-900 dark:text-white">
          {t("tasks.approval.title")}
        </h1>
        {body}
      </div>
    </PublicLayout>
  );
}
