import {
  AudioLines,
  Bot,
  BrainCircuit,
  FileText,
  Image,
  LayoutDashboard,
  LayoutGrid,
  Library,
  ListChecks,
  MessagesSquare,
  Newspaper,
  Phone,
  Workflow,
  Zap,
  type LucideIcon,
} from "lucide-react";

/**
 * The product's features, in navigation order; `id` is the `nav-<id>` test id and, unless `path`
 * says otherwise, the route. A page path must never equal an API prefix (`/api/assistants`, `/api/prompts`,
 * `/api/catalog`… are served by the API on the same origin), which tests/core/test_routes.py checks.
 */
export const FEATURES = [
  { id: "chat", icon: MessagesSquare },
  { id: "assistants", icon: Bot, path: "/library/assistants" },
  { id: "prompts", icon: Library, path: "/library/prompts" },
  { id: "catalog", icon: LayoutGrid, path: "/explore/catalog" },
  { id: "images", icon: Image },
  { id: "audio", icon: AudioLines },
  { id: "documents", icon: FileText },
  { id: "agents", icon: BrainCircuit },
  { id: "voice", icon: Phone },
  { id: "workflows", icon: Workflow },
  { id: "automations", icon: Zap },
  // `/blog/*` are the static public pages: the studio lives elsewhere.
  { id: "blog", icon: Newspaper, path: "/studio/blog" },
  { id: "tasks", icon: ListChecks },
  { id: "dashboard", icon: LayoutDashboard },
] as const satisfies readonly { id: string; icon: LucideIcon; path?: string }[];

export type FeatureId = (typeof FEATURES)[number]["id"];

export function featurePath(id: FeatureId): string {
  const feature = FEATURES.find((f) => f.id === id);
  return feature && "path" in feature ? feature.path : `/${id}`;
}
