import { BarChart3, Users } from "lucide-react";
import { NavLink, Outlet } from "react-router";
import { useI18n } from "../../i18n";

/** Tabs over the admin pages: users, platform usage. */
export function AdminLayout() {
  const { t } = useI18n();
  const tabs = [
    { id: "users", to: "/admin/users", icon: Users, label: t("dashboard.admin.nav.users") },
    { id: "usage", to: "/admin/usage", icon: BarChart3, label: t("dashboard.admin.nav.usage") },
  ];
  return (
    <div className="space-y-6">
      <nav aria-label={t("nav.admin")} className="mx-auto max-w-7xl overflow-x-auto">
        <ul className="flex gap-1 border-b border-slate-200 dark:border-slate-800">
          {tabs.map((tab) => (
            <li key={tab.id}>
              <NavLink
                to={tab.to}
                data-testid={`admin-tab-${tab.id}`}
                className={({ isActive }) =>
                  `-mb-px flex items-center gap-2 border-b-2 px-3 py-2 text-sm font-medium whitespace-nowrap ${
                    isActive
                      ? "border-indigo-600 text-indigo-700 dark:border-indigo-400 dark:text-indigo-300"
                      : "border-transparent text-slate-600 hover:text-slate-900 dark:text-slate-400 dark:hover:text-white"
                  }`
                }
              >
                <tab.icon className="size-4" aria-hidden="true" />
                {tab.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Outlet />
    </div>
  );
}
