import { BarChart3, Users } from "lucide-react";
import { TabsLayout } from "../../components/TabsLayout";
import { useI18n } from "../../i18n";

/** Tabs over the admin pages: users, platform usage. */
export function AdminLayout() {
  const { t } = useI18n();
  const tabs = [
    { id: "users", to: "/admin/users", icon: Users, label: t("dashboard.admin.nav.users") },
    { id: "usage", to: "/admin/usage", icon: BarChart3, label: t("dashboard.admin.nav.usage") },
  ];
  return <TabsLayout tabs={tabs} label={t("nav.admin")} testIdPrefix="admin-tab" />;
}
