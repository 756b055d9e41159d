import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { CircleCheck, CircleX, ExternalLink, KeyRound } from "lucide-react";
import { useState, type SubmitEvent } from "react";
import { Alert, ProblemError } from "../../../components/Alert";
import { Button } from "../../../components/Button";
import { ConfirmButton } from "../../../components/ConfirmButton";
import { TextField } from "../../../components/Field";
import { Spinner } from "../../../components/PageStatus";
import { useI18n } from "../../../i18n";
import { formatDateTime, formatNumber } from "../../../lib/format";
import { useDocumentTitle } from "../../../lib/useDocumentTitle";
import { dashboardApi, dashboardKeys, type KeyTest, type KeyVendor, type ProviderKey } from "../api";
import { PageHeader } from "../../../components/PageHeader";

const MIN_KEY_LENGTH = 20;
const MAX_KEY_LENGTH = 512;

function TestResult({ result, at }: { result: KeyTest; at?: string | null }) {
  const { t, language } = useI18n();
  return (
    <p
      data-testid="key-test-result"
      data-ok={result.ok}
      className={`flex flex-wrap items-center gap-1.5 text-sm ${result.ok ? "text-emerald-700 dark:text-emerald-300" : "text-red-700 dark:text-red-300"}`}
    >
      {result.ok ? <CircleCheck className="size-4" aria-hidden="true" /> : <CircleX className="size-4" aria-hidden="true" />}
      {result.ok
        ? t("dashboard.keys.test_ok", { ms: formatNumber(result.latency_ms, language) })
        : t("dashboard.keys.test_failed", { error: result.error?.message ?? result.error?.code ?? "" })}
      {at && <span className="text-xs text-slate-500 dark:text-slate-400">· {formatDateTime(at, language)}</span>}
    </p>
  );
}

function KeyForm({ vendor, rotating, onDone }: { vendor: KeyVendor; rotating: boolean; onDone: () => void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [key, setKey] = useState("");
  const save = useMutation({
    mutationFn: (value: string) => dashboardApi.saveKey(vendor.vendor, value),
    onSuccess: () => {
      setKey("");
      void queryClient.invalidateQueries({ queryKey: dashboardKeys.keys });
      onDone();
    },
  });
  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const value = key.trim();
    if (value) save.mutate(value);
  }
  return (
    <form onSubmit={submit} className="mt-3 space-y-2" data-testid="key-form">
      <div className="flex flex-wrap items-end gap-2">
        <TextField
          label={rotating ? t("dashboard.keys.new_key", { vendor: vendor.vendor_name }) : t("dashboard.keys.key", { vendor: vendor.vendor_name })}
          type="password"
          autoComplete="off"
          spellCheck={false}
          required
          minLength={MIN_KEY_LENGTH}
          maxLength={MAX_KEY_LENGTH}
          value={key}
          onChange={(event) => {
            setKey(event.target.value);
          }}
          className="min-w-0 flex-1 basis-64"
          data-testid="key-input"
        />
        <Button type="submit" loading={save.isPending} disabled={key.trim() === ""} data-testid="key-save">
          {rotating ? t("dashboard.keys.rotate_save") : t("dashboard.keys.save")}
        </Button>
        <Button variant="ghost" onClick={onDone}>
          {t("common.cancel")}
        </Button>
      </div>
      <ProblemError error={save.error} data-testid="key-error" />
    </form>
  );
}

function VendorRow({ vendor, item }: { vendor: KeyVendor; item: ProviderKey | undefined }) {
  const { t, language } = useI18n();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const test = useMutation({
    mutationFn: () => dashboardApi.testKey(vendor.vendor),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: dashboardKeys.keys }),
  });
  const remove = useMutation({
    mutationFn: () => dashboardApi.deleteKey(vendor.vendor),
    onSuccess: () => {
      test.reset();
      void queryClient.invalidateQueries({ queryKey: dashboardKeys.keys });
    },
  });
  const result = test.data ?? item?.last_test ?? null;

  return (
    <li data-testid="key-row" data-vendor={vendor.vendor} data-configured={item !== undefined} className="py-4">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <p className="flex items-center gap-2 font-medium text-slate-900 dark:text-white">
            <KeyRound className="size-4 text-slate-400" aria-hidden="true" />
            {vendor.vendor_name}
            {vendor.docs_url && (
              <a
                href={vendor.docs_url}
                target="_blank"
                rel="noopener noreferrer"
                className="text-xs font-normal text-indigo-600 hover:underline dark:text-indigo-400"
              >
                {t("dashboard.keys.get_key")}
                <ExternalLink className="ml-0.5 inline size-3" aria-hidden="true" />
              </a>
            )}
          </p>
          {item ? (
            <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
              <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-800 dark:bg-slate-800 dark:text-slate-200" data-testid="key-masked">
                {item.masked}
              </code>{" "}
              · {t("dashboard.keys.updated", { date: formatDateTime(item.updated_at, language) })}
            </p>
          ) : (
            <p className="mt-1 text-sm text-slate-500 dark:text-slate-400">{t("dashboard.keys.platform")}</p>
          )}
        </div>
        {!editing && (
          <div className="flex flex-wrap items-center gap-2">
            {item ? (
              <>
                <Button variant="secondary" loading={test.isPending} onClick={() => { test.mutate(); }} data-testid="key-test">
                  {t("dashboard.keys.test")}
                </Button>
                <Button variant="ghost" onClick={() => { setEditing(true); }} data-testid="key-rotate">
                  {t("dashboard.keys.rotate")}
                </Button>
                <ConfirmButton
                  variant="ghost"
                  question={t("dashboard.keys.delete_question", { vendor: vendor.vendor_name })}
                  loading={remove.isPending}
                  onConfirm={() => { remove.mutate(); }}
                  data-testid="key-delete"
                >
                  {t("dashboard.keys.delete")}
                </ConfirmButton>
              </>
            ) : (
              <Button variant="secondary" onClick={() => { setEditing(true); }} data-testid="key-add">
                {t("dashboard.keys.add")}
              </Button>
            )}
          </div>
        )}
      </div>
      {item && result && !editing && (
        <div className="mt-2">
          <TestResult result={result} at={test.data ? null : item.last_tested_at} />
        </div>
      )}
      {editing && <KeyForm vendor={vendor} rotating={item !== undefined} onDone={() => { setEditing(false); test.reset(); }} />}
      <ProblemError error={test.error ?? remove.error} data-testid="key-action-error" />
    </li>
  );
}

export function KeysPage() {
  const { t } = useI18n();
  useDocumentTitle(t("dashboard.keys.title"));
  const keys = useQuery({ queryKey: dashboardKeys.keys, queryFn: ({ signal }) => dashboardApi.keys({ signal }) });
  const byVendor = new Map((keys.data?.items ?? []).map((item) => [item.vendor, item]));
  // Keys for vendors no longer offered still show, so they can be deleted.
  const vendors: KeyVendor[] = [
    ...(keys.data?.vendors ?? []),
    ...(keys.data?.items ?? [])
      .filter((item) => !(keys.data?.vendors ?? []).some((vendor) => vendor.vendor === item.vendor))
      .map((item) => ({ vendor: item.vendor, vendor_name: item.vendor_name, docs_url: null })),
  ];
  return (
    <div className="mx-auto max-w-4xl space-y-6" data-testid="keys-page">
      <PageHeader title={t("dashboard.keys.title")} subtitle={t("dashboard.keys.subtitle")} />
      <Alert tone="info" data-testid="keys-precedence">
        <p>{t("dashboard.keys.precedence")}</p>
        <p>{t("dashboard.keys.storage")}</p>
      </Alert>
      <section className="rounded-2xl bg-white px-4 shadow-sm ring-1 ring-slate-200 sm:px-6 dark:bg-slate-900 dark:ring-slate-800">
        {keys.isPending ? (
          <Spinner />
        ) : keys.isError ? (
          <div className="py-4">
            <ProblemError error={keys.error} data-testid="keys-error" />
          </div>
        ) : (
          <ul className="divide-y divide-slate-200 dark:divide-slate-800" data-testid="keys-list">
            {vendors.map((vendor) => (
              <VendorRow key={vendor.vendor} vendor={vendor} item={byVendor.get(vendor.vendor)} />
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
