// The inpainting mask: strokes in image pixels, drawn on screen as a tint over the picture, and
// exported as a PNG of the image's size that is opaque everywhere except where the user painted
// (OpenAI's convention: transparent pixels are the ones to repaint).

export type Point = readonly [number, number];

export interface Stroke {
  /** The eraser gives back pixels painted before it. */
  erase: boolean;
  /** Brush diameter in image pixels. */
  size: number;
  points: Point[];
}

type Ctx = Pick<
  CanvasRenderingContext2D,
  | "globalCompositeOperation"
  | "fillStyle"
  | "strokeStyle"
  | "lineWidth"
  | "lineCap"
  | "lineJoin"
  | "beginPath"
  | "moveTo"
  | "lineTo"
  | "stroke"
  | "arc"
  | "fill"
  | "fillRect"
  | "clearRect"
>;

function trace(ctx: Ctx, stroke: Stroke): void {
  const [first, ...rest] = stroke.points;
  if (!first) return;
  ctx.lineWidth = stroke.size;
  ctx.lineCap = "round";
  ctx.lineJoin = "round";
  ctx.beginPath();
  if (rest.length === 0) {
    ctx.arc(first[0], first[1], stroke.size / 2, 0, Math.PI * 2);
    ctx.fill();
    return;
  }
  ctx.moveTo(first[0], first[1]);
  for (const [x, y] of rest) ctx.lineTo(x, y);
  ctx.stroke();
}

/** Draws `strokes` for display: painted areas in `color`, erased ones cleared. */
export function drawOverlay(ctx: Ctx, strokes: readonly Stroke[], width: number, height: number, color: string): void {
  ctx.globalCompositeOperation = "source-over";
  ctx.clearRect(0, 0, width, height);
  for (const stroke of strokes) {
    ctx.globalCompositeOperation = stroke.erase ? "destination-out" : "source-over";
    ctx.fillStyle = color;
    ctx.strokeStyle = color;
    trace(ctx, stroke);
  }
  ctx.globalCompositeOperation = "source-over";
}

/** Draws the mask itself: opaque black, transparent where painted. */
export function drawMask(ctx: Ctx, strokes: readonly Stroke[], width: number, height: number): void {
  ctx.globalCompositeOperation = "source-over";
  ctx.clearRect(0, 0, width, height);
  ctx.fillStyle = "#000000";
  ctx.fillRect(0, 0, width, height);
  for (const stroke of strokes) {
    // Painting punches holes; erasing fills them again.
    ctx.globalCompositeOperation = stroke.erase ? "source-over" : "destination-out";
    ctx.fillStyle = "#000000";
    ctx.strokeStyle = "#000000";
    trace(ctx, stroke);
  }
  ctx.globalCompositeOperation = "source-over";
}

/** True when some painted area may survive the erasers (nothing to repaint otherwise). */
export function hasPaint(strokes: readonly Stroke[]): boolean {
  return strokes.some((stroke) => !stroke.erase && stroke.points.length > 0);
}

/** The mask as a PNG blob of exactly `width` × `height` pixels. */
export function exportMask(strokes: readonly Stroke[], width: number, height: number): Promise<Blob> {
  const canvas = document.createElement("canvas");
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext("2d");
  if (!ctx) return Promise.reject(new Error("canvas 2d unavailable"));
  drawMask(ctx, strokes, width, height);
  return new Promise((resolve, reject) => {
    canvas.toBlob((blob) => {
      if (blob) resolve(blob);
      else reject(new Error("mask export failed"));
    }, "image/png");
  });
}

/** A pointer position in image pixels, from its position over the displayed (scaled) canvas. */
export function toImagePoint(
  clientX: number,
  clientY: number,
  rect: Pick<DOMRect, "left" | "top" | "width" | "height">,
  width: number,
  height: number,
): Point {
  const x = ((clientX - rect.left) * width) / Math.max(1, rect.width);
  const y = ((clientY - rect.top) * height) / Math.max(1, rect.height);
  return [Math.round(Math.min(width, Math.max(0, x))), Math.round(Math.min(height, Math.max(0, y)))];
}
