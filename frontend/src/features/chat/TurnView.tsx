import { memo } from "react";
import { useI18n } from "../../i18n";
import { formatDateTime, formatNumber } from "../../lib/format";
import type { ChatModel } from "./api";
import type { ChatLayout } from "./layout";
import { TurnAnswers } from "./TurnAnswers";
import { UserMessage, type MessageActions } from "./UserMessage";
import { VerdictPanel } from "./VerdictPanel";
import type { ChatActions, TurnView as TurnData } from "./view";

export interface TurnViewProps {
  view: TurnData;
  byId: ReadonlyMap<string, ChatModel>;
  actions: ChatActions;
  retrying: readonly string[];
  stopping: readonly string[];
  /** Assistant names by id, to say which one a turn was sent with. */
  assistantNames: ReadonlyMap<string, string>;
  layout: ChatLayout;
  messageActions: MessageActions;
  /** The last turn shown (its answers can be regenerated). */
  last: boolean;
  /** Answers are on their way in this conversation. */
  busy: boolean;
  selectionCount: number;
}

/** One exchange: the user's message, every model's answer (in the chosen layout), then the verdict. */
export const TurnView = memo(function TurnView({
  view,
  byId,
  actions,
  retrying,
  stopping,
  assistantNames,
  layout,
  messageActions,
  last,
  busy,
  selectionCount,
}: TurnViewProps) {
  const { t, language } = useI18n();
  const assistant = view.assistantId
    ? (assistantNames.get(view.assistantId) ?? view.assistantName)
    : null;
  const details = [
    assistant ? t("chat.turn.assistant", { name: assistant }) : null,
    // Unset parameters come back as null (the model's default): only what the user chose is shown.
    view.params.temperature != null
      ? t("chat.turn.temperature", {
          value: formatNumber(view.params.temperature, language, 2),
        })
      : null,
    view.params.max_tokens != null
      ? t("chat.turn.max_tokens", {
          value: formatNumber(view.params.max_tokens, language),
        })
      : null,
    view.params.system ? t("chat.turn.system") : null,
  ].filter((detail): detail is string => Boolean(detail));

  return (
    <article
      data-testid="turn"
      data-turn={view.turn ?? "pending"}
      aria-label={
        view.turn === null
          ? t("chat.turn.sending")
          : t("chat.turn.label", { turn: view.turn })
      }
      className="space-y-3"
    >
      <UserMessage
        view={view}
        details={[
          view.turn === null
            ? t("chat.turn.sending")
            : formatDateTime(view.createdAt, language),
          ...details,
        ].join(" · ")}
        actions={messageActions}
        last={last}
        busy={busy}
        selectionCount={selectionCount}
      />

      <TurnAnswers
        view={view}
        byId={byId}
        actions={actions}
        retrying={retrying}
        stopping={stopping}
        layout={layout}
      />

      <VerdictPanel
        verdict={view.verdict}
        verifying={view.verifying}
        byId={byId}
      />
    </article>
  );
});
