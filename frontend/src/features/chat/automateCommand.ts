// The `/automatiser` command of the composer (`/automate` in English): the conversation, and what
// follows the command, become an automation draft on the automations page's generator.
import { endpoint } from "../../lib/api";
import type { Language } from "../../i18n";

/** What follows `/automatiser` or `/automate` when the draft is that command, else null. */
export function parseAutomateCommand(draft: string): string | null {
  const match = /^\/(?:automatiser|automate)(?:\s+([\s\S]*))?$/i.exec(draft.trim());
  return match ? (match[1] ?? "").trim() : null;
}

/** Starts the generator on the conversation (if any) and the text; the page to follow it on. */
export async function startAutomation(conversationId: string | null, text: string, language: Language): Promise<string> {
  const started = await endpoint("post", "/api/automations/drafts", {
    body: { description: text, lang: language, ...(conversationId ? { conversation_id: conversationId } : {}) },
  });
  return `/automations?tab=generator&task=${started.task_id}`;
}
