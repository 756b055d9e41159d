import { describe, expect, it } from "vitest";
import { translate, type Translate } from "../../i18n";
import type { ChatModel } from "../../lib/models";
import type { TimelineItem } from "./api";
import { timelineStatus, timelineSubtitle } from "./history";

const t: Translate = (key, vars) => translate("fr", key, vars);
const byId = new Map([["tts-1", { id: "tts-1", display_name: "TTS 1" } as ChatModel]]);

function item(extra: Partial<TimelineItem>): TimelineItem {
  return {
    kind: "job",
    id: "j1",
    title: "Bonjour",
    created_at: "2026-12-01T09:00:00Z",
    updated_at: "2026-12-01T09:00:00Z",
    path: "/audio",
    ...extra,
  };
}

describe("the history's words", () => {
  it("says a job's kind, its model by name and its status in French, not their ids", () => {
    const job = item({ subtitle: "speech · tts-1", models: ["tts-1"], media_kind: "speech", status: "succeeded" });
    expect(timelineSubtitle(job, t, byId)).toBe("Synthèse vocale · TTS 1");
    expect(timelineStatus("succeeded", t)).toBe("Terminée");
  });

  it("keeps the API's subtitle when it has nothing to word, and an unknown status as it is", () => {
    expect(timelineSubtitle(item({ subtitle: "autre chose" }), t, byId)).toBe("autre chose");
    expect(timelineStatus("paused", t)).toBe("paused");
  });
});
