import { Brush, Eraser, Trash, Undo2 } from "lucide-react";
import { useEffect, useId, useRef, useState, type PointerEvent } from "react";
import { Button } from "../../../components/Button";
import { useI18n } from "../../../i18n";
import { drawOverlay, toImagePoint, type Stroke } from "./mask";

const TINT = "#d946ef";

export interface MaskPainterProps {
  src: string;
  width: number;
  height: number;
  strokes: Stroke[];
  onStrokesChange: (strokes: Stroke[]) => void;
}

/** Paint over the picture where it should change: brush, eraser, undo, clear. */
export function MaskPainter({ src, width, height, strokes, onStrokesChange }: MaskPainterProps) {
  const { t } = useI18n();
  const sizeId = useId();
  const canvas = useRef<HTMLCanvasElement>(null);
  const current = useRef<Stroke | null>(null);
  const [erase, setErase] = useState(false);
  const [brush, setBrush] = useState(40);
  // Where the brush would land, in displayed pixels, to preview its size.
  const [hover, setHover] = useState<{ x: number; y: number } | null>(null);

  useEffect(() => {
    const ctx = canvas.current?.getContext("2d");
    if (ctx) drawOverlay(ctx, strokes, width, height, TINT);
  }, [strokes, width, height]);

  function point(event: PointerEvent<HTMLCanvasElement>) {
    const rect = event.currentTarget.getBoundingClientRect();
    return { at: toImagePoint(event.clientX, event.clientY, rect, width, height), scale: width / Math.max(1, rect.width) };
  }

  function redraw(extra: Stroke) {
    const ctx = canvas.current?.getContext("2d");
    if (ctx) drawOverlay(ctx, [...strokes, extra], width, height, TINT);
  }

  function down(event: PointerEvent<HTMLCanvasElement>) {
    if (event.button !== 0) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    const { at, scale } = point(event);
    current.current = { erase, size: Math.max(1, Math.round(brush * scale)), points: [at] };
    redraw(current.current);
  }

  function move(event: PointerEvent<HTMLCanvasElement>) {
    const rect = event.currentTarget.getBoundingClientRect();
    if (event.pointerType === "mouse") setHover({ x: event.clientX - rect.left, y: event.clientY - rect.top });
    const stroke = current.current;
    if (!stroke) return;
    stroke.points.push(point(event).at);
    redraw(stroke);
  }

  function up() {
    const stroke = current.current;
    current.current = null;
    if (stroke) onStrokesChange([...strokes, stroke]);
  }

  const tool = (on: boolean) => (on ? "primary" : "secondary");

  return (
    <div className="space-y-3" data-testid="mask-painter">
      <div className="flex flex-wrap items-center gap-2" role="toolbar" aria-label={t("media.mask.toolbar")}>
        <Button variant={tool(!erase)} aria-pressed={!erase} onClick={() => setErase(false)} data-testid="mask-brush">
          <Brush className="size-4" aria-hidden="true" />
          {t("media.mask.brush")}
        </Button>
        <Button variant={tool(erase)} aria-pressed={erase} onClick={() => setErase(true)} data-testid="mask-eraser">
          <Eraser className="size-4" aria-hidden="true" />
          {t("media.mask.eraser")}
        </Button>
        <label htmlFor={sizeId} className="ml-1 text-sm text-slate-700 dark:text-slate-300">
          {t("media.mask.size", { size: brush })}
        </label>
        <input
          id={sizeId}
          type="range"
          min={4}
          max={160}
          value={brush}
          onChange={(event) => setBrush(Number(event.target.value))}
          className="w-28 accent-indigo-600"
          data-testid="mask-size"
        />
        <Button variant="ghost" disabled={strokes.length === 0} onClick={() => onStrokesChange(strokes.slice(0, -1))} data-testid="mask-undo">
          <Undo2 className="size-4" aria-hidden="true" />
          {t("media.mask.undo")}
        </Button>
        <Button variant="ghost" disabled={strokes.length === 0} onClick={() => onStrokesChange([])} data-testid="mask-clear">
          <Trash className="size-4" aria-hidden="true" />
          {t("media.mask.clear")}
        </Button>
      </div>
      <div className="relative inline-block max-w-full overflow-hidden rounded-lg ring-1 ring-slate-200 dark:ring-slate-700">
        <img src={src} alt={t("media.mask.image_alt")} width={width} height={height} className="block h-auto max-h-[70vh] w-auto max-w-full select-none" draggable={false} />
        <canvas
          ref={canvas}
          width={width}
          height={height}
          aria-label={t("media.mask.canvas")}
          className={`absolute inset-0 h-full w-full touch-none opacity-50 ${erase ? "cursor-cell" : "cursor-crosshair"}`}
          onPointerDown={down}
          onPointerMove={move}
          onPointerUp={up}
          onPointerCancel={up}
          onPointerLeave={() => setHover(null)}
          data-testid="mask-canvas"
          data-strokes={strokes.length}
        />
        {hover && (
          <span
            aria-hidden="true"
            className="pointer-events-none absolute rounded-full border-2 border-white shadow-[0_0_0_1px_rgba(0,0,0,0.6)]"
            style={{ left: hover.x - brush / 2, top: hover.y - brush / 2, width: brush, height: brush }}
          />
        )}
      </div>
      <p className="text-xs text-slate-500 dark:text-slate-400">{t("media.mask.help")}</p>
    </div>
  );
}
