import { useMutation, useQuery } from "@tanstack/react-query";
import { GitFork, Link2Off } from "lucide-react";
import { useState } from "react";
import { useParams } from "react-router";
import { Alert, ProblemError } from "../../components/Alert";
import { Button } from "../../components/Button";
import { CopyButton } from "../../components/CopyButton";
import { Spinner } from "../../components/PageStatus";
import { TextLink } from "../../components/TextLink";
import { useI18n } from "../../i18n";
import { ApiError } from "../../lib/api";
import { useDocumentTitle } from "../../lib/useDocumentTitle";
import { useAuth } from "../../lib/auth";
import { PublicLayout } from "../../components/PublicLayout";
import { promptKeys, promptsApi } from "./api";
import { PromptRunner } from "./PromptRunner";

function ForkShared({ token }: { token: string }) {
  const { t } = useI18n();
  const fork = useMutation({ mutationFn: () => promptsApi.forkShared(token) });
  if (fork.isSuccess) {
    return (
      <Alert tone="success" data-testid="shared-prompt-forked">
        {t("prompts.shared.forked")} <TextLink to="/library/prompts">{t("prompts.shared.open_library")}</TextLink>
      </Alert>
    );
  }
  return (
    <div className="space-y-2">
      <Button
        variant="secondary"
        loading={fork.isPending}
        onClick={() => {
          fork.mutate();
        }}
        data-testid="shared-prompt-fork"
      >
        <GitFork className="size-4" aria-hidden="true" />
        {t("prompts.actions.fork")}
      </Button>
      <ProblemError error={fork.error} data-testid="shared-prompt-fork-error" />
    </div>
  );
}

/** `/p/:token`: a prompt someone shared by link, for anyone with it: fill it in, copy it, or keep a copy. */
export function SharedPromptPage() {
  const { t } = useI18n();
  const { status } = useAuth();
  const token = useParams().token ?? "";
  const [text, setText] = useState<string | null>(null);
  const prompt = useQuery({
    queryKey: promptKeys.shared(token),
    queryFn: ({ signal }) => promptsApi.shared(token, { signal }),
    retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
    refetchOnWindowFocus: false,
  });
  useDocumentTitle(prompt.data?.title ?? t("prompts.shared.title"));
  const signedIn = status === "signed-in";
  const missing = prompt.error instanceof ApiError && prompt.error.status === 404;

  return (
    <PublicLayout>
      {prompt.isPending ? (
        <Spinner />
      ) : missing ? (
        <div className="mx-auto max-w-md space-y-3 py-12 text-center" data-testid="shared-prompt-unavailable">
          <Link2Off className="mx-auto size-10 text-slate-400" aria-hidden="true" />
          <h1 className="text-xl font-semibold text-slate-900 dark:text-white">{t("prompts.shared.not_found")}</h1>
          <p className="text-sm text-slate-600 dark:text-slate-400">{t("prompts.shared.not_found_hint")}</p>
        </div>
      ) : prompt.isError ? (
        <ProblemError error={prompt.error} data-testid="shared-prompt-error" />
      ) : (
        <div className="mx-auto max-w-3xl space-y-4" data-testid="shared-prompt-page">
          <p className="text-sm text-slate-600 dark:text-slate-400">{t("prompts.shared.intro")}</p>
          <PromptRunner
            prompt={prompt.data}
            render={async (values) => (await promptsApi.renderShared(token, values)).text}
            onRendered={signedIn ? undefined : setText}
            submitLabel={signedIn ? t("prompts.fill_chat") : t("prompts.shared.fill")}
          >
            {signedIn ? (
              <ForkShared token={token} />
            ) : (
              <p className="text-sm text-slate-600 dark:text-slate-400">{t("prompts.shared.sign_in_hint")}</p>
            )}
          </PromptRunner>
          {text !== null && (
            <section className="space-y-2 rounded-2xl bg-white p-4 shadow-sm ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-800">
              <pre className="max-h-80 overflow-auto text-sm whitespace-pre-wrap text-slate-800 dark:text-slate-200" data-testid="shared-prompt-text">
                {text}
              </pre>
              <CopyButton text={text} data-testid="shared-prompt-copy" />
            </section>
          )}
        </div>
      )}
    </PublicLayout>
  );
}
