import { useState, type ReactNode } from "react";
import { useI18n } from "../i18n";
import { Button, type ButtonProps } from "./Button";

export interface ConfirmButtonProps extends Omit<ButtonProps, "onClick"> {
  /** Question shown next to the confirm/cancel pair. */
  question: ReactNode;
  onConfirm: () => void;
  "data-testid": string;
}

/**
 * A destructive action in two clicks, without a browser dialog: the button turns
 * into the question plus "Confirm" (`<testid>-confirm`) and "Cancel".
 */
export function ConfirmButton({ question, onConfirm, children, loading, ...props }: ConfirmButtonProps) {
  const { t } = useI18n();
  const [asking, setAsking] = useState(false);
  const testId = props["data-testid"];

  if (!asking) {
    return (
      <Button
        {...props}
        loading={loading}
        onClick={() => {
          setAsking(true);
        }}
      >
        {children}
      </Button>
    );
  }
  return (
    <span className="inline-flex flex-wrap items-center gap-2" role="group">
      <span className="text-sm text-slate-700 dark:text-slate-300">{question}</span>
      <Button
        variant="danger"
        data-testid={`${testId}-confirm`}
        loading={loading}
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {t("common.confirm")}
      </Button>
      <Button
        variant="ghost"
        data-testid={`${testId}-cancel`}
        onClick={() => {
          setAsking(false);
        }}
      >
        {t("common.cancel")}
      </Button>
    </span>
  );
}
