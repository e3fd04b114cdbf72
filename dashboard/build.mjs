// Builds the dashboard into dist/: the plain ES modules from src/ plus cytoscape's ES module build
// copied from node_modules into dist/vendor/. No bundler, no network: `npm ci && npm run build`.
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(fileURLToPath(import.meta.url));
const src = join(root, "src");
const dist = join(root, "dist");
const cytoscape = join(root, "node_modules", "cytoscape");
const vendored = [
  [join(cytoscape, "dist", "cytoscape.esm.min.mjs"), join(dist, "vendor", "cytoscape.esm.min.mjs")],
  [join(cytoscape, "LICENSE"), join(dist, "vendor", "cytoscape.LICENSE.txt")],
];

for (const [from] of vendored) {
  if (!existsSync(from)) {
    console.error(`error: ${relative(root, from)} is missing; run \`npm ci\` in dashboard/ first`);
    process.exit(1);
  }
}

rmSync(dist, { recursive: true, force: true });
mkdirSync(join(dist, "vendor"), { recursive: true });
cpSync(src, dist, { recursive: true });
for (const [from, to] of vendored) cpSync(from, to);

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

const hash = createHash("sha256");
const listing = files(dist)
  .sort()
  .map((path) => {
    const bytes = readFileSync(path);
    hash.update(relative(dist, path)).update(bytes);
    return { path: relative(dist, path), bytes: bytes.length };
  });
const version = JSON.parse(readFileSync(join(cytoscape, "package.json"), "utf8")).version;
const manifest = { digest: hash.digest("hex").slice(0, 16), cytoscape: version, files: listing };
writeFileSync(join(dist, "build.json"), JSON.stringify(manifest, null, 2) + "\n");

const total = listing.reduce((sum, f) => sum + f.bytes, 0);
console.log(`dashboard built: ${listing.length} files, ${(total / 1024).toFixed(0)} KiB in ${relative(process.cwd(), dist) || "."} (${manifest.digest})`);
