// Renders a model's answer. Model output is untrusted: raw HTML shows as text (no rehype-raw),
// links open only for http(s) and mailto, and external images are not fetched until the user asks,
// so a prompt injection cannot leak the conversation through an image URL.
import { ImageIcon } from "lucide-react";
import { memo, useState, type JSX } from "react";
import ReactMarkdown, { type Components, type ExtraProps } from "react-markdown";
import remarkGfm from "remark-gfm";
import { CopyButton } from "../CopyButton";
import { useI18n } from "../../i18n";
import { languageOf, rehypeHighlightCode, textOf } from "./highlight";
import "./markdown.css";

const LINK_PROTOCOLS = ["http:", "https:", "mailto:"];
const IMAGE_PROTOCOLS = ["http:", "https:"];

/** The URL when it is absolute and uses one of `protocols`, else null. */
function safeUrl(value: string | undefined, protocols: readonly string[]): URL | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return protocols.includes(url.protocol) ? url : null;
  } catch {
    return null;
  }
}

function SafeLink({ href, title, children }: JSX.IntrinsicElements["a"] & ExtraProps) {
  // Footnote references and back-references stay within the answer.
  if (href?.startsWith("#")) return <a href={href}>{children}</a>;
  const url = safeUrl(href, LINK_PROTOCOLS);
  if (!url) return <span data-testid="unsafe-link">{children}</span>;
  return (
    <a href={url.href} title={title} target="_blank" rel="noopener noreferrer nofollow">
      {children}
    </a>
  );
}

function ExternalImage({ src, alt, title }: JSX.IntrinsicElements["img"] & ExtraProps) {
  const { t } = useI18n();
  const [shown, setShown] = useState(false);
  const url = safeUrl(typeof src === "string" ? src : undefined, IMAGE_PROTOCOLS);
  if (!url) {
    return (
      <span className="md-image-blocked" data-testid="blocked-image">
        [{alt?.trim() ? alt : t("chat.markdown.image")}]
      </span>
    );
  }
  if (!shown) {
    return (
      <span className="md-image-placeholder" data-testid="external-image-placeholder" data-host={url.host}>
        <ImageIcon className="size-4 shrink-0" aria-hidden="true" />
        <span>
          {t("chat.markdown.external_image", { host: url.host })}
          {alt ? <span className="md-image-alt"> {t("chat.markdown.image_alt", { alt })}</span> : null}
        </span>
        <button
          type="button"
          data-testid="external-image-show"
          onClick={(event) => {
            // The placeholder may sit inside a link: showing the image must not follow it.
            event.preventDefault();
            event.stopPropagation();
            setShown(true);
          }}
        >
          {t("chat.markdown.show_image")}
        </button>
      </span>
    );
  }
  return (
    <img
      src={url.href}
      alt={alt ?? ""}
      title={title}
      referrerPolicy="no-referrer"
      loading="lazy"
      decoding="async"
      data-testid="external-image"
    />
  );
}

function CodeBlock({ node, children }: JSX.IntrinsicElements["pre"] & ExtraProps) {
  const { t } = useI18n();
  const code = node?.children.find((child) => child.type === "element" && child.tagName === "code");
  const language = code?.type === "element" ? languageOf(code) : null;
  return (
    <div className="md-code" data-testid="code-block">
      <div className="md-code-bar">
        <span>{language ?? t("chat.markdown.code")}</span>
        <CopyButton
          text={textOf(code).replace(/\n$/, "")}
          label={t("chat.markdown.copy_code")}
          variant="ghost"
          data-testid="code-copy"
        />
      </div>
      <pre>{children}</pre>
    </div>
  );
}

function Table({ children }: JSX.IntrinsicElements["table"] & ExtraProps) {
  return (
    <div className="md-table">
      <table>{children}</table>
    </div>
  );
}

const COMPONENTS: Components = { a: SafeLink, img: ExternalImage, pre: CodeBlock, table: Table };
const REMARK_PLUGINS = [remarkGfm];
const REHYPE_PLUGINS = [rehypeHighlightCode];

function Markdown({ text, "data-testid": testId }: { text: string; "data-testid"?: string }) {
  return (
    <div className="md" data-testid={testId}>
      <ReactMarkdown remarkPlugins={REMARK_PLUGINS} rehypePlugins={REHYPE_PLUGINS} components={COMPONENTS}>
        {text}
      </ReactMarkdown>
    </div>
  );
}

export default memo(Markdown);
