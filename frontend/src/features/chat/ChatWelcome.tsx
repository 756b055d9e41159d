import { Lightbulb, MessagesSquare } from "lucide-react";
import { useI18n, type MessageKey } from "../../i18n";

const SUGGESTIONS: MessageKey[] = [
  "chat.empty.s1",
  "chat.empty.s2",
  "chat.empty.s3",
  "chat.empty.s4",
];

/** A new conversation: what the page does, and a few questions to try. */
export function ChatWelcome({
  onSuggest,
}: {
  onSuggest: (prompt: string) => void;
}) {
  const { t } = useI18n();
  return (
    <div
      className="mx-auto flex max-w-3xl flex-col items-center py-6 text-center sm:py-10"
      data-testid="chat-empty"
    >
      <div className="mb-4 flex size-12 items-center justify-center rounded-2xl bg-linear-to-br from-indigo-500 to-fuchsia-500 text-white shadow-sm">
        <MessagesSquare className="size-6" aria-hidden="true" />
      </div>
      <h1 className="text-2xl font-bold tracking-tight text-slate-900 sm:text-3xl dark:text-white">
        {t("chat.empty.title")}
      </h1>
      <p className="mt-3 max-w-xl text-sm text-slate-600 sm:text-base dark:text-slate-300">
        {t("chat.empty.body")}
      </p>
      <h2 className="mt-8 mb-3 flex items-center gap-1.5 text-xs font-semibold tracking-wide text-slate-500 uppercase dark:text-slate-400">
        <Lightbulb className="size-4" aria-hidden="true" />
        {t("chat.empty.suggestions")}
      </h2>
      <ul className="grid w-full gap-2 sm:grid-cols-2">
        {SUGGESTIONS.map((key) => (
          <li key={key}>
            <button
              type="button"
              data-testid="chat-suggestion"
              onClick={() => {
                onSuggest(t(key));
              }}
              className="h-full w-full rounded-xl bg-white p-3 text-left text-sm text-slate-700 shadow-sm ring-1 ring-slate-200 transition hover:bg-indigo-50 hover:ring-indigo-300 dark:bg-slate-900 dark:text-slate-200 dark:ring-slate-800 dark:hover:bg-indigo-950/50"
            >
              {t(key)}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
