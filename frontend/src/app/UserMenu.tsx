import { ChevronDown, LogOut, Users } from "lucide-react";
import { useEffect, useId, useRef, useState } from "react";
import { Link } from "react-router";
import { useAuth } from "../lib/auth";
import { SETTINGS_PAGES } from "../features/dashboard/settings/pages";
import { useI18n } from "../i18n";

function initials(name: string, email: string): string {
  const source = name.trim() || email;
  const parts = source.split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? (parts[0]?.[0] ?? "") + (parts[1]?.[0] ?? "") : source.slice(0, 2);
  return letters.toUpperCase();
}

const ITEM =
  "flex w-full items-center gap-2 rounded-md px-3 py-2 text-left text-sm text-slate-700 hover:bg-slate-100 dark:text-slate-200 dark:hover:bg-slate-800";

export function UserMenu() {
  const { t } = useI18n();
  const { user, signOut } = useAuth();
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const menuId = useId();

  useEffect(() => {
    if (!open) return;
    function onPointer(event: PointerEvent) {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    }
    function onKey(event: KeyboardEvent) {
      if (event.key === "Escape") setOpen(false);
    }
    document.addEventListener("pointerdown", onPointer);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("pointerdown", onPointer);
      document.removeEventListener("keydown", onKey);
    };
  }, [open]);

  if (!user) return null;
  const close = () => {
    setOpen(false);
  };

  return (
    <div className="relative" ref={root}>
      <button
        type="button"
        data-testid="user-menu"
        aria-expanded={open}
        aria-controls={menuId}
        aria-label={t("user_menu.label", { name: user.name || user.email })}
        onClick={() => {
          setOpen((value) => !value);
        }}
        className="flex items-center gap-2 rounded-full py-1 pr-2 pl-1 text-sm font-medium text-slate-700 hover:bg-slate-100 dark:text-slate-200 dark:hover:bg-slate-800"
      >
        <span className="flex size-8 items-center justify-center rounded-full bg-indigo-600 text-xs font-bold text-white">
          {initials(user.name, user.email)}
        </span>
        <span className="hidden max-w-40 truncate md:inline" data-testid="user-menu-name">
          {user.name || user.email}
        </span>
        <ChevronDown className="size-4" aria-hidden="true" />
      </button>
      {open && (
        <div
          id={menuId}
          className="absolute right-0 z-30 mt-2 w-64 rounded-xl bg-white p-1.5 shadow-lg ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-700"
        >
          <div className="border-b border-slate-200 px-3 py-2 dark:border-slate-700">
            <p className="truncate text-sm font-semibold text-slate-900 dark:text-white">{user.name}</p>
            <p className="truncate text-xs text-slate-500 dark:text-slate-400">{user.email}</p>
          </div>
          <nav className="pt-1.5" aria-label={t("user_menu.title")}>
            {SETTINGS_PAGES.map((page) => (
              <Link key={page.id} to={page.path} className={ITEM} onClick={close} data-testid={`user-menu-${page.id}`}>
                <page.icon className="size-4" aria-hidden="true" />
                {t(page.label)}
              </Link>
            ))}
            {user.role === "admin" && (
              <Link to="/admin/users" className={ITEM} onClick={close} data-testid="user-menu-admin">
                <Users className="size-4" aria-hidden="true" />
                {t("nav.admin")}
              </Link>
            )}
            <button
              type="button"
              className={ITEM}
              data-testid="sign-out"
              onClick={() => {
                close();
                void signOut();
              }}
            >
              <LogOut className="size-4" aria-hidden="true" />
              {t("user_menu.sign_out")}
            </button>
          </nav>
        </div>
      )}
    </div>
  );
}
