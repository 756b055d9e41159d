// Approve (as is, or with the step's output edited as JSON) or reject a step waiting for approval.
import { useState } from "react";
import { useI18n } from "../../i18n";
import { Button } from "../../components/Button";
import { ProblemError } from "../../components/Alert";
import { controlClasses } from "../../components/controls";
import { parseJson, type Edit } from "./api";

export interface DecisionFormProps {
  /** What the edit starts from (the step's input and what came before it). */
  draft: unknown;
  onDecide: (decision: "approve" | "reject", edit: Edit) => Promise<unknown>;
}

export function DecisionForm({ draft, onDecide }: DecisionFormProps) {
  const { t } = useI18n();
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(() =>
    JSON.stringify(draft ?? null, null, 2),
  );
  const [busy, setBusy] = useState<"approve" | "reject" | null>(null);
  const [error, setError] = useState<unknown>(null);
  const parsed = editing ? parseJson(text) : { value: null };

  function decide(decision: "approve" | "reject") {
    const edit =
      decision === "approve" && editing && parsed
        ? { output: parsed.value }
        : null;
    setBusy(decision);
    setError(null);
    onDecide(decision, edit)
      .catch((caught: unknown) => {
        setError(caught);
      })
      .finally(() => {
        setBusy(null);
      });
  }

  return (
    <div className="w-full space-y-2" data-testid="decision-form">
      <label className="flex items-center gap-2 text-sm text-slate-700 dark:text-slate-300">
        <input
          type="checkbox"
          checked={editing}
          data-testid="edit-output"
          onChange={(event) => {
            setEditing(event.target.checked);
          }}
        />
        {t("tasks.edit_output")}
      </label>
      {editing && (
        <label className="block text-sm">
          <span className="text-slate-700 dark:text-slate-300">
            {t("tasks.output_label")}
          </span>
          <textarea
            data-testid="output-json"
            rows={6}
            value={text}
            aria-invalid={!parsed}
            onChange={(event) => {
              setText(event.target.value);
            }}
            className={`${controlClasses} mt-1 w-full font-mono text-xs`}
          />
          {!parsed && (
            <span className="text-xs text-red-700 dark:text-red-400">
              {t("tasks.invalid_json")}
            </span>
          )}
        </label>
      )}
      <div className="flex gap-2">
        <Button
          data-testid="approve"
          loading={busy === "approve"}
          disabled={!parsed || busy !== null}
          onClick={() => {
            decide("approve");
          }}
        >
          {t("tasks.approve")}
        </Button>
        <Button
          data-testid="reject"
          variant="secondary"
          loading={busy === "reject"}
          disabled={busy !== null}
          onClick={() => {
            decide("reject");
          }}
        >
          {t("tasks.reject")}
        </Button>
      </div>
      {error !== null && <ProblemError error={error} />}
    </div>
  );
}
