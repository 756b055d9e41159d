import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Monitor } from "lucide-react";
import { Button } from "../../../components/Button";
import { Card } from "../../../components/Card";
import { ConfirmButton } from "../../../components/ConfirmButton";
import { ProblemError } from "../../../components/Alert";
import { Spinner } from "../../../components/PageStatus";
import { useI18n } from "../../../i18n";
import { describeUserAgent, formatDateTime } from "../../../lib/format";
import { authApi } from "../api";
import { useAuth } from "../../../lib/auth";

const SESSIONS_KEY = ["auth", "sessions"] as const;

export function SessionsSection() {
  const { t, language } = useI18n();
  const { signOut } = useAuth();
  const queryClient = useQueryClient();
  const sessions = useQuery({ queryKey: SESSIONS_KEY, queryFn: authApi.listSessions });
  const revoke = useMutation({
    mutationFn: authApi.revokeSession,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: SESSIONS_KEY }),
  });
  // Revoking every session includes this one: the server has signed us out.
  const revokeAll = useMutation({
    mutationFn: authApi.revokeAllSessions,
    onSuccess: () => signOut({ alreadyOut: true }),
  });

  return (
    <Card
      title={t("security.sessions.title")}
      description={t("security.sessions.description")}
      data-testid="sessions-section"
      actions={
        <ConfirmButton
          variant="secondary"
          question={t("security.sessions.revoke_all_question")}
          onConfirm={() => {
            revokeAll.mutate();
          }}
          loading={revokeAll.isPending}
          data-testid="sessions-revoke-all"
        >
          {t("security.sessions.revoke_all")}
        </ConfirmButton>
      }
    >
      <ProblemError error={revokeAll.error ?? revoke.error} />
      {sessions.isPending ? (
        <Spinner />
      ) : sessions.isError ? (
        <ProblemError error={sessions.error} />
      ) : (
        <ul className="divide-y divide-slate-200 dark:divide-slate-800" data-testid="sessions-list">
          {sessions.data.items.map((session) => (
            <li
              key={session.id}
              data-testid="session-row"
              data-session-id={session.id}
              data-current={session.current}
              className="flex flex-wrap items-center gap-3 py-3"
            >
              <Monitor className="size-5 shrink-0 text-slate-400" aria-hidden="true" />
              <div className="min-w-0 flex-1">
                <p className="flex flex-wrap items-center gap-2 text-sm font-medium text-slate-900 dark:text-white">
                  <span className="truncate" title={session.user_agent}>
                    {describeUserAgent(session.user_agent) || t("security.sessions.unknown_device")}
                  </span>
                  {session.current && (
                    <span className="rounded-full bg-indigo-100 px-2 py-0.5 text-xs font-semibold text-indigo-800 dark:bg-indigo-900/60 dark:text-indigo-200">
                      {t("security.sessions.current")}
                    </span>
                  )}
                </p>
                <p className="text-xs text-slate-500 dark:text-slate-400">
                  {t("security.sessions.details", {
                    ip: session.ip || "—",
                    created: formatDateTime(session.created_at, language),
                    used: formatDateTime(session.last_used_at, language),
                  })}
                </p>
              </div>
              {!session.current && (
                <Button
                  variant="ghost"
                  loading={revoke.isPending && revoke.variables === session.id}
                  onClick={() => {
                    revoke.mutate(session.id);
                  }}
                  data-testid="session-revoke"
                >
                  {t("security.sessions.revoke")}
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
