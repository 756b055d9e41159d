import { ImageUp, Wand2, X } from "lucide-react";
import { useEffect, useId, useState, type SubmitEvent } from "react";
import { Alert } from "../../../components/Alert";
import { Button } from "../../../components/Button";
import { SelectField } from "../../../components/Field";
import { ProgressBar } from "../../../components/ProgressBar";
import { useI18n } from "../../../i18n";
import { IMAGE_TYPES, MAX_PROMPT, mediaApi, newGroupId, safeMediaUrl, type ImageModel, type MediaItem, type MediaSource } from "../api";
import { MediaProblem } from "../MediaError";
import { LABEL, TEXTAREA } from "../styles";
import { uploadMedia } from "../../../lib/mediaUpload";
import { useUpload } from "../upload";
import { exportMask, hasPaint, type Stroke } from "./mask";
import { MaskPainter } from "./MaskPainter";
import { sizeOf } from "./options";
import { startJobs, type Run } from "./runs";

interface Picture {
  source: MediaSource;
  src: string;
  width: number;
  height: number;
}

function naturalSize(src: string): Promise<{ width: number; height: number }> {
  return new Promise((resolve, reject) => {
    const image = new Image();
    image.onload = () => resolve({ width: image.naturalWidth, height: image.naturalHeight });
    image.onerror = () => reject(new Error("not an image"));
    image.src = src;
  });
}

/** Inpainting: an uploaded picture (or one of the user's), a painted mask, a prompt. */
export function EditPanel({ models, initial, onRun }: { models: ImageModel[]; initial: MediaItem | null; onRun: (run: Run) => void }) {
  const { t } = useI18n();
  const fileId = useId();
  const promptId = useId();
  const upload = useUpload();
  const [picture, setPicture] = useState<Picture | null>(null);
  const [pictureError, setPictureError] = useState(false);
  const [strokes, setStrokes] = useState<Stroke[]>([]);
  const [prompt, setPrompt] = useState("");
  const [modelId, setModelId] = useState(models[0]?.id ?? "");
  const [size, setSize] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const model = models.find((item) => item.id === modelId) ?? models[0];

  // A picture chosen from the results or the gallery replaces the current one.
  useEffect(() => {
    const src = safeMediaUrl(initial?.url);
    if (!initial || !src) return;
    const effect = { live: true };
    void (async () => {
      const dims = initial.width && initial.height ? { width: initial.width, height: initial.height } : await naturalSize(src).catch(() => null);
      if (!effect.live || !dims) return;
      setPicture({ source: { media_id: initial.media_id }, src, ...dims });
      setStrokes([]);
      setPrompt(initial.prompt ?? "");
    })();
    return () => {
      effect.live = false;
    };
  }, [initial]);

  // Object URLs of local files are freed once replaced.
  useEffect(() => {
    const src = picture?.src;
    return () => {
      if (src?.startsWith("blob:")) URL.revokeObjectURL(src);
    };
  }, [picture?.src]);

  async function choose(file: File | undefined) {
    if (!file) return;
    setPictureError(false);
    setError(null);
    const src = URL.createObjectURL(file);
    const dims = await naturalSize(src).catch(() => null);
    if (!dims) {
      URL.revokeObjectURL(src);
      setPictureError(true);
      return;
    }
    const info = await upload.upload("image", file, file.name);
    if (!info) {
      URL.revokeObjectURL(src);
      return;
    }
    setPicture({ source: { upload_id: info.upload_id }, src, width: info.width ?? dims.width, height: info.height ?? dims.height });
    setStrokes([]);
  }

  async function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!picture || !model || !prompt.trim() || !hasPaint(strokes)) return;
    setBusy(true);
    setError(null);
    try {
      const mask = await exportMask(strokes, picture.width, picture.height);
      const maskInfo = await uploadMedia("image", mask, "mask.png");
      const groupId = newGroupId();
      const chosenSize = size && model.sizes.includes(size) ? size : sizeOf(picture.width, picture.height, model);
      const jobs = await startJobs([model.id], (id) =>
        mediaApi.editImage({
          model: id,
          prompt: prompt.trim(),
          image: picture.source,
          mask_upload_id: maskInfo.upload_id,
          size: chosenSize,
          count: 1,
          group_id: groupId,
        }),
      );
      onRun({ groupId, kind: "edit", prompt: prompt.trim(), jobs });
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  if (models.length === 0) return <p className="text-sm text-slate-500 dark:text-slate-400">{t("media.edit.no_model")}</p>;

  return (
    <form onSubmit={submit} className="space-y-4" data-testid="image-edit-form">
      <div className="flex flex-wrap items-center gap-3">
        <label htmlFor={fileId} className="inline-flex cursor-pointer items-center gap-2 rounded-lg bg-white px-3.5 py-2 text-sm font-semibold text-slate-900 shadow-sm ring-1 ring-slate-300 ring-inset hover:bg-slate-50 dark:bg-slate-800 dark:text-slate-100 dark:ring-slate-600">
          <ImageUp className="size-4" aria-hidden="true" />
          {picture ? t("media.edit.replace") : t("media.edit.upload")}
        </label>
        <input
          id={fileId}
          type="file"
          accept={IMAGE_TYPES}
          className="sr-only"
          onChange={(event) => {
            void choose(event.target.files?.[0]);
            event.target.value = "";
          }}
          data-testid="edit-file"
        />
        {picture && (
          <Button variant="ghost" onClick={() => setPicture(null)} data-testid="edit-remove">
            <X className="size-4" aria-hidden="true" />
            {t("media.edit.remove")}
          </Button>
        )}
        <span className="text-xs text-slate-500 dark:text-slate-400">{t("media.edit.upload_hint")}</span>
      </div>
      {upload.progress !== null && <ProgressBar value={upload.progress * 100} label={t("media.upload.progress")} data-testid="upload-progress" />}
      <MediaProblem error={upload.error} />
      {pictureError && (
        <Alert tone="error" data-testid="edit-not-image">
          <p>{t("media.edit.not_image")}</p>
        </Alert>
      )}

      {picture && (
        <>
          <MaskPainter src={picture.src} width={picture.width} height={picture.height} strokes={strokes} onStrokesChange={setStrokes} />
          <div className="grid gap-3 sm:grid-cols-2">
            <SelectField label={t("media.images.model")} value={model?.id ?? ""} onChange={(event) => setModelId(event.target.value)} data-testid="edit-model">
              {models.map((item) => (
                <option key={item.id} value={item.id}>
                  {item.name}
                </option>
              ))}
            </SelectField>
            {model && (
              <SelectField
                label={t("media.images.size")}
                value={size && model.sizes.includes(size) ? size : sizeOf(picture.width, picture.height, model)}
                onChange={(event) => setSize(event.target.value)}
                data-testid="edit-size"
              >
                {model.sizes.map((item) => (
                  <option key={item} value={item}>
                    {item.replace("x", " × ")}
                  </option>
                ))}
              </SelectField>
            )}
          </div>
          <div>
            <label htmlFor={promptId} className={LABEL}>
              {t("media.edit.prompt")}
            </label>
            <textarea
              id={promptId}
              rows={2}
              maxLength={MAX_PROMPT}
              required
              value={prompt}
              onChange={(event) => setPrompt(event.target.value)}
              placeholder={t("media.edit.prompt_placeholder")}
              className={TEXTAREA}
              data-testid="edit-prompt"
            />
          </div>
          {!hasPaint(strokes) && <p className="text-sm text-slate-500 dark:text-slate-400">{t("media.edit.paint_first")}</p>}
          <Button type="submit" loading={busy} disabled={!prompt.trim() || !hasPaint(strokes)} data-testid="edit-submit">
            <Wand2 className="size-4" aria-hidden="true" />
            {t("media.edit.submit")}
          </Button>
        </>
      )}
      <MediaProblem error={error} />
    </form>
  );
}
