import { Search } from "lucide-react";
import { Input } from "./Input";

export interface SearchInputProps {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** Shown in the box; the label by default. */
  placeholder?: string;
  /** Show the label above the box (in a form row) instead of only to screen readers. */
  visibleLabel?: boolean;
  maxLength?: number;
  "data-testid"?: string;
  className?: string;
}

/** A search box with its magnifier and a label (visually hidden unless `visibleLabel`). */
export function SearchInput({
  id,
  label,
  value,
  onChange,
  placeholder,
  visibleLabel = false,
  maxLength = 100,
  "data-testid": testId,
  className = "w-full max-w-md",
}: SearchInputProps) {
  return (
    <div className={`relative ${className}`}>
      <label
        htmlFor={id}
        className={visibleLabel ? "mb-1 block text-sm font-medium text-slate-800 dark:text-slate-200" : "sr-only"}
      >
        {label}
      </label>
      <Search className="pointer-events-none absolute bottom-2.5 left-3 size-4 text-slate-400" aria-hidden="true" />
      <Input
        id={id}
        type="search"
        maxLength={maxLength}
        value={value}
        onChange={(event) => {
          onChange(event.target.value);
        }}
        placeholder={placeholder ?? label}
        data-testid={testId ?? id}
        className="pr-3 pl-9"
      />
    </div>
  );
}
