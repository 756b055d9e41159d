import { useI18n, type MessageKey } from "../i18n";
import { EXPIRY_CHOICES, type Expiry } from "../lib/expiry";
import { controlClasses } from "./controls";

const LABELS: Record<Expiry, MessageKey> = {
  "1": "share.expiry.hour",
  "24": "share.expiry.day",
  "168": "share.expiry.week",
  "720": "share.expiry.month",
  never: "share.expiry.never",
};

interface ExpirySelectProps {
  id: string;
  value: Expiry | "keep";
  onChange: (value: Expiry | "keep") => void;
  /** Offer "keep as is" (editing a link whose expiry is already set). */
  allowKeep?: boolean;
  className?: string;
  "data-testid"?: string;
}

/** The expiry picker of every share link (conversations, media). */
export function ExpirySelect({ id, value, onChange, allowKeep = false, className = controlClasses, ...rest }: ExpirySelectProps) {
  const { t } = useI18n();
  return (
    <select
      id={id}
      value={value}
      onChange={(event) => {
        onChange(event.target.value as Expiry | "keep");
      }}
      data-testid={rest["data-testid"] ?? "share-expiry"}
      className={className}
    >
      {allowKeep && <option value="keep">{t("share.expiry.keep")}</option>}
      {EXPIRY_CHOICES.map((choice) => (
        <option key={choice} value={choice}>
          {t(LABELS[choice])}
        </option>
      ))}
    </select>
  );
}
