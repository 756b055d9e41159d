// The run form's variables as text, one per line: `name:type:label[:choice|choice…]`.
import type { Variable } from "./api";

const TYPES = new Set(["text", "textarea", "number", "choice"]);

export function formatVariables(variables: Variable[]): string {
  return variables.map((v) => `${v.name}:${v.type}:${v.label}${v.choices ? `:${v.choices.join("|")}` : ""}`).join("\n");
}

export function parseVariables(text: string): Variable[] {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [name = "", type = "text", label, choices] = line.split(":").map((part) => part.trim());
      const kind = (TYPES.has(type) ? type : "text") as Variable["type"];
      return {
        name,
        type: kind,
        label: label === undefined || label === "" ? name : label,
        required: true,
        ...(kind === "choice" ? { choices: (choices ?? "").split("|").filter(Boolean) } : {}),
      };
    });
}

