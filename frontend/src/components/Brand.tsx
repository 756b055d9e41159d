import { Boxes } from "lucide-react";

/** Logo and wordmark; `compact` keeps only the logo on the narrowest screens. */
export function Brand({ compact = false }: { compact?: boolean }) {
  return (
    <span className="inline-flex items-center gap-2 font-bold tracking-tight text-slate-900 dark:text-white">
      <span className="flex size-8 items-center justify-center rounded-lg bg-linear-to-br from-indigo-500 to-fuchsia-500 text-white shadow-sm">
        <Boxes className="size-5" aria-hidden="true" />
      </span>
      <span className={compact ? "sr-only sm:not-sr-only" : undefined}>
        WeBox <span className="text-indigo-600 dark:text-indigo-400">Multi-IA</span>
      </span>
    </span>
  );
}
