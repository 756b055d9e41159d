// "Panne simulée", local mode only: the chosen simulated model's next answer breaks off as when its
// vendor goes down, so its column fails and Retry can be shown. The local host's `/dev/outage` tells
// the simulator; where no simulator runs (real keys, the cloud) no model is simulated and this is hidden.
import { Zap } from "lucide-react";
import { useState } from "react";
import { useI18n } from "../../i18n";
import { modelName, type ChatModel } from "../../lib/models";

async function armOutage(model: string): Promise<boolean> {
  try {
    const response = await fetch("/dev/outage", {
      method: "PUT",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ model }),
    });
    return response.status === 204;
  } catch {
    return false;
  }
}

export function SimulatedOutage({
  selection,
  byId,
  sent,
}: {
  selection: readonly string[];
  byId: ReadonlyMap<string, ChatModel>;
  /** Messages sent from the page: the notice lasts until the next one. */
  sent: number;
}) {
  const { t } = useI18n();
  const [model, setModel] = useState("");
  const [outcome, setOutcome] = useState<{ ok: boolean; model: string; sent: number } | null>(null);
  const simulated = selection.filter((id) => byId.get(id)?.simulated);
  if (simulated.length === 0) return null;
  const chosen = simulated.includes(model) ? model : (simulated[0] ?? "");
  const shown = outcome?.sent === sent ? outcome : null;
  return (
    <div
      className="flex flex-wrap items-center gap-2 text-xs text-slate-600 dark:text-slate-400"
      data-testid="simulated-outage"
    >
      <Zap className="size-3.5 text-amber-500" aria-hidden="true" />
      <span className="font-medium">{t("chat.outage.label")}</span>
      <select
        aria-label={t("chat.outage.model")}
        value={chosen}
        onChange={(event) => {
          setModel(event.target.value);
        }}
        className="rounded-md border border-slate-300 bg-white px-1.5 py-0.5 dark:border-slate-700 dark:bg-slate-900"
        data-testid="simulated-outage-model"
      >
        {simulated.map((id) => (
          <option key={id} value={id}>
            {modelName(byId, id)}
          </option>
        ))}
      </select>
      <button
        type="button"
        className="rounded-md px-2 py-0.5 font-medium text-amber-700 ring-1 ring-amber-300 hover:bg-amber-50 dark:text-amber-300 dark:ring-amber-700 dark:hover:bg-amber-950"
        onClick={() => {
          void armOutage(chosen).then((ok) => {
            setOutcome({ ok, model: chosen, sent });
          });
        }}
        data-testid="simulated-outage-arm"
      >
        {t("chat.outage.arm")}
      </button>
      {shown && (
        <span role="status" data-testid="simulated-outage-status">
          {shown.ok ? t("chat.outage.armed", { model: modelName(byId, shown.model) }) : t("chat.outage.failed")}
        </span>
      )}
    </div>
  );
}
