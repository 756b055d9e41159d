// What a finished node gave: its text, and for a knowledge search its sources, for a blog draft the
// link to the draft.
import { Link } from "react-router";
import { useI18n } from "../../i18n";
import { outputText } from "./runView";

interface Citation {
  n: number;
  filename: string;
  page: number;
  position: number;
}

function field(output: unknown, key: string): unknown {
  return output && typeof output === "object" && key in output ? (output as Record<string, unknown>)[key] : undefined;
}

export function NodeOutput({ node, output, streamed }: { node: string; output: unknown; streamed: string }) {
  const { t } = useI18n();
  const found = field(output, "citations");
  const citations = Array.isArray(found) ? (found as Citation[]) : [];
  const link = field(output, "link");
  return (
    <>
      <pre className="max-h-48 overflow-auto whitespace-pre-wrap text-xs" data-testid={`output-${node}`}>
        {output != null ? outputText(output) : streamed}
      </pre>
      {citations.length > 0 && (
        <ol className="mt-1 space-y-0.5 text-xs text-slate-600 dark:text-slate-300" data-testid={`citations-${node}`}>
          {citations.map((citation) => (
            <li key={citation.n}>
              [{citation.n}]{" "}
              {t("workflows.run.citation", {
                file: citation.filename,
                page: citation.page,
                position: citation.position,
              })}
            </li>
          ))}
        </ol>
      )}
      {typeof link === "string" && link.startsWith("/") && (
        <Link to={link} className="text-xs text-indigo-600 underline" data-testid={`draft-link-${node}`}>
          {t("workflows.run.open_draft")}
        </Link>
      )}
    </>
  );
}
