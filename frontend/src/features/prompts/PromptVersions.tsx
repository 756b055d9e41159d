import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Eye, RotateCcw } from "lucide-react";
import { useState } from "react";
import { ProblemError } from "../../components/Alert";
import { Button } from "../../components/Button";
import { Spinner } from "../../components/PageStatus";
import { useI18n } from "../../i18n";
import { formatDateTime } from "../../lib/format";
import { promptKeys, promptsApi, type Prompt } from "./api";

function VersionDetail({ promptId, version }: { promptId: string; version: number }) {
  const { t } = useI18n();
  const detail = useQuery({
    queryKey: promptKeys.version(promptId, version),
    queryFn: ({ signal }) => promptsApi.version(promptId, version, { signal }),
    staleTime: Infinity, // a saved version never changes
  });
  if (detail.isPending) return <Spinner />;
  if (detail.isError) return <ProblemError error={detail.error} data-testid="version-error" />;
  return (
    <div className="space-y-1 rounded-lg bg-white p-3 ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-700" data-testid="version-detail">
      <p className="text-sm font-semibold text-slate-900 dark:text-white">{detail.data.title}</p>
      {detail.data.description && <p className="text-xs text-slate-600 dark:text-slate-400">{detail.data.description}</p>}
      <pre className="max-h-48 overflow-auto text-xs whitespace-pre-wrap text-slate-700 dark:text-slate-300" data-testid="version-body">
        {detail.data.body}
      </pre>
      {detail.data.variables.length > 0 && (
        <p className="text-xs text-slate-500 dark:text-slate-400">
          {t("prompts.versions.variables", { names: detail.data.variables.map((variable) => variable.name).join(", ") })}
        </p>
      )}
    </div>
  );
}

/** A prompt's saved versions, newest first: look at one, or make it current again (as a new version). */
export function PromptVersions({ prompt, onRestored }: { prompt: Prompt; onRestored: (prompt: Prompt) => void }) {
  const { t, language } = useI18n();
  const queryClient = useQueryClient();
  const [viewing, setViewing] = useState<number | null>(null);
  const versions = useQuery({
    queryKey: promptKeys.versions(prompt.id),
    queryFn: ({ signal }) => promptsApi.versions(prompt.id, { signal }),
  });
  const restore = useMutation({
    mutationFn: (version: number) => promptsApi.restore(prompt.id, version),
    onSuccess: async (restored) => {
      setViewing(null);
      await queryClient.invalidateQueries({ queryKey: promptKeys.all });
      onRestored(restored);
    },
  });

  if (versions.isPending) return <Spinner />;
  if (versions.isError) return <ProblemError error={versions.error} data-testid="versions-error" />;
  return (
    <section className="space-y-2" data-testid="prompt-versions">
      <h3 className="text-sm font-semibold text-slate-900 dark:text-white">{t("prompts.versions.title")}</h3>
      <ProblemError error={restore.error} data-testid="restore-error" />
      <ol className="space-y-2">
        {versions.data.items.map((item) => {
          const current = item.version === prompt.version;
          return (
            <li key={item.version} data-testid="prompt-version" data-version={item.version} className="space-y-2 rounded-lg bg-slate-50 p-2 dark:bg-slate-800/50">
              <div className="flex flex-wrap items-center gap-2 text-sm">
                <span className="font-semibold text-slate-900 dark:text-white">v{item.version}</span>
                <span className="min-w-0 flex-1 truncate text-slate-700 dark:text-slate-300">{item.title}</span>
                <span className="order-last basis-full text-xs text-slate-500 sm:order-none sm:basis-auto dark:text-slate-400">
                  {t(`prompts.versions.sources.${item.source}`, { version: item.restored_from ?? "" })} ·{" "}
                  {formatDateTime(item.created_at, language)}
                </span>
                {current && (
                  <span className="rounded-md bg-indigo-100 px-1.5 py-0.5 text-xs font-medium text-indigo-800 dark:bg-indigo-900 dark:text-indigo-200">
                    {t("prompts.versions.current")}
                  </span>
                )}
              </div>
              <div className="flex flex-wrap gap-2">
                <Button
                  variant="ghost"
                  aria-expanded={viewing === item.version}
                  onClick={() => {
                    setViewing(viewing === item.version ? null : item.version);
                  }}
                  data-testid="version-view"
                >
                  <Eye className="size-4" aria-hidden="true" />
                  {t("prompts.versions.view")}
                </Button>
                {!current && (
                  <Button
                    variant="secondary"
                    loading={restore.isPending && restore.variables === item.version}
                    onClick={() => {
                      restore.mutate(item.version);
                    }}
                    data-testid="version-restore"
                  >
                    <RotateCcw className="size-4" aria-hidden="true" />
                    {t("prompts.versions.restore")}
                  </Button>
                )}
              </div>
              {viewing === item.version && <VersionDetail promptId={prompt.id} version={item.version} />}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
