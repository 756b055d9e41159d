import type { LucideIcon } from "lucide-react";
import { NavLink, Outlet } from "react-router";

export interface Tab {
  id: string;
  to: string;
  icon: LucideIcon;
  label: string;
}

/** A row of tabs over a group of pages (scrolls sideways on phones), then the page shown. */
export function TabsLayout({
  tabs,
  label,
  testIdPrefix,
  width = "max-w-7xl",
}: {
  tabs: Tab[];
  label: string;
  testIdPrefix: string;
  width?: string;
}) {
  return (
    <div className="space-y-6">
      <nav aria-label={label} className={`mx-auto ${width} overflow-x-auto`}>
        <ul className="flex gap-1 border-b border-slate-200 dark:border-slate-800">
          {tabs.map((tab) => (
            <li key={tab.id}>
              <NavLink
                to={tab.to}
                data-testid={`${testIdPrefix}-${tab.id}`}
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
