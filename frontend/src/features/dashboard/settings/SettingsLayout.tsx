import { NavLink, Outlet } from "react-router";
import { useI18n } from "../../../i18n";
import { SETTINGS_PAGES } from "./pages";

/** The account pages share one row of tabs (scrolls sideways on phones). */
export function SettingsLayout() {
  const { t } = useI18n();
  return (
    <div className="space-y-6">
      <nav aria-label={t("dashboard.settings.nav.label")} className="mx-auto max-w-4xl overflow-x-auto">
        <ul className="flex gap-1 border-b border-slate-200 dark:border-slate-800">
          {SETTINGS_PAGES.map((page) => (
            <li key={page.id}>
              <NavLink
                to={page.path}
                data-testid={`settings-tab-${page.id}`}
                className={({ isActive }) =>
                  `-mb-px flex items-center gap-2 border-b-2 px-3 py-2 text-sm font-medium whitespace-nowrap ${
                    isActive
                      ? "border-indigo-600 text-indigo-700 dark:border-indigo-400 dark:text-indigo-300"
                      : "border-transparent text-slate-600 hover:text-slate-900 dark:text-slate-400 dark:hover:text-white"
                  }`
                }
              >
                <page.icon className="size-4" aria-hidden="true" />
                {t(page.label)}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Outlet />
    </div>
  );
}
