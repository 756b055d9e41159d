import { useId, useState } from "react";
import { useI18n } from "../i18n";
import type { LibraryImage } from "../lib/libraryImages";
import { ProblemError } from "./Alert";
import { Button } from "./Button";
import { TextField } from "./Field";
import { Spinner } from "./PageStatus";

export interface MediaImagePickerProps {
  images: LibraryImage[] | undefined;
  loading: boolean;
  error: unknown;
  /** The chosen image and its alt text (never empty: a published image needs one). */
  onPick: (image: LibraryImage, alt: string) => void;
  onClose: () => void;
  /** While the caller works on the pick (e.g. publishing the image). */
  busy?: boolean;
}

/** Choose one of the library's images and describe it: the alt text is required. */
export function MediaImagePicker({
  images,
  loading,
  error,
  onPick,
  onClose,
  busy = false,
}: MediaImagePickerProps) {
  const { t } = useI18n();
  const [chosen, setChosen] = useState<LibraryImage | null>(null);
  const [alt, setAlt] = useState("");
  const titleId = useId();
  const ready = chosen !== null && alt.trim() !== "";
  return (
    <section
      aria-labelledby={titleId}
      className="space-y-3 rounded-xl bg-white p-4 ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-800"
      data-testid="media-picker"
    >
      <h3 id={titleId} className="text-sm font-semibold">
        {t("media_picker.title")}
      </h3>
      {loading && <Spinner />}
      {Boolean(error) && <ProblemError error={error} />}
      {images?.length === 0 && (
        <p className="text-sm text-slate-500">{t("media_picker.empty")}</p>
      )}
      <ul className="grid grid-cols-3 gap-2 sm:grid-cols-4">
        {images?.map((image) => (
          <li key={image.media_id}>
            <button
              type="button"
              aria-pressed={chosen?.media_id === image.media_id}
              onClick={() => setChosen(image)}
              className="block w-full overflow-hidden rounded-lg ring-2 ring-transparent aria-pressed:ring-indigo-600"
              data-testid="media-picker-item"
            >
              <img
                src={image.url}
                alt={image.prompt ?? t("media_picker.untitled")}
                className="aspect-square w-full object-cover"
                loading="lazy"
              />
            </button>
          </li>
        ))}
      </ul>
      <TextField
        label={t("media_picker.alt")}
        hint={t("media_picker.alt_hint")}
        value={alt}
        onChange={(event) => setAlt(event.target.value)}
        maxLength={300}
        required
        data-testid="media-picker-alt"
      />
      <div className="flex gap-2">
        <Button
          disabled={!ready}
          loading={busy}
          onClick={() => chosen && onPick(chosen, alt.trim())}
          data-testid="media-picker-use"
        >
          {t("media_picker.use")}
        </Button>
        <Button variant="ghost" onClick={onClose}>
          {t("common.cancel")}
        </Button>
      </div>
    </section>
  );
}
