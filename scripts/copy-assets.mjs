// tsc copies no .graphql or data files: put them next to the compiled JS.
import { cpSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const ASSETS = /\.(graphql|json)$/;
function copy(dir) {
  for (const name of readdirSync(dir)) {
    const from = join(dir, name);
    if (statSync(from).isDirectory()) copy(from);
    else if (ASSETS.test(name)) cpSync(from, from.replace(/^src/, "lib"));
  }
}
copy("src");
