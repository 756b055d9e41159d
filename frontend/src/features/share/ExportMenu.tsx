import { Download } from "lucide-react";
import { useEffect, useId, useRef, useState } from "react";
import { useI18n } from "../../i18n";
import { endpoint } from "../../lib/api";
import { EXPORT_FORMATS, exportUrl } from "./api";

export const HEADER_BUTTON =
  "inline-flex items-center gap-1.5 rounded-lg px-2 py-1 text-sm font-medium text-slate-700 hover:bg-slate-100 " +
  "aria-expanded:bg-indigo-50 aria-expanded:text-indigo-700 dark:text-slate-200 dark:hover:bg-slate-800 " +
  "dark:aria-expanded:bg-indigo-950 dark:aria-expanded:text-indigo-300";

/** "Export": the conversation as a file, every answer and verdict included, in one of five formats. */
export function ExportMenu({ conversationId }: { conversationId: string }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const menuId = useId();
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    // The downloads are plain links (the browser saves them); a quick authenticated call first
    // refreshes an expired session, so the file is not a sign-in error.
    void endpoint("get", "/api/auth/me").catch(() => undefined);
    const close = (event: MouseEvent | KeyboardEvent) => {
      if (event instanceof KeyboardEvent ? event.key === "Escape" : !root.current?.contains(event.target as Node)) {
        setOpen(false);
      }
    };
    document.addEventListener("mousedown", close);
    document.addEventListener("keydown", close);
    return () => {
      document.removeEventListener("mousedown", close);
      document.removeEventListener("keydown", close);
    };
  }, [open]);

  return (
    <div ref={root} className="relative">
      <button
        type="button"
        data-testid="export-toggle"
        aria-expanded={open}
        aria-controls={menuId}
        onClick={() => {
          setOpen(!open);
        }}
        className={HEADER_BUTTON}
      >
        <Download className="size-4" aria-hidden="true" />
        <span className="sr-only sm:not-sr-only">{t("share.export.toggle")}</span>
      </button>
      {open && (
        <ul
          id={menuId}
          data-testid="export-menu"
          className="absolute right-0 z-20 mt-1 w-56 rounded-xl bg-white p-1 shadow-lg ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-700"
        >
          {EXPORT_FORMATS.map((format) => (
            <li key={format}>
              <a
                href={exportUrl(conversationId, format)}
                download
                data-testid="export-link"
                data-format={format}
                onClick={() => {
                  setOpen(false);
                }}
                className="block rounded-lg px-3 py-2 text-sm text-slate-800 hover:bg-slate-100 dark:text-slate-200 dark:hover:bg-slate-800"
              >
                <span className="font-medium">{t(`share.export.formats.${format}`)}</span>
                <span className="ml-1 text-xs text-slate-500 uppercase dark:text-slate-400">.{format}</span>
              </a>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
