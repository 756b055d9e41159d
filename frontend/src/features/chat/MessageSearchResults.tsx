import { useInfiniteQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { ProblemError } from "../../components/Alert";
import { Button } from "../../components/Button";
import { Spinner } from "../../components/PageStatus";
import { useI18n } from "../../i18n";
import { modelName, useModels } from "../../lib/models";
import {
  hitPath,
  messageSearchKey,
  searchMessages,
  snippetParts,
  type MessageHit,
} from "./messageSearch";

function Hit({ hit }: { hit: MessageHit }) {
  const { t } = useI18n();
  const { byId } = useModels();
  const who =
    hit.model === null
      ? t("chatActions.search.you")
      : modelName(byId, hit.model);
  return (
    <li>
      <Link
        to={hitPath(hit)}
        aria-label={t("chatActions.search.open", {
          title: hit.title,
          turn: hit.turn,
        })}
        data-testid="message-hit"
        data-conversation-id={hit.conversation_id}
        data-turn={hit.turn}
        className="block rounded-lg px-2.5 py-1.5 hover:bg-slate-100 dark:hover:bg-slate-800/60"
      >
        <span className="block truncate text-sm font-medium text-slate-800 dark:text-slate-200">
          {hit.title}
        </span>
        <span className="block truncate text-xs text-slate-500 dark:text-slate-400">
          {who} · {t("chatActions.search.turn", { turn: hit.turn })}
        </span>
        <span
          className="mt-0.5 line-clamp-3 block text-xs text-slate-700 dark:text-slate-300"
          data-testid="message-hit-snippet"
        >
          {snippetParts(hit.snippet, hit.highlights).map((part, index) =>
            part.marked ? (
              <mark
                key={index}
                className="rounded-sm bg-amber-200 px-0.5 text-slate-900 dark:bg-amber-500/40 dark:text-slate-50"
              >
                {part.text}
              </mark>
            ) : (
              <span key={index}>{part.text}</span>
            ),
          )}
        </span>
      </Link>
    </li>
  );
}

/** The messages and answers holding every word of `q`, newest first; each opens its conversation at that turn. */
export function MessageSearchResults({ q }: { q: string }) {
  const { t } = useI18n();
  const results = useInfiniteQuery({
    queryKey: messageSearchKey(q),
    queryFn: ({ pageParam, signal }) =>
      searchMessages(q, pageParam, { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    staleTime: 30_000,
  });
  const hits = results.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section
      aria-label={t("chatActions.search.messages")}
      className="pt-3"
      data-testid="message-search"
    >
      <h2 className="px-2.5 pb-0.5 text-xs font-semibold text-slate-500 uppercase dark:text-slate-400">
        {t("chatActions.search.messages")}
      </h2>
      {results.isPending ? (
        <Spinner label={t("chatActions.search.searching")} />
      ) : results.isError ? (
        <ProblemError
          error={results.error}
          data-testid="message-search-error"
        />
      ) : (
        hits.length === 0 && (
          <p
            className="px-2.5 py-2 text-sm text-slate-500 dark:text-slate-400"
            data-testid="message-search-empty"
          >
            {t("chatActions.search.no_results", { q })}
          </p>
        )
      )}
      <ul className="space-y-0.5" aria-busy={results.isFetching}>
        {hits.map((hit) => (
          <Hit
            key={`${hit.conversation_id}:${hit.turn}:${hit.model ?? ""}`}
            hit={hit}
          />
        ))}
      </ul>
      {results.hasNextPage && (
        <div className="pt-2 text-center">
          <Button
            variant="secondary"
            className="w-full"
            loading={results.isFetchingNextPage}
            onClick={() => void results.fetchNextPage()}
            data-testid="message-search-more"
          >
            {t("chatActions.search.more")}
          </Button>
        </div>
      )}
    </section>
  );
}
