// `npm start` compiles first (Node 20 cannot run TypeScript). The production
// image ships compiled JS without the compiler, so there it only checks.
import { execSync } from "node:child_process";
import { existsSync } from "node:fs";

if (process.env.NODE_ENV === "production" && existsSync("lib/index.js")) process.exit(0);
execSync("npm run build", { stdio: "inherit" });
