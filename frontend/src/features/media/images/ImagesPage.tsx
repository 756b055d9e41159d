import { useMemo, useState } from "react";
import { Card } from "../../../components/Card";
import { Spinner } from "../../../components/PageStatus";
import { useI18n } from "../../../i18n";
import { useDocumentTitle } from "../../../lib/useDocumentTitle";
import { mediaApi, newGroupId, type ImageModel, type MediaItem } from "../api";
import { useJobEvents } from "../jobs";
import { MediaProblem } from "../MediaError";
import { Tabs } from "../Tabs";
import { useMediaModels } from "../useMediaModels";
import { useSessionState } from "../useSessionState";
import { EditPanel } from "./EditPanel";
import { Gallery } from "./Gallery";
import { GenerateForm, type GenerateRequest } from "./GenerateForm";
import { imageRequest, sizeOf } from "./options";
import { RunView, type RunHandlers } from "./RunView";
import { restoreRuns, startJobs, type Run } from "./runs";
import { PageHeader } from "../../../components/PageHeader";

type Tab = "generate" | "edit" | "gallery";
const TABS: readonly Tab[] = ["generate", "edit", "gallery"];
const MAX_RUNS = 20;

/** `/images`: generate with several models side by side, inpaint, and browse the gallery. */
export function ImagesPage() {
  const { t } = useI18n();
  useDocumentTitle(t("features.images.name"));
  useJobEvents();
  const models = useMediaModels();
  const [tab, setTab] = useState<Tab>("generate");
  const [runs, setRuns] = useSessionState<Run[]>("webox.media.runs", [], restoreRuns);
  const [starting, setStarting] = useState(false);
  const [editSource, setEditSource] = useState<MediaItem | null>(null);

  const imageModels = useMemo(() => models.data?.image ?? [], [models.data]);
  const byId = useMemo(() => new Map<string, ImageModel>(imageModels.map((model) => [model.id, model])), [imageModels]);

  const addRun = (run: Run) => {
    setRuns((old) => [run, ...old].slice(0, MAX_RUNS));
    setTab("generate");
  };

  async function generate(request: GenerateRequest) {
    setStarting(true);
    const groupId = newGroupId();
    const jobs = await startJobs(
      request.models.map((model) => model.id),
      (id) => {
        const model = byId.get(id);
        const options = request.options[id];
        if (!model || !options) return Promise.reject(new Error(id));
        return mediaApi.generateImages(imageRequest(model, request.prompt, options, groupId));
      },
    );
    setStarting(false);
    addRun({ groupId, kind: "generate", prompt: request.prompt, jobs });
  }

  async function vary(item: MediaItem) {
    const model = byId.get(item.model);
    const groupId = newGroupId();
    const jobs = await startJobs([item.model], (id) =>
      mediaApi.varyImage({ model: id, source: { media_id: item.media_id }, count: 1, size: sizeOf(item.width, item.height, model), group_id: groupId }),
    );
    addRun({ groupId, kind: "variation", prompt: item.prompt ?? "", jobs });
    window.scrollTo({ top: 0, behavior: "smooth" });
  }

  function edit(item: MediaItem) {
    setEditSource(item);
    setTab("edit");
    window.scrollTo({ top: 0, behavior: "smooth" });
  }

  const handlers: RunHandlers = {
    modelName: (id) => byId.get(id)?.name ?? id,
    canVary: (id) => byId.get(id)?.variations === true,
    canEdit: () => imageModels.some((model) => model.edits),
    onVary: (item) => void vary(item),
    onEdit: edit,
  };

  return (
    <div className="mx-auto max-w-7xl space-y-6" data-testid="images-page">
      <PageHeader title={t("features.images.name")} subtitle={t("media.images.subtitle")} />
      <Tabs tabs={TABS} value={tab} onChange={setTab} label={t("features.images.name")} labelOf={(item) => t(`media.images.tabs.${item}`)} testId="images-tab" />

      {models.isPending ? (
        <Spinner />
      ) : models.isError ? (
        <MediaProblem error={models.error} />
      ) : (
        <div role="tabpanel">
          {/* Hidden rather than unmounted: the forms keep what was typed and painted. */}
          <div className="space-y-6" hidden={tab !== "generate"}>
              <Card title={t("media.images.new")}>
                <GenerateForm models={imageModels} busy={starting} onSubmit={(request) => void generate(request)} />
              </Card>
              {runs.length === 0 ? (
                <p className="text-sm text-slate-500 dark:text-slate-400">{t("media.images.no_runs")}</p>
              ) : (
                runs.map((run) => <RunView key={run.groupId} run={run} handlers={handlers} />)
              )}
          </div>
          <div hidden={tab !== "edit"}>
            <Card title={t("media.edit.title")} description={t("media.edit.description")}>
              <EditPanel models={imageModels.filter((model) => model.edits)} initial={editSource} onRun={addRun} />
            </Card>
          </div>
          {tab === "gallery" && (
            <Gallery modelName={handlers.modelName} canVary={handlers.canVary} canEdit={handlers.canEdit} onVary={handlers.onVary} onEdit={edit} />
          )}
        </div>
      )}
    </div>
  );
}
