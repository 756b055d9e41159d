import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { Copy, MessageSquarePlus, Pencil, Plus } from "lucide-react";
import { useState } from "react";
import { useNavigate } from "react-router";
import { ProblemError } from "../../components/Alert";
import { Button } from "../../components/Button";
import { Card } from "../../components/Card";
import { ConfirmButton } from "../../components/ConfirmButton";
import { Spinner } from "../../components/PageStatus";
import { useI18n } from "../../i18n";
import { useDocumentTitle } from "../../lib/useDocumentTitle";
import { modelName, useModels } from "../../lib/models";
import { assistantKeys, assistantsApi, type Assistant } from "../../lib/assistants";
import { AssistantForm } from "./AssistantForm";
import { AssistantIcon } from "../../components/AssistantIcon";

type Editor = { mode: "create" } | { mode: "edit"; assistant: Assistant } | null;

function AssistantCard({ assistant, onEdit }: { assistant: Assistant; onEdit?: () => void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const { byId } = useModels();
  const refresh = () => queryClient.invalidateQueries({ queryKey: assistantKeys.all });
  const duplicate = useMutation({ mutationFn: () => assistantsApi.duplicate(assistant.id), onSuccess: refresh });
  const remove = useMutation({ mutationFn: () => assistantsApi.remove(assistant.id), onSuccess: refresh });

  return (
    <li
      data-testid="assistant-card"
      data-assistant-id={assistant.id}
      data-builtin={assistant.builtin}
      className="flex flex-col rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-800"
    >
      <div className="flex items-start gap-3">
        <span className="flex size-10 shrink-0 items-center justify-center rounded-xl bg-linear-to-br from-indigo-500 to-fuchsia-500 text-white">
          <AssistantIcon name={assistant.icon} className="size-5" />
        </span>
        <div className="min-w-0">
          <h3 className="truncate font-semibold text-slate-900 dark:text-white">{assistant.name}</h3>
          {assistant.builtin && (
            <span className="text-xs font-medium text-indigo-600 dark:text-indigo-400">{t("assistants.builtin_badge")}</span>
          )}
        </div>
      </div>
      <p className="mt-3 line-clamp-3 flex-1 text-sm text-slate-700 dark:text-slate-300">
        {assistant.description || t("assistants.no_description")}
      </p>
      <ul className="mt-3 flex flex-wrap gap-1.5" aria-label={t("assistants.models")}>
        {assistant.models.map((id) => (
          <li key={id} className="rounded-md bg-slate-100 px-2 py-0.5 text-xs text-slate-600 dark:bg-slate-800 dark:text-slate-300">
            {modelName(byId, id)}
          </li>
        ))}
      </ul>
      <ProblemError error={duplicate.error ?? remove.error} data-testid="assistant-error" />
      <div className="mt-4 flex flex-wrap items-center gap-2">
        <Button
          onClick={() => {
            void navigate("/chat", { state: { assistantId: assistant.id } });
          }}
          data-testid="assistant-use"
        >
          <MessageSquarePlus className="size-4" aria-hidden="true" />
          {t("assistants.use_in_chat")}
        </Button>
        <Button
          variant="secondary"
          loading={duplicate.isPending}
          onClick={() => {
            duplicate.mutate();
          }}
          data-testid="assistant-duplicate"
        >
          <Copy className="size-4" aria-hidden="true" />
          {t("assistants.duplicate")}
        </Button>
        {!assistant.builtin && onEdit && (
          <>
            <Button variant="ghost" onClick={onEdit} data-testid="assistant-edit">
              <Pencil className="size-4" aria-hidden="true" />
              {t("assistants.edit")}
            </Button>
            <ConfirmButton
              variant="ghost"
              question={t("assistants.delete_question")}
              loading={remove.isPending}
              onConfirm={() => {
                remove.mutate();
              }}
              data-testid="assistant-delete"
            >
              {t("assistants.delete")}
            </ConfirmButton>
          </>
        )}
      </div>
    </li>
  );
}

/** `/library/assistants`: the built-in assistants and the caller's own, which they can create, edit and copy. */
export function AssistantsPage() {
  const { t, language } = useI18n();
  useDocumentTitle(t("features.assistants.name"));
  const [editor, setEditor] = useState<Editor>(null);
  const list = useInfiniteQuery({
    queryKey: assistantKeys.list(language),
    queryFn: ({ pageParam, signal }) => assistantsApi.list(language, pageParam, { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  const builtin = list.data?.pages[0]?.builtin ?? [];
  const own = list.data?.pages.flatMap((page) => page.own) ?? [];
  const close = () => {
    setEditor(null);
  };

  return (
    <div className="mx-auto max-w-6xl space-y-8" data-testid="assistants-page">
      <header className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h1 className="text-2xl font-bold tracking-tight text-slate-900 dark:text-white">
            {t("features.assistants.name")}
          </h1>
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{t("assistants.subtitle")}</p>
        </div>
        {editor === null && (
          <Button
            onClick={() => {
              setEditor({ mode: "create" });
            }}
            data-testid="assistant-create"
          >
            <Plus className="size-4" aria-hidden="true" />
            {t("assistants.create")}
          </Button>
        )}
      </header>

      {editor && (
        <Card
          title={editor.mode === "create" ? t("assistants.create") : t("assistants.edit_title", { name: editor.assistant.name })}
          data-testid="assistant-editor"
        >
          <AssistantForm
            key={editor.mode === "edit" ? editor.assistant.id : "new"}
            editing={editor.mode === "edit" ? editor.assistant : null}
            onDone={close}
          />
        </Card>
      )}

      {list.isPending ? (
        <Spinner />
      ) : list.isError ? (
        <ProblemError error={list.error} data-testid="assistants-error" />
      ) : (
        <>
          <section className="space-y-3">
            <h2 className="text-lg font-semibold text-slate-900 dark:text-white">{t("assistants.builtin")}</h2>
            <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3" data-testid="assistants-builtin">
              {builtin.map((assistant) => (
                <AssistantCard key={assistant.id} assistant={assistant} />
              ))}
            </ul>
          </section>
          <section className="space-y-3">
            <h2 className="text-lg font-semibold text-slate-900 dark:text-white">{t("assistants.own")}</h2>
            {own.length === 0 ? (
              <p className="text-sm text-slate-500 dark:text-slate-400" data-testid="assistants-own-empty">
                {t("assistants.own_empty")}
              </p>
            ) : (
              <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3" data-testid="assistants-own">
                {own.map((assistant) => (
                  <AssistantCard
                    key={assistant.id}
                    assistant={assistant}
                    onEdit={() => {
                      setEditor({ mode: "edit", assistant });
                      window.scrollTo({ top: 0, behavior: "smooth" });
                    }}
                  />
                ))}
              </ul>
            )}
            {list.hasNextPage && (
              <Button
                variant="ghost"
                loading={list.isFetchingNextPage}
                onClick={() => {
                  void list.fetchNextPage();
                }}
                data-testid="assistants-more"
              >
                {t("assistants.more")}
              </Button>
            )}
          </section>
        </>
      )}
    </div>
  );
}
