import { lazy, Suspense } from "react";

// react-markdown, GFM and the highlighter load in their own chunk, with the first answer shown.
const Markdown = lazy(() => import("./markdown/Markdown"));

/** Untrusted markdown (a model's answer) rendered safely; plain text until the renderer has loaded. */
export function MarkdownView({ text, "data-testid": testId }: { text: string; "data-testid"?: string }) {
  return (
    <Suspense
      fallback={
        <div className="text-sm whitespace-pre-wrap" data-testid={testId}>
          {text}
        </div>
      }
    >
      <Markdown text={text} data-testid={testId} />
    </Suspense>
  );
}
