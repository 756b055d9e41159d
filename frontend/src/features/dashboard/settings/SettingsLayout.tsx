import { TabsLayout } from "../../../components/TabsLayout";
import { useI18n } from "../../../i18n";
import { SETTINGS_PAGES } from "./pages";

/** The account pages share one row of tabs. */
export function SettingsLayout() {
  const { t } = useI18n();
  const tabs = SETTINGS_PAGES.map((page) => ({ id: page.id, to: page.path, icon: page.icon, label: t(page.label) }));
  return (
    <TabsLayout tabs={tabs} label={t("dashboard.settings.nav.label")} testIdPrefix="settings-tab" width="max-w-4xl" />
  );
}
