import { CircleCheck, CircleExclamationPoint, Info } from "lucide-react";
import { useEffect, useState, type ReactNode } from "react";
import { useI18n } from "../i18n";
import { describeError } from "../lib/problem";

type Tone = "error" | "success" | "info";

const TONES: Record<Tone, string> = {
  error: "bg-red-50 text-red-800 ring-red-200 dark:bg-red-950/50 dark:text-red-200 dark:ring-red-900",
  success: "bg-emerald-50 text-emerald-800 ring-emerald-200 dark:bg-emerald-950/50 dark:text-emerald-200 dark:ring-emerald-900",
  info: "bg-sky-50 text-sky-800 ring-sky-200 dark:bg-sky-950/50 dark:text-sky-200 dark:ring-sky-900",
};

const ICONS = { error: CircleExclamationPoint, success: CircleCheck, info: Info } as const;

export interface AlertProps {
  tone?: Tone;
  children: ReactNode;
  "data-testid"?: string;
  className?: string;
}

/** A message announced to screen readers: assertively for errors, politely otherwise. */
export function Alert({ tone = "info", children, className = "", ...rest }: AlertProps) {
  const Icon = ICONS[tone];
  return (
    <div
      role={tone === "error" ? "alert" : "status"}
      className={`flex gap-2 rounded-lg p-3 text-sm ring-1 ring-inset ${TONES[tone]} ${className}`}
      data-testid={rest["data-testid"]}
    >
      <Icon className="mt-0.5 size-4 shrink-0" aria-hidden="true" />
      <div className="min-w-0 flex-1 space-y-1">{children}</div>
    </div>
  );
}

// Restarts the countdown for each new failure, even with the same message.
const errorIds = new WeakMap<object, number>();
let nextErrorId = 0;
function errorId(error: object): number {
  let id = errorIds.get(error);
  if (id === undefined) {
    id = ++nextErrorId;
    errorIds.set(error, id);
  }
  return id;
}

function RetryCountdown({ seconds }: { seconds: number }) {
  const { t } = useI18n();
  const [left, setLeft] = useState(seconds);
  useEffect(() => {
    const timer = setInterval(() => {
      setLeft((value) => Math.max(0, value - 1));
    }, 1000);
    return () => {
      clearInterval(timer);
    };
  }, []);
  if (left <= 0) return null;
  return <p data-testid="retry-after">{t("errors.retry_in", { seconds: left })}</p>;
}

/** Shows an API failure in the user's language; renders nothing without an error. */
export function ProblemError({ error, "data-testid": testId = "form-error" }: { error: unknown; "data-testid"?: string }) {
  const { t } = useI18n();
  if (!error) return null;
  const described = describeError(error, t);
  return (
    <Alert tone="error" data-testid={testId}>
      <p>{described.message}</p>
      {described.fieldErrors.length > 0 && (
        <ul className="list-inside list-disc">
          {described.fieldErrors.map((item) => (
            <li key={`${item.field}:${item.message}`}>
              {item.field ? t("errors.field", { field: item.field, message: item.message }) : item.message}
            </li>
          ))}
        </ul>
      )}
      {described.retryAfter !== null && described.retryAfter > 0 && (
        <RetryCountdown key={typeof error === "object" ? errorId(error) : 0} seconds={described.retryAfter} />
      )}
    </Alert>
  );
}
