// The page an agent's e-mailed approval link opens (`/agents/approve#token=…`), signed in or not: the
// token stays in the fragment and goes to the API in request bodies. Approving runs the tool call
// once; refusing tells the agent, and the run goes on.
import { useMutation, useQuery } from "@tanstack/react-query";
import { Alert, ProblemError } from "../../components/Alert";
import { Button } from "../../components/Button";
import { Spinner } from "../../components/PageStatus";
import { PublicLayout } from "../../components/PublicLayout";
import { JsonBlock } from "../../components/TaskSteps";
import { useI18n, type MessageKey } from "../../i18n";
import { ApiError } from "../../lib/api";
import { useFragmentParam } from "../../lib/fragment";
import { useDocumentTitle } from "../../lib/useDocumentTitle";
import { agentsApi } from "./api";
import { toolCallOf } from "./format";

export function ToolApprovePage() {
  const { t } = useI18n();
  useDocumentTitle(t("agentsPage.approval.title"));
  const token = useFragmentParam("token");
  const request = useQuery({
    queryKey: ["agents", "approval", token],
    queryFn: () => agentsApi.readToolApproval(token ?? ""),
    enabled: token !== null,
    retry: false,
  });
  const decide = useMutation({
    mutationFn: (decision: "approve" | "reject") =>
      agentsApi.decideToolApproval(token ?? "", decision),
  });

  let body;
  if (token === null)
    body = <Alert tone="error">{t("agentsPage.approval.invalid")}</Alert>;
  else if (decide.isSuccess)
    body = (
      <Alert tone="success" data-testid="tool-approval-done">
        {t(
          decide.variables === "approve"
            ? "agentsPage.approval.approved"
            : "agentsPage.approval.refused",
        )}
      </Alert>
    );
  else if (request.isPending) body = <Spinner />;
  else if (request.isError)
    body =
      request.error instanceof ApiError && request.error.status === 401 ? (
        <Alert tone="error" data-testid="tool-approval-invalid">
          {t("agentsPage.approval.invalid")}
        </Alert>
      ) : (
        <ProblemError error={request.error} />
      );
  else {
    const call = toolCallOf(request.data.input);
    body = (
      <div className="space-y-4" data-testid="tool-approval-request">
        <p className="text-sm text-slate-700 dark:text-slate-300">
          {t("agentsPage.approval.intro", {
            agent: call.agent,
            tool: t(`agentsPage.tool.${call.name}` as MessageKey),
            goal: request.data.title ?? "",
          })}
        </p>
        <JsonBlock value={call.arguments} />
        {decide.error && <ProblemError error={decide.error} />}
        <div className="flex gap-2">
          <Button
            onClick={() => decide.mutate("approve")}
            loading={decide.isPending}
            data-testid="tool-approve"
          >
            {t("agentsPage.approve")}
          </Button>
          <Button
            variant="secondary"
            onClick={() => decide.mutate("reject")}
            disabled={decide.isPending}
            data-testid="tool-refuse"
          >
            {t("agentsPage.refuse")}
          </Button>
        </div>
      </div>
    );
  }
  return (
    <PublicLayout>
      <div className="mx-auto max-w-2xl space-y-4 p-4 sm:p-6">
        <h1 className="text-2xl font-bold text-slate-900 dark:text-white">
          {t("agentsPage.approval.title")}
        </h1>
        {body}
      </div>
    </PublicLayout>
  );
}
