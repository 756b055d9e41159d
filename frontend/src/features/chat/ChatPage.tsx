import { useQuery } from "@tanstack/react-query";
import { PanelLeftOpen, X } from "lucide-react";
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { useLocation, useNavigate, useParams } from "react-router";
import { ProblemError } from "../../components/Alert";
import { Button } from "../../components/Button";
import { Spinner } from "../../components/PageStatus";
import { TextLink } from "../../components/TextLink";
import { useI18n } from "../../i18n";
import { ApiError } from "../../lib/api";
import { describeCode } from "../../lib/problem";
import { useDebounced } from "../../lib/useDebounced";
import { useDocumentTitle } from "../../lib/useDocumentTitle";
import { useSocketStatus } from "../../lib/ws";
import type { Assistant } from "../assistants/api";
import { useAuth } from "../auth/context";
import { ExportMenu } from "../share/ExportMenu";
import { ShareButton } from "../share/ShareButton";
import { chatApi, chatKeys } from "./api";
import { AssistantMenu } from "./AssistantMenu";
import { useActiveAssistant, useChatAssistants } from "./assistants";
import { Composer } from "./Composer";
import { ConversationSidebar } from "./ConversationSidebar";
import { EmptyState } from "./EmptyState";
import { ModelPicker } from "./ModelPicker";
import { modelName, usable, useModels } from "./models";
import { DEFAULT_PARAMS, draftFrom, toChatParams } from "./params";
import { ParamsPanel } from "./ParamsPanel";
import { isAtBottom, stickToBottom } from "./stickToBottom";
import { useJudgePreference, useLastSelection, useVerifyPreference } from "./preferences";
import { dashboardApi, dashboardKeys } from "../dashboard/api";
import { isBusy, type Pick } from "./stream";
import { TurnView } from "./TurnView";
import { useChatStream } from "./useChatStream";
import { turnViews, type ChatActions } from "./view";

/** The text a page sends to the composer as router state (`{ prefill }`, e.g. a filled-in prompt), or null. */
function prefillFrom(state: unknown): string | null {
  if (typeof state !== "object" || state === null || !("prefill" in state)) return null;
  return typeof state.prefill === "string" ? state.prefill : null;
}

/** The assistant a page asks the chat to activate (`{ assistantId }`, e.g. "use in chat"), or null. */
function assistantFrom(state: unknown): string | null {
  if (typeof state !== "object" || state === null || !("assistantId" in state)) return null;
  return typeof state.assistantId === "string" ? state.assistantId : null;
}

/** `/chat` (a new conversation) and `/chat/:conversationId`: several models answer side by side. */
export function ChatPage() {
  const { t, language } = useI18n();
  const { user } = useAuth();
  const navigate = useNavigate();
  const params = useParams();
  const id = params.conversationId ?? null;
  const [stream, state] = useChatStream(user?.id ?? "");
  const socketStatus = useSocketStatus();
  // Only a connection down for more than a moment is worth a word (not the first connect).
  const offline = useDebounced(socketStatus !== "connected", 2000) && socketStatus !== "connected";
  const { models, byId, query: modelsQuery } = useModels();

  const conversation = useQuery({
    queryKey: chatKeys.conversation(id ?? ""),
    queryFn: ({ signal }) => chatApi.getConversation(id ?? "", { signal }),
    enabled: id !== null,
  });
  const detail = conversation.data?.id === id ? conversation.data : undefined;
  useDocumentTitle(detail?.title ?? t("chat.title"));

  const [stored, setStored] = useLastSelection();
  const selection = useMemo(() => (models.length > 0 ? usable(stored, models) : stored), [stored, models]);
  const [verify, setVerify] = useVerifyPreference();
  const [judge, setJudge] = useJudgePreference();
  const judges = useMemo(
    () => models.filter((model) => model.available).map((model) => ({ id: model.id, name: model.display_name })),
    [models],
  );
  const [paramsDraft, setParamsDraft] = useState(DEFAULT_PARAMS);
  const location = useLocation();
  const prefill = prefillFrom(location.state);
  const [draft, setDraft] = useState(prefill ?? "");
  const requestedAssistant = assistantFrom(location.state);
  // What the router asked for is applied once the assistants are known (their models pick the selection).
  const [incomingAssistant, setIncomingAssistant] = useState(requestedAssistant);
  const [assistantId, setAssistantId] = useActiveAssistant();
  const [assistantOpen, setAssistantOpen] = useState(false);
  const { assistants, names: assistantNames, query: assistantsQuery } = useChatAssistants(language);
  const activeAssistant = assistants.find((item) => item.id === assistantId) ?? null;
  const [pick, setPick] = useState<Pick | null>(null);
  const [pickerOpen, setPickerOpen] = useState<boolean | null>(null);
  const [paramsOpen, setParamsOpen] = useState(false);
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [announcement, setAnnouncement] = useState("");
  const [sendError, setSendError] = useState<string | null>(null);

  // Another conversation: start from a clean slate (the model selection stays).
  const [shownId, setShownId] = useState(id);
  if (shownId !== id) {
    setShownId(id);
    setPick(null);
    setPickerOpen(null);
    setDrawerOpen(false);
    setSendError(null);
  }

  useEffect(() => {
    stream.setModels(models);
  }, [stream, models]);

  // The account's defaults (settings page) apply once per visit: its models when this device has no
  // selection of its own yet, its parameters unless an assistant brings its own.
  const accountSettings = useQuery({
    queryKey: dashboardKeys.settings,
    queryFn: ({ signal }) => dashboardApi.settings({ signal }),
    staleTime: 60_000,
  });
  const [defaultsApplied, setDefaultsApplied] = useState(false);
  if (!defaultsApplied && accountSettings.data && models.length > 0) {
    setDefaultsApplied(true);
    const chosen = usable(accountSettings.data.default_models, models);
    if (stored.length === 0 && chosen.length > 0) setStored(chosen);
    if (assistantId === null) setParamsDraft(draftFrom(accountSettings.data.default_params));
  }

  // The prefill is read once, when the page opens: drop it from the history entry so a reload or Back does not bring it again.
  useEffect(() => {
    if (prefill !== null || requestedAssistant !== null)
      void navigate(`${location.pathname}${location.search}`, { replace: true, state: null });
  }, [prefill, requestedAssistant, navigate, location.pathname, location.search]);

  // An assistant brings its models (those the caller may use) and lets its own parameters apply.
  const activate = useCallback(
    (assistant: Assistant) => {
      setAssistantId(assistant.id);
      const chosen = usable(assistant.models, models);
      if (chosen.length > 0) setStored(chosen);
      setParamsDraft(DEFAULT_PARAMS);
      setAssistantOpen(false);
    },
    [models, setStored, setAssistantId],
  );
  if (incomingAssistant !== null && !assistantsQuery.isPending && models.length > 0) {
    const found = assistants.find((item) => item.id === incomingAssistant);
    setIncomingAssistant(null);
    if (found) activate(found);
  }

  // The markdown renderer is a chunk of its own: fetch it while the conversation loads.
  useEffect(() => {
    void import("./markdown/Markdown");
  }, []);

  const views = useMemo(() => turnViews(id, detail, state), [id, detail, state]);
  const busy = isBusy(state, id);
  const notFound = conversation.error instanceof ApiError && conversation.error.status === 404;
  const loading = id !== null && conversation.isPending && views.length === 0;
  const showPicker = pickerOpen ?? (views.length === 0 && !loading);

  // What the stream says, for the page the user is on.
  const currentId = useRef(id);
  useEffect(() => {
    currentId.current = id;
  }, [id]);
  useEffect(
    () =>
      stream.onEvent((event) => {
        if (event.kind === "created") {
          if (currentId.current === null) void navigate(`/chat/${event.conversationId}`, { replace: true });
          return;
        }
        if (event.conversationId !== currentId.current) return;
        if (event.kind === "answer") {
          const name = modelName(byId, event.model);
          const key =
            event.status === "error"
              ? "chat.answer.announce_error"
              : event.status === "stopped"
                ? "chat.answer.announce_stopped"
                : "chat.answer.announce";
          setAnnouncement(t(key, { model: name }));
        } else if (event.kind === "finished") {
          setAnnouncement(t("chat.turn.finished", { turn: event.turn }));
        } else {
          // A refused send gives its text back.
          const content = event.content;
          if (content !== null) setDraft((current) => current || content);
        }
      }),
    [stream, navigate, byId, t],
  );

  // Keep the newest answers in view unless the user scrolled up to read.
  const scroller = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  useLayoutEffect(() => {
    atBottom.current = true;
  }, [id]);
  useEffect(() => {
    const element = scroller.current;
    if (element && views.length > 0 && atBottom.current) stickToBottom(element);
  }, [views]);

  const actions = useMemo<ChatActions>(
    () => ({
      stop: (requestId, model) => {
        stream.stopModel(requestId, model);
      },
      retry: (conversationId, turn, model) => {
        stream.retry(conversationId, turn, model);
      },
      pick: (turn, model) => {
        setPick({ turn, model });
        setStored([model]);
      },
    }),
    [stream, setStored],
  );

  const send = useCallback(() => {
    const sent = stream.send({
      conversationId: id,
      content: draft,
      models: selection,
      params: toChatParams(paramsDraft),
      verify,
      judge: judges.some((model) => model.id === judge) ? judge : "",
      pick,
      assistantId: activeAssistant?.id ?? null,
    });
    if (!sent) {
      setSendError(t("chat.composer.signed_out"));
      return;
    }
    atBottom.current = true;
    setSendError(null);
    setDraft("");
    setPick(null);
    setPickerOpen(false);
    setParamsOpen(false);
    setAssistantOpen(false);
  }, [stream, id, draft, selection, paramsDraft, verify, judge, judges, pick, activeAssistant, t]);

  const rejection = state.rejection;
  const notice = rejection
    ? {
        tone: "error" as const,
        message:
          describeCode(rejection.code, rejection.message, t) +
          (rejection.code === "validation_failed" && rejection.message ? ` (${rejection.message})` : ""),
        onDismiss: () => {
          stream.dismissRejection();
        },
      }
    : sendError
      ? { tone: "error" as const, message: sendError }
      : offline
        ? { tone: "info" as const, message: t("chat.composer.offline") }
        : null;

  const paramsChanged =
    paramsDraft.temperature !== null || paramsDraft.maxTokens.trim() !== "" || paramsDraft.system.trim() !== "";

  return (
    <div data-testid="chat-page" className="-mx-4 -my-6 flex h-[calc(100dvh-4rem)] sm:-mx-6 lg:-mx-8">
      {drawerOpen && (
        <div
          className="fixed inset-0 z-30 bg-slate-900/50 lg:hidden"
          aria-hidden="true"
          onClick={() => {
            setDrawerOpen(false);
          }}
        />
      )}
      {/* One history for every width: a column on large screens, a drawer on smaller ones. */}
      <aside
        id="chat-history"
        aria-label={t("chat.sidebar.label")}
        className={`fixed inset-y-0 left-0 z-40 flex w-80 max-w-[85%] flex-col border-r border-slate-200 bg-white transition-transform lg:visible lg:static lg:z-auto lg:w-72 lg:max-w-none lg:translate-x-0 lg:bg-white/60 lg:shadow-none dark:border-slate-800 dark:bg-slate-900 lg:dark:bg-slate-900/40 ${
          drawerOpen ? "visible translate-x-0 shadow-xl" : "invisible -translate-x-full"
        }`}
      >
        <div className="flex items-center justify-between px-3 pt-3 lg:hidden">
          <span className="text-sm font-semibold text-slate-900 dark:text-white">{t("chat.sidebar.open")}</span>
          <button
            type="button"
            aria-label={t("chat.sidebar.close")}
            data-testid="conversation-drawer-close"
            onClick={() => {
              setDrawerOpen(false);
            }}
            className="rounded-lg p-1.5 text-slate-600 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"
          >
            <X className="size-5" aria-hidden="true" />
          </button>
        </div>
        <ConversationSidebar activeId={id} />
      </aside>

      <div className="flex min-w-0 flex-1 flex-col">
        <div className="flex h-11 shrink-0 items-center gap-2 border-b border-slate-200 px-3 sm:px-4 dark:border-slate-800">
          <button
            type="button"
            data-testid="conversation-toggle"
            aria-expanded={drawerOpen}
            aria-controls="chat-history"
            onClick={() => {
              setDrawerOpen(true);
            }}
            className="-ml-1 inline-flex items-center gap-1.5 rounded-lg px-2 py-1 text-sm font-medium text-slate-700 hover:bg-slate-100 lg:hidden dark:text-slate-200 dark:hover:bg-slate-800"
          >
            <PanelLeftOpen className="size-4" aria-hidden="true" />
            <span className="sr-only sm:not-sr-only">{t("chat.sidebar.open")}</span>
          </button>
          <h1 className="min-w-0 truncate text-sm font-semibold text-slate-900 dark:text-white" data-testid="chat-title">
            {detail?.title ?? t("chat.sidebar.new")}
          </h1>
          {id !== null && detail && (
            <div className="ml-auto flex shrink-0 items-center gap-1">
              <ExportMenu conversationId={id} />
              <ShareButton key={id} conversationId={id} />
            </div>
          )}
        </div>

        <div
          ref={scroller}
          onScroll={(event) => {
            atBottom.current = isAtBottom(event.currentTarget, 48);
          }}
          className="min-h-0 flex-1 overflow-y-auto px-3 py-4 sm:px-4"
        >
          {notFound ? (
            <div className="mx-auto max-w-md space-y-4 py-12 text-center" data-testid="conversation-not-found">
              <p className="text-slate-700 dark:text-slate-300">{t("chat.not_found")}</p>
              <TextLink to="/chat">{t("chat.sidebar.new")}</TextLink>
            </div>
          ) : conversation.isError && !detail ? (
            <div className="mx-auto max-w-md space-y-3 py-8">
              <ProblemError error={conversation.error} data-testid="conversation-error" />
              <Button variant="secondary" onClick={() => void conversation.refetch()}>
                {t("common.retry")}
              </Button>
            </div>
          ) : loading ? (
            <Spinner />
          ) : views.length === 0 ? (
            <EmptyState
              onSuggest={(prompt) => {
                setDraft(prompt);
              }}
            />
          ) : (
            <div className="space-y-8">
              {views.map((view) => (
                <TurnView
                  key={view.key}
                  view={view}
                  byId={byId}
                  actions={actions}
                  retrying={state.retrying}
                  stopping={state.stopping}
                  assistantNames={assistantNames}
                />
              ))}
            </div>
          )}
        </div>

        {!notFound && (
          <div className="shrink-0 space-y-2 border-t border-slate-200 bg-slate-50/95 px-3 py-3 sm:px-4 dark:border-slate-800 dark:bg-slate-950/95">
            {showPicker && (
              <ModelPicker
                models={models}
                byId={byId}
                loading={modelsQuery.isPending}
                error={modelsQuery.error}
                selected={selection}
                onChange={setStored}
                onClose={() => {
                  setPickerOpen(false);
                }}
              />
            )}
            {assistantOpen && (
              <AssistantMenu
                assistants={assistants}
                loading={assistantsQuery.isPending}
                error={assistantsQuery.error}
                activeId={activeAssistant?.id ?? null}
                onPick={activate}
                onClose={() => {
                  setAssistantOpen(false);
                }}
              />
            )}
            {paramsOpen && <ParamsPanel value={paramsDraft} onChange={setParamsDraft} />}
            <Composer
              value={draft}
              onChange={setDraft}
              onSend={send}
              onStop={() => {
                stream.stopAll(id);
              }}
              busy={busy}
              stopping={views.some((view) => view.requestId !== null && state.stopping.includes(view.requestId))}
              modelCount={selection.length}
              modelSummary={selection.map((model) => modelName(byId, model)).join(", ")}
              pickerOpen={showPicker}
              onTogglePicker={() => {
                setPickerOpen(!showPicker);
              }}
              paramsOpen={paramsOpen}
              paramsChanged={paramsChanged}
              onToggleParams={() => {
                setParamsOpen((open) => !open);
              }}
              verify={verify}
              onVerifyChange={setVerify}
              judge={judge}
              judges={judges}
              onJudgeChange={setJudge}
              pick={pick ? { turn: pick.turn, name: modelName(byId, pick.model) } : null}
              onClearPick={() => {
                setPick(null);
              }}
              assistant={activeAssistant ? { name: activeAssistant.name, icon: activeAssistant.icon } : null}
              onClearAssistant={() => {
                setAssistantId(null);
              }}
              assistantOpen={assistantOpen}
              onToggleAssistant={() => {
                setAssistantOpen((open) => !open);
              }}
              notice={notice}
            />
          </div>
        )}
        <div aria-live="polite" role="status" className="sr-only" data-testid="chat-announcer">
          {announcement}
        </div>
      </div>
    </div>
  );
}
