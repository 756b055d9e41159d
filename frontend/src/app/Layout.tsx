import { Menu, Users, X, type LucideIcon } from "lucide-react";
import { Suspense, useEffect, useRef, useState } from "react";
import { Link, NavLink, Outlet, useLocation } from "react-router";
import { useAuth } from "../lib/auth";
import { SETTINGS_PAGES } from "../features/dashboard/settings/pages";
import { useSyncedTheme } from "../lib/useSyncedTheme";
import { useI18n } from "../i18n";
import { FEATURES, featurePath } from "../navigation";
import { Brand } from "../components/Brand";
import { Spinner } from "../components/PageStatus";
import { LanguageSwitch } from "../components/LanguageSwitch";
import { SocketStatusDot } from "../components/SocketStatusDot";
import { VerifyEmailBanner } from "../components/VerifyEmailBanner";
import { UserMenu } from "./UserMenu";

function NavItem({ to, icon: Icon, label, testId }: { to: string; icon: LucideIcon; label: string; testId: string }) {
  return (
    <NavLink
      to={to}
      data-testid={testId}
      className={({ isActive }) =>
        `flex items-center gap-3 rounded-lg px-3 py-2 text-sm font-medium transition ${
          isActive
            ? "bg-indigo-50 text-indigo-700 dark:bg-indigo-950 dark:text-indigo-200"
            : "text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"
        }`
      }
    >
      <Icon className="size-4 shrink-0" aria-hidden="true" />
      {label}
    </NavLink>
  );
}

function SidebarNav() {
  const { t } = useI18n();
  const { user } = useAuth();
  return (
    <nav aria-label={t("nav.label")} className="flex flex-1 flex-col gap-6 overflow-y-auto p-3">
      <ul className="space-y-0.5">
        {FEATURES.map((feature) => (
          <li key={feature.id}>
            <NavItem
              to={featurePath(feature.id)}
              icon={feature.icon}
              label={t(`features.${feature.id}.name`)}
              testId={`nav-${feature.id}`}
            />
          </li>
        ))}
      </ul>
      <ul className="space-y-0.5 border-t border-slate-200 pt-4 dark:border-slate-800">
        {SETTINGS_PAGES.map((page) => (
          <li key={page.id}>
            <NavItem to={page.path} icon={page.icon} label={t(page.label)} testId={`nav-${page.id}`} />
          </li>
        ))}
        {user?.role === "admin" && (
          <li>
            <NavItem to="/admin/users" icon={Users} label={t("nav.admin")} testId="nav-admin" />
          </li>
        )}
      </ul>
    </nav>
  );
}

/** The signed-in shell: sidebar (a drawer on phones), header, and the page. */
export function Layout() {
  const { t } = useI18n();
  useSyncedTheme();
  const [drawerOpen, setDrawerOpen] = useState(false);
  const { pathname } = useLocation();
  const { user } = useAuth();

  // Close the phone drawer once a link in it has been followed.
  const [drawerPath, setDrawerPath] = useState(pathname);
  if (drawerPath !== pathname) {
    setDrawerPath(pathname);
    setDrawerOpen(false);
  }

  const closeButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!drawerOpen) return;
    closeButton.current?.focus();
    function onKey(event: KeyboardEvent) {
      if (event.key === "Escape") setDrawerOpen(false);
    }
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("keydown", onKey);
    };
  }, [drawerOpen]);

  return (
    <div className="min-h-dvh bg-slate-50 dark:bg-slate-950">
      <a
        href="#main"
        className="sr-only z-50 rounded-lg bg-white px-3 py-2 text-sm focus:not-sr-only focus:absolute focus:top-2 focus:left-2"
      >
        {t("nav.skip")}
      </a>

      {drawerOpen && (
        <div
          className="fixed inset-0 z-30 bg-slate-900/50 md:hidden"
          aria-hidden="true"
          onClick={() => {
            setDrawerOpen(false);
          }}
        />
      )}
      {/* One sidebar for every width: fixed on desktop, a drawer on phones. */}
      <aside
        id="sidebar"
        className={`fixed inset-y-0 left-0 z-40 flex w-72 max-w-[85%] flex-col border-r border-slate-200 bg-white transition-transform md:visible md:w-64 md:translate-x-0 dark:border-slate-800 dark:bg-slate-900 ${
          drawerOpen ? "visible translate-x-0 shadow-xl" : "invisible -translate-x-full"
        }`}
      >
        <div className="flex h-16 items-center justify-between px-5">
          <Link to="/chat">
            <Brand />
          </Link>
          <button
            type="button"
            ref={closeButton}
            data-testid="nav-close"
            aria-label={t("nav.close")}
            onClick={() => {
              setDrawerOpen(false);
            }}
            className="-mr-2 rounded-lg p-2 text-slate-600 hover:bg-slate-100 md:hidden dark:text-slate-300 dark:hover:bg-slate-800"
          >
            <X className="size-5" aria-hidden="true" />
          </button>
        </div>
        <SidebarNav />
      </aside>

      <div className="md:pl-64">
        <header className="sticky top-0 z-20 flex h-16 items-center gap-3 border-b border-slate-200 bg-white/80 px-4 backdrop-blur sm:px-6 dark:border-slate-800 dark:bg-slate-900/80">
          <button
            type="button"
            data-testid="nav-toggle"
            aria-label={t("nav.open")}
            aria-expanded={drawerOpen}
            aria-controls="sidebar"
            onClick={() => {
              setDrawerOpen(true);
            }}
            className="-ml-2 rounded-lg p-2 text-slate-600 hover:bg-slate-100 md:hidden dark:text-slate-300 dark:hover:bg-slate-800"
          >
            <Menu className="size-5" aria-hidden="true" />
          </button>
          <Link to="/chat" className="md:hidden">
            <Brand compact />
          </Link>
          <div className="ml-auto flex items-center gap-2 sm:gap-3">
            <SocketStatusDot />
            <LanguageSwitch />
            <UserMenu />
          </div>
        </header>
        {user && !user.email_verified && <VerifyEmailBanner email={user.email} />}
        <main id="main" className="px-4 py-6 sm:px-6 lg:px-8">
          <Suspense fallback={<Spinner />}>
            <Outlet />
          </Suspense>
        </main>
      </div>
    </div>
  );
}
