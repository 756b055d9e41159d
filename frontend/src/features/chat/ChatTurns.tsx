import { useEffect, useLayoutEffect, useRef } from "react";
import { ProblemError } from "../../components/Alert";
import { Button } from "../../components/Button";
import { Spinner } from "../../components/PageStatus";
import { TextLink } from "../../components/TextLink";
import { useI18n } from "../../i18n";
import { ChatWelcome } from "./ChatWelcome";
import { isAtBottom, stickToBottom } from "./stickToBottom";
import { TurnView } from "./TurnView";
import type { ChatPageState } from "./useChatPage";

/** The scrolling list of turns, or what stands in for it: not found, an error, loading, suggestions. */
export function ChatTurns({ page }: { page: ChatPageState }) {
  const { t } = useI18n();
  const { id, views, sent } = page;
  // Keep the newest answers in view unless the user scrolled up to read (another conversation, or a
  // message sent, brings them back).
  const scroller = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  useLayoutEffect(() => {
    atBottom.current = true;
  }, [id, sent]);
  useEffect(() => {
    const element = scroller.current;
    if (element && views.length > 0 && atBottom.current) stickToBottom(element);
  }, [views]);
  return (
    <div
      ref={scroller}
      onScroll={(event) => {
        atBottom.current = isAtBottom(event.currentTarget, 48);
      }}
      className="min-h-0 flex-1 overflow-y-auto px-3 py-4 sm:px-4"
    >
      {page.notFound ? (
        <div className="mx-auto max-w-md space-y-4 py-12 text-center" data-testid="conversation-not-found">
          <p className="text-slate-700 dark:text-slate-300">{t("chat.not_found")}</p>
          <TextLink to="/chat">{t("chat.sidebar.new")}</TextLink>
        </div>
      ) : page.conversation.isError && !page.detail ? (
        <div className="mx-auto max-w-md space-y-3 py-8">
          <ProblemError error={page.conversation.error} data-testid="conversation-error" />
          <Button variant="secondary" onClick={() => void page.conversation.refetch()}>
            {t("common.retry")}
          </Button>
        </div>
      ) : page.loading ? (
        <Spinner />
      ) : page.views.length === 0 ? (
        <ChatWelcome
          onSuggest={(prompt) => {
            page.setDraft(prompt);
          }}
        />
      ) : (
        <div className="space-y-8">
          {page.views.map((view) => (
            <TurnView
              key={view.key}
              view={view}
              byId={page.byId}
              actions={page.actions}
              retrying={page.state.retrying}
              stopping={page.state.stopping}
              assistantNames={page.assistantNames}
            />
          ))}
        </div>
      )}
    </div>
  );
}
