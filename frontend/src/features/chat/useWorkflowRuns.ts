// The workflow runs a conversation shows: those kept in it (read with the conversation) and those
// just started here. A run started from `/workflow` is kept in the conversation, so its card is
// there after a reload or on another device; a new chat first becomes a conversation to keep it in.
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useNavigate } from "react-router";
import { chatApi, chatKeys, type ConversationDetail } from "./api";
import type { StartedRun } from "./workflowCommand";

export interface ShownRun {
  runId: string;
  title: string;
}

export function useWorkflowRuns(conversationId: string | null, detail: ConversationDetail | undefined) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  // Started on this page and not yet read back with the conversation, by conversation ("" : none yet).
  const [started, setStarted] = useState<Record<string, ShownRun[]>>({});
  const [error, setError] = useState<unknown>(null);

  const kept = (detail?.workflow_runs ?? []).map((run) => ({ runId: run.run_id, title: run.title }));
  const keptIds = new Set(kept.map((run) => run.runId));
  const runs = [...kept, ...(started[conversationId ?? ""] ?? []).filter((run) => !keptIds.has(run.runId))];

  async function keep(run: StartedRun): Promise<void> {
    const shown = { runId: run.runId, title: run.title };
    const add = (key: string) => {
      setStarted((all) => ({ ...all, [key]: [...(all[key] ?? []), shown] }));
    };
    add(conversationId ?? "");
    setError(null);
    try {
      const id = conversationId ?? (await chatApi.createConversation(run.title)).id;
      await chatApi.keepWorkflowRun(id, run.runId, run.title);
      if (conversationId === null) {
        add(id);
        void queryClient.invalidateQueries({ queryKey: chatKeys.lists });
        void navigate(`/chat/${id}`, { replace: true });
      } else {
        await queryClient.invalidateQueries({ queryKey: chatKeys.conversation(id) });
      }
    } catch (caught) {
      setError(caught); // the card still shows here; only keeping it failed
    }
  }

  return { runs, keep, error };
}
