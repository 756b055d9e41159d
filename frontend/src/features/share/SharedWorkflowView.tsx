// A shared workflow, read-only: its form fields and its steps in order, each with what follows it;
// a signed-in visitor can copy it into their own workflows.
import { useMutation } from "@tanstack/react-query";
import { Link, useNavigate } from "react-router";
import { ProblemError } from "../../components/Alert";
import { Button } from "../../components/Button";
import { buttonClasses } from "../../components/buttonClasses";
import { useI18n } from "../../i18n";
import { useAuth } from "../../lib/auth";
import { shareApi, type SharedWorkflow } from "./api";

export function SharedWorkflowView({ workflow, token }: { workflow: SharedWorkflow; token: string }) {
  const { t } = useI18n();
  const { status } = useAuth();
  const navigate = useNavigate();
  const { nodes, edges = [], variables = [] } = workflow.graph;
  const labels = new Map(nodes.map((node) => [node.id, node.label || node.id]));
  const copy = useMutation({
    mutationFn: () => shareApi.copyWorkflow(workflow),
    onSuccess: (created) => navigate(`/workflows/${created.id}`),
  });
  return (
    <section className="space-y-4" data-testid="shared-workflow">
      {workflow.description && <p className="text-sm text-slate-700 dark:text-slate-300">{workflow.description}</p>}
      {variables.length > 0 && (
        <div>
          <h2 className="text-sm font-semibold text-slate-900 dark:text-white">{t("share.public.workflow_variables")}</h2>
          <ul className="mt-1 flex flex-wrap gap-2 text-xs">
            {variables.map((variable) => (
              <li key={variable.name} className="rounded-full bg-slate-100 px-2 py-0.5 dark:bg-slate-800">
                {variable.label} <span className="font-mono text-slate-500">({variable.type})</span>
              </li>
            ))}
          </ul>
        </div>
      )}
      <div>
        <h2 className="text-sm font-semibold text-slate-900 dark:text-white">{t("share.public.workflow_steps")}</h2>
        <ol className="mt-1 space-y-2">
          {nodes.map((node) => {
            const targets = edges.filter((edge) => edge.source === node.id).map((edge) => labels.get(edge.target) ?? edge.target);
            return (
              <li key={node.id} data-testid={`shared-node-${node.id}`} className="rounded-xl p-3 ring-1 ring-slate-200 dark:ring-slate-700">
                <p className="font-medium text-slate-900 dark:text-white">
                  {labels.get(node.id)} <span className="font-mono text-xs text-slate-500">{node.type}</span>
                </p>
                {targets.length > 0 && (
                  <p className="text-xs text-slate-500">{t("share.public.workflow_next", { targets: targets.join(", ") })}</p>
                )}
              </li>
            );
          })}
        </ol>
      </div>
      {status === "signed-in" ? (
        <Button data-testid="shared-workflow-copy" loading={copy.isPending} onClick={() => copy.mutate()}>
          {t("share.public.workflow_copy")}
        </Button>
      ) : (
        <Link to={`/login?next=${encodeURIComponent(`/s/${token}`)}`} className={buttonClasses("secondary")}>
          {t("share.public.workflow_copy_sign_in")}
        </Link>
      )}
      <ProblemError error={copy.error} />
    </section>
  );
}
