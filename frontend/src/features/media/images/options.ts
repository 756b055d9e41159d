import type { ImageModel, ImageRequest } from "../api";

export interface ImageOptions {
  size: string;
  style: string;
  count: number;
  seed: string;
  negative: string;
}

export function defaultOptions(model: ImageModel): ImageOptions {
  return { size: model.sizes[0] ?? "1024x1024", style: model.styles[0] ?? "", count: 1, seed: "", negative: "" };
}

/** The request body for one model, sending only the options that model supports. */
export function imageRequest(model: ImageModel, prompt: string, options: ImageOptions, groupId: string): ImageRequest {
  const body: ImageRequest = {
    model: model.id,
    prompt,
    size: model.sizes.includes(options.size) ? options.size : (model.sizes[0] ?? options.size),
    count: Math.min(Math.max(1, options.count), Math.max(1, model.max_count)),
    group_id: groupId,
  };
  if (model.styles.length > 0 && options.style) body.style = options.style;
  const seed = Number.parseInt(options.seed, 10);
  if (model.seed && options.seed.trim() !== "" && Number.isFinite(seed)) body.seed = seed;
  if (model.negative_prompt && options.negative.trim()) body.negative_prompt = options.negative.trim();
  return body;
}

/** "1024×1536" from an item's dimensions, for a variation of the same shape. */
export function sizeOf(width: number | null | undefined, height: number | null | undefined, model: ImageModel | undefined): string {
  const exact = width && height ? `${width}x${height}` : "";
  if (model && exact && model.sizes.includes(exact)) return exact;
  return model?.sizes[0] ?? (exact || "1024x1024");
}
