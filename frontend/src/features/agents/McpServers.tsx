import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ProblemError } from "../../components/Alert";
import { Button } from "../../components/Button";
import { ConfirmButton } from "../../components/ConfirmButton";
import { CheckboxField, TextField } from "../../components/Field";
import { useI18n } from "../../i18n";
import {
  agentsApi,
  type Agent,
  type McpServer,
  type McpServerTools,
} from "./api";

/** One server: its address, its token's end, the tools it lists to allow one by one, and removal. */
function McpServerRow({
  agentId,
  server,
  onChange,
}: {
  agentId: string;
  server: McpServer;
  onChange: (next: McpServer | null) => void;
}) {
  const { t } = useI18n();
  const [listed, setListed] = useState<McpServerTools | null>(null);
  const [allowed, setAllowed] = useState<string[]>(server.allowed_tools);
  const load = useMutation({
    mutationFn: () => agentsApi.mcpTools(agentId, server.server_id),
    onSuccess: setListed,
  });
  const save = useMutation({
    mutationFn: () =>
      agentsApi.allowMcpTools(agentId, server.server_id, allowed),
    onSuccess: (saved) => {
      setListed(null);
      onChange(saved);
    },
  });
  const remove = useMutation({
    mutationFn: () => agentsApi.removeMcpServer(agentId, server.server_id),
    onSuccess: () => {
      onChange(null);
    },
  });
  const toggle = (name: string) => {
    setAllowed((current) =>
      current.includes(name)
        ? current.filter((n) => n !== name)
        : [...current, name],
    );
  };
  return (
    <li
      className="flex flex-col gap-2 rounded-lg p-2 ring-1 ring-slate-200 dark:ring-slate-800"
      data-testid="mcp-server"
    >
      <p className="break-all text-sm">
        {server.url}{" "}
        <span className="text-xs text-slate-500">
          ({t("agentsPage.mcp.token_ends", { masked: server.masked_token })})
        </span>
      </p>
      <p className="text-xs text-slate-500" data-testid="mcp-allowed">
        {server.allowed_tools.length > 0
          ? t("agentsPage.mcp.allowed", {
              tools: server.allowed_tools.join(", "),
            })
          : t("agentsPage.mcp.none_allowed")}
      </p>
      {listed && (
        <fieldset className="flex flex-wrap gap-3">
          <legend className="text-sm font-medium">
            {t("agentsPage.mcp.pick")}
          </legend>
          {listed.tools.map((tool) => (
            <CheckboxField
              key={tool.name}
              label={tool.name}
              title={tool.description}
              checked={allowed.includes(tool.name)}
              onChange={() => toggle(tool.name)}
            />
          ))}
        </fieldset>
      )}
      <div className="flex flex-wrap gap-2">
        {listed ? (
          <Button
            variant="secondary"
            loading={save.isPending}
            onClick={() => save.mutate()}
            data-testid="mcp-save-tools"
          >
            {t("agentsPage.mcp.save_tools")}
          </Button>
        ) : (
          <Button
            variant="secondary"
            loading={load.isPending}
            onClick={() => load.mutate()}
            data-testid="mcp-choose-tools"
          >
            {t("agentsPage.mcp.choose_tools")}
          </Button>
        )}
        <ConfirmButton
          variant="secondary"
          question={t("agentsPage.mcp.remove_question")}
          loading={remove.isPending}
          onConfirm={() => remove.mutate()}
          data-testid="mcp-remove"
        >
          {t("agentsPage.mcp.remove")}
        </ConfirmButton>
      </div>
      <ProblemError
        error={load.error ?? save.error ?? remove.error}
        data-testid="mcp-server-error"
      />
    </li>
  );
}

/** One's own agent's remote MCP servers (streamable HTTP, bearer token): add, allow tools, remove. */
export function McpServers({ agent }: { agent: Agent }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [servers, setServers] = useState<McpServer[]>(agent.mcp_servers ?? []);
  const [url, setUrl] = useState("");
  const [token, setToken] = useState("");
  const changed = (next: McpServer[]) => {
    setServers(next);
    void queryClient.invalidateQueries({ queryKey: ["agents"] });
  };
  const add = useMutation({
    mutationFn: () =>
      agentsApi.addMcpServer(agent.agent_id, { url, token, allowed_tools: [] }),
    onSuccess: (added) => {
      setUrl("");
      setToken("");
      changed([
        ...servers,
        {
          server_id: added.server_id,
          url: added.url,
          masked_token: added.masked_token,
          allowed_tools: added.allowed_tools,
        },
      ]);
    },
  });
  return (
    <section className="flex flex-col gap-2" data-testid="mcp-servers">
      <h3 className="text-sm font-medium">{t("agentsPage.mcp.title")}</h3>
      <p className="text-xs text-slate-500">{t("agentsPage.mcp.hint")}</p>
      <ul className="flex flex-col gap-2">
        {servers.map((server) => (
          <McpServerRow
            key={server.server_id}
            agentId={agent.agent_id}
            server={server}
            onChange={(next) => {
              changed(
                next
                  ? servers.map((s) =>
                      s.server_id === next.server_id ? next : s,
                    )
                  : servers.filter((s) => s.server_id !== server.server_id),
              );
            }}
          />
        ))}
      </ul>
      <div className="flex flex-col gap-2 sm:flex-row sm:items-end">
        <TextField
          className="flex-1"
          label={t("agentsPage.mcp.url")}
          type="url"
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          maxLength={2000}
          data-testid="mcp-url"
        />
        <TextField
          className="flex-1"
          label={t("agentsPage.mcp.token")}
          type="password"
          autoComplete="off"
          value={token}
          onChange={(e) => setToken(e.target.value)}
          maxLength={4096}
          data-testid="mcp-token"
        />
        <Button
          variant="secondary"
          disabled={!url || !token}
          loading={add.isPending}
          onClick={() => add.mutate()}
          data-testid="mcp-add"
        >
          {t("agentsPage.mcp.add")}
        </Button>
      </div>
      <ProblemError error={add.error} data-testid="mcp-add-error" />
    </section>
  );
}
