import { Search } from "lucide-react";

/** A search box with its magnifier and a visually hidden label (the label is also the placeholder). */
export function SearchInput({
  id,
  label,
  value,
  onChange,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
}) {
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
        onChange={(event) => {
          onChange(event.target.value);
        }}
        placeholder={label}
        data-testid={id}
        className="block w-full rounded-lg border-0 bg-white py-2 pr-3 pl-9 text-sm shadow-sm ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-indigo-600 dark:bg-slate-900 dark:text-slate-100 dark:ring-slate-600"
      />
    </div>
  );
}
