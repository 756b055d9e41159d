// The Pipedream action node's settings: one of the user's connected accounts, an action of its app,
// and that action's props as fields (each may use `{{references}}`; checked when the graph is).
import { useQuery } from "@tanstack/react-query";
import { SelectField } from "../../components/Field";
import { Textarea } from "../../components/Input";
import { useI18n } from "../../i18n";
import { api, withQuery, type Schema } from "../../lib/api";
import { editableProps, propText, propValue } from "../../lib/pipedreamProps";

type Config = Record<string, unknown>;

export function PipedreamFields({ config, set, refs }: { config: Config; set: (changes: Config) => void; refs: string[] }) {
  const { t } = useI18n();
  const accounts = useQuery({
    queryKey: ["automations", "accounts"],
    queryFn: () => api.get<Schema<"AccountList">>("/api/automations/accounts"),
  });
  const accountId = typeof config.account_id === "string" ? config.account_id : "";
  const app = accounts.data?.items.find((a) => a.account_id === accountId)?.app ?? "";
  const actions = useQuery({
    queryKey: ["automations", "components", app, "action"],
    queryFn: () => api.get<Schema<"ComponentList">>(withQuery("/api/automations/components", { app, type: "action" })),
    enabled: app !== "",
  });
  const key = typeof config.component_key === "string" ? config.component_key : "";
  const component = actions.data?.items.find((c) => c.key === key);
  const props = (config.props ?? {}) as Config;

  return (
    <div className="space-y-3" data-testid="node-pipedream">
      <SelectField
        label={t("workflows.pipedream.account")}
        value={accountId}
        onChange={(event) => set({ account_id: event.target.value, component_key: "", props: {} })}
        data-testid="node-pipedream-account"
      >
        <option value="" />
        {accounts.data?.items.map((a) => (
          <option key={a.account_id} value={a.account_id}>
            {a.app_name} · {a.name}
          </option>
        ))}
      </SelectField>
      {accounts.data?.items.length === 0 && <p className="text-xs text-slate-500">{t("workflows.pipedream.no_account")}</p>}
      <SelectField
        label={t("workflows.pipedream.action")}
        value={key}
        disabled={!app}
        onChange={(event) => set({ component_key: event.target.value, props: {} })}
        data-testid="node-pipedream-action"
      >
        <option value="" />
        {actions.data?.items.map((c) => (
          <option key={c.key} value={c.key}>
            {c.name}
          </option>
        ))}
      </SelectField>
      {component &&
        editableProps(component.props).map((prop) => (
          <label key={prop.name} className="block text-sm">
            <span className="font-medium">{`${prop.label ?? prop.name}${prop.optional ? "" : " *"}`}</span>
            <Textarea
              rows={prop.type === "string[]" ? 3 : 2}
              aria-label={prop.label ?? prop.name}
              value={propText(props[prop.name])}
              onChange={(event) => {
                const value = propValue(prop, event.target.value);
                const next = Object.fromEntries(Object.entries(props).filter(([name]) => name !== prop.name));
                if (value !== undefined) next[prop.name] = value;
                set({ props: next });
              }}
              data-testid={`node-pipedream-prop-${prop.name}`}
            />
          </label>
        ))}
      {component && refs.length > 0 && (
        <p className="text-xs text-slate-500">
          {t("workflows.pipedream.refs", {
            refs: refs.map((ref) => `{{${ref}}}`).join(" "),
          })}
        </p>
      )}
    </div>
  );
}
