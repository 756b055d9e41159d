import { Check, Settings2, X } from "lucide-react";
import { Link } from "react-router";
import { ProblemError } from "../../components/Alert";
import { Spinner } from "../../components/PageStatus";
import { useI18n } from "../../i18n";
import type { Assistant } from "../../lib/assistants";
import { AssistantIcon } from "../../components/AssistantIcon";

/** One click activates an assistant for the next turns; the active one is marked. */
export function AssistantMenu({
  assistants,
  loading,
  error,
  activeId,
  onPick,
  onClose,
}: {
  assistants: Assistant[];
  loading: boolean;
  error: unknown;
  activeId: string | null;
  onPick: (assistant: Assistant) => void;
  onClose: () => void;
}) {
  const { t } = useI18n();
  return (
    <section
      data-testid="assistant-menu"
      aria-label={t("chat.assistant.menu")}
      className="max-h-72 overflow-y-auto rounded-2xl bg-white p-3 shadow-sm ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-800"
    >
      <header className="mb-2 flex items-center justify-between gap-2">
        <h2 className="text-sm font-semibold text-slate-900 dark:text-white">
          {t("chat.assistant.menu")}
        </h2>
        <div className="flex items-center gap-1">
          <Link
            to="/library/assistants"
            className="inline-flex items-center gap-1 rounded-lg px-2 py-1 text-xs font-medium text-indigo-700 hover:bg-indigo-50 dark:text-indigo-300 dark:hover:bg-indigo-950"
          >
            <Settings2 className="size-3.5" aria-hidden="true" />
            {t("chat.assistant.manage")}
          </Link>
          <button
            type="button"
            aria-label={t("chat.assistant.close")}
            onClick={onClose}
            className="rounded-lg p-1 text-slate-500 hover:bg-slate-100 dark:hover:bg-slate-800"
          >
            <X className="size-4" aria-hidden="true" />
          </button>
        </div>
      </header>
      {loading ? (
        <Spinner />
      ) : error ? (
        <ProblemError error={error} data-testid="assistant-menu-error" />
      ) : (
        <ul className="grid gap-1.5 sm:grid-cols-2">
          {assistants.map((assistant) => {
            const active = assistant.id === activeId;
            return (
              <li key={assistant.id}>
                <button
                  type="button"
                  data-testid="assistant-option"
                  data-assistant-id={assistant.id}
                  aria-pressed={active}
                  onClick={() => {
                    onPick(assistant);
                  }}
                  className={`flex w-full items-start gap-2 rounded-xl p-2 text-left hover:bg-slate-50 dark:hover:bg-slate-800 ${
                    active
                      ? "bg-indigo-50 ring-1 ring-indigo-300 dark:bg-indigo-950 dark:ring-indigo-800"
                      : ""
                  }`}
                >
                  <span className="flex size-8 shrink-0 items-center justify-center rounded-lg bg-linear-to-br from-indigo-500 to-fuchsia-500 text-white">
                    <AssistantIcon name={assistant.icon} className="size-4" />
                  </span>
                  <span className="min-w-0 flex-1">
                    <span className="flex items-center gap-1 text-sm font-semibold text-slate-900 dark:text-white">
                      <span className="truncate">{assistant.name}</span>
                      {active && (
                        <Check
                          className="size-4 shrink-0 text-indigo-600"
                          aria-hidden="true"
                        />
                      )}
                    </span>
                    <span className="line-clamp-2 text-xs text-slate-600 dark:text-slate-400">
                      {assistant.description || t("assistants.no_description")}
                    </span>
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
