// The run form's variables, one per line as `name:type:label` (the prompt library's variable types).
import { useState } from "react";
import { Textarea } from "../../components/Input";
import { useI18n } from "../../i18n";
import type { Variable } from "./api";
import { formatVariables, parseVariables } from "./variables";

export function VariablesEditor({ variables, onChange }: { variables: Variable[]; onChange: (variables: Variable[]) => void }) {
  const { t } = useI18n();
  const [text, setText] = useState(() => formatVariables(variables));
  return (
    <label className="block text-sm">
      <span className="font-medium">{t("workflows.variables")}</span>
      <Textarea
        rows={3}
        value={text}
        aria-label={t("workflows.variables")}
        onChange={(event) => setText(event.target.value)}
        onBlur={() => onChange(parseVariables(text))}
      />
      <span className="text-xs text-slate-500">{t("workflows.variables_hint")}</span>
    </label>
  );
}
