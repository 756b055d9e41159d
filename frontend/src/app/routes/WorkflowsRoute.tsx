// The workflows pages with what other features add to them: the share button (the share feature)
// in the builder's header.
import { ShareButton } from "../../features/share/ShareButton";
import { WorkflowsPage } from "../../features/workflows/WorkflowsPage";

function workflowActions(workflowId: string) {
  return <ShareButton key={workflowId} kind="workflow" targetId={workflowId} />;
}

export function WorkflowsRoute() {
  return <WorkflowsPage workflowActions={workflowActions} />;
}
