// The SPA's layers, checked on every relative import (static, dynamic and re-exports):
//   src/features/<name>/  imports only its own folder, components/, lib/, i18n/ and generated/;
//   components/, lib/, i18n/, generated/  import no feature and not the app;
//   src/test/ (test setup and fixtures) serves every test and imports what they need;
//   files at src/ itself (navigation.ts: the feature list) are shared declarations;
//   src/app/ and main.tsx compose features (routes, shell, slots) and may import anything.
// What two features share moves to components/ or lib/; a page shows another feature's piece
// through a prop or slot filled at the app level (see src/app/routes/).
import path from "node:path";

const SHARED = new Set(["components", "lib", "i18n", "generated"]);

/** "features/chat", "components", "app", … for a file under src/, or null outside it. */
function areaOf(file, src) {
  const relative = path.relative(src, file);
  if (relative.startsWith("..") || path.isAbsolute(relative)) return null;
  const parts = relative.split(path.sep);
  if (parts.length === 1) return "root";
  return parts[0] === "features" ? `features/${parts[1]}` : parts[0];
}

function allowed(from, to) {
  if (from === to || to === "root" || to === "test" || SHARED.has(to)) return true;
  if (from.startsWith("features/")) return false;
  if (SHARED.has(from)) return !to.startsWith("features/") && to !== "app";
  return true;
}

const featureBoundaries = {
  meta: {
    type: "problem",
    docs: { description: "A feature imports only components/, lib/, generated types and its own folder." },
    schema: [],
    messages: {
      crossing: "{{from}} may not import {{to}}: move what they share to components/ or lib/, or compose them in src/app/.",
    },
  },
  create(context) {
    const file = context.filename;
    const src = path.join(context.cwd, "src");
    const from = areaOf(file, src);
    if (from === null) return {};
    function check(node) {
      const source = node.source;
      if (!source || source.type !== "Literal" || typeof source.value !== "string" || !source.value.startsWith(".")) return;
      const to = areaOf(path.resolve(path.dirname(file), source.value), src);
      if (to !== null && !allowed(from, to)) context.report({ node: source, messageId: "crossing", data: { from, to } });
    }
    return {
      ImportDeclaration: check,
      ImportExpression: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
    };
  },
};

export default { rules: { "feature-boundaries": featureBoundaries } };
