// What the chat remembers on this device: model presets, the last selection, cross-verification.
import { useCallback, useState } from "react";
import { readStored as read, useStoredPreference as useStored, writeStored as write } from "./storedPreference";

export const PRESETS_KEY = "webox.chat.presets";
export const SELECTION_KEY = "webox.chat.models";
export const VERIFY_KEY = "webox.chat.verify";
export const JUDGE_KEY = "webox.chat.judge";

/** Saved model selections, stored as `{ "<name>": ["<model id>", …] }`. */
export type Presets = Record<string, string[]>;

const isStringArray = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === "string");

function readPresets(): Presets {
  const value = read(PRESETS_KEY);
  const presets: Presets = {};
  // Also accepts a list of `{name, models}`.
  if (Array.isArray(value)) {
    for (const item of value as unknown[]) {
      const { name, models } = (typeof item === "object" && item !== null ? item : {}) as Record<string, unknown>;
      if (typeof name === "string" && isStringArray(models)) presets[name] = models;
    }
  } else if (typeof value === "object" && value !== null) {
    for (const [name, models] of Object.entries(value)) {
      if (isStringArray(models)) presets[name] = models;
    }
  }
  return presets;
}

export function usePresets() {
  const [presets, setPresets] = useState<Presets>(readPresets);
  const save = useCallback((name: string, models: string[]) => {
    setPresets((current) => {
      const next = { ...current, [name]: models };
      write(PRESETS_KEY, next);
      return next;
    });
  }, []);
  const remove = useCallback((name: string) => {
    setPresets((current) => {
      const next = Object.fromEntries(Object.entries(current).filter(([other]) => other !== name));
      write(PRESETS_KEY, next);
      return next;
    });
  }, []);
  return { presets, save, remove };
}

const NONE: string[] = [];

export function useLastSelection() {
  return useStored<string[]>(SELECTION_KEY, (value) => (isStringArray(value) ? value : null), NONE);
}

/** The judge the user picked ("" lets the server choose one the plan allows). */
export function useJudgePreference() {
  return useStored<string>(JUDGE_KEY, (value) => (typeof value === "string" ? value : null), "");
}

export function useVerifyPreference() {
  return useStored<boolean>(VERIFY_KEY, (value) => (typeof value === "boolean" ? value : null), true);
}
