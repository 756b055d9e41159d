// A Pipedream component's props as form fields, and the typed values the API takes (checked again
// server-side): the automations page's trigger form and the workflow builder's Pipedream node.
import type { Schema } from "./api";

export type Prop = Schema<"PropOut">;

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
      out[prop.name] = raw
        .split(/[,\n]/)
        .map((item) => item.trim())
        .filter(Boolean);
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

/** A prop's value as the text of its field (lists one item a line). */
export function propText(value: unknown): string {
  if (Array.isArray(value)) return value.map(String).join("\n");
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return String(value);
  return value === undefined || value === null ? "" : JSON.stringify(value);
}

/** A field's text as the prop's value, where a `{{reference}}` stays text (filled when the node
 * runs): lists split on new lines, integers parsed, booleans from "true"; empty → undefined. */
export function propValue(prop: Prop, raw: string): unknown {
  const text = raw.trim();
  if (text === "") return undefined;
  if (prop.type === "string[]")
    return raw
      .split("\n")
      .map((item) => item.trim())
      .filter(Boolean);
  if (prop.type === "integer" && /^-?\d+$/.test(text)) return Number(text);
  if (prop.type === "boolean" && (text === "true" || text === "false")) return text === "true";
  return raw;
}
