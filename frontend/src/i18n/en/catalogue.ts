// The English catalogue, its own chunk (see `../index.ts`): the same shape as the French one.
import type { Catalogue } from "..";
import enBase from "../en.json";
import enAgents from "./agents.json";
import enAutomations from "./automations.json";
import enBlog from "./blog.json";
import enChatActions from "./chatActions.json";
import enChatLayout from "./chatLayout.json";
import enDashboard from "./dashboard.json";
import enMedia from "./media.json";
import enTasks from "./tasks.json";
import enVoice from "./voice.json";
import enWorkflows from "./workflows.json";

export const en: Catalogue = {
  ...enBase,
  media: enMedia,
  dashboard: enDashboard,
  tasks: enTasks,
  workflows: enWorkflows,
  automations: enAutomations,
  blog: enBlog,
  voice: enVoice,
  agentsPage: enAgents,
  chatLayout: enChatLayout,
  chatActions: enChatActions,
};
