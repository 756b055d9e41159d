import { useQuery } from "@tanstack/react-query";
import { Link2Off } from "lucide-react";
import { Link, useParams } from "react-router";
import { ProblemError } from "../../components/Alert";
import { buttonClasses } from "../../components/buttonClasses";
import { Spinner } from "../../components/PageStatus";
import { useI18n } from "../../i18n";
import { ApiError } from "../../lib/api";
import { formatDateTime } from "../../lib/format";
import { useDocumentTitle } from "../../lib/useDocumentTitle";
import { useAuth } from "../../lib/auth";
import { shareApi, shareKeys, type SharedMedia } from "./api";
import { PublicLayout } from "../../components/PublicLayout";
import { SharedConversationView } from "./SharedConversationView";
import { SharedWorkflowView } from "./SharedWorkflowView";

function MediaView({ media }: { media: SharedMedia }) {
  const { t } = useI18n();
  return (
    <figure className="space-y-3 rounded-2xl bg-white p-4 shadow-sm ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-800" data-testid="shared-media">
      {media.kind === "image" ? (
        <img
          src={media.url}
          alt={media.prompt ?? ""}
          width={media.width ?? undefined}
          height={media.height ?? undefined}
          className="mx-auto h-auto max-h-[75vh] max-w-full rounded-xl"
          data-testid="shared-image"
        />
      ) : (
        <audio controls src={media.url} className="w-full" data-testid="shared-audio">
          <a href={media.url}>{t("share.public.download_audio")}</a>
        </audio>
      )}
      <figcaption className="space-y-1 text-sm text-slate-700 dark:text-slate-300">
        <p className="whitespace-pre-wrap" data-testid="shared-media-prompt">
          {media.prompt}
        </p>
        <p className="text-xs text-slate-500 dark:text-slate-400">{t("share.public.made_with", { model: media.model })}</p>
      </figcaption>
    </figure>
  );
}

/** Why a link opens nothing, said kindly; a signed-out visitor may need to sign in for a private link. */
function Unavailable({ error, token }: { error: unknown; token: string }) {
  const { t } = useI18n();
  const { status } = useAuth();
  const code = error instanceof ApiError ? error.code : "";
  const gone = error instanceof ApiError && error.status === 410;
  const missing = error instanceof ApiError && error.status === 404;
  if (!gone && !missing) return <ProblemError error={error} data-testid="shared-error" />;
  return (
    <div className="mx-auto max-w-md space-y-4 py-12 text-center" data-testid="shared-unavailable" data-code={code}>
      <Link2Off className="mx-auto size-10 text-slate-400" aria-hidden="true" />
      <h1 className="text-xl font-semibold text-slate-900 dark:text-white">
        {code === "link_revoked"
          ? t("share.public.revoked")
          : code === "link_expired"
            ? t("share.public.expired")
            : t("share.public.not_found")}
      </h1>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        {gone ? t("share.public.gone_hint") : status === "signed-in" ? t("share.public.not_found_hint") : t("share.public.private_hint")}
      </p>
      {missing && status === "signed-out" && (
        <Link to={`/login?next=${encodeURIComponent(`/s/${token}`)}`} className={buttonClasses("primary")} data-testid="shared-sign-in">
          {t("share.public.sign_in")}
        </Link>
      )}
    </div>
  );
}

/** `/s/:token`: what a share link shows, read-only, to anyone it is meant for (no account needed if public). */
export function SharedPage() {
  const { t, language } = useI18n();
  const { status } = useAuth();
  const token = useParams().token ?? "";
  const view = useQuery({
    queryKey: shareKeys.view(token),
    queryFn: ({ signal }) => shareApi.open(token, document.referrer, { signal }),
    // Every fetch counts a view: one per visit, and none for failures that will not change.
    enabled: status !== "loading",
    staleTime: Infinity,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
    retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
  });
  useDocumentTitle(view.data?.title ?? t("share.public.title"));

  return (
    <PublicLayout>
      {view.isPending ? (
        <Spinner />
      ) : view.isError ? (
        <Unavailable error={view.error} token={token} />
      ) : (
        <article className="space-y-6" data-testid="shared-page" data-kind={view.data.kind}>
          <header>
            <h1 className="text-2xl font-bold tracking-tight break-words text-slate-900 dark:text-white" data-testid="shared-title">
              {view.data.title}
            </h1>
            <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
              {t("share.public.shared_at", { date: formatDateTime(view.data.shared_at, language) })}
              {view.data.expires_at && ` · ${t("share.public.expires_at", { date: formatDateTime(view.data.expires_at, language) })}`}
            </p>
            <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">{t("share.public.read_only")}</p>
          </header>
          {view.data.conversation ? (
            <SharedConversationView turns={view.data.conversation.turns} />
          ) : view.data.media ? (
            <MediaView media={view.data.media} />
          ) : view.data.workflow ? (
            <SharedWorkflowView workflow={view.data.workflow} token={token} />
          ) : (
            <p className="text-sm text-slate-600 dark:text-slate-400">{t("share.public.unsupported")}</p>
          )}
        </article>
      )}
    </PublicLayout>
  );
}
