// The chat page's state: the conversation shown, the live stream over it, what the composer will
// send (models, parameters, assistant, pick) and what the page announces. The page only lays it out.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useLocation, useNavigate, useParams } from "react-router";
import { useI18n } from "../../i18n";
import { useAccountSettings } from "../../lib/accountSettings";
import { ApiError } from "../../lib/api";
import type { Assistant } from "../../lib/assistants";
import { useAuth } from "../../lib/auth";
import { DEFAULT_PARAMS, draftFrom, toChatParams } from "../../lib/chatParams";
import {
  useJudgePreference,
  useLastSelection,
  useVerifyPreference,
} from "../../lib/modelPreferences";
import { modelName, usable, useModels, withModel } from "../../lib/models";
import { describeCode, describeError } from "../../lib/problem";
import { useAttachments } from "./useAttachments";
import { useDebounced } from "../../lib/useDebounced";
import { useDocumentTitle } from "../../lib/useDocumentTitle";
import { useSocketStatus } from "../../lib/ws";
import { chatApi, chatKeys } from "./api";
import { useActiveAssistant, useChatAssistants } from "./assistants";
import { parseAutomateCommand, startAutomation } from "./automateCommand";
import { isBusy, type Pick } from "./streamState";
import { useChatStream } from "./useChatStream";
import type { MessageActions } from "./UserMessage";
import { showVersion } from "./versions";
import { turnViews, type ChatActions, type TurnView } from "./view";

/** The text a page sends to the composer as router state (`{ prefill }`, e.g. a filled-in prompt), or null. */
function prefillFrom(state: unknown): string | null {
  if (typeof state !== "object" || state === null || !("prefill" in state))
    return null;
  return typeof state.prefill === "string" ? state.prefill : null;
}

/** The assistant a page asks the chat to activate (`{ assistantId }`, e.g. "use in chat"), or null. */
function assistantFrom(state: unknown): string | null {
  if (typeof state !== "object" || state === null || !("assistantId" in state))
    return null;
  return typeof state.assistantId === "string" ? state.assistantId : null;
}

/** Everything `/chat/:conversationId?` shows and does; see ChatPage for the layout. */
export function useChatPage() {
  const { t, language } = useI18n();
  const { user } = useAuth();
  const navigate = useNavigate();
  const params = useParams();
  const id = params.conversationId ?? null;
  const [stream, state] = useChatStream(user?.id ?? "");
  const socketStatus = useSocketStatus();
  // Only a connection down for more than a moment is worth a word (not the first connect).
  const offline =
    useDebounced(socketStatus !== "connected", 2000) &&
    socketStatus !== "connected";
  const { models, byId, query: modelsQuery } = useModels();

  const conversation = useQuery({
    queryKey: chatKeys.conversation(id ?? ""),
    queryFn: ({ signal }) => chatApi.getConversation(id ?? "", { signal }),
    enabled: id !== null,
  });
  const detail = conversation.data?.id === id ? conversation.data : undefined;
  useDocumentTitle(detail?.title ?? t("chat.title"));

  const [stored, setStored] = useLastSelection();
  const selection = useMemo(
    () => (models.length > 0 ? usable(stored, models) : stored),
    [stored, models],
  );
  const [verify, setVerify] = useVerifyPreference();
  const [judge, setJudge] = useJudgePreference();
  const judges = useMemo(
    () =>
      models
        .filter((model) => model.available)
        .map((model) => ({ id: model.id, name: model.display_name })),
    [models],
  );
  const [paramsDraft, setParamsDraft] = useState(DEFAULT_PARAMS);
  const location = useLocation();
  const prefill = prefillFrom(location.state);
  const [draft, setDraft] = useState(prefill ?? "");
  const requestedAssistant = assistantFrom(location.state);
  // What the router asked for is applied once the assistants are known (their models pick the selection).
  const [incomingAssistant, setIncomingAssistant] =
    useState(requestedAssistant);
  const [assistantId, setAssistantId] = useActiveAssistant();
  const [assistantOpen, setAssistantOpen] = useState(false);
  const {
    assistants,
    names: assistantNames,
    query: assistantsQuery,
  } = useChatAssistants(language);
  const activeAssistant =
    assistants.find((item) => item.id === assistantId) ?? null;
  const [pick, setPick] = useState<Pick | null>(null);
  const [pickerOpen, setPickerOpen] = useState<boolean | null>(null);
  const [paramsOpen, setParamsOpen] = useState(false);
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [announcement, setAnnouncement] = useState("");
  const [sendError, setSendError] = useState<string | null>(null);
  // Counts the messages sent from this page: each one brings the newest answers back into view.
  const [sent, setSent] = useState(0);

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
  const accountSettings = useAccountSettings({ staleTime: 60_000 });
  const [defaultsApplied, setDefaultsApplied] = useState(false);
  if (!defaultsApplied && accountSettings.data && models.length > 0) {
    setDefaultsApplied(true);
    const chosen = usable(accountSettings.data.default_models, models);
    if (stored.length === 0 && chosen.length > 0) setStored(chosen);
    if (assistantId === null)
      setParamsDraft(draftFrom(accountSettings.data.default_params));
  }

  // The prefill is read once, when the page opens: drop it from the history entry so a reload or Back does not bring it again.
  useEffect(() => {
    if (prefill !== null || requestedAssistant !== null)
      void navigate(`${location.pathname}${location.search}`, {
        replace: true,
        state: null,
      });
  }, [
    prefill,
    requestedAssistant,
    navigate,
    location.pathname,
    location.search,
  ]);

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
  if (
    incomingAssistant !== null &&
    !assistantsQuery.isPending &&
    models.length > 0
  ) {
    const found = assistants.find((item) => item.id === incomingAssistant);
    setIncomingAssistant(null);
    if (found) activate(found);
  }

  // The markdown renderer is a chunk of its own: fetch it while the conversation loads.
  useEffect(() => {
    void import("../../components/markdown/Markdown");
  }, []);

  const views = useMemo(
    () => turnViews(id, detail, state),
    [id, detail, state],
  );
  const busy = isBusy(state, id);
  const notFound =
    conversation.error instanceof ApiError && conversation.error.status === 404;
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
          if (currentId.current === null)
            void navigate(`/chat/${event.conversationId}`, { replace: true });
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

  // Read when an answer is picked: the actions stay one object, so the turns do not render again.
  const selectionNow = useRef(selection);
  useEffect(() => {
    selectionNow.current = selection;
  }, [selection]);
  const actions = useMemo<ChatActions>(
    () => ({
      stop: (requestId, model) => {
        stream.stopModel(requestId, model);
      },
      retry: (conversationId, turn, model) => {
        stream.retry(conversationId, turn, model);
      },
      // The picked answer becomes every model's memory of that turn; the other models stay in the
      // next turn unless the user removes them.
      pick: (turn, model) => {
        setPick({ turn, model });
        setStored(withModel(selectionNow.current, model));
      },
    }),
    [stream, setStored],
  );

  const attachments = useAttachments();
  const send = useCallback(() => {
    const automate = parseAutomateCommand(draft);
    if (automate !== null) {
      // `/automatiser`: the conversation and what follows the command go to the generator.
      if (id === null && automate.length < 10) {
        setSendError(t("automations.generator.chat_empty"));
        return;
      }
      setSendError(null);
      startAutomation(id, automate, language).then(
        (to) => void navigate(to),
        (error: unknown) => {
          setSendError(t("automations.generator.chat_failed", { message: error instanceof Error ? error.message : "" }));
        },
      );
      return;
    }
    const sent = stream.send({
      attachments: attachments.files,
      conversationId: id,
      content: draft,
      models: selection,
      params: toChatParams(paramsDraft),
      verify,
      judge: judges.some((model) => model.id === judge) ? judge : "",
      pick,
      assistantId: activeAssistant?.id ?? null,
      assistantName: activeAssistant?.name ?? null,
      editOf: null,
    });
    if (!sent) {
      setSendError(t("chat.composer.signed_out"));
      return;
    }
    setSent((count) => count + 1);
    setSendError(null);
    setDraft("");
    attachments.clear();
    setPick(null);
    setPickerOpen(false);
    setParamsOpen(false);
    setAssistantOpen(false);
  }, [
    stream,
    id,
    draft,
    selection,
    paramsDraft,
    verify,
    judge,
    judges,
    pick,
    activeAssistant,
    attachments,
    t,
    language,
    navigate,
  ]);

  // Edit and resend, regenerate: a new version of a turn's message, with that turn's parameters.
  const queryClient = useQueryClient();
  const judgeToSend = judges.some((model) => model.id === judge) ? judge : "";
  const sendVersion = useCallback(
    (view: TurnView, content: string, models: readonly string[]) => {
      if (view.turn === null || view.conversationId === null) return;
      const sent = stream.send({
        conversationId: view.conversationId,
        content,
        models: [...models],
        params: view.params,
        verify: view.verify,
        judge: judgeToSend,
        pick: null,
        assistantId: view.assistantId,
        assistantName: view.assistantName,
        editOf: view.turn,
        attachments: [],
      });
      setSendError(sent ? null : t("chat.composer.signed_out"));
      if (sent) setSent((count) => count + 1);
    },
    [stream, judgeToSend, t],
  );
  const messageActions = useMemo<MessageActions>(
    () => ({
      edit: (view, content, useSelection) => {
        sendVersion(
          view,
          content,
          useSelection && selection.length > 0 ? selection : view.models,
        );
      },
      regenerate: (view) => {
        sendVersion(view, view.content, view.models);
      },
      showVersion: (turn) => {
        if (id === null) return;
        const queryKey = chatKeys.conversation(id);
        showVersion(id, turn).then(
          async (shown) => {
            // A read started before the switch would bring the other branch back.
            await queryClient.cancelQueries({ queryKey });
            queryClient.setQueryData(queryKey, shown);
          },
          (error: unknown) => {
            setSendError(describeError(error, t).message);
          },
        );
      },
    }),
    [sendVersion, selection, id, queryClient, t],
  );

  const rejection = state.rejection;
  const notice = rejection
    ? {
        tone: "error" as const,
        message:
          describeCode(rejection.code, rejection.message, t) +
          (rejection.code === "validation_failed" && rejection.message
            ? ` (${rejection.message})`
            : ""),
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
    paramsDraft.temperature !== null ||
    paramsDraft.maxTokens.trim() !== "" ||
    paramsDraft.system.trim() !== "";

  return {
    id,
    stream,
    state,
    conversation,
    detail,
    models,
    byId,
    modelsQuery,
    selection,
    setStored,
    verify,
    setVerify,
    judge,
    setJudge,
    judges,
    paramsDraft,
    setParamsDraft,
    paramsChanged,
    draft,
    setDraft,
    assistants,
    assistantNames,
    assistantsQuery,
    activeAssistant,
    setAssistantId,
    assistantOpen,
    setAssistantOpen,
    activate,
    pick,
    setPick,
    showPicker,
    setPickerOpen,
    paramsOpen,
    setParamsOpen,
    drawerOpen,
    setDrawerOpen,
    announcement,
    views,
    busy,
    notFound,
    loading,
    sent,
    actions,
    messageActions,
    send,
    notice,
    attachments,
  };
}

export type ChatPageState = ReturnType<typeof useChatPage>;
