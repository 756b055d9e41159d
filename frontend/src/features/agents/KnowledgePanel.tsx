import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { knowledgeBaseKeys } from "../../lib/knowledgeBases";
import { useState } from "react";
import { ProblemError } from "../../components/Alert";
import { Button } from "../../components/Button";
import { Card } from "../../components/Card";
import { TextField } from "../../components/Field";
import { useI18n } from "../../i18n";
import { agentsApi, type KnowledgeBase } from "./api";

function BaseDocuments({ base }: { base: KnowledgeBase }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const documents = useQuery({
    queryKey: ["agents", "documents", base.base_id],
    queryFn: () => agentsApi.documents(base.base_id),
    // Ingestion runs on the task engine: refresh until every document is ready or failed.
    refetchInterval: (query) =>
      (query.state.data ?? []).some(
        (d) => d.status === "processing" || d.status === "uploading",
      )
        ? 1000
        : false,
  });
  const upload = useMutation({
    mutationFn: (file: File) => agentsApi.upload(base.base_id, file),
    onSuccess: () =>
      void queryClient.invalidateQueries({
        queryKey: ["agents", "documents", base.base_id],
      }),
  });
  return (
    <li
      className="rounded-xl p-3 ring-1 ring-slate-200 dark:ring-slate-800"
      data-testid={`base-${base.name}`}
    >
      <p className="font-semibold">{base.name}</p>
      <label className="mt-2 block text-sm">
        {t("agentsPage.upload")}
        <input
          type="file"
          className="mt-1 block text-sm"
          accept=".pdf,.docx,.html,.htm,.md,.markdown,.txt"
          onChange={(event) => {
            const file = event.target.files?.[0];
            if (file) upload.mutate(file);
          }}
          data-testid="base-upload"
        />
      </label>
      {upload.error && <ProblemError error={upload.error} />}
      <ul className="mt-2 text-sm">
        {(documents.data ?? []).map((d) => (
          <li key={d.document_id} data-testid="document" data-status={d.status}>
            {d.filename} —{" "}
            {t(
              `agentsPage.status.${d.status === "ready" ? "succeeded" : d.status === "processing" ? "running" : d.status === "failed" ? "failed" : "pending"}`,
            )}
            {d.status === "ready" &&
              ` · ${t("agentsPage.chunks", { count: d.chunks })}`}
            {d.error && ` · ${d.error}`}
          </li>
        ))}
      </ul>
    </li>
  );
}

/** Knowledge bases: create one, upload documents (ingested live), see their status. */
export function KnowledgePanel() {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const bases = useQuery({ queryKey: knowledgeBaseKeys.all, queryFn: agentsApi.bases });
  const create = useMutation({
    mutationFn: () => agentsApi.createBase(name),
    onSuccess: () => {
      setName("");
      void queryClient.invalidateQueries({ queryKey: knowledgeBaseKeys.all });
    },
  });
  return (
    <Card title={t("agentsPage.knowledge")}>
      <form
        className="flex flex-wrap items-end gap-2"
        onSubmit={(event) => {
          event.preventDefault();
          create.mutate();
        }}
      >
        <TextField
          label={t("agentsPage.new_base")}
          value={name}
          onChange={(e) => setName(e.target.value)}
          required
          maxLength={100}
          data-testid="base-name"
        />
        <Button
          type="submit"
          loading={create.isPending}
          disabled={!name.trim()}
          data-testid="base-create"
        >
          {t("agentsPage.create_base")}
        </Button>
      </form>
      {create.error && <ProblemError error={create.error} />}
      <ul className="mt-3 grid gap-3 sm:grid-cols-2">
        {(bases.data ?? []).map((base) => (
          <BaseDocuments key={base.base_id} base={base} />
        ))}
      </ul>
    </Card>
  );
}
