export interface ProgressBarProps {
  /** 0–100, or null for an indeterminate bar (waiting, size unknown). */
  value: number | null;
  label: string;
  tone?: "active" | "success" | "error";
  "data-testid"?: string;
}

const TONES = {
  active: "bg-indigo-600 dark:bg-indigo-400",
  success: "bg-emerald-600 dark:bg-emerald-400",
  error: "bg-red-600 dark:bg-red-400",
} as const;

/** An accessible progress bar (`role="progressbar"`), its value also in `data-value` for tests. */
export function ProgressBar({ value, label, tone = "active", ...rest }: ProgressBarProps) {
  const rounded = value === null ? null : Math.round(Math.min(100, Math.max(0, value)));
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={rounded ?? undefined}
      data-value={rounded ?? ""}
      data-testid={rest["data-testid"]}
      className="h-2 w-full overflow-hidden rounded-full bg-slate-200 dark:bg-slate-700"
    >
      <div
        className={`h-full rounded-full transition-[width] duration-300 ${TONES[tone]} ${rounded === null ? "w-1/3 animate-pulse" : ""}`}
        style={rounded === null ? undefined : { width: `${rounded}%` }}
      />
    </div>
  );
}
