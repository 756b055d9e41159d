// The run form's variables as text, one per line: `name:type:label[:choice|choice…]`, a date's
// bounds as `name:date:label:earliest|latest` (either may be left empty).
import type { Variable } from "./api";

const TYPES = new Set(["text", "textarea", "number", "choice", "date", "file"]);

function extra(variable: Variable): string {
  if (variable.choices) return `:${variable.choices.join("|")}`;
  if (variable.type === "date" && (variable.min_date || variable.max_date)) return `:${variable.min_date ?? ""}|${variable.max_date ?? ""}`;
  return "";
}

export function formatVariables(variables: Variable[]): string {
  return variables.map((v) => `${v.name}:${v.type}:${v.label}${extra(v)}`).join("\n");
}

function dateBounds(text: string | undefined): Pick<Variable, "min_date" | "max_date"> {
  const [earliest = "", latest = ""] = (text ?? "").split("|").map((part) => part.trim());
  return {
    ...(earliest ? { min_date: earliest } : {}),
    ...(latest ? { max_date: latest } : {}),
  };
}

export function parseVariables(text: string): Variable[] {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [name = "", type = "text", label, more] = line.split(":").map((part) => part.trim());
      const kind = (TYPES.has(type) ? type : "text") as Variable["type"];
      return {
        name,
        type: kind,
        label: label === undefined || label === "" ? name : label,
        required: true,
        ...(kind === "choice" ? { choices: (more ?? "").split("|").filter(Boolean) } : {}),
        ...(kind === "date" ? dateBounds(more) : {}),
      };
    });
}
