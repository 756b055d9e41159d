// Fails when the JavaScript the first page loads outgrows its budget. The first page loads
// dist/index.html's entry script and every chunk it preloads; lazy routes load the rest later.
// Sizes are gzip-compressed bytes, as the browser downloads them.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

// 150 since five features added their French and English messages (39 KiB of the first page are the
// two catalogues: loading only the reader's language would take about half of that back).
export const BUDGET_KIB = 150;

const dist = path.join(path.dirname(path.dirname(fileURLToPath(import.meta.url))), "dist");
const html = await readFile(path.join(dist, "index.html"), "utf8");
const scripts = [...html.matchAll(/<(?:script|link)\b[^>]*(?:src|href)="\/?([^"]+\.js)"/g)].map((match) => match[1]);
if (scripts.length === 0) {
  console.error("dist/index.html loads no script: run `npm run build` first");
  process.exit(1);
}

let total = 0;
for (const script of scripts) {
  const size = gzipSync(await readFile(path.join(dist, script))).length;
  total += size;
  console.log(`${(size / 1024).toFixed(1).padStart(7)} KiB  ${script}`);
}
const verdict = total <= BUDGET_KIB * 1024 ? "within" : "OVER";
console.log(`${(total / 1024).toFixed(1).padStart(7)} KiB  first page's JavaScript (gzip), ${verdict} the ${BUDGET_KIB} KiB budget`);
process.exit(total <= BUDGET_KIB * 1024 ? 0 : 1);
