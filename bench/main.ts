/**
 * `npm run bench`: every benchmark, printed as tables. Numbers, never
 * pass/fail — except "hostile input", whose every row has a bound (SPEC §10).
 */
import { benchAi } from "./ai.js";
import { benchApp } from "./app.js";
import { benchCodeowners } from "./codeowners.js";
import { benchConfig } from "./config.js";
import { benchEvaluate } from "./evaluate.js";
import { benchHostile } from "./hostile.js";
import { printTable } from "./table.js";
import { benchThrottled } from "./throttled.js";

process.stdout.write(
  `Countersign benchmarks — node ${process.version}, ${new Date().toISOString()}\n` +
    "Machines here are shared: compare runs on one machine, not across machines.\n\n",
);
printTable("AI detection (pure)", benchAi());
printTable("CODEOWNERS (pure)", benchCodeowners());
printTable("Configuration: a PR's own file with 32,000 unknown keys (pure)", benchConfig());
printTable("Hostile input: each parser of user text (pure)", benchHostile());
printTable("evaluate(snapshot, config) (pure)", benchEvaluate());
printTable("The app against the GitHub double on loopback (throttle off)", await benchApp());
printTable(
  "The server process (`node lib/start.js`) against the double: Probot's production throttle ON",
  await benchThrottled(),
);
