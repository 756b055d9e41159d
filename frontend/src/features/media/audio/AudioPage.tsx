import { useMemo, useState } from "react";
import { Card } from "../../../components/Card";
import { Spinner } from "../../../components/PageStatus";
import { useI18n } from "../../../i18n";
import { useDocumentTitle } from "../../../lib/useDocumentTitle";
import { useJobEvents } from "../jobs";
import { MediaProblem } from "../MediaError";
import { Tabs } from "../Tabs";
import { useMediaModels } from "../useMediaModels";
import { AudioLibrary } from "./AudioLibrary";
import { SpeechPanel } from "./SpeechPanel";
import { TranscribePanel } from "./TranscribePanel";
import { VoicesPanel } from "./VoicesPanel";
import { PageHeader } from "../../../components/PageHeader";

type Tab = "speech" | "library" | "voices" | "transcribe";
const TABS: readonly Tab[] = ["speech", "library", "voices", "transcribe"];

/** `/audio`: text to speech, the audio library, voice cloning and transcription. */
export function AudioPage() {
  const { t } = useI18n();
  useDocumentTitle(t("features.audio.name"));
  useJobEvents();
  const models = useMediaModels();
  const [tab, setTab] = useState<Tab>("speech");
  const names = useMemo(() => {
    const all = [...(models.data?.speech ?? []), ...(models.data?.transcription ?? [])];
    return new Map(all.map((model) => [model.id, model.name]));
  }, [models.data]);
  const modelName = (id: string) => names.get(id) ?? id;

  return (
    <div className="mx-auto max-w-5xl space-y-6" data-testid="audio-page">
      <PageHeader title={t("features.audio.name")} subtitle={t("media.audio.subtitle")} />
      <Tabs tabs={TABS} value={tab} onChange={setTab} label={t("features.audio.name")} labelOf={(item) => t(`media.audio.tabs.${item}`)} testId="audio-tab" />
      {models.isPending ? (
        <Spinner />
      ) : models.isError ? (
        <MediaProblem error={models.error} />
      ) : (
        <div role="tabpanel">
          {/* Hidden rather than unmounted: a running job and a typed text survive a look at the library. */}
          <div hidden={tab !== "speech"}>
            <Card title={t("media.speech.title")} description={t("media.speech.description")}>
              <SpeechPanel models={models.data.speech} />
            </Card>
          </div>
          {tab === "library" && <AudioLibrary modelName={modelName} />}
          <div hidden={tab !== "voices"}>
            <Card title={t("media.voices.title")} description={t("media.voices.description")}>
              <VoicesPanel />
            </Card>
          </div>
          <div hidden={tab !== "transcribe"}>
            <Card title={t("media.transcribe.title")} description={t("media.transcribe.description")}>
              <TranscribePanel />
            </Card>
          </div>
        </div>
      )}
    </div>
  );
}
