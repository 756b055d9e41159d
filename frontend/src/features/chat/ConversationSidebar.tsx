import {
  useInfiniteQuery,
  useMutation,
  useQueryClient,
  type InfiniteData,
} from "@tanstack/react-query";
import {
  Check,
  MessageSquarePlus,
  Pencil,
  Pin,
  PinOff,
  Trash2,
  X,
} from "lucide-react";
import { SearchInput } from "../../components/SearchInput";
import { memo, useState, type SubmitEvent } from "react";
import { Link, useNavigate } from "react-router";
import { ProblemError } from "../../components/Alert";
import { Button } from "../../components/Button";
import { ConfirmButton } from "../../components/ConfirmButton";
import { Spinner } from "../../components/PageStatus";
import { useI18n } from "../../i18n";
import { formatRecent } from "../../lib/format";
import { useDebounced } from "../../lib/useDebounced";
import {
  chatApi,
  chatKeys,
  type Conversation,
  type ConversationDetail,
  type ConversationPage,
} from "./api";
import { MessageSearchResults } from "./MessageSearchResults";
import { MIN_SEARCH_LENGTH } from "./messageSearch";
import { listPinned, listUnpinned, pinnedKey, setPinned } from "./pins";

type ListData = InfiniteData<ConversationPage, string | null>;

const ICON_BUTTON =
  "shrink-0 rounded-md p-1.5 text-slate-400 hover:bg-slate-200 hover:text-slate-700 dark:hover:bg-slate-700 dark:hover:text-slate-200";

function ConversationItem({
  conversation,
  active,
}: {
  conversation: Conversation;
  active: boolean;
}) {
  const { t, language } = useI18n();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [editing, setEditing] = useState(false);
  const [title, setTitle] = useState(conversation.title);

  const rename = useMutation({
    mutationFn: (next: string) =>
      chatApi.renameConversation(conversation.id, next),
    onSuccess: (updated) => {
      queryClient.setQueriesData<ListData>(
        { queryKey: chatKeys.lists },
        (data) =>
          data
            ? {
                ...data,
                pages: data.pages.map((page) => ({
                  ...page,
                  items: page.items.map((item) =>
                    item.id === updated.id
                      ? { ...item, title: updated.title }
                      : item,
                  ),
                })),
              }
            : data,
      );
      queryClient.setQueryData<ConversationDetail>(
        chatKeys.conversation(updated.id),
        (detail) => (detail ? { ...detail, title: updated.title } : detail),
      );
      setEditing(false);
    },
  });

  const remove = useMutation({
    mutationFn: () => chatApi.deleteConversation(conversation.id),
    onSuccess: () => {
      queryClient.setQueriesData<ListData>(
        { queryKey: chatKeys.lists },
        (data) =>
          data
            ? {
                ...data,
                pages: data.pages.map((page) => ({
                  ...page,
                  items: page.items.filter(
                    (item) => item.id !== conversation.id,
                  ),
                })),
              }
            : data,
      );
      queryClient.removeQueries({
        queryKey: chatKeys.conversation(conversation.id),
      });
      if (active) void navigate("/chat", { replace: true });
    },
  });

  const pin = useMutation({
    mutationFn: () => setPinned(conversation.id, !conversation.pinned),
    onSuccess: () =>
      queryClient.invalidateQueries({ queryKey: chatKeys.lists }),
  });
  const pinLabel = t(
    conversation.pinned ? "chatActions.pins.unpin" : "chatActions.pins.pin",
    { title: conversation.title },
  );

  function submit(event: SubmitEvent) {
    event.preventDefault();
    const next = title.trim();
    if (!next || next === conversation.title) {
      setEditing(false);
      return;
    }
    rename.mutate(next);
  }

  const turns =
    conversation.turn_count === 1
      ? t("chat.sidebar.turns_one")
      : t("chat.sidebar.turns_other", { count: conversation.turn_count });

  return (
    <li
      data-testid="conversation-item"
      data-conversation-id={conversation.id}
      data-active={active}
      className={`group rounded-lg ${active ? "bg-indigo-50 dark:bg-indigo-950/60" : "hover:bg-slate-100 dark:hover:bg-slate-800/60"}`}
    >
      {editing ? (
        <form onSubmit={submit} className="flex items-center gap-1 p-1.5">
          <label className="sr-only" htmlFor={`rename-${conversation.id}`}>
            {t("chat.sidebar.rename_label")}
          </label>
          <input
            id={`rename-${conversation.id}`}
            value={title}
            maxLength={200}
            autoFocus
            onChange={(event) => {
              setTitle(event.target.value);
            }}
            onKeyDown={(event) => {
              if (event.key === "Escape") setEditing(false);
            }}
            data-testid="conversation-rename-input"
            className="block min-w-0 flex-1 rounded-md border-0 bg-white px-2 py-1 text-sm ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-indigo-600 dark:bg-slate-900 dark:text-slate-100 dark:ring-slate-600"
          />
          <button
            type="submit"
            className={ICON_BUTTON}
            aria-label={t("chat.sidebar.rename_save")}
            data-testid="conversation-rename-save"
            disabled={rename.isPending}
          >
            <Check className="size-4" aria-hidden="true" />
          </button>
          <button
            type="button"
            className={ICON_BUTTON}
            aria-label={t("chat.sidebar.rename_cancel")}
            onClick={() => {
              setEditing(false);
            }}
          >
            <X className="size-4" aria-hidden="true" />
          </button>
        </form>
      ) : (
        <div className="flex flex-wrap items-center gap-0.5 py-0.5 pr-1">
          <Link
            to={`/chat/${conversation.id}`}
            aria-current={active ? "page" : undefined}
            data-testid="conversation-link"
            className="min-w-0 flex-1 rounded-lg px-2.5 py-1.5"
          >
            <span
              className={`block truncate text-sm ${active ? "font-semibold text-indigo-800 dark:text-indigo-200" : "font-medium text-slate-800 dark:text-slate-200"}`}
              data-testid="conversation-title"
            >
              {conversation.title}
            </span>
            <span className="block truncate text-xs text-slate-500 dark:text-slate-400">
              {formatRecent(conversation.updated_at, language)} · {turns}
            </span>
          </Link>
          <button
            type="button"
            className={ICON_BUTTON}
            aria-label={pinLabel}
            title={pinLabel}
            aria-pressed={conversation.pinned}
            disabled={pin.isPending}
            data-testid="conversation-pin"
            onClick={() => {
              pin.mutate();
            }}
          >
            {conversation.pinned ? (
              <PinOff className="size-3.5" aria-hidden="true" />
            ) : (
              <Pin className="size-3.5" aria-hidden="true" />
            )}
          </button>
          <button
            type="button"
            className={ICON_BUTTON}
            aria-label={t("chat.sidebar.rename", { title: conversation.title })}
            title={t("chat.sidebar.rename", { title: conversation.title })}
            data-testid="conversation-rename"
            onClick={() => {
              setTitle(conversation.title);
              rename.reset();
              setEditing(true);
            }}
          >
            <Pencil className="size-3.5" aria-hidden="true" />
          </button>
          <ConfirmButton
            variant="ghost"
            className="px-1.5! py-1.5! text-slate-400 shadow-none!"
            question={t("chat.sidebar.delete_question")}
            aria-label={t("chat.sidebar.delete", { title: conversation.title })}
            title={t("chat.sidebar.delete", { title: conversation.title })}
            loading={remove.isPending}
            onConfirm={() => {
              remove.mutate();
            }}
            data-testid="conversation-delete"
          >
            <Trash2 className="size-3.5" aria-hidden="true" />
          </ConfirmButton>
        </div>
      )}
      {(rename.error ?? remove.error ?? pin.error) !== null && (
        <div className="px-1.5 pb-1.5">
          <ProblemError
            error={rename.error ?? remove.error ?? pin.error}
            data-testid="conversation-item-error"
          />
        </div>
      )}
    </li>
  );
}

/** The conversation history: new, search (titles and messages), pin, rename, delete, and more on demand. */
export const ConversationSidebar = memo(function ConversationSidebar({
  activeId,
}: {
  activeId: string | null;
}) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [search, setSearch] = useState("");
  const q = useDebounced(search.trim(), 300);
  // Pinned conversations first (one page, all of them), then the others, newest first.
  const pinned = useInfiniteQuery({
    queryKey: pinnedKey(q),
    queryFn: ({ signal }) => listPinned(q, { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: () => undefined,
  });
  const list = useInfiniteQuery({
    queryKey: chatKeys.list(q),
    queryFn: ({ pageParam, signal }) => listUnpinned(q, pageParam, { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  const pinnedItems = pinned.data?.pages.flatMap((page) => page.items) ?? [];
  const pinnedIds = new Set(pinnedItems.map((item) => item.id));
  // A conversation pinned a moment ago may still be in a page read before.
  const items = (list.data?.pages.flatMap((page) => page.items) ?? []).filter(
    (item) => !pinnedIds.has(item.id),
  );

  return (
    <div className="flex h-full min-h-0 flex-col">
      <div className="space-y-2 p-3">
        <Button
          className="w-full"
          data-testid="new-conversation"
          onClick={() => {
            void navigate("/chat");
          }}
        >
          <MessageSquarePlus className="size-4" aria-hidden="true" />
          {t("chat.sidebar.new")}
        </Button>
        <SearchInput
          id="conversation-search"
          label={t("chat.sidebar.search")}
          value={search}
          onChange={setSearch}
          className="w-full"
        />
      </div>
      <nav
        aria-label={t("chat.sidebar.label")}
        className="min-h-0 flex-1 overflow-y-auto px-2 pb-3"
      >
        {list.isPending ? (
          <Spinner />
        ) : list.isError ? (
          <ProblemError
            error={list.error}
            data-testid="conversation-list-error"
          />
        ) : (
          items.length === 0 &&
          pinnedItems.length === 0 && (
            <p
              className="px-2 py-4 text-sm text-slate-500 dark:text-slate-400"
              data-testid="conversation-empty"
            >
              {q
                ? t("chat.sidebar.no_results", { q })
                : t("chat.sidebar.empty")}
            </p>
          )
        )}
        {pinnedItems.length > 0 && (
          <>
            <h2 className="px-2.5 pt-1 pb-0.5 text-xs font-semibold text-slate-500 uppercase dark:text-slate-400">
              {t("chatActions.pins.pinned")}
            </h2>
            <ul className="space-y-0.5" data-testid="pinned-list">
              {pinnedItems.map((conversation) => (
                <ConversationItem
                  key={conversation.id}
                  conversation={conversation}
                  active={conversation.id === activeId}
                />
              ))}
            </ul>
            {items.length > 0 && (
              <h2 className="px-2.5 pt-3 pb-0.5 text-xs font-semibold text-slate-500 uppercase dark:text-slate-400">
                {t("chatActions.pins.others")}
              </h2>
            )}
          </>
        )}
        <ul
          className="space-y-0.5"
          data-testid="conversation-list"
          aria-busy={list.isFetching}
        >
          {items.map((conversation) => (
            <ConversationItem
              key={conversation.id}
              conversation={conversation}
              active={conversation.id === activeId}
            />
          ))}
        </ul>
        {list.hasNextPage && (
          <div className="pt-2 text-center">
            <Button
              variant="secondary"
              className="w-full"
              loading={list.isFetchingNextPage}
              onClick={() => void list.fetchNextPage()}
              data-testid="conversation-load-more"
            >
              {t("chat.sidebar.load_more")}
            </Button>
          </div>
        )}
        {q.length >= MIN_SEARCH_LENGTH && <MessageSearchResults q={q} />}
      </nav>
    </div>
  );
});
