// `/workflows`: one's workflows, the built-in ones and the marketplace; `/workflows/:id` the builder.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { useNavigate, useParams } from "react-router";
import { Alert } from "../../components/Alert";
import { Button } from "../../components/Button";
import { Card } from "../../components/Card";
import { EmptyState } from "../../components/EmptyState";
import { PageHeader } from "../../components/PageHeader";
import { StarInput } from "../../components/StarRating";
import { ReportForm } from "../../components/marketplace/ReportForm";
import { ReportsQueue } from "../../components/marketplace/ReportsQueue";
import { useI18n } from "../../i18n";
import { useAuth } from "../../lib/auth";
import { describeError } from "../../lib/problem";
import {
  adminUnpublish,
  browseMarket,
  copyBuiltin,
  createWorkflow,
  forkWorkflow,
  getWorkflow,
  importWorkflow,
  listBuiltin,
  listReports,
  listWorkflows,
  rateWorkflow,
  reportWorkflow,
  type ExportDoc,
  type Workflow,
} from "./api";
import { EMPTY_GRAPH } from "./builder";
import { WorkflowBuilder } from "./WorkflowBuilder";

const TABS = ["mine", "builtin", "market"] as const;
type Tab = (typeof TABS)[number] | "reports";
const KEY = ["workflows"] as const;

interface PageProps {
  /** What other features add to a workflow's header (composed by the app: the share button). */
  workflowActions?: (workflowId: string) => ReactNode;
}

export function WorkflowsPage({ workflowActions }: PageProps) {
  const { workflowId } = useParams();
  return workflowId ? <BuilderRoute id={workflowId} actions={workflowActions?.(workflowId)} /> : <WorkflowLists />;
}

function BuilderRoute({ id, actions }: { id: string; actions: ReactNode }) {
  const { t } = useI18n();
  const client = useQueryClient();
  const navigate = useNavigate();
  const query = useQuery({ queryKey: [...KEY, id], queryFn: () => getWorkflow(id) });
  if (query.error) return <Alert tone="error">{describeError(query.error, t).message}</Alert>;
  if (!query.data) return null;
  return (
    <div className="space-y-2">
      <div className="flex items-center justify-between gap-2">
        <Button variant="ghost" onClick={() => navigate("/workflows")}>
          ← {t("workflows.back")}
        </Button>
        {actions}
      </div>
      <WorkflowBuilder key={id} workflow={query.data} onSaved={(saved) => client.setQueryData([...KEY, id], saved)} />
    </div>
  );
}

function WorkflowLists() {
  const { t, language } = useI18n();
  const navigate = useNavigate();
  const client = useQueryClient();
  const { user } = useAuth();
  const tabs: readonly Tab[] = user?.role === "admin" ? [...TABS, "reports"] : TABS;
  const [tab, setTab] = useState<Tab>("mine");
  const [error, setError] = useState<string | null>(null);
  const mine = useQuery({ queryKey: KEY, queryFn: listWorkflows });
  const builtin = useQuery({ queryKey: [...KEY, "builtin", language], queryFn: () => listBuiltin(language), enabled: tab === "builtin" });
  const market = useQuery({ queryKey: [...KEY, "market"], queryFn: browseMarket, enabled: tab === "market" });
  const open = useMutation({
    mutationFn: (make: () => Promise<Workflow>) => make(),
    onSuccess: (workflow) => {
      void client.invalidateQueries({ queryKey: KEY });
      void navigate(`/workflows/${workflow.id}`);
    },
    onError: (caught) => setError(describeError(caught, t).message),
  });

  const importFile = (file: File) => {
    open.mutate(async () => importWorkflow(JSON.parse(await file.text()) as ExportDoc));
  };

  return (
    <div className="space-y-4">
      <PageHeader
        title={t("workflows.title")}
        subtitle={t("workflows.subtitle")}
        actions={
          <div className="flex gap-2">
            <label className="cursor-pointer rounded-lg px-3 py-2 text-sm font-semibold ring-1 ring-slate-300">
              {t("workflows.import")}
              <input
                type="file"
                accept="application/json"
                className="sr-only"
                onChange={(event) => event.target.files?.[0] && importFile(event.target.files[0])}
              />
            </label>
            <Button
              data-testid="workflow-new"
              onClick={() => open.mutate(() => createWorkflow(t("workflows.untitled"), EMPTY_GRAPH, language))}
            >
              {t("workflows.new")}
            </Button>
          </div>
        }
      />
      {error && <Alert tone="error">{error}</Alert>}
      <div role="tablist" className="flex gap-2">
        {tabs.map((name) => (
          <button
            key={name}
            role="tab"
            type="button"
            aria-selected={tab === name}
            className={`rounded-lg px-3 py-1.5 text-sm ${tab === name ? "bg-indigo-600 text-white" : "ring-1 ring-slate-300"}`}
            onClick={() => setTab(name)}
          >
            {t(`workflows.tabs.${name}`)}
          </button>
        ))}
      </div>
      {tab === "mine" && (
        <div className="grid gap-3 md:grid-cols-2 lg:grid-cols-3">
          {mine.data?.items.length === 0 && <EmptyState>{t("workflows.empty")}</EmptyState>}
          {mine.data?.items.map((workflow) => (
            <Card
              key={workflow.id}
              title={workflow.title}
              description={workflow.description}
              actions={<Button onClick={() => navigate(`/workflows/${workflow.id}`)}>{t("workflows.open")}</Button>}
            >
              <p className="text-xs text-slate-500">
                v{workflow.version} · {t("workflows.runs", { count: workflow.run_count })}
                {workflow.forked_from &&
                  ` · ${t("workflows.forked_from", { title: workflow.forked_from.title, author: workflow.forked_from.author_name })}`}
              </p>
            </Card>
          ))}
        </div>
      )}
      {tab === "builtin" && (
        <div className="grid gap-3 md:grid-cols-2 lg:grid-cols-3">
          {builtin.data?.items.map((item) => (
            <Card
              key={item.slug}
              title={item.title}
              description={item.description}
              actions={<Button onClick={() => open.mutate(() => copyBuiltin(item.slug, language))}>{t("workflows.use")}</Button>}
            >
              <p className="text-xs text-slate-500">
                {item.graph.nodes.length} · {item.graph.nodes.map((node) => node.label).join(" → ")}
              </p>
            </Card>
          ))}
        </div>
      )}
      {tab === "market" && (
        <div className="grid gap-3 md:grid-cols-2 lg:grid-cols-3" data-testid="market">
          {market.data?.items.map((item) => (
            <Card
              key={item.id}
              title={item.title}
              description={item.description}
              actions={<Button onClick={() => open.mutate(() => forkWorkflow(item.id))}>{t("workflows.fork")}</Button>}
            >
              <p className="text-xs text-slate-500">
                {t("workflows.by", { author: item.author_name })} · ★ {item.rating_avg} ({item.rating_count}) ·{" "}
                {t("workflows.runs", { count: item.runs })} · {t("workflows.forks", { count: item.forks })}
              </p>
              <div className="mt-1 flex items-center gap-2 text-xs">
                {t("workflows.rate")}
                <StarInput
                  value={0}
                  onChange={(stars) =>
                    void rateWorkflow(item.id, stars)
                      .then(() => client.invalidateQueries({ queryKey: [...KEY, "market"] }))
                      .catch((caught: unknown) => setError(describeError(caught, t).message))
                  }
                />
              </div>
              <ReportForm
                onReport={(reason, details) => reportWorkflow(item.id, reason, details)}
                thanks={t("workflows.report_thanks")}
                testId="workflow"
              />
            </Card>
          ))}
        </div>
      )}
      {tab === "reports" && (
        <ReportsQueue
          queryKey={[...KEY, "reports"]}
          load={listReports}
          unpublish={adminUnpublish}
          onRemoved={() => client.invalidateQueries({ queryKey: KEY })}
          question={t("workflows.admin_question")}
          testId="workflow"
        />
      )}
    </div>
  );
}
