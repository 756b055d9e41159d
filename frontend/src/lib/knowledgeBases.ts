// The caller's knowledge bases (webox.knowledge): agents search them, a phone persona too, and a
// workflow's file variable may name one of their documents.
import { endpoint } from "./api";

export const knowledgeBaseKeys = { all: ["knowledge-bases"] as const };

export const listKnowledgeBases = () => endpoint("get", "/api/agents/knowledge-bases");

export const listKnowledgeDocuments = (baseId: string) =>
  endpoint("get", "/api/agents/knowledge-bases/{base_id}/documents", { path: { base_id: baseId } });
