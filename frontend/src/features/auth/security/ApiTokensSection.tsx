import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { KeyRound } from "lucide-react";
import { useState, type SubmitEvent } from "react";
import { Alert, ProblemError } from "../../../components/Alert";
import { Button } from "../../../components/Button";
import { Card } from "../../../components/Card";
import { ConfirmButton } from "../../../components/ConfirmButton";
import { CopyButton } from "../../../components/CopyButton";
import { CheckboxField, SelectField, TextField } from "../../../components/Field";
import { Spinner } from "../../../components/PageStatus";
import { useI18n } from "../../../i18n";
import { formatDate } from "../../../lib/format";
import { formText } from "../../../lib/form";
import { ReauthFields } from "./ReauthFields";
import { reauthentication } from "./reauth";
import { useAuth } from "../../../lib/auth";
import { authApi, TOKEN_SCOPES, type ApiToken, type TokenScope } from "../api";

const TOKENS_KEY = ["auth", "tokens"] as const;
const EXPIRY_DAYS = ["30", "90", "365", "never"] as const;

function CreatedToken({ token, onDone }: { token: string; onDone: () => void }) {
  const { t } = useI18n();
  return (
    <div className="space-y-3" data-testid="token-created">
      <Alert tone="success">
        <p className="font-semibold">{t("security.tokens.created_title")}</p>
        <p>{t("security.tokens.created_warning")}</p>
      </Alert>
      <code
        data-testid="token-created-value"
        className="block rounded-lg bg-slate-100 px-3 py-2 font-mono text-sm break-all text-slate-900 select-all dark:bg-slate-800 dark:text-slate-100"
      >
        {token}
      </code>
      <div className="flex flex-wrap gap-2">
        <CopyButton text={token} data-testid="token-created-copy" />
        <Button onClick={onDone} data-testid="token-created-done">
          {t("security.tokens.created_done")}
        </Button>
      </div>
    </div>
  );
}

function CreateTokenForm({ onCreated }: { onCreated: (token: string) => void }) {
  const { t } = useI18n();
  const { user } = useAuth();
  const queryClient = useQueryClient();
  const [scopes, setScopes] = useState<TokenScope[]>(["chat"]);
  const create = useMutation({
    mutationFn: authApi.createToken,
    onSuccess: async ({ token }) => {
      onCreated(token);
      await queryClient.invalidateQueries({ queryKey: TOKENS_KEY });
    },
  });

  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const expiry = formText(form, "expiry");
    create.mutate({
      name: formText(form, "name").trim(),
      scopes,
      expires_in_days: expiry === "never" ? null : Number(expiry),
      ...reauthentication(form),
    });
  }

  return (
    <form onSubmit={submit} className="grid gap-4 sm:grid-cols-2" data-testid="token-form">
      <TextField label={t("security.tokens.name")} name="name" required maxLength={100} data-testid="token-name" />
      <SelectField label={t("security.tokens.expiry")} name="expiry" defaultValue="90" data-testid="token-expiry">
        {EXPIRY_DAYS.map((value) => (
          <option key={value} value={value}>
            {value === "never" ? t("security.tokens.expiry_never") : t("security.tokens.expiry_days", { days: value })}
          </option>
        ))}
      </SelectField>
      <fieldset className="sm:col-span-2">
        <legend className="mb-2 text-sm font-medium text-slate-800 dark:text-slate-200">{t("security.tokens.scopes")}</legend>
        <div className="flex flex-wrap gap-x-6 gap-y-2">
          {TOKEN_SCOPES.map((scope) => (
            <CheckboxField
              key={scope}
              label={t(`security.tokens.scope_${scope}`)}
              checked={scopes.includes(scope)}
              onChange={(event) => {
                const checked = event.target.checked;
                setScopes((current) =>
                  checked ? TOKEN_SCOPES.filter((s) => s === scope || current.includes(s)) : current.filter((s) => s !== scope),
                );
              }}
              data-testid={`token-scope-${scope}`}
            />
          ))}
        </div>
        {scopes.length === 0 && (
          <p className="mt-2 text-xs text-amber-700 dark:text-amber-300">{t("security.tokens.scopes_required")}</p>
        )}
      </fieldset>
      <div className="space-y-3 sm:col-span-2">
        <ReauthFields testId="token" withCode={user?.mfa_enabled === true} />
      </div>
      <div className="space-y-3 sm:col-span-2">
        <ProblemError error={create.error} />
        <Button type="submit" loading={create.isPending} disabled={scopes.length === 0} data-testid="token-create-submit">
          {t("security.tokens.create")}
        </Button>
      </div>
    </form>
  );
}

function TokenRow({ token }: { token: ApiToken }) {
  const { t, language } = useI18n();
  const queryClient = useQueryClient();
  const revoke = useMutation({
    mutationFn: authApi.revokeToken,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: TOKENS_KEY }),
  });
  return (
    <li data-testid="token-row" data-token-id={token.id} className="flex flex-wrap items-center gap-3 py-3">
      <KeyRound className="size-5 shrink-0 text-slate-400" aria-hidden="true" />
      <div className="min-w-0 flex-1">
        <p className="flex flex-wrap items-center gap-2 text-sm font-medium text-slate-900 dark:text-white">
          <span>{token.name}</span>
          <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-700 dark:bg-slate-800 dark:text-slate-300">
            {token.prefix}…
          </code>
          {token.scopes.map((scope) => (
            <span
              key={scope}
              className="rounded-full bg-indigo-50 px-2 py-0.5 text-xs text-indigo-700 dark:bg-indigo-950 dark:text-indigo-300"
            >
              {scope}
            </span>
          ))}
        </p>
        <p className="text-xs text-slate-500 dark:text-slate-400">
          {t("security.tokens.details", {
            created: formatDate(token.created_at, language),
            used: token.last_used_at ? formatDate(token.last_used_at, language) : t("security.tokens.never_used"),
            expires: token.expires_at ? formatDate(token.expires_at, language) : t("security.tokens.expiry_never"),
          })}
        </p>
        <ProblemError error={revoke.error} />
      </div>
      <ConfirmButton
        variant="ghost"
        question={t("security.tokens.revoke_question")}
        loading={revoke.isPending}
        onConfirm={() => {
          revoke.mutate(token.id);
        }}
        data-testid="token-revoke"
      >
        {t("security.tokens.revoke")}
      </ConfirmButton>
    </li>
  );
}

export function ApiTokensSection() {
  const { t } = useI18n();
  const tokens = useQuery({ queryKey: TOKENS_KEY, queryFn: authApi.listTokens });
  const [created, setCreated] = useState<string | null>(null);

  return (
    <Card title={t("security.tokens.title")} description={t("security.tokens.description")} data-testid="tokens-section">
      <div className="space-y-6">
        {created ? (
          <CreatedToken
            token={created}
            onDone={() => {
              setCreated(null);
            }}
          />
        ) : (
          <CreateTokenForm onCreated={setCreated} />
        )}
        {tokens.isPending ? (
          <Spinner />
        ) : tokens.isError ? (
          <ProblemError error={tokens.error} />
        ) : tokens.data.items.length === 0 ? (
          <p className="text-sm text-slate-500 dark:text-slate-400" data-testid="tokens-empty">
            {t("security.tokens.empty")}
          </p>
        ) : (
          <ul className="divide-y divide-slate-200 dark:divide-slate-800" data-testid="tokens-list">
            {tokens.data.items.map((token) => (
              <TokenRow key={token.id} token={token} />
            ))}
          </ul>
        )}
      </div>
    </Card>
  );
}
