import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Share2, X } from "lucide-react";
import { useEffect, useId, useState } from "react";
import { ProblemError } from "../../components/Alert";
import { Spinner } from "../../components/PageStatus";
import { TextLink } from "../../components/TextLink";
import { useI18n } from "../../i18n";
import { shareApi, shareKeys, type LinkInput, type ShareKind } from "./api";
import { HEADER_BUTTON } from "./ExportMenu";
import { LinkForm } from "./LinkForm";
import { LinkItem } from "./LinkItem";

/** "Share" (keyed by its target by its parent): a read-only link to a conversation or a workflow (public or for named accounts), and its existing links. */
export function ShareButton({ kind = "conversation", targetId }: { kind?: ShareKind; targetId: string }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const queryClient = useQueryClient();
  const links = useQuery({
    queryKey: shareKeys.list(targetId),
    queryFn: ({ signal }) => shareApi.list({ targetId, cursor: null }, { signal }),
    enabled: open,
  });
  const create = useMutation({
    mutationFn: (input: LinkInput) => shareApi.create(kind, targetId, input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: shareKeys.all }),
  });

  useEffect(() => {
    if (!open) return;
    const close = (event: KeyboardEvent) => {
      if (event.key === "Escape") setOpen(false);
    };
    document.addEventListener("keydown", close);
    return () => {
      document.removeEventListener("keydown", close);
    };
  }, [open]);

  const items = links.data?.items ?? [];
  const live = items.filter((link) => !link.revoked);

  return (
    <div className="relative">
      <button
        type="button"
        data-testid="share-toggle"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => {
          setOpen(!open);
        }}
        className={HEADER_BUTTON}
      >
        <Share2 className="size-4" aria-hidden="true" />
        <span className="sr-only sm:not-sr-only">{t("share.toggle")}</span>
      </button>
      {open && (
        <section
          id={panelId}
          data-testid="share-panel"
          aria-label={t("share.panel_title")}
          className="fixed inset-x-2 top-28 z-30 max-h-[calc(100dvh-8rem)] space-y-4 overflow-y-auto rounded-2xl bg-white p-4 shadow-xl ring-1 ring-slate-200 sm:absolute sm:inset-x-auto sm:top-auto sm:right-0 sm:mt-1 sm:w-[28rem] dark:bg-slate-900 dark:ring-slate-700"
        >
          <header className="flex items-start justify-between gap-2">
            <div>
              <h2 className="text-base font-semibold text-slate-900 dark:text-white">{t("share.panel_title")}</h2>
              <p className="text-xs text-slate-600 dark:text-slate-400">{t("share.panel_hint")}</p>
            </div>
            <button
              type="button"
              aria-label={t("share.close")}
              onClick={() => {
                setOpen(false);
              }}
              className="rounded-lg p-1 text-slate-500 hover:bg-slate-100 dark:hover:bg-slate-800"
            >
              <X className="size-4" aria-hidden="true" />
            </button>
          </header>
          <LinkForm
            submitLabel={t("share.create")}
            loading={create.isPending}
            onSubmit={(input) => {
              create.mutate({
                visibility: input.visibility ?? "public",
                allowed_emails: input.allowed_emails ?? [],
                expires_in_hours: input.expires_in_hours ?? null,
              });
            }}
          />
          <ProblemError error={create.error} data-testid="share-error" />
          <div className="space-y-2">
            <h3 className="text-sm font-semibold text-slate-900 dark:text-white">{t("share.existing")}</h3>
            {links.isPending ? (
              <Spinner />
            ) : links.isError ? (
              <ProblemError error={links.error} data-testid="share-list-error" />
            ) : live.length === 0 ? (
              <p className="text-xs text-slate-500 dark:text-slate-400">{t("share.none")}</p>
            ) : (
              <ul className="space-y-2" data-testid="share-links">
                {live.map((link) => (
                  <LinkItem key={link.id} link={link} />
                ))}
              </ul>
            )}
            <TextLink to="/shares">{t("share.all_links")}</TextLink>
          </div>
        </section>
      )}
    </div>
  );
}
