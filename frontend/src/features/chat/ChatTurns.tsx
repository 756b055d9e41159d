import { useLayoutEffect, useRef } from "react";
import { ProblemError } from "../../components/Alert";
import { Button } from "../../components/Button";
import { Spinner } from "../../components/PageStatus";
import { TextLink } from "../../components/TextLink";
import { useI18n } from "../../i18n";
import { ChatWelcome } from "./ChatWelcome";
import type { ChatLayout } from "./layout";
import { TurnView } from "./TurnView";
import { useTurnFocus } from "./useTurnFocus";
import type { ChatPageState } from "./useChatPage";

/** The scrolling list of turns, or what stands in for it: not found, an error, loading, suggestions. */
export function ChatTurns({
  page,
  layout,
}: {
  page: ChatPageState;
  layout: ChatLayout;
}) {
  const { t } = useI18n();
  const { id, views, sent } = page;
  // Another conversation, or a message sent: its newest turn comes to the top once it shows. After
  // that nothing moves the list: answers scroll inside their columns, and the verdict arriving under
  // them leaves the reader on the answers.
  const scroller = useRef<HTMLDivElement>(null);
  const anchor = useRef(true);
  useLayoutEffect(() => {
    anchor.current = true;
  }, [id, sent]);
  useLayoutEffect(() => {
    const element = scroller.current;
    const last = [
      ...(element?.querySelectorAll<HTMLElement>('[data-testid="turn"]') ?? []),
    ].at(-1);
    if (!element || !last || !anchor.current) return;
    anchor.current = false;
    element.scrollTop +=
      last.getBoundingClientRect().top -
      element.getBoundingClientRect().top -
      16;
  }, [views]);
  useTurnFocus(
    views,
    page.detail !== undefined,
    page.messageActions.showVersion,
    scroller,
    anchor,
  );
  return (
    <div
      ref={scroller}
      className="min-h-0 flex-1 overflow-y-auto px-3 py-4 sm:px-4"
    >
      {page.notFound ? (
        <div
          className="mx-auto max-w-md space-y-4 py-12 text-center"
          data-testid="conversation-not-found"
        >
          <p className="text-slate-700 dark:text-slate-300">
            {t("chat.not_found")}
          </p>
          <TextLink to="/chat">{t("chat.sidebar.new")}</TextLink>
        </div>
      ) : page.conversation.isError && !page.detail ? (
        <div className="mx-auto max-w-md space-y-3 py-8">
          <ProblemError
            error={page.conversation.error}
            data-testid="conversation-error"
          />
          <Button
            variant="secondary"
            onClick={() => void page.conversation.refetch()}
          >
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
          {page.views.map((view, index) => (
            <TurnView
              key={view.key}
              view={view}
              byId={page.byId}
              actions={page.actions}
              retrying={page.state.retrying}
              stopping={page.state.stopping}
              assistantNames={page.assistantNames}
              layout={layout}
              messageActions={page.messageActions}
              last={index === page.views.length - 1}
              busy={page.busy}
              selectionCount={page.selection.length}
            />
          ))}
        </div>
      )}
    </div>
  );
}
