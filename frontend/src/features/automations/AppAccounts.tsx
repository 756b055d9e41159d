// The apps an automation needs, each connected (✓) or with its Connect button: a template's card
// and a generated draft show the same list.
import { useMutation } from "@tanstack/react-query";
import { Button } from "../../components/Button";
import { useI18n } from "../../i18n";
import { automationsApi, missingApps, type ConnectedAccount } from "./api";

const APPS = ["gmail", "slack", "google_forms", "google_sheets", "google_calendar", "stripe", "notion"] as const;
type AppSlug = (typeof APPS)[number];
const named = (app: string): app is AppSlug => (APPS as readonly string[]).includes(app);

export function AppAccounts({ apps, accounts, testId }: { apps: readonly string[]; accounts: readonly ConnectedAccount[]; testId: string }) {
  const { t } = useI18n();
  const missing = missingApps(apps, accounts);
  const connect = useMutation({
    mutationFn: (app: string) => automationsApi.connectLink(app),
    onSuccess: (link) => {
      window.open(link.connect_link_url, "_blank", "noopener");
    },
  });
  return (
    <ul className="flex flex-wrap gap-2 text-sm" aria-label={t("automations.templates.needs")}>
      {apps.length === 0 && <li className="text-slate-500">{t("automations.templates.no_account")}</li>}
      {apps.map((app) => (
        <li key={app} className="flex items-center gap-1" data-testid={`${testId}-${app}`}>
          <span className="font-medium">{named(app) ? t(`automations.templates.apps.${app}`) : app}</span>
          {missing.includes(app) ? (
            <Button
              variant="secondary"
              loading={connect.isPending && connect.variables === app}
              onClick={() => {
                connect.mutate(app);
              }}
            >
              {t("automations.templates.connect")}
            </Button>
          ) : (
            <span className="text-green-700 dark:text-green-400">✓ {t("automations.templates.connected")}</span>
          )}
        </li>
      ))}
      {connect.isError && (
        <li className="w-full text-red-700 dark:text-red-400" role="alert">
          {connect.error.message}
        </li>
      )}
    </ul>
  );
}
