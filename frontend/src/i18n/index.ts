import { useCallback, useSyncExternalStore } from "react";
import frAgents from "./fr/agents.json";
import frBase from "./fr.json";
import frAutomations from "./fr/automations.json";
import frBlog from "./fr/blog.json";
import frChatLayout from "./fr/chatLayout.json";
import frChatActions from "./fr/chatActions.json";
import frDashboard from "./fr/dashboard.json";
import frMedia from "./fr/media.json";
import frTasks from "./fr/tasks.json";
import frWorkflows from "./fr/workflows.json";
import frVoice from "./fr/voice.json";

export const LANGUAGES = ["fr", "en"] as const;
export type Language = (typeof LANGUAGES)[number];

// Features with many messages keep them in a namespace file of their own (`fr/<namespace>.json`).
const fr = {
  ...frBase,
  media: frMedia,
  dashboard: frDashboard,
  tasks: frTasks,
  workflows: frWorkflows,
  automations: frAutomations,
  blog: frBlog,
  voice: frVoice,
  agentsPage: frAgents,
  chatLayout: frChatLayout,
  chatActions: frChatActions,
};

// French is the source catalogue: every key exists there, and the type below makes the build fail
// when an English file lacks one. French ships with the first page; English is its own chunk, loaded
// before the first render for English readers and on the switch (the first page stays in budget).
export type Catalogue = typeof fr;
const catalogues: Partial<Record<Language, Catalogue>> = { fr };

/** Loads a language's catalogue if it is not loaded yet. */
export async function loadCatalogue(language: Language): Promise<void> {
  if (catalogues[language]) return;
  if (language === "en") catalogues.en = (await import("./en/catalogue")).en;
}

type Leaves<T, Prefix extends string = ""> = {
  [K in keyof T & string]: T[K] extends string
    ? `${Prefix}${K}`
    : Leaves<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

export type MessageKey = Leaves<Catalogue>;
export type MessageVars = Record<string, string | number>;
export type Translate = (key: MessageKey, vars?: MessageVars) => string;

const STORAGE_KEY = "webox.language";
const listeners = new Set<() => void>();

export function isLanguage(value: unknown): value is Language {
  return LANGUAGES.includes(value as Language);
}

function storedLanguage(): Language {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return isLanguage(value) ? value : "fr";
  } catch {
    return "fr";
  }
}

let current: Language = storedLanguage();
document.documentElement.lang = current;

export function getLanguage(): Language {
  return current;
}

/** Switches the language (once its catalogue is loaded: at once when it already is). */
export function setLanguage(language: Language): void {
  if (language === current) return;
  if (!catalogues[language]) {
    void loadCatalogue(language).then(() => {
      setLanguage(language);
    });
    return;
  }
  current = language;
  document.documentElement.lang = language;
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Private browsing may refuse storage: the switch still works for this page.
  }
  listeners.forEach((listener) => {
    listener();
  });
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function lookup(language: Language, key: MessageKey): string {
  let node: unknown = catalogues[language] ?? catalogues.fr;
  for (const part of key.split(".")) {
    node =
      typeof node === "object" && node !== null
        ? (node as Record<string, unknown>)[part]
        : undefined;
  }
  return typeof node === "string" ? node : key;
}

export function translate(
  language: Language,
  key: MessageKey,
  vars?: MessageVars,
): string {
  const text = lookup(language, key);
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (match, name: string) =>
    name in vars ? String(vars[name]) : match,
  );
}

export function useI18n(): {
  language: Language;
  setLanguage: (language: Language) => void;
  t: Translate;
} {
  const language = useSyncExternalStore(subscribe, getLanguage);
  const t = useCallback<Translate>(
    (key, vars) => translate(language, key, vars),
    [language],
  );
  return { language, setLanguage, t };
}
