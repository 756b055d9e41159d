import { Check, Copy } from "lucide-react";
import { useState } from "react";
import { useI18n } from "../i18n";
import { Button, type ButtonProps } from "./Button";

type CopyState = "idle" | "copied" | "failed";

/** Copies `text` to the clipboard and says so for two seconds. */
export function CopyButton({ text, label, ...props }: { text: string; label?: string } & Omit<ButtonProps, "onClick">) {
  const { t } = useI18n();
  const [state, setState] = useState<CopyState>("idle");

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setState("copied");
    } catch {
      setState("failed");
    }
    setTimeout(() => {
      setState("idle");
    }, 2000);
  }

  const Icon = state === "copied" ? Check : Copy;
  return (
    <Button variant="secondary" onClick={copy} {...props}>
      <Icon className="size-4" aria-hidden="true" />
      <span aria-live="polite">
        {state === "copied" ? t("common.copied") : state === "failed" ? t("common.copy_failed") : (label ?? t("common.copy"))}
      </span>
    </Button>
  );
}
