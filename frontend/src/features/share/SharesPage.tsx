import { useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";
import { ProblemError } from "../../components/Alert";
import { Button } from "../../components/Button";
import { CheckboxField } from "../../components/Field";
import { Spinner } from "../../components/PageStatus";
import { useI18n } from "../../i18n";
import { useDocumentTitle } from "../../lib/useDocumentTitle";
import { shareApi, shareKeys } from "./api";
import { LinkItem } from "./LinkItem";
import { EmptyState } from "../../components/EmptyState";

/** `/shares`: every link the user made, newest first, with its statistics; edit or revoke any of them. */
export function SharesPage() {
  const { t } = useI18n();
  useDocumentTitle(t("share.page.title"));
  const [showInactive, setShowInactive] = useState(false);
  const links = useInfiniteQuery({
    queryKey: shareKeys.list(null),
    queryFn: ({ pageParam, signal }) => shareApi.list({ targetId: null, cursor: pageParam }, { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  const all = links.data?.pages.flatMap((page) => page.items) ?? [];
  const shown = showInactive ? all : all.filter((link) => !link.revoked && !link.expired);

  return (
    <div className="mx-auto max-w-4xl space-y-6" data-testid="shares-page">
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-bold tracking-tight text-slate-900 dark:text-white">{t("share.page.title")}</h1>
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{t("share.page.subtitle")}</p>
        </div>
        <CheckboxField
          label={t("share.page.show_inactive")}
          checked={showInactive}
          onChange={(event) => {
            setShowInactive(event.target.checked);
          }}
          data-testid="shares-show-inactive"
        />
      </header>
      {links.isPending ? (
        <Spinner />
      ) : links.isError ? (
        <ProblemError error={links.error} data-testid="shares-error" />
      ) : shown.length === 0 ? (
        <EmptyState data-testid="shares-empty">
          {t("share.page.empty")}
        </EmptyState>
      ) : (
        <ul className="space-y-3" data-testid="shares-list">
          {shown.map((link) => (
            <LinkItem key={link.id} link={link} showTitle />
          ))}
        </ul>
      )}
      {links.hasNextPage && (
        <Button
          variant="ghost"
          loading={links.isFetchingNextPage}
          onClick={() => {
            void links.fetchNextPage();
          }}
          data-testid="shares-more"
        >
          {t("share.page.more")}
        </Button>
      )}
    </div>
  );
}
