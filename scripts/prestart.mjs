// `npm start` runs compiled JS (Node 20 cannot run TypeScript). `npm ci`
// builds lib/ (the `prepare` script), so start compiles only when lib/ is
// missing or older than a source file; the production image has no src/
// and starts `node lib/start.js` directly.
import { execSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const ENTRY = "lib/start.js";

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const t = entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs;
    if (t > newest) newest = t;
  }
  return newest;
}

const stale =
  !existsSync(ENTRY) || (existsSync("src") && newestMtime("src") > statSync(ENTRY).mtimeMs);
if (stale) execSync("npm run build", { stdio: "inherit" });
