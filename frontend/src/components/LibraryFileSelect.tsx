// A run form's file field: a transcript of the media library or a ready document of a knowledge
// base (its text becomes the variable's value when the run starts).
import { useQueries, useQuery } from "@tanstack/react-query";
import type { SelectHTMLAttributes } from "react";
import { SelectField } from "./Field";
import { useI18n } from "../i18n";
import { endpoint } from "../lib/api";
import { knowledgeBaseKeys, listKnowledgeBases, listKnowledgeDocuments } from "../lib/knowledgeBases";

const EXCERPT = 60;

const listTranscripts = () => endpoint("get", "/api/media/items", { query: { kind: "transcript", limit: 50 } });

interface Props extends Omit<SelectHTMLAttributes<HTMLSelectElement>, "onChange"> {
  label: string;
  value: string;
  onChange: (value: string) => void;
}

export function LibraryFileSelect({ label, value, onChange, ...select }: Props) {
  const { t } = useI18n();
  const transcripts = useQuery({
    queryKey: ["media", "items", "transcript", "workflows"],
    queryFn: listTranscripts,
  });
  const bases = useQuery({
    queryKey: knowledgeBaseKeys.all,
    queryFn: listKnowledgeBases,
  });
  const documents = useQueries({
    queries: (bases.data ?? []).map((base) => ({
      queryKey: [...knowledgeBaseKeys.all, base.base_id, "documents"],
      queryFn: () => listKnowledgeDocuments(base.base_id),
    })),
  });
  return (
    <SelectField label={label} value={value} onChange={(event) => onChange(event.target.value)} {...select}>
      <option value="">{t("workflows.run.choose_file")}</option>
      {(transcripts.data?.items.length ?? 0) > 0 && (
        <optgroup label={t("workflows.run.transcripts")}>
          {transcripts.data?.items.map((item) => (
            <option key={item.media_id} value={item.media_id}>
              {(item.transcript?.text ?? item.prompt ?? item.media_id).slice(0, EXCERPT)}
            </option>
          ))}
        </optgroup>
      )}
      {(bases.data ?? []).map((base, index) => {
        const ready = (documents[index]?.data ?? []).filter((document) => document.status === "ready");
        return ready.length === 0 ? null : (
          <optgroup key={base.base_id} label={base.name}>
            {ready.map((document) => (
              <option key={document.document_id} value={`${base.base_id}/${document.document_id}`}>
                {document.filename}
              </option>
            ))}
          </optgroup>
        );
      })}
    </SelectField>
  );
}
