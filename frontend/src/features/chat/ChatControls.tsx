import { ProblemError } from "../../components/Alert";
import { ModelPicker } from "../../components/models/ModelPicker";
import { ParamsPanel } from "../../components/models/ParamsPanel";
import { modelName } from "../../lib/models";
import { useQuota } from "../../lib/quota";
import { AssistantMenu } from "./AssistantMenu";
import { AttachButton, AttachmentChips } from "./AttachmentPicker";
import { Composer } from "./Composer";
import type { ChatPageState } from "./useChatPage";
import { useWorkflowRuns } from "./useWorkflowRuns";
import { parseWorkflowCommand } from "./workflowCommand";
import { SimulatedOutage } from "./SimulatedOutage";
import { WorkflowCommandMenu } from "./WorkflowCommandMenu";
import { WorkflowRunCard } from "./WorkflowRunCard";

/** Under the turns: workflow runs started here, the model picker, the assistant menu, the parameters
 * or the `/workflow` menu when open, then the composer. */
export function ChatControls({ page }: { page: ChatPageState }) {
  const quota = useQuota({ enabled: page.showPicker });
  const workflowRuns = useWorkflowRuns(page.id, page.detail);
  const command = parseWorkflowCommand(page.draft);
  return (
    <div className="shrink-0 space-y-2 border-t border-slate-200 bg-slate-50/95 px-3 py-3 sm:px-4 dark:border-slate-800 dark:bg-slate-950/95">
      {workflowRuns.runs.map((run) => (
        <WorkflowRunCard key={run.runId} run={run} />
      ))}
      {workflowRuns.error !== null && <ProblemError error={workflowRuns.error} />}
      {command !== null && (
        <WorkflowCommandMenu
          query={command}
          onStarted={(run) => {
            void workflowRuns.keep(run);
            page.setDraft("");
          }}
          onClose={() => {
            page.setDraft("");
          }}
        />
      )}
      {page.showPicker && (
        <ModelPicker
          models={page.models}
          byId={page.byId}
          loading={page.modelsQuery.isPending}
          error={page.modelsQuery.error}
          selected={page.selection}
          onChange={page.setStored}
          maxPaid={quota.data?.max_paid_models_per_turn}
          onClose={() => {
            page.setPickerOpen(false);
          }}
        />
      )}
      {page.assistantOpen && (
        <AssistantMenu
          assistants={page.assistants}
          loading={page.assistantsQuery.isPending}
          error={page.assistantsQuery.error}
          activeId={page.activeAssistant?.id ?? null}
          onPick={page.activate}
          onClose={() => {
            page.setAssistantOpen(false);
          }}
        />
      )}
      {page.paramsOpen && (
        <ParamsPanel value={page.paramsDraft} onChange={page.setParamsDraft} />
      )}
      <SimulatedOutage selection={page.selection} byId={page.byId} sent={page.sent} />
      <Composer
        value={page.draft}
        onChange={page.setDraft}
        onSend={() => {
          // A `/workflow` draft is a command: the menu above runs it, no model receives it.
          if (command === null) page.send();
        }}
        onStop={() => {
          page.stream.stopAll(page.id);
        }}
        busy={page.busy}
        stopping={page.views.some(
          (view) =>
            view.requestId !== null &&
            page.state.stopping.includes(view.requestId),
        )}
        modelCount={page.selection.length}
        modelSummary={page.selection
          .map((model) => modelName(page.byId, model))
          .join(", ")}
        pickerOpen={page.showPicker}
        onTogglePicker={() => {
          page.setPickerOpen(!page.showPicker);
        }}
        paramsOpen={page.paramsOpen}
        paramsChanged={page.paramsChanged}
        onToggleParams={() => {
          page.setParamsOpen((open) => !open);
        }}
        verify={page.verify}
        onVerifyChange={page.setVerify}
        judge={page.judge}
        judges={page.judges}
        onJudgeChange={page.setJudge}
        pick={
          page.pick
            ? {
                turn: page.pick.turn,
                name: modelName(page.byId, page.pick.model),
              }
            : null
        }
        onClearPick={() => {
          page.setPick(null);
        }}
        assistant={
          page.activeAssistant
            ? {
                name: page.activeAssistant.name,
                icon: page.activeAssistant.icon,
              }
            : null
        }
        onClearAssistant={() => {
          page.setAssistantId(null);
        }}
        assistantOpen={page.assistantOpen}
        onToggleAssistant={() => {
          page.setAssistantOpen((open) => !open);
        }}
        notice={page.notice}
        attachments={
          <AttachmentChips
            items={page.attachments.items}
            refused={page.attachments.refused}
            onRemove={page.attachments.remove}
          />
        }
        attachButton={
          <AttachButton onFiles={page.attachments.add} disabled={page.busy} />
        }
        uploading={page.attachments.uploading}
      />
    </div>
  );
}
