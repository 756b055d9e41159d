import {
  AudioLines,
  Bot,
  BrainCircuit,
  Image,
  LayoutDashboard,
  LayoutGrid,
  Library,
  MessagesSquare,
  Newspaper,
  Phone,
  Workflow,
  Zap,
  type LucideIcon,
} from "lucide-react";

/** The product's features, in navigation order; `id` is also the route and the `nav-<id>` test id. */
export const FEATURES = [
  { id: "chat", icon: MessagesSquare },
  { id: "assistants", icon: Bot },
  { id: "prompts", icon: Library },
  { id: "catalog", icon: LayoutGrid },
  { id: "images", icon: Image },
  { id: "audio", icon: AudioLines },
  { id: "agents", icon: BrainCircuit },
  { id: "voice", icon: Phone },
  { id: "workflows", icon: Workflow },
  { id: "automations", icon: Zap },
  { id: "blog", icon: Newspaper },
  { id: "dashboard", icon: LayoutDashboard },
] as const satisfies readonly { id: string; icon: LucideIcon }[];

export type FeatureId = (typeof FEATURES)[number]["id"];

export function featurePath(id: FeatureId): string {
  return `/${id}`;
}
