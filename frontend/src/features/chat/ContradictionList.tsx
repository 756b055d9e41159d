import { useI18n } from "../../i18n";
import { modelName } from "../../lib/models";
import type { ChatModel } from "./api";
import { claimsOf, type Contradiction } from "./claims";

/** Where the answers disagree, claim by claim: what is said and which models say it; it wraps at any width and with twelve models. */
export function ContradictionList({
  items,
  byId,
}: {
  items: Contradiction[];
  byId: ReadonlyMap<string, ChatModel>;
}) {
  const { t } = useI18n();
  return (
    <ul className="space-y-3" data-testid="verdict-contradictions">
      {items.map((item, index) => (
        <li
          key={index}
          data-testid="contradiction"
          className="min-w-0 rounded-lg bg-slate-50 p-3 dark:bg-slate-950"
        >
          <h5 className="text-sm font-semibold break-words text-slate-900 dark:text-white">
            {item.topic}
          </h5>
          <ul className="mt-2 space-y-2">
            {claimsOf(item).map(({ claim, models }) => (
              <li
                key={claim}
                data-testid="contradiction-claim"
                className="min-w-0 border-l-2 border-amber-400 pl-3 dark:border-amber-500"
              >
                <p className="text-sm break-words text-slate-800 dark:text-slate-200">
                  {claim}
                </p>
                <p
                  className="mt-1 flex flex-wrap items-center gap-1"
                  aria-label={t("chatLayout.claim_models", {
                    count: models.length,
                  })}
                >
                  {models.map((model) => (
                    <span
                      key={model}
                      data-testid="contradiction-model"
                      className="max-w-full truncate rounded-full bg-white px-2 py-0.5 text-xs font-medium text-slate-700 ring-1 ring-slate-200 dark:bg-slate-900 dark:text-slate-300 dark:ring-slate-700"
                    >
                      {modelName(byId, model)}
                    </span>
                  ))}
                </p>
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ul>
  );
}
