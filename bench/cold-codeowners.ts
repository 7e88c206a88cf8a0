/**
 * Run by bench/hostile.ts in a fresh process: one parse + index of the
 * benchmark's 5,000-line CODEOWNERS before anything has been compiled or
 * warmed (issue #10 item 7). Prints milliseconds.
 */
import { performance } from "node:perf_hooks";
import { OwnersMatcher } from "../src/codeowners/matcher.js";
import { parseCodeowners } from "../src/codeowners/parse.js";
import { buildCodeowners } from "./codeowners.js";

const text = buildCodeowners();
const t0 = performance.now();
new OwnersMatcher(parseCodeowners(text));
process.stdout.write(`${performance.now() - t0}\n`);
