import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Eye, Globe, Lock, Pencil, Users } from "lucide-react";
import { useState } from "react";
import { Link } from "react-router";
import { ProblemError } from "../../components/Alert";
import { Button } from "../../components/Button";
import { ConfirmButton } from "../../components/ConfirmButton";
import { CopyButton } from "../../components/CopyButton";
import { useI18n } from "../../i18n";
import { formatDateTime, formatNumber } from "../../lib/format";
import { shareApi, shareKeys, type ShareLink } from "./api";
import { LinkForm } from "./LinkForm";

function Status({ link }: { link: ShareLink }) {
  const { t, language } = useI18n();
  const [text, tone] = link.revoked
    ? [t("share.status.revoked"), "bg-slate-200 text-slate-700 dark:bg-slate-700 dark:text-slate-200"]
    : link.expired
      ? [t("share.status.expired"), "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200"]
      : link.expires_at
        ? [
            t("share.status.expires", { date: formatDateTime(link.expires_at, language) }),
            "bg-emerald-50 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200",
          ]
        : [t("share.status.active"), "bg-emerald-50 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200"];
  return (
    <span data-testid="share-link-status" className={`rounded-md px-2 py-0.5 text-xs font-medium ${tone}`}>
      {text}
    </span>
  );
}

/** One link as its owner sees it: the URL to copy, who may open it, its statistics, edit and revoke. */
export function LinkItem({ link, showTitle = false }: { link: ShareLink; showTitle?: boolean }) {
  const { t, language } = useI18n();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: shareKeys.all });
  const update = useMutation({
    mutationFn: (input: Parameters<typeof shareApi.update>[1]) => shareApi.update(link.id, input),
    onSuccess: async () => {
      setEditing(false);
      await refresh();
    },
  });
  const revoke = useMutation({ mutationFn: () => shareApi.revoke(link.id), onSuccess: refresh });
  const live = !link.revoked && !link.expired;
  const referrers = Object.entries(link.stats.referrers);

  return (
    <li
      data-testid="share-link"
      data-link-id={link.id}
      data-revoked={link.revoked}
      className="space-y-2 rounded-xl bg-white p-3 ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-800"
    >
      {showTitle && (
        <div className="flex flex-wrap items-center gap-2">
          {link.kind === "conversation" ? (
            <Link
              to={`/chat/${link.target_id}`}
              className="min-w-0 truncate font-semibold text-slate-900 hover:underline dark:text-white"
              data-testid="share-link-title"
            >
              {link.title}
            </Link>
          ) : (
            <span className="min-w-0 truncate font-semibold text-slate-900 dark:text-white" data-testid="share-link-title">
              {link.title}
            </span>
          )}
          <span className="text-xs text-slate-500 dark:text-slate-400">{t(link.kind === "media" ? "share.kinds.media" : "share.kinds.conversation")}</span>
        </div>
      )}
      <div className="flex flex-wrap items-center gap-2 text-xs text-slate-600 dark:text-slate-400">
        <span className="inline-flex items-center gap-1" data-testid="share-link-visibility" data-visibility={link.visibility}>
          {link.visibility === "public" ? <Globe className="size-3.5" aria-hidden="true" /> : <Lock className="size-3.5" aria-hidden="true" />}
          {link.visibility === "public"
            ? t("share.visibility.public")
            : t("share.visibility.private_count", { count: link.allowed_emails.length })}
        </span>
        <Status link={link} />
        <span>{t("share.created", { date: formatDateTime(link.created_at, language) })}</span>
      </div>
      {live && (
        <div className="flex flex-wrap items-center gap-2">
          <input
            readOnly
            value={link.url}
            aria-label={t("share.url")}
            data-testid="share-url"
            onFocus={(event) => {
              event.target.select();
            }}
            className="min-w-0 flex-1 rounded-lg border-0 bg-slate-50 px-2 py-1.5 font-mono text-xs text-slate-800 ring-1 ring-slate-200 ring-inset dark:bg-slate-800 dark:text-slate-200 dark:ring-slate-700"
          />
          <CopyButton text={link.url} data-testid="share-copy" />
        </div>
      )}
      <dl className="grid grid-cols-2 gap-x-4 gap-y-1 text-xs sm:grid-cols-4" data-testid="share-link-stats">
        <div>
          <dt className="text-slate-500 dark:text-slate-400">
            <Eye className="mr-1 inline size-3.5" aria-hidden="true" />
            {t("share.stats.views")}
          </dt>
          <dd className="font-semibold text-slate-900 tabular-nums dark:text-white" data-testid="share-link-views">
            {formatNumber(link.stats.views, language)}
          </dd>
        </div>
        <div>
          <dt className="text-slate-500 dark:text-slate-400">
            <Users className="mr-1 inline size-3.5" aria-hidden="true" />
            {t("share.stats.visitors")}
          </dt>
          <dd className="font-semibold text-slate-900 tabular-nums dark:text-white" data-testid="share-link-visitors">
            {formatNumber(link.stats.unique_visitors, language)}
          </dd>
        </div>
        <div>
          <dt className="text-slate-500 dark:text-slate-400">{t("share.stats.last_viewed")}</dt>
          <dd className="text-slate-900 dark:text-white">
            {link.stats.last_viewed_at ? formatDateTime(link.stats.last_viewed_at, language) : t("share.stats.never")}
          </dd>
        </div>
        <div>
          <dt className="text-slate-500 dark:text-slate-400">{t("share.stats.referrers")}</dt>
          <dd className="text-slate-900 dark:text-white" data-testid="share-link-referrers">
            {referrers.length === 0
              ? t("share.stats.no_referrer")
              : referrers.map(([domain, count]) => `${domain} (${formatNumber(count, language)})`).join(", ")}
            {link.stats.other_referrers > 0 && ` ${t("share.stats.others", { count: link.stats.other_referrers })}`}
          </dd>
        </div>
      </dl>
      {link.visibility === "private" && link.allowed_emails.length > 0 && (
        <p className="text-xs break-words text-slate-600 dark:text-slate-400">{link.allowed_emails.join(", ")}</p>
      )}
      <ProblemError error={update.error ?? revoke.error} data-testid="share-link-error" />
      {editing ? (
        <LinkForm
          initial={{ visibility: link.visibility, allowed_emails: link.allowed_emails }}
          submitLabel={t("share.save")}
          loading={update.isPending}
          onSubmit={(input) => {
            update.mutate(input);
          }}
          onCancel={() => {
            setEditing(false);
          }}
        />
      ) : (
        !link.revoked && (
          <div className="flex flex-wrap gap-2">
            <Button
              variant="ghost"
              onClick={() => {
                setEditing(true);
              }}
              data-testid="share-link-edit"
            >
              <Pencil className="size-4" aria-hidden="true" />
              {t("share.edit")}
            </Button>
            <ConfirmButton
              variant="ghost"
              question={t("share.revoke_question")}
              loading={revoke.isPending}
              onConfirm={() => {
                revoke.mutate();
              }}
              data-testid="share-link-revoke"
            >
              {t("share.revoke")}
            </ConfirmButton>
          </div>
        )
      )}
    </li>
  );
}
