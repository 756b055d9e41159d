import { useInfiniteQuery } from "@tanstack/react-query";
import { ArrowLeft, Clapperboard, MessagesSquare, Workflow, type LucideIcon } from "lucide-react";
import { SearchInput } from "../../components/SearchInput";
import { useState } from "react";
import { Link } from "react-router";
import { ProblemError } from "../../components/Alert";
import { Button } from "../../components/Button";
import { SelectField, TextField } from "../../components/Field";
import { Spinner } from "../../components/PageStatus";
import { TextLink } from "../../components/TextLink";
import { useI18n } from "../../i18n";
import { formatDateTime } from "../../lib/format";
import { useModels } from "../../lib/models";
import { useDebounced } from "../../lib/useDebounced";
import { useDocumentTitle } from "../../lib/useDocumentTitle";
import { timelineStatus, timelineSubtitle } from "./history";
import { dashboardApi, dashboardKeys, TIMELINE_KINDS, type TimelineFilters, type TimelineItem, type TimelineKind } from "./api";

const ICONS: Record<TimelineKind, LucideIcon> = { conversation: MessagesSquare, media: Clapperboard, job: Workflow };

function isKind(kind: string): kind is TimelineKind {
  return (TIMELINE_KINDS as readonly string[]).includes(kind);
}

/** Only same-site paths are followed; anything else stays on the history page. */
function safePath(path: string): string {
  return path.startsWith("/") && !path.startsWith("//") ? path : "/dashboard/history";
}

function Row({ item }: { item: TimelineItem }) {
  const { t, language } = useI18n();
  const { byId } = useModels();
  const subtitle = timelineSubtitle(item, t, byId);
  const Icon = isKind(item.kind) ? ICONS[item.kind] : MessagesSquare;
  return (
    <li data-testid="timeline-item" data-kind={item.kind} data-id={item.id}>
      <Link
        to={safePath(item.path)}
        className="flex items-start gap-3 rounded-xl p-3 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-indigo-600 dark:hover:bg-slate-800"
      >
        <span className="mt-0.5 flex size-9 shrink-0 items-center justify-center rounded-lg bg-indigo-50 text-indigo-600 dark:bg-indigo-950 dark:text-indigo-300">
          <Icon className="size-4" aria-hidden="true" />
        </span>
        <span className="min-w-0 flex-1">
          <span className="flex flex-wrap items-center gap-2">
            <span className="truncate font-medium text-slate-900 dark:text-white" data-testid="timeline-title">
              {item.title || t("dashboard.history.untitled")}
            </span>
            <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs text-slate-600 dark:bg-slate-800 dark:text-slate-300">
              {isKind(item.kind) ? t(`dashboard.history.kinds.${item.kind}`) : item.kind}
            </span>
            {item.status && (
              <span
                className="rounded-full bg-amber-100 px-2 py-0.5 text-xs text-amber-800 dark:bg-amber-900/50 dark:text-amber-200"
                data-testid="timeline-status"
              >
                {timelineStatus(item.status, t)}
              </span>
            )}
          </span>
          {subtitle && (
            <span className="mt-0.5 block truncate text-sm text-slate-600 dark:text-slate-400" data-testid="timeline-subtitle">
              {subtitle}
            </span>
          )}
        </span>
        <time dateTime={item.updated_at} className="shrink-0 text-xs text-slate-500 tabular-nums dark:text-slate-400">
          {formatDateTime(item.updated_at, language)}
        </time>
      </Link>
    </li>
  );
}

export function HistoryPage() {
  const { t } = useI18n();
  useDocumentTitle(t("dashboard.history.title"));
  const [search, setSearch] = useState("");
  const [kind, setKind] = useState("");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const q = useDebounced(search.trim(), 300);
  const filters: TimelineFilters = { q, kind, from, to };
  const timeline = useInfiniteQuery({
    queryKey: dashboardKeys.timeline(filters),
    queryFn: ({ pageParam, signal }) => dashboardApi.timeline(filters, pageParam, { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  const items = timeline.data?.pages.flatMap((page) => page.items) ?? [];
  const filtered = q !== "" || kind !== "" || from !== "" || to !== "";

  return (
    <div className="mx-auto max-w-4xl space-y-6" data-testid="history-page">
      <header>
        <TextLink to="/dashboard" className="inline-flex items-center gap-1 text-sm">
          <ArrowLeft className="size-4" aria-hidden="true" />
          {t("dashboard.title")}
        </TextLink>
        <h1 className="mt-2 text-2xl font-bold tracking-tight text-slate-900 dark:text-white">{t("dashboard.history.title")}</h1>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{t("dashboard.history.subtitle")}</p>
      </header>

      <form
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
        }}
        className="grid gap-3 sm:grid-cols-2 lg:grid-cols-[2fr_1fr_1fr_1fr]"
      >
        <SearchInput
          id="timeline-search"
          label={t("dashboard.history.search")}
          placeholder={t("dashboard.history.search_placeholder")}
          visibleLabel
          value={search}
          onChange={setSearch}
          maxLength={200}
          className="w-full"
        />
        <SelectField
          label={t("dashboard.history.kind")}
          value={kind}
          onChange={(event) => {
            setKind(event.target.value);
          }}
          data-testid="timeline-kind"
        >
          <option value="">{t("dashboard.history.all_kinds")}</option>
          {TIMELINE_KINDS.map((value) => (
            <option key={value} value={value}>
              {t(`dashboard.history.kinds.${value}`)}
            </option>
          ))}
        </SelectField>
        <TextField
          label={t("dashboard.history.from")}
          type="date"
          value={from}
          max={to || undefined}
          onChange={(event) => {
            setFrom(event.target.value);
          }}
          data-testid="timeline-from"
        />
        <TextField
          label={t("dashboard.history.to")}
          type="date"
          value={to}
          min={from || undefined}
          onChange={(event) => {
            setTo(event.target.value);
          }}
          data-testid="timeline-to"
        />
      </form>

      <div className="rounded-2xl bg-white p-2 shadow-sm ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-800">
        {timeline.isPending ? (
          <Spinner />
        ) : timeline.isError ? (
          <div className="p-2">
            <ProblemError error={timeline.error} data-testid="timeline-error" />
          </div>
        ) : items.length === 0 ? (
          <p className="p-6 text-center text-sm text-slate-500 dark:text-slate-400" data-testid="timeline-empty">
            {filtered ? t("dashboard.history.no_match") : t("dashboard.history.empty")}
          </p>
        ) : (
          <ol className="divide-y divide-slate-100 dark:divide-slate-800" data-testid="timeline">
            {items.map((item) => (
              <Row key={`${item.kind}:${item.id}`} item={item} />
            ))}
          </ol>
        )}
      </div>
      {timeline.hasNextPage && (
        <div className="text-center">
          <Button
            variant="secondary"
            loading={timeline.isFetchingNextPage}
            onClick={() => void timeline.fetchNextPage()}
            data-testid="timeline-load-more"
          >
            {t("dashboard.history.load_more")}
          </Button>
        </div>
      )}
    </div>
  );
}
