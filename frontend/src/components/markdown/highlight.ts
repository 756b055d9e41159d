// Syntax highlighting of fenced code blocks, as hast (never as an HTML string), for a few common
// languages only: the whole highlight.js would weigh ten times more.
import bash from "highlight.js/lib/languages/bash";
import c from "highlight.js/lib/languages/c";
import cpp from "highlight.js/lib/languages/cpp";
import csharp from "highlight.js/lib/languages/csharp";
import css from "highlight.js/lib/languages/css";
import diff from "highlight.js/lib/languages/diff";
import go from "highlight.js/lib/languages/go";
import java from "highlight.js/lib/languages/java";
import javascript from "highlight.js/lib/languages/javascript";
import json from "highlight.js/lib/languages/json";
import markdown from "highlight.js/lib/languages/markdown";
import php from "highlight.js/lib/languages/php";
import python from "highlight.js/lib/languages/python";
import ruby from "highlight.js/lib/languages/ruby";
import rust from "highlight.js/lib/languages/rust";
import sql from "highlight.js/lib/languages/sql";
import typescript from "highlight.js/lib/languages/typescript";
import xml from "highlight.js/lib/languages/xml";
import yaml from "highlight.js/lib/languages/yaml";
import type { Element, ElementContent, Nodes, Root } from "hast";
import { createLowlight } from "lowlight";

const lowlight = createLowlight({
  bash,
  c,
  cpp,
  csharp,
  css,
  diff,
  go,
  java,
  javascript,
  json,
  markdown,
  php,
  python,
  ruby,
  rust,
  sql,
  typescript,
  xml,
  yaml,
});
lowlight.registerAlias({ bash: ["sh", "shell", "zsh", "console"], xml: ["html", "svg", "vue"] });

/** All the text under a hast node. */
export function textOf(node: Nodes | undefined): string {
  if (!node) return "";
  if (node.type === "text") return node.value;
  if ("children" in node) return node.children.map((child) => textOf(child)).join("");
  return "";
}

/** The language a `code` element declares with a `language-xxx` class, if any. */
export function languageOf(code: Element | undefined): string | null {
  const classes = code?.properties.className;
  if (!Array.isArray(classes)) return null;
  for (const name of classes) {
    if (typeof name === "string" && name.startsWith("language-")) return name.slice("language-".length);
  }
  return null;
}

function highlightCode(code: Element): void {
  const language = languageOf(code);
  if (!language || !lowlight.registered(language)) return;
  try {
    const tree = lowlight.highlight(language, textOf(code), { prefix: "hljs-" });
    code.children = tree.children as ElementContent[];
    const classes = Array.isArray(code.properties.className) ? code.properties.className : [];
    code.properties.className = [...classes, "hljs"];
  } catch {
    // An unexpected grammar failure leaves the code plain.
  }
}

function walk(node: Root | Element): void {
  for (const child of node.children) {
    if (child.type !== "element") continue;
    if (child.tagName === "pre") {
      const code = child.children.find((item): item is Element => item.type === "element" && item.tagName === "code");
      if (code) highlightCode(code);
    } else {
      walk(child);
    }
  }
}

/** Rehype plugin: highlights `pre > code.language-xxx` blocks in place. */
export function rehypeHighlightCode() {
  return (tree: Root) => {
    walk(tree);
  };
}
