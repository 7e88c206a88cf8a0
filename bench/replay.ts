/**
 * Issue #10's measured problems, replayed against the server process as
 * `npm start` runs it (Probot's throttle on, SPEC §9's 1 s window) and the
 * GitHub double: a PR body of `## Design doc` + 65,000 `[`, a
 * `Co-authored-by:` of 100,000 spaces, a PR's own policy file of 32,000
 * unknown keys, an unsigned 512 MB streamed POST, and a push, a label and a
 * review 150 ms apart. Prints each verdict and how long it took, and the
 * slowest `/healthz` answer throughout, probed from a process of its own.
 * Run after `npm run build`: `npx tsx bench/replay.ts`.
 */

import { spawn } from "node:child_process";
import { payloadFor } from "../test/support/webhooks.js";
import { postWebhook, startRealServer } from "./real-server.js";
import { CONFIG } from "./scenarios.js";

const real = await startRealServer({ LOG_LEVEL: "warn", COUNTERSIGN_COALESCE_MS: "1000" });
const { gh, server } = real;
// /healthz probed from a process of its own: this one builds hostile PRs in the double.
const prober = spawn(
  process.execPath,
  [
    "-e",
    `
let slowest = 0;
process.on("SIGTERM", () => { console.log(Math.round(slowest)); process.exit(0); });
(async () => { for (;;) { const t = performance.now(); await (await fetch("${server.url}/healthz")).text(); slowest = Math.max(slowest, performance.now() - t); await new Promise((r) => setTimeout(r, 20)); } })();
`,
  ],
  { stdio: ["ignore", "pipe", "inherit"] },
);
let probeOut = "";
prober.stdout!.on("data", (d) => (probeOut += d));
const repo = gh.addRepo({
  owner: "try",
  name: "api",
  branches: { main: { ".github/countersign.yml": CONFIG, "a.txt": "a\n" } },
});
async function judge(name: string, spec: Parameters<typeof gh.addPullRequest>[1]) {
  const pr = gh.addPullRequest(repo, spec);
  const t = performance.now();
  const status = await postWebhook(
    server,
    "pull_request",
    payloadFor(gh, "pull_request", "opened", repo.fullName, pr.number),
  );
  const run = await gh.waitFor(
    () => gh.appCheckRuns(repo, pr.headOid, "countersign").find((r) => r.status === "completed"),
    { timeoutMs: 30_000 },
  );
  console.log(
    `${name}: answered ${status} in ${Math.round(performance.now() - t)} ms → ${run.conclusion} | ${run.output.title}`,
  );
  return pr;
}
await judge("PR body '## Design doc' + 65,000 '['", {
  author: "dave",
  body: `## Design doc\n${"[".repeat(65_000)}`,
  commits: [{ message: "A", files: { "a.txt": "b\n" } }],
});
await judge("Co-authored-by: 100,000 spaces", {
  author: "dave",
  commits: [{ message: `A\n\nCo-authored-by:${" ".repeat(100_000)}x`, files: { "a.txt": "c\n" } }],
});
const keys = Array.from({ length: 32_000 }, (_, i) => `k${i}: 1`).join("\n");
await judge("PR's own config, 32,000 unknown keys", {
  author: "dave",
  commits: [{ message: "A", files: { ".github/countersign.yml": `${keys}\n` } }],
});
// Unsigned 512 MB POST, streamed.
{
  const t = performance.now();
  const chunk = Buffer.alloc(1024 * 1024, 97);
  let sent = 0;
  const stream = new ReadableStream({
    pull(c) {
      if (sent++ < 512) c.enqueue(chunk);
      else c.close();
    },
  });
  const res = await fetch(server.webhookUrl, {
    method: "POST",
    body: stream,
    duplex: "half",
    headers: { "x-github-event": "pull_request", "content-type": "application/json" },
  } as RequestInit).catch((e) => ({ status: `closed (${e.cause?.code ?? e.message})` }));
  console.log(
    `unsigned 512 MB streamed POST: ${"status" in res ? res.status : ""} after ${Math.round(performance.now() - t)} ms, ${sent} MB offered`,
  );
}
// A burst: push, label, review 150 ms apart.
{
  const pr = await judge("burst PR first judgement", {
    author: "dave",
    commits: [{ message: "A", files: { "a.txt": "d\n" } }],
  });
  gh.clearRequests();
  gh.pushCommit(pr, { message: "B", files: { "a.txt": "e\n" } });
  gh.addLabel(pr, "docs", "dave");
  gh.addReview(pr, { author: "erin", state: "APPROVED" });
  const sends = [];
  for (const [event, action] of [
    ["pull_request", "synchronize"],
    ["pull_request", "labeled"],
    ["pull_request_review", "submitted"],
  ] as const) {
    sends.push(postWebhook(server, event, payloadFor(gh, event, action, repo.fullName, pr.number)));
    await new Promise((r) => setTimeout(r, 150));
  }
  await Promise.all(sends);
  console.log(
    `burst of 3 events 150 ms apart: ${gh.graphqlCalls("CountersignSnapshot").length} snapshot read(s), writes: ${gh
      .writes()
      .map((w) => `${w.method} ${w.path.replace(/.*\/api\/v3\/repos\/try\/api\//, "")}`)
      .join(", ")}`,
  );
}
prober.kill("SIGTERM");
await new Promise((r) => prober.on("exit", r));
console.log(
  `/healthz slowest answer throughout (probed from another process): ${probeOut.trim()} ms`,
);
await real.close();
