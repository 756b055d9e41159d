import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ExternalLink, Heart } from "lucide-react";
import { useCallback, useState } from "react";
import { ProblemError } from "../../components/Alert";
import { Button } from "../../components/Button";
import { Spinner } from "../../components/PageStatus";
import { SearchInput } from "../../components/SearchInput";
import { useI18n } from "../../i18n";
import { formatNumber } from "../../lib/format";
import { useDebounced } from "../../lib/useDebounced";
import { useDocumentTitle } from "../../lib/useDocumentTitle";
import { catalogApi, catalogKeys, PRICINGS, safeUrl, type Category, type Tool, type ToolFilters } from "./api";
import { PricingBadge } from "./PricingBadge";
import { RatingSummary } from "../../components/StarRating";
import { ToolDrawer } from "./ToolDrawer";
import { PageHeader } from "../../components/PageHeader";
import { EmptyState } from "../../components/EmptyState";

const CHIP =
  "rounded-full px-3 py-1 text-sm font-medium ring-1 ring-inset transition focus-visible:outline-2 focus-visible:outline-indigo-600";
const CHIP_ON = "bg-indigo-600 text-white ring-indigo-600";
const CHIP_OFF =
  "bg-white text-slate-700 ring-slate-300 hover:bg-slate-50 dark:bg-slate-900 dark:text-slate-200 dark:ring-slate-600 dark:hover:bg-slate-800";

function FavoriteButton({ tool }: { tool: Tool }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const toggle = useMutation({
    mutationFn: (favorite: boolean) => catalogApi.setFavorite(tool.id, favorite),
    onSuccess: (_, favorite) => {
      queryClient.setQueriesData<{ items: Tool[]; total: number }>({ queryKey: catalogKeys.tools }, (data) =>
        data ? { ...data, items: data.items.map((item) => (item.id === tool.id ? { ...item, favorite } : item)) } : data,
      );
    },
  });
  if (tool.favorite === null) return null;
  const on = toggle.isPending ? toggle.variables : tool.favorite;
  return (
    <button
      type="button"
      aria-pressed={on}
      aria-label={on ? t("catalog.unfavorite", { name: tool.name }) : t("catalog.favorite", { name: tool.name })}
      title={toggle.isError ? t("catalog.favorite_failed") : undefined}
      disabled={toggle.isPending}
      onClick={() => {
        toggle.mutate(!tool.favorite);
      }}
      data-testid="catalog-favorite"
      data-favorite={on}
      className="rounded-full p-1.5 text-slate-400 hover:bg-slate-100 hover:text-rose-500 focus-visible:outline-2 focus-visible:outline-indigo-600 dark:hover:bg-slate-800"
    >
      <Heart className={`size-5 ${on ? "fill-rose-500 text-rose-500" : ""} ${toggle.isError ? "text-red-600" : ""}`} aria-hidden="true" />
    </button>
  );
}

function ToolCard({ tool, categoryName, onOpen }: { tool: Tool; categoryName: string; onOpen: () => void }) {
  const { t } = useI18n();
  const url = safeUrl(tool.url);
  return (
    <li
      data-testid="catalog-tool"
      data-tool-id={tool.id}
      className="flex flex-col rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-800"
    >
      <div className="flex items-start justify-between gap-2">
        <div className="min-w-0">
          <h2 className="truncate text-base font-semibold text-slate-900 dark:text-white">
            <button
              type="button"
              onClick={onOpen}
              className="text-left hover:text-indigo-600 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600 dark:hover:text-indigo-400"
              data-testid="catalog-tool-open"
            >
              {tool.name}
            </button>
          </h2>
          <p className="text-sm text-slate-500 dark:text-slate-400">
            {tool.vendor} · {categoryName}
          </p>
        </div>
        <FavoriteButton tool={tool} />
      </div>
      <div className="mt-2 flex flex-wrap items-center gap-2">
        <PricingBadge pricing={tool.pricing} />
        <RatingSummary rating={tool.rating} />
      </div>
      <p className="mt-3 line-clamp-3 flex-1 text-sm text-slate-700 dark:text-slate-300">{tool.description}</p>
      {tool.tags.length > 0 && (
        <ul className="mt-3 flex flex-wrap gap-1.5" aria-label={t("catalog.tags")}>
          {tool.tags.slice(0, 6).map((tag) => (
            <li key={tag} className="rounded-md bg-slate-100 px-2 py-0.5 text-xs text-slate-600 dark:bg-slate-800 dark:text-slate-300">
              #{tag}
            </li>
          ))}
        </ul>
      )}
      <div className="mt-4 flex items-center justify-between gap-2">
        <Button variant="ghost" onClick={onOpen} className="-ml-3.5" data-testid="catalog-tool-details">
          {t("catalog.details")}
        </Button>
        {url && (
          <a
            href={url}
            target="_blank"
            rel="noopener noreferrer"
            className="inline-flex items-center gap-1 text-sm font-semibold text-indigo-600 hover:underline dark:text-indigo-400"
            data-testid="catalog-tool-link"
          >
            {t("catalog.open_site")}
            <ExternalLink className="size-3.5" aria-hidden="true" />
            <span className="sr-only">{t("catalog.new_tab")}</span>
          </a>
        )}
      </div>
    </li>
  );
}

/** `/explore/catalog`: the AI tools directory, with favourites and reviews. */
export function CatalogPage() {
  const { t, language } = useI18n();
  useDocumentTitle(t("features.catalog.name"));
  const [search, setSearch] = useState("");
  const [category, setCategory] = useState("");
  const [pricing, setPricing] = useState("");
  const [openId, setOpenId] = useState<string | null>(null);
  const q = useDebounced(search.trim(), 300);
  const filters: ToolFilters = { q, category, pricing };

  const categories = useQuery({
    queryKey: catalogKeys.categories,
    queryFn: ({ signal }) => catalogApi.categories({ signal }),
    staleTime: 5 * 60_000,
  });
  const tools = useQuery({
    queryKey: catalogKeys.toolList(filters),
    queryFn: ({ signal }) => catalogApi.tools(filters, { signal }),
    placeholderData: keepPreviousData,
  });
  const categoryName = useCallback(
    (id: string) => {
      const found = categories.data?.find((item: Category) => item.id === id);
      if (!found) return id;
      return language === "en" ? found.name_en : found.name;
    },
    [categories.data, language],
  );
  const items = tools.data?.items ?? [];
  const open = items.find((tool) => tool.id === openId) ?? null;
  const closeDrawer = useCallback(() => {
    setOpenId(null);
  }, []);

  return (
    <div className="mx-auto max-w-6xl space-y-6" data-testid="catalog-page">
      <PageHeader title={t("features.catalog.name")} subtitle={t("catalog.subtitle")} />

      <div className="flex flex-wrap items-end gap-3">
        <SearchInput id="catalog-search" label={t("catalog.search")} value={search} onChange={setSearch} />
        <div>
          <label htmlFor="catalog-pricing" className="sr-only">
            {t("catalog.pricing_filter")}
          </label>
          <select
            id="catalog-pricing"
            value={pricing}
            onChange={(event) => {
              setPricing(event.target.value);
            }}
            data-testid="catalog-pricing-filter"
            className="rounded-lg border-0 bg-white py-2 pr-8 pl-3 text-sm shadow-sm ring-1 ring-slate-300 ring-inset dark:bg-slate-900 dark:text-slate-100 dark:ring-slate-600"
          >
            <option value="">{t("catalog.pricing_all")}</option>
            {PRICINGS.map((value) => (
              <option key={value} value={value}>
                {t(`catalog.pricing.${value}`)}
              </option>
            ))}
          </select>
        </div>
      </div>

      {categories.data && categories.data.length > 0 && (
        <div role="group" aria-label={t("catalog.categories")} className="flex flex-wrap gap-2">
          <button
            type="button"
            aria-pressed={category === ""}
            onClick={() => {
              setCategory("");
            }}
            data-testid="catalog-category"
            data-category=""
            className={`${CHIP} ${category === "" ? CHIP_ON : CHIP_OFF}`}
          >
            {t("catalog.all_categories")}
          </button>
          {categories.data.map((item) => (
            <button
              key={item.id}
              type="button"
              aria-pressed={category === item.id}
              title={item.description}
              onClick={() => {
                setCategory(category === item.id ? "" : item.id);
              }}
              data-testid="catalog-category"
              data-category={item.id}
              className={`${CHIP} ${category === item.id ? CHIP_ON : CHIP_OFF}`}
            >
              {language === "en" ? item.name_en : item.name}{" "}
              <span className="opacity-70">({formatNumber(item.tool_count, language)})</span>
            </button>
          ))}
        </div>
      )}
      <ProblemError error={categories.error} data-testid="catalog-categories-error" />

      {tools.isPending ? (
        <Spinner />
      ) : tools.isError ? (
        <ProblemError error={tools.error} data-testid="catalog-error" />
      ) : items.length === 0 ? (
        <EmptyState data-testid="catalog-empty">
          {t("catalog.empty")}
        </EmptyState>
      ) : (
        <>
          <p className="text-sm text-slate-500 dark:text-slate-400" aria-live="polite" data-testid="catalog-total">
            {t("catalog.total", { count: formatNumber(tools.data.total, language) })}
          </p>
          <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3" aria-busy={tools.isFetching}>
            {items.map((tool) => (
              <ToolCard
                key={tool.id}
                tool={tool}
                categoryName={categoryName(tool.category)}
                onOpen={() => {
                  setOpenId(tool.id);
                }}
              />
            ))}
          </ul>
        </>
      )}
      {open && <ToolDrawer tool={open} onClose={closeDrawer} />}
    </div>
  );
}
