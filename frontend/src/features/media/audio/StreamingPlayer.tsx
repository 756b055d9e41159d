import { useState } from "react";
import { useI18n } from "../../../i18n";
import { safeMediaUrl, type Job } from "../api";
import { isFinal } from "../jobs";
import { readyChunks } from "./speech";

/**
 * Plays a speech job as soon as there is sound: chunk after chunk while the worker pushes them
 * (`job.chunk`), then the finished file (which is also what an unstreamed job plays at once).
 */
export function StreamingPlayer({ job, autoPlay }: { job: Job; autoPlay: boolean }) {
  const { t } = useI18n();
  const chunks = readyChunks(job.chunks);
  const final = safeMediaUrl(job.outputs[0]?.url);
  const [index, setIndex] = useState(0);
  const [streaming, setStreaming] = useState(true);

  const allPlayed = index >= chunks.length && isFinal(job);
  const onChunks = streaming && chunks.length > 0 && !allPlayed;
  const src = onChunks ? chunks[Math.min(index, chunks.length - 1)] : final;
  if (!src) return null;

  function ended() {
    if (!onChunks) return;
    if (index + 1 < chunks.length || !isFinal(job)) setIndex(index + 1);
    else setStreaming(false); // the whole file replaces the pieces, paused at its start
  }

  // A missing chunk while the job still runs: wait on the last one; the next `job.chunk` resumes.
  return (
    <audio
      key={onChunks ? "chunks" : "final"}
      controls
      autoPlay={autoPlay && (onChunks || chunks.length === 0)}
      src={src}
      onEnded={ended}
      className="w-full"
      data-testid="speech-player"
      data-mode={onChunks ? "chunks" : "file"}
      aria-label={t("media.speech.player")}
    />
  );
}
