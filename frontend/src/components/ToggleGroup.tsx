import type { ReactNode } from "react";

export interface ToggleOption<T> {
  value: T;
  /** The option's name: shown, or read by screen readers and shown as a tooltip when `icon` stands for it. */
  label: string;
  icon?: ReactNode;
  testId?: string;
}

export interface ToggleGroupProps<T> {
  label: string;
  options: readonly ToggleOption<T>[];
  value: T;
  onChange: (value: T) => void;
  "data-testid"?: string;
}

/** One choice among a few, as a group of toggle buttons (an icon alone when the option has one). */
export function ToggleGroup<T extends string | number>({ label, options, value, onChange, ...rest }: ToggleGroupProps<T>) {
  return (
    <div role="group" aria-label={label} className="inline-flex shrink-0 rounded-lg bg-slate-100 p-0.5 dark:bg-slate-800" {...rest}>
      {options.map((option) => (
        <button
          key={option.value}
          type="button"
          aria-pressed={value === option.value}
          aria-label={option.icon ? option.label : undefined}
          title={option.icon ? option.label : undefined}
          data-testid={option.testId}
          onClick={() => {
            onChange(option.value);
          }}
          className={`rounded-md text-sm font-semibold transition ${option.icon ? "p-1.5" : "px-3 py-1.5"} ${
            value === option.value
              ? "bg-white text-indigo-700 shadow-sm dark:bg-slate-900 dark:text-indigo-300"
              : "text-slate-600 hover:text-slate-900 dark:text-slate-300 dark:hover:text-white"
          }`}
        >
          {option.icon ?? option.label}
        </button>
      ))}
    </div>
  );
}
