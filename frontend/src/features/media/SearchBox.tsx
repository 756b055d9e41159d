import { Search } from "lucide-react";
import { useId } from "react";

/** A search input with its icon; the label is for screen readers. */
export function SearchBox({ value, onChange, label, "data-testid": testId }: { value: string; onChange: (value: string) => void; label: string; "data-testid"?: string }) {
  const id = useId();
  return (
    <div className="relative w-full max-w-md">
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <Search className="pointer-events-none absolute top-2.5 left-3 size-4 text-slate-400" aria-hidden="true" />
      <input
        id={id}
        type="search"
        maxLength={100}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        placeholder={label}
        data-testid={testId}
        className="block w-full rounded-lg border-0 bg-white py-2 pr-3 pl-9 text-sm shadow-sm ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-indigo-600 dark:bg-slate-900 dark:text-slate-100 dark:ring-slate-600"
      />
    </div>
  );
}
