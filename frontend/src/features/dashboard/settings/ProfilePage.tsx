import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { SlidersHorizontal } from "lucide-react";
import { useEffect, useState, type SubmitEvent } from "react";
import { Alert, ProblemError } from "../../../components/Alert";
import { Button } from "../../../components/Button";
import { Card } from "../../../components/Card";
import {
  CheckboxField,
  SelectField,
  TextField,
} from "../../../components/Field";
import { Spinner } from "../../../components/PageStatus";
import { LANGUAGES, useI18n } from "../../../i18n";
import { previewTheme, restoreTheme, setTheme } from "../../../lib/theme";
import { useDocumentTitle } from "../../../lib/useDocumentTitle";
import { useAuth } from "../../../lib/auth";
import { ModelPicker } from "../../../components/models/ModelPicker";
import { modelName, useModels } from "../../../lib/models";
import { ParamsPanel } from "../../../components/models/ParamsPanel";
import { toChatParams, type ParamsDraft } from "../../../lib/chatParams";
import {
  dashboardApi,
  dashboardKeys,
  THEMES,
  type AccountSettings,
  type Notifications,
  type Theme,
} from "../api";
import { DeleteAccountSection } from "./DeleteAccountSection";
import { ExportSection } from "./ExportSection";
import { PageHeader } from "../../../components/PageHeader";

const NOTIFICATIONS = [
  "product_news",
  "usage_alerts",
  "job_done",
] as const satisfies readonly (keyof Notifications)[];
const MAX_COST_CAP_USD = 1000;

function toDraft(settings: AccountSettings): ParamsDraft {
  const params = settings.default_params;
  return {
    temperature: params.temperature ?? null,
    maxTokens: params.max_tokens === null ? "" : String(params.max_tokens),
    system: params.system ?? "",
  };
}

/** "0.25" (dollars, as typed) → micro-USD; "" → no cap; null when not a valid amount. */
function parseCap(text: string): number | null | undefined {
  const trimmed = text.trim().replace(",", ".");
  if (trimmed === "") return null;
  const dollars = Number(trimmed);
  if (!Number.isFinite(dollars) || dollars <= 0 || dollars > MAX_COST_CAP_USD)
    return undefined;
  return Math.max(1, Math.round(dollars * 1_000_000));
}

function DefaultModels({
  selected,
  onChange,
}: {
  selected: string[];
  onChange: (selected: string[]) => void;
}) {
  const { t } = useI18n();
  const { models, byId, query } = useModels();
  const [open, setOpen] = useState(false);
  return (
    <div className="space-y-2">
      <p className="text-sm font-medium text-slate-800 dark:text-slate-200">
        {t("dashboard.profile.default_models")}
      </p>
      <div
        className="flex flex-wrap items-center gap-2"
        data-testid="default-models"
      >
        {selected.length === 0 ? (
          <span className="text-sm text-slate-500 dark:text-slate-400">
            {t("dashboard.profile.no_default_models")}
          </span>
        ) : (
          selected.map((id) => (
            <span
              key={id}
              data-testid="default-model"
              data-model={id}
              className="rounded-full bg-indigo-50 px-2.5 py-1 text-xs font-medium text-indigo-700 dark:bg-indigo-950 dark:text-indigo-300"
            >
              {modelName(byId, id)}
            </span>
          ))
        )}
        <Button
          variant="ghost"
          onClick={() => {
            setOpen((value) => !value);
          }}
          aria-expanded={open}
          data-testid="default-models-toggle"
        >
          {open
            ? t("dashboard.profile.close_picker")
            : t("dashboard.profile.choose_models")}
        </Button>
      </div>
      {open && (
        <ModelPicker
          models={models}
          byId={byId}
          loading={query.isPending}
          error={query.error}
          selected={selected}
          onChange={onChange}
          onClose={() => {
            setOpen(false);
          }}
        />
      )}
    </div>
  );
}

function ProfileForm({ settings }: { settings: AccountSettings }) {
  const { t, setLanguage } = useI18n();
  const { refresh } = useAuth();
  const queryClient = useQueryClient();
  const [displayName, setDisplayName] = useState(settings.display_name);
  const [language, setFormLanguage] = useState(settings.language);
  const [theme, setFormTheme] = useState<Theme>(settings.theme);
  const [models, setModels] = useState(settings.default_models);
  const [params, setParams] = useState<ParamsDraft>(() => toDraft(settings));
  const [showParams, setShowParams] = useState(false);
  const [notifications, setNotifications] = useState(settings.notifications);
  const [cap, setCap] = useState(
    settings.cost_cap_micro_usd === null
      ? ""
      : String(settings.cost_cap_micro_usd / 1_000_000),
  );
  const capValue = parseCap(cap);
  // A theme tried out but not saved does not outlive the form.
  useEffect(() => restoreTheme, []);

  const save = useMutation({
    mutationFn: dashboardApi.updateSettings,
    onSuccess: (saved) => {
      queryClient.setQueryData(dashboardKeys.settings, saved);
      void queryClient.invalidateQueries({ queryKey: dashboardKeys.quota });
      setLanguage(saved.language);
      setTheme(saved.theme);
      void refresh();
    },
  });

  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (capValue === undefined) return;
    const chatParams = toChatParams(params);
    save.mutate({
      display_name: displayName.trim(),
      language,
      theme,
      default_models: models,
      default_params: {
        temperature: chatParams.temperature ?? null,
        max_tokens: chatParams.max_tokens ?? null,
        system: chatParams.system ?? null,
      },
      notifications,
      cost_cap_micro_usd: capValue,
    });
  }

  return (
    <form onSubmit={submit} className="space-y-6" data-testid="profile-form">
      <Card
        title={t("dashboard.profile.identity")}
        description={t("dashboard.profile.email", { email: settings.email })}
      >
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField
            label={t("dashboard.profile.display_name")}
            value={displayName}
            required
            maxLength={80}
            autoComplete="name"
            onChange={(event) => {
              setDisplayName(event.target.value);
            }}
            data-testid="profile-name"
          />
          <SelectField
            label={t("dashboard.profile.language")}
            value={language}
            onChange={(event) => {
              setFormLanguage(
                event.target.value as AccountSettings["language"],
              );
            }}
            data-testid="profile-language"
          >
            {LANGUAGES.map((code) => (
              <option key={code} value={code}>
                {t(`language.${code}`)}
              </option>
            ))}
          </SelectField>
        </div>
        <fieldset className="mt-4">
          <legend className="mb-2 text-sm font-medium text-slate-800 dark:text-slate-200">
            {t("dashboard.profile.theme")}
          </legend>
          <div className="flex flex-wrap gap-2" data-testid="profile-theme">
            {THEMES.map((value) => (
              <label
                key={value}
                className={`cursor-pointer rounded-lg px-3 py-1.5 text-sm font-medium ring-1 ring-inset has-focus-visible:outline-2 has-focus-visible:outline-offset-2 has-focus-visible:outline-indigo-600 ${
                  theme === value
                    ? "bg-indigo-50 text-indigo-700 ring-indigo-300 dark:bg-indigo-950 dark:text-indigo-200 dark:ring-indigo-700"
                    : "text-slate-700 ring-slate-300 dark:text-slate-300 dark:ring-slate-600"
                }`}
              >
                <input
                  type="radio"
                  name="theme"
                  value={value}
                  checked={theme === value}
                  onChange={() => {
                    setFormTheme(value);
                    previewTheme(value);
                  }}
                  className="sr-only"
                  data-testid={`profile-theme-${value}`}
                />
                {t(`dashboard.profile.themes.${value}`)}
              </label>
            ))}
          </div>
        </fieldset>
      </Card>

      <Card
        title={t("dashboard.profile.defaults")}
        description={t("dashboard.profile.defaults_hint")}
      >
        <div className="space-y-4">
          <DefaultModels selected={models} onChange={setModels} />
          <div>
            <Button
              variant="ghost"
              onClick={() => {
                setShowParams((value) => !value);
              }}
              aria-expanded={showParams}
              data-testid="default-params-toggle"
            >
              <SlidersHorizontal className="size-4" aria-hidden="true" />
              {t("dashboard.profile.default_params")}
            </Button>
            {showParams && (
              <div className="mt-2">
                <ParamsPanel value={params} onChange={setParams} />
              </div>
            )}
          </div>
        </div>
      </Card>

      <Card title={t("dashboard.profile.notifications")}>
        <div className="space-y-3">
          {NOTIFICATIONS.map((name) => (
            <CheckboxField
              key={name}
              label={t(`dashboard.profile.notify.${name}`)}
              checked={notifications[name]}
              onChange={(event) => {
                setNotifications({
                  ...notifications,
                  [name]: event.target.checked,
                });
              }}
              data-testid={`notify-${name}`}
            />
          ))}
        </div>
      </Card>

      <Card
        title={t("dashboard.profile.cost_cap")}
        description={t("dashboard.profile.cost_cap_hint")}
      >
        <TextField
          label={t("dashboard.profile.cost_cap_label")}
          inputMode="decimal"
          value={cap}
          placeholder={t("dashboard.profile.cost_cap_none")}
          onChange={(event) => {
            setCap(event.target.value);
          }}
          aria-invalid={capValue === undefined}
          hint={
            capValue === undefined
              ? t("dashboard.profile.cost_cap_invalid", {
                  max: MAX_COST_CAP_USD,
                })
              : undefined
          }
          className="max-w-xs"
          data-testid="profile-cost-cap"
        />
      </Card>

      <div className="flex flex-wrap items-center gap-3">
        <Button
          type="submit"
          loading={save.isPending}
          disabled={capValue === undefined}
          data-testid="profile-save"
        >
          {t("dashboard.profile.save")}
        </Button>
        {save.isSuccess && (
          <Alert tone="success" data-testid="profile-saved" className="py-2">
            <p>{t("dashboard.profile.saved")}</p>
          </Alert>
        )}
      </div>
      <ProblemError error={save.error} data-testid="profile-error" />
    </form>
  );
}

export function ProfilePage() {
  const { t } = useI18n();
  useDocumentTitle(t("dashboard.profile.title"));
  const settings = useQuery({
    queryKey: dashboardKeys.settings,
    queryFn: ({ signal }) => dashboardApi.settings({ signal }),
  });
  return (
    <div className="mx-auto max-w-4xl space-y-6" data-testid="profile-page">
      <PageHeader
        title={t("dashboard.profile.title")}
        subtitle={t("dashboard.profile.subtitle")}
      />
      {settings.isPending ? (
        <Spinner />
      ) : settings.isError ? (
        <ProblemError error={settings.error} data-testid="profile-load-error" />
      ) : (
        <ProfileForm settings={settings.data} />
      )}
      <ExportSection />
      <DeleteAccountSection />
    </div>
  );
}
