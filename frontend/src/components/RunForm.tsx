// The run form of a workflow, generated from its typed variables (the prompt library's types): used
// by the workflows' run panel and by the chat's `/workflow` command.
import { SelectField, TextField } from "./Field";
import { Textarea } from "./Input";
import { LibraryFileSelect } from "./LibraryFileSelect";
import type { Schema } from "../lib/api";

export type RunVariable = Schema<"Variable">;
export type RunValues = Record<string, string | number | null>;

interface Props {
  variables: RunVariable[];
  values: RunValues;
  onChange: (values: RunValues) => void;
  /** Names of the fields the API refused (`workflows.invalid_values`). */
  invalid?: string[];
}

export function RunForm({ variables, values, onChange, invalid = [] }: Props) {
  return (
    <>
      {variables.map((variable) => {
        const value = values[variable.name] ?? variable.default ?? "";
        const change = (next: string) => onChange({ ...values, [variable.name]: next });
        const refused = invalid.includes(variable.name);
        if (variable.type === "choice")
          return (
            <SelectField key={variable.name} label={variable.label} value={String(value)} onChange={(event) => change(event.target.value)}>
              <option value="" />
              {(variable.choices ?? []).map((choice) => (
                <option key={choice}>{choice}</option>
              ))}
            </SelectField>
          );
        if (variable.type === "file")
          return (
            <LibraryFileSelect
              key={variable.name}
              data-testid={`run-value-${variable.name}`}
              label={variable.label}
              aria-invalid={refused || undefined}
              value={String(value)}
              onChange={change}
            />
          );
        if (variable.type === "textarea")
          return (
            <label key={variable.name} className="block text-sm">
              <span className="font-medium">{variable.label}</span>
              <Textarea
                rows={4}
                invalid={refused}
                value={String(value)}
                onChange={(event) => change(event.target.value)}
                aria-label={variable.label}
              />
            </label>
          );
        return (
          <TextField
            key={variable.name}
            data-testid={`run-value-${variable.name}`}
            label={variable.label}
            type={variable.type === "number" || variable.type === "date" ? variable.type : "text"}
            min={(variable.type === "date" ? variable.min_date : variable.min) ?? undefined}
            max={(variable.type === "date" ? variable.max_date : variable.max) ?? undefined}
            aria-invalid={refused || undefined}
            value={String(value)}
            onChange={(event) => change(event.target.value)}
          />
        );
      })}
    </>
  );
}
