// A component's props as form fields, and the typed values the API takes (checked again server-side).
import type { Prop } from "./api";

export type PropValues = Record<string, string>;
export type PropResult = { ok: true; props: Record<string, unknown> } | { ok: false; prop: string; reason: "required" | "integer" };

/** The props a person fills in: the app prop is the chosen account, not a field. */
export function editableProps(props: readonly Prop[]): Prop[] {
  return props.filter((prop) => prop.type !== "app");
}

/** Form text → typed values: `string[]` split on commas or new lines, integers parsed, booleans
 * from "true"; an empty optional field is left out. */
export function toProps(props: readonly Prop[], values: PropValues): PropResult {
  const out: Record<string, unknown> = {};
  for (const prop of editableProps(props)) {
    const raw = (values[prop.name] ?? "").trim();
    if (raw === "") {
      if (!prop.optional) return { ok: false, prop: prop.name, reason: "required" };
      continue;
    }
    if (prop.type === "string[]") {
      out[prop.name] = raw.split(/[,\n]/).map((item) => item.trim()).filter(Boolean);
    } else if (prop.type === "integer") {
      if (!/^-?\d+$/.test(raw)) return { ok: false, prop: prop.name, reason: "integer" };
      out[prop.name] = Number(raw);
    } else if (prop.type === "boolean") {
      out[prop.name] = raw === "true";
    } else {
      out[prop.name] = raw;
    }
  }
  return { ok: true, props: out };
}
