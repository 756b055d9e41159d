import { useMutation, useQueryClient } from "@tanstack/react-query";
import { GitFork, History, Link2, Link2Off, Pencil, ShieldX, Store, Trash2 } from "lucide-react";
import { useState } from "react";
import { Alert, ProblemError } from "../../components/Alert";
import { Button } from "../../components/Button";
import { ConfirmButton } from "../../components/ConfirmButton";
import { CopyButton } from "../../components/CopyButton";
import { useI18n } from "../../i18n";
import { formatNumber } from "../../lib/format";
import { useAuth } from "../../lib/auth";
import { StarInput } from "../../components/StarRating";
import { ReportForm } from "../../components/marketplace/ReportForm";
import { promptKeys, promptsApi, type Prompt } from "./api";
import { PromptVersions } from "./PromptVersions";

export interface PromptActionsProps {
  prompt: Prompt;
  /** The prompt as the server now has it (after a publish, a restore, a share…). */
  onChanged: (prompt: Prompt) => void;
  /** A copy landed in the caller's library. */
  onForked: (prompt: Prompt) => void;
  onEdit: () => void;
  onDeleted: () => void;
}

function ForkButton({ prompt, onForked }: { prompt: Prompt; onForked: (prompt: Prompt) => void }) {
  const { t, language } = useI18n();
  const queryClient = useQueryClient();
  const fork = useMutation({
    mutationFn: () => promptsApi.fork(prompt.id, language),
    onSuccess: async (forked) => {
      await queryClient.invalidateQueries({ queryKey: promptKeys.all });
      onForked(forked);
    },
  });
  return (
    <>
      <Button
        variant="secondary"
        loading={fork.isPending}
        onClick={() => {
          fork.mutate();
        }}
        data-testid="prompt-fork"
      >
        <GitFork className="size-4" aria-hidden="true" />
        {t("prompts.actions.fork")}
      </Button>
      <div className="basis-full empty:hidden">
        <ProblemError error={fork.error} data-testid="prompt-fork-error" />
      </div>
    </>
  );
}

function ShareSection({ prompt, onChanged }: { prompt: Prompt; onChanged: (prompt: Prompt) => void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [url, setUrl] = useState<string | null>(null);
  const changed = async (shared: boolean) => {
    await queryClient.invalidateQueries({ queryKey: promptKeys.mine });
    onChanged({ ...prompt, shared });
  };
  const share = useMutation({
    mutationFn: () => promptsApi.share(prompt.id),
    onSuccess: async (link) => {
      setUrl(link.url);
      await changed(true);
    },
  });
  const unshare = useMutation({
    mutationFn: () => promptsApi.unshare(prompt.id),
    onSuccess: async () => {
      setUrl(null);
      await changed(false);
    },
  });
  return (
    <div className="space-y-2" data-testid="prompt-share">
      <div className="flex flex-wrap gap-2">
        <Button
          variant="secondary"
          loading={share.isPending}
          onClick={() => {
            share.mutate();
          }}
          data-testid="prompt-share-create"
        >
          <Link2 className="size-4" aria-hidden="true" />
          {prompt.shared ? t("prompts.share.renew") : t("prompts.share.create")}
        </Button>
        {prompt.shared && (
          <ConfirmButton
            variant="ghost"
            question={t("prompts.share.revoke_question")}
            loading={unshare.isPending}
            onConfirm={() => {
              unshare.mutate();
            }}
            data-testid="prompt-share-revoke"
          >
            <Link2Off className="size-4" aria-hidden="true" />
            {t("prompts.share.revoke")}
          </ConfirmButton>
        )}
      </div>
      {url ? (
        <div className="space-y-1">
          <div className="flex flex-wrap items-center gap-2">
            <input
              readOnly
              value={url}
              aria-label={t("prompts.share.url")}
              data-testid="prompt-share-url"
              onFocus={(event) => {
                event.target.select();
              }}
              className="min-w-0 flex-1 rounded-lg border-0 bg-slate-50 px-2 py-1.5 font-mono text-xs ring-1 ring-slate-200 ring-inset dark:bg-slate-800 dark:text-slate-200 dark:ring-slate-700"
            />
            <CopyButton text={url} data-testid="prompt-share-copy" />
          </div>
          <p className="text-xs text-slate-500 dark:text-slate-400">{t("prompts.share.once")}</p>
        </div>
      ) : (
        prompt.shared && <p className="text-xs text-slate-500 dark:text-slate-400">{t("prompts.share.active")}</p>
      )}
      <ProblemError error={share.error ?? unshare.error} data-testid="prompt-share-error" />
    </div>
  );
}

function PublishButton({ prompt, onChanged }: { prompt: Prompt; onChanged: (prompt: Prompt) => void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const toggle = useMutation({
    mutationFn: () => (prompt.published ? promptsApi.unpublish(prompt.id) : promptsApi.publish(prompt.id)),
    onSuccess: async (updated) => {
      await queryClient.invalidateQueries({ queryKey: promptKeys.all });
      onChanged(updated);
    },
  });
  if (prompt.moderated) {
    return (
      <Alert tone="info" data-testid="prompt-moderated" className="basis-full">
        {t("prompts.market.moderated")}
      </Alert>
    );
  }
  return (
    <>
      <Button
        variant="secondary"
        loading={toggle.isPending}
        onClick={() => {
          toggle.mutate();
        }}
        data-testid={prompt.published ? "prompt-unpublish" : "prompt-publish"}
      >
        <Store className="size-4" aria-hidden="true" />
        {prompt.published ? t("prompts.market.unpublish") : t("prompts.market.publish")}
      </Button>
      <div className="basis-full empty:hidden">
        <ProblemError error={toggle.error} data-testid="prompt-publish-error" />
      </div>
    </>
  );
}

function RateSection({ prompt, onChanged }: { prompt: Prompt; onChanged: (prompt: Prompt) => void }) {
  const { t, language } = useI18n();
  const queryClient = useQueryClient();
  const rate = useMutation({
    mutationFn: (stars: number) => promptsApi.rate(prompt.id, stars),
    onSuccess: async (rating) => {
      onChanged({
        ...prompt,
        my_stars: rating.my_stars,
        stats: prompt.stats
          ? { ...prompt.stats, rating_avg: rating.rating_avg, rating_count: rating.rating_count }
          : { rating_avg: rating.rating_avg, rating_count: rating.rating_count, uses: 0, forks: 0 },
      });
      await queryClient.invalidateQueries({ queryKey: ["prompts", "market"] });
    },
  });
  const stats = prompt.stats;
  return (
    <div className="space-y-1" data-testid="prompt-rate" data-my-stars={prompt.my_stars ?? 0}>
      <p className="text-sm font-medium text-slate-800 dark:text-slate-200">
        {prompt.my_stars ? t("prompts.market.your_rating") : t("prompts.market.rate")}
      </p>
      <StarInput
        value={prompt.my_stars ?? 0}
        onChange={(stars) => {
          rate.mutate(stars);
        }}
      />
      {stats && (
        <p className="text-xs text-slate-500 dark:text-slate-400" data-testid="prompt-rating-summary">
          {stats.rating_count > 0
            ? t("prompts.market.summary", {
                average: formatNumber(stats.rating_avg, language, 1),
                count: formatNumber(stats.rating_count, language),
                uses: formatNumber(stats.uses, language),
                forks: formatNumber(stats.forks, language),
              })
            : t("prompts.no_rating")}
        </p>
      )}
      <ProblemError error={rate.error} data-testid="prompt-rate-error" />
    </div>
  );
}

function AdminUnpublish({ prompt, onDone }: { prompt: Prompt; onDone: () => void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: () => promptsApi.adminUnpublish(prompt.id, ""),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: promptKeys.all });
      onDone();
    },
  });
  return (
    <>
      <ConfirmButton
        variant="ghost"
        question={t("prompts.market.admin_question")}
        loading={remove.isPending}
        onConfirm={() => {
          remove.mutate();
        }}
        data-testid="prompt-admin-unpublish"
      >
        <ShieldX className="size-4" aria-hidden="true" />
        {t("prompts.market.admin_unpublish")}
      </ConfirmButton>
      <div className="basis-full empty:hidden">
        <ProblemError error={remove.error} data-testid="prompt-admin-error" />
      </div>
    </>
  );
}

/** What the caller may do with the selected prompt besides filling the chat, by whose it is. */
export function PromptActions({ prompt, onChanged, onForked, onEdit, onDeleted }: PromptActionsProps) {
  const { t } = useI18n();
  const { user } = useAuth();
  const queryClient = useQueryClient();
  const [showVersions, setShowVersions] = useState(false);
  const remove = useMutation({
    mutationFn: () => promptsApi.remove(prompt.id),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: promptKeys.all });
      onDeleted();
    },
  });
  const admin = user?.role === "admin";

  if (prompt.source === "own") {
    return (
      <div className="space-y-4 border-t border-slate-200 pt-4 dark:border-slate-800" data-testid="prompt-actions" data-source="own">
        <p className="text-xs text-slate-500 dark:text-slate-400">
          {t("prompts.actions.version", { version: prompt.version ?? 1 })}
          {prompt.published && ` · ${t("prompts.market.published")}`}
        </p>
        <div className="flex flex-wrap items-center gap-2">
          <Button variant="secondary" onClick={onEdit} data-testid="prompt-edit">
            <Pencil className="size-4" aria-hidden="true" />
            {t("prompts.actions.edit")}
          </Button>
          <Button
            variant="secondary"
            aria-expanded={showVersions}
            onClick={() => {
              setShowVersions(!showVersions);
            }}
            data-testid="prompt-versions-toggle"
          >
            <History className="size-4" aria-hidden="true" />
            {t("prompts.versions.title")}
          </Button>
          <PublishButton prompt={prompt} onChanged={onChanged} />
          <ConfirmButton
            variant="ghost"
            question={t("prompts.actions.delete_question")}
            loading={remove.isPending}
            onConfirm={() => {
              remove.mutate();
            }}
            data-testid="prompt-delete"
          >
            <Trash2 className="size-4" aria-hidden="true" />
            {t("prompts.actions.delete")}
          </ConfirmButton>
        </div>
        <ProblemError error={remove.error} data-testid="prompt-delete-error" />
        {showVersions && <PromptVersions prompt={prompt} onRestored={onChanged} />}
        <ShareSection prompt={prompt} onChanged={onChanged} />
        {prompt.published && admin && <AdminUnpublish prompt={prompt} onDone={onDeleted} />}
      </div>
    );
  }
  if (prompt.source === "marketplace") {
    return (
      <div
        className="space-y-4 border-t border-slate-200 pt-4 dark:border-slate-800"
        data-testid="prompt-actions"
        data-source="marketplace"
      >
        <RateSection prompt={prompt} onChanged={onChanged} />
        <div className="flex flex-wrap items-center gap-2">
          <ForkButton prompt={prompt} onForked={onForked} />
          {admin && <AdminUnpublish prompt={prompt} onDone={onDeleted} />}
        </div>
        <ReportForm
          onReport={(reason, details) => promptsApi.report(prompt.id, reason, details)}
          thanks={t("prompts.report.thanks")}
          testId="prompt"
        />
      </div>
    );
  }
  return (
    <div
      className="flex flex-wrap items-center gap-2 border-t border-slate-200 pt-4 dark:border-slate-800"
      data-testid="prompt-actions"
      data-source="builtin"
    >
      <ForkButton prompt={prompt} onForked={onForked} />
    </div>
  );
}
