import { Globe, Lock } from "lucide-react";
import { useId, useState, type SubmitEvent } from "react";
import { Button } from "../../components/Button";
import { useI18n, type MessageKey } from "../../i18n";
import { MAX_EMAILS, parseEmails, type LinkInput, type Visibility } from "./api";
import { controlClasses } from "../../components/controls";
import { ExpirySelect } from "../../components/ExpirySelect";
import { DEFAULT_EXPIRY, expiryHours, type Expiry } from "../../lib/expiry";

export interface LinkFormProps {
  /** The link being edited (its expiry is then "keep" by default), or undefined for a new one. */
  initial?: { visibility: Visibility; allowed_emails: string[] };
  submitLabel: string;
  loading: boolean;
  /** Only the fields to send: an edit leaves the expiry alone unless a choice was made. */
  onSubmit: (input: Partial<LinkInput>) => void;
  onCancel?: () => void;
}

/** Who may open a link (anyone, or the signed-in accounts named) and for how long. */
export function LinkForm({ initial, submitLabel, loading, onSubmit, onCancel }: LinkFormProps) {
  const { t } = useI18n();
  const id = useId();
  const [visibility, setVisibility] = useState<Visibility>(initial?.visibility ?? "public");
  const [emails, setEmails] = useState((initial?.allowed_emails ?? []).join("\n"));
  const editing = initial !== undefined;
  const [expiry, setExpiry] = useState<Expiry | "keep">(editing ? "keep" : DEFAULT_EXPIRY);
  const parsed = parseEmails(emails);
  const tooMany = parsed.length > MAX_EMAILS;

  function submit(event: SubmitEvent) {
    event.preventDefault();
    if (tooMany) return;
    const input: Partial<LinkInput> = {
      visibility,
      allowed_emails: visibility === "private" ? parsed : [],
    };
    if (expiry !== "keep") input.expires_in_hours = expiryHours(expiry);
    onSubmit(input);
  }

  const option = (value: Visibility, Icon: typeof Globe, label: MessageKey, hint: MessageKey) => (
    <label
      className={`flex cursor-pointer items-start gap-2 rounded-lg p-2 ring-1 ring-inset ${
        visibility === value ? "bg-indigo-50 ring-indigo-300 dark:bg-indigo-950 dark:ring-indigo-800" : "ring-slate-200 dark:ring-slate-700"
      }`}
    >
      <input
        type="radio"
        name={`${id}-visibility`}
        value={value}
        checked={visibility === value}
        onChange={() => {
          setVisibility(value);
        }}
        data-testid={`share-visibility-${value}`}
        className="mt-1"
      />
      <span className="min-w-0">
        <span className="flex items-center gap-1 text-sm font-medium text-slate-900 dark:text-white">
          <Icon className="size-4" aria-hidden="true" />
          {t(label)}
        </span>
        <span className="block text-xs text-slate-600 dark:text-slate-400">{t(hint)}</span>
      </span>
    </label>
  );

  return (
    <form className="space-y-3" onSubmit={submit} data-testid="share-form">
      <fieldset className="grid gap-2 sm:grid-cols-2">
        <legend className="mb-1 text-sm font-medium text-slate-800 dark:text-slate-200">{t("share.form.who")}</legend>
        {option("public", Globe, "share.visibility.public", "share.visibility.public_hint")}
        {option("private", Lock, "share.visibility.private", "share.visibility.private_hint")}
      </fieldset>
      {visibility === "private" && (
        <div>
          <label htmlFor={`${id}-emails`} className="mb-1 block text-sm font-medium text-slate-800 dark:text-slate-200">
            {t("share.form.emails")}
          </label>
          <textarea
            id={`${id}-emails`}
            rows={3}
            value={emails}
            onChange={(event) => {
              setEmails(event.target.value);
            }}
            placeholder="ada@example.com, alan@example.com"
            aria-describedby={`${id}-emails-hint`}
            aria-invalid={tooMany || undefined}
            data-testid="share-emails"
            className={controlClasses}
          />
          <p id={`${id}-emails-hint`} className={`mt-1 text-xs ${tooMany ? "text-red-700" : "text-slate-500 dark:text-slate-400"}`}>
            {tooMany ? t("share.form.too_many", { max: MAX_EMAILS }) : t("share.form.emails_hint")}
          </p>
        </div>
      )}
      <div>
        <label htmlFor={`${id}-expiry`} className="mb-1 block text-sm font-medium text-slate-800 dark:text-slate-200">
          {t("share.form.expiry")}
        </label>
        <ExpirySelect id={`${id}-expiry`} value={expiry} onChange={setExpiry} allowKeep={editing} />
      </div>
      <div className="flex flex-wrap gap-2">
        <Button type="submit" loading={loading} disabled={tooMany} data-testid="share-submit">
          {submitLabel}
        </Button>
        {onCancel && (
          <Button variant="ghost" onClick={onCancel} data-testid="share-cancel">
            {t("common.cancel")}
          </Button>
        )}
      </div>
    </form>
  );
}
