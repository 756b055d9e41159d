import { keepPreviousData, useInfiniteQuery, useQuery, useQueryClient } from "@tanstack/react-query";
import { Plus, Star } from "lucide-react";
import { useState } from "react";
import { ProblemError } from "../../components/Alert";
import { Button } from "../../components/Button";
import { Card } from "../../components/Card";
import { Spinner } from "../../components/PageStatus";
import { SearchInput } from "../../components/SearchInput";
import { useI18n } from "../../i18n";
import { formatNumber } from "../../lib/format";
import { useDebounced } from "../../lib/useDebounced";
import { useDocumentTitle } from "../../lib/useDocumentTitle";
import { useAuth } from "../../lib/auth";
import { MARKET_SORTS, promptKeys, promptsApi, type MarketSort, type Prompt, type PromptCategory } from "./api";
import { PromptActions } from "./PromptActions";
import { PromptEditor } from "./PromptEditor";
import { PromptRunner } from "./PromptRunner";
import { ReportsPanel } from "./ReportsPanel";
import { EmptyState } from "../../components/EmptyState";

type Tab = "library" | "mine" | "market" | "reports";
const TABS: readonly Tab[] = ["library", "mine", "market"];

const FILTER =
  "rounded-lg border-0 bg-white py-2 pr-8 pl-3 text-sm shadow-sm ring-1 ring-slate-300 ring-inset dark:bg-slate-900 dark:text-slate-100 dark:ring-slate-600";

function PromptCard({
  prompt,
  categoryLabel,
  selected,
  onSelect,
}: {
  prompt: Prompt;
  categoryLabel: string;
  selected: boolean;
  onSelect: () => void;
}) {
  const { t, language } = useI18n();
  return (
    <li data-testid="prompt-card" data-prompt-id={prompt.id}>
      <button
        type="button"
        onClick={onSelect}
        aria-pressed={selected}
        className={`flex h-full w-full flex-col rounded-2xl bg-white p-4 text-left shadow-sm ring-1 transition hover:ring-indigo-400 focus-visible:outline-2 focus-visible:outline-indigo-600 dark:bg-slate-900 ${
          selected ? "ring-2 ring-indigo-600 dark:ring-indigo-400" : "ring-slate-200 dark:ring-slate-800"
        }`}
      >
        <span className="font-semibold text-slate-900 dark:text-white">{prompt.title}</span>
        <span className="mt-0.5 text-xs text-slate-500 dark:text-slate-400">
          {categoryLabel}
          {prompt.author_name ? ` · ${prompt.author_name}` : ""}
        </span>
        <span className="mt-2 line-clamp-3 flex-1 text-sm text-slate-700 dark:text-slate-300">{prompt.description}</span>
        {prompt.stats && (
          <span className="mt-3 flex flex-wrap gap-3 text-xs text-slate-500 dark:text-slate-400" data-testid="prompt-stats">
            <span className="inline-flex items-center gap-1">
              <Star className="size-3.5 fill-amber-400 text-amber-400" aria-hidden="true" />
              {prompt.stats.rating_count > 0
                ? t("prompts.rating", {
                    average: formatNumber(prompt.stats.rating_avg, language, 1),
                    count: formatNumber(prompt.stats.rating_count, language),
                  })
                : t("prompts.no_rating")}
            </span>
            <span>
              {t("prompts.uses", {
                count: formatNumber(prompt.stats.uses, language),
              })}
            </span>
          </span>
        )}
      </button>
    </li>
  );
}

function PromptGrid({
  items,
  categoryLabel,
  selectedId,
  onSelect,
  empty,
}: {
  items: Prompt[];
  categoryLabel: (id: string) => string;
  selectedId: string | null;
  onSelect: (prompt: Prompt) => void;
  empty: string;
}) {
  if (items.length === 0) {
    return <EmptyState data-testid="prompts-empty">{empty}</EmptyState>;
  }
  return (
    <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
      {items.map((prompt) => (
        <PromptCard
          key={prompt.id}
          prompt={prompt}
          categoryLabel={categoryLabel(prompt.category)}
          selected={prompt.id === selectedId}
          onSelect={() => {
            onSelect(prompt);
          }}
        />
      ))}
    </ul>
  );
}

/** The selected prompt, fresh from the server (its version, links, the caller's vote): fill it, and act on it. */
function PromptDetail({
  initial,
  onClose,
  onForked,
  onEdit,
  onDeleted,
}: {
  initial: Prompt;
  onClose: () => void;
  onForked: (prompt: Prompt) => void;
  onEdit: (prompt: Prompt) => void;
  onDeleted: () => void;
}) {
  const { language } = useI18n();
  const queryClient = useQueryClient();
  const detail = useQuery({
    queryKey: promptKeys.detail(initial.id, language),
    queryFn: ({ signal }) => promptsApi.get(initial.id, language, { signal }),
    placeholderData: initial,
  });
  const prompt = detail.data ?? initial;
  return (
    <PromptRunner key={`${prompt.id}:${prompt.version ?? 0}`} prompt={prompt} onClose={onClose}>
      {detail.isError ? (
        <ProblemError error={detail.error} data-testid="prompt-detail-error" />
      ) : (
        !detail.isPlaceholderData && (
          <PromptActions
            prompt={prompt}
            onChanged={(updated) => {
              queryClient.setQueryData(promptKeys.detail(updated.id, language), updated);
            }}
            onForked={onForked}
            onEdit={() => {
              onEdit(prompt);
            }}
            onDeleted={onDeleted}
          />
        )
      )}
    </PromptRunner>
  );
}

type Editor = { mode: "create" } | { mode: "edit"; prompt: Prompt } | null;

/** `/library/prompts`: the built-in library, the caller's prompts and the marketplace; a prompt fills the chat. */
export function PromptsPage() {
  const { t, language } = useI18n();
  useDocumentTitle(t("features.prompts.name"));
  const [tab, setTab] = useState<Tab>("library");
  const [search, setSearch] = useState("");
  const [category, setCategory] = useState("");
  const [sort, setSort] = useState<MarketSort>("rating");
  const [selected, setSelected] = useState<Prompt | null>(null);
  const [editor, setEditor] = useState<Editor>(null);
  const { user } = useAuth();
  const tabs: readonly Tab[] = user?.role === "admin" ? [...TABS, "reports"] : TABS;
  const q = useDebounced(search.trim(), 300);

  const categories = useQuery({
    queryKey: promptKeys.categories(language),
    queryFn: ({ signal }) => promptsApi.categories(language, { signal }),
    staleTime: 5 * 60_000,
  });
  const library = useQuery({
    queryKey: promptKeys.builtin(language, category, q),
    queryFn: ({ signal }) => promptsApi.builtin({ lang: language, category, q }, { signal }),
    enabled: tab === "library",
    placeholderData: keepPreviousData,
  });
  const mine = useInfiniteQuery({
    queryKey: promptKeys.mine,
    queryFn: ({ pageParam, signal }) => promptsApi.mine(pageParam, { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    enabled: tab === "mine",
  });
  const market = useInfiniteQuery({
    queryKey: promptKeys.market(q, category, sort),
    queryFn: ({ pageParam, signal }) => promptsApi.market({ q, category, sort, cursor: pageParam }, { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    enabled: tab === "market",
    placeholderData: keepPreviousData,
  });

  const categoryLabel = (id: string) => categories.data?.find((item: PromptCategory) => item.id === id)?.label ?? id;
  const select = (prompt: Prompt) => {
    setEditor(null);
    setSelected(prompt);
    window.scrollTo({ top: 0, behavior: "smooth" });
  };
  const showMine = (prompt: Prompt) => {
    setTab("mine");
    select(prompt);
  };
  const grid = (items: Prompt[], empty: string) => (
    <PromptGrid items={items} categoryLabel={categoryLabel} selectedId={selected?.id ?? null} onSelect={select} empty={empty} />
  );
  const paged = tab === "mine" ? mine : market;

  return (
    <div className="mx-auto max-w-6xl space-y-6" data-testid="prompts-page">
      <header className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h1 className="text-2xl font-bold tracking-tight text-slate-900 dark:text-white">{t("features.prompts.name")}</h1>
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{t("prompts.subtitle")}</p>
        </div>
        {editor === null && (
          <Button
            onClick={() => {
              setSelected(null);
              setEditor({ mode: "create" });
            }}
            data-testid="prompt-create"
          >
            <Plus className="size-4" aria-hidden="true" />
            {t("prompts.editor.new")}
          </Button>
        )}
      </header>

      {editor ? (
        <Card
          title={editor.mode === "create" ? t("prompts.editor.new") : t("prompts.editor.edit_title", { title: editor.prompt.title })}
          data-testid="prompt-editor-card"
        >
          <PromptEditor
            key={editor.mode === "edit" ? `${editor.prompt.id}:${editor.prompt.version ?? 0}` : "new"}
            editing={editor.mode === "edit" ? editor.prompt : null}
            onSaved={showMine}
            onCancel={() => {
              setEditor(null);
            }}
          />
        </Card>
      ) : (
        selected && (
          <PromptDetail
            key={selected.id}
            initial={selected}
            onClose={() => {
              setSelected(null);
            }}
            onForked={showMine}
            onEdit={(prompt) => {
              setEditor({ mode: "edit", prompt });
              window.scrollTo({ top: 0, behavior: "smooth" });
            }}
            onDeleted={() => {
              setSelected(null);
            }}
          />
        )
      )}

      <div role="tablist" aria-label={t("features.prompts.name")} className="flex gap-1 border-b border-slate-200 dark:border-slate-800">
        {tabs.map((item) => (
          <button
            key={item}
            type="button"
            role="tab"
            aria-selected={tab === item}
            onClick={() => {
              setTab(item);
            }}
            data-testid={`prompts-tab-${item}`}
            className={`-mb-px border-b-2 px-3 py-2 text-sm font-semibold transition ${
              tab === item
                ? "border-indigo-600 text-indigo-700 dark:border-indigo-400 dark:text-indigo-300"
                : "border-transparent text-slate-600 hover:text-slate-900 dark:text-slate-400 dark:hover:text-white"
            }`}
          >
            {t(`prompts.tabs.${item}`)}
          </button>
        ))}
      </div>

      {(tab === "library" || tab === "market") && (
        <div className="flex flex-wrap items-end gap-3">
          <SearchInput id="prompts-search" label={t("prompts.search")} value={search} onChange={setSearch} />
          <label className="sr-only" htmlFor="prompts-category">
            {t("prompts.category")}
          </label>
          <select
            id="prompts-category"
            value={category}
            onChange={(event) => {
              setCategory(event.target.value);
            }}
            data-testid="prompts-category"
            className={FILTER}
          >
            <option value="">{t("prompts.all_categories")}</option>
            {(categories.data ?? []).map((item) => (
              <option key={item.id} value={item.id}>
                {item.label}
              </option>
            ))}
          </select>
          {tab === "market" && (
            <>
              <label className="sr-only" htmlFor="prompts-sort">
                {t("prompts.sort")}
              </label>
              <select
                id="prompts-sort"
                value={sort}
                onChange={(event) => {
                  setSort(event.target.value as MarketSort);
                }}
                data-testid="prompts-sort"
                className={FILTER}
              >
                {MARKET_SORTS.map((item) => (
                  <option key={item} value={item}>
                    {t(`prompts.sorts.${item}`)}
                  </option>
                ))}
              </select>
            </>
          )}
        </div>
      )}

      <div role="tabpanel">
        {tab === "reports" ? (
          <ReportsPanel />
        ) : tab === "library" ? (
          library.isPending ? (
            <Spinner />
          ) : library.isError ? (
            <ProblemError error={library.error} data-testid="prompts-error" />
          ) : (
            grid(library.data.items, t("prompts.empty"))
          )
        ) : paged.isPending ? (
          <Spinner />
        ) : paged.isError ? (
          <ProblemError error={paged.error} data-testid="prompts-error" />
        ) : (
          <div className="space-y-4">
            {grid(
              paged.data.pages.flatMap((page) => page.items),
              tab === "mine" ? t("prompts.mine_empty") : search || category ? t("prompts.empty") : t("prompts.market_empty"),
            )}
            {paged.hasNextPage && (
              <Button
                variant="ghost"
                loading={paged.isFetchingNextPage}
                onClick={() => {
                  void paged.fetchNextPage();
                }}
                data-testid="prompts-more"
              >
                {t("prompts.more")}
              </Button>
            )}
          </div>
        )}
      </div>
    </div>
  );
}
